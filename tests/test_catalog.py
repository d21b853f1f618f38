"""The query catalog: every query is documented, runs on the real embedded store, and the
foundation queries return the facts of the lineup."""

from __future__ import annotations

import pytest

from kodoku_graph.errors import ParameterError, QueryNotFoundError
from kodoku_graph.graph.stores.embedded import EmbeddedStore
from kodoku_graph.queries import Catalog


def test_every_query_is_documented(catalog: Catalog) -> None:
    assert len(catalog.names()) >= 5
    for q in catalog.queries.values():
        assert q.description and len(q.description) > 20, q.name
        assert q.columns, q.name
        for p in q.params:
            assert p.doc, f"{q.name}: parameter {p.name} has no description"
            assert f"${p.name}" in q.text, f"{q.name}: parameter {p.name} unused"
        assert "ORDER BY" in q.text or q.unordered or q.name == "measure", f"{q.name}: not ordered"


def test_internal_queries_are_marked_and_left_out_of_the_listing(catalog: Catalog) -> None:
    internal = {q.name for q in catalog.queries.values() if q.internal}
    assert {"node", "neighbourhood", "node-counts", "edge-counts", "measure-list"} <= internal
    assert "ministry-network" not in internal and "measure" not in internal
    assert internal.isdisjoint(q.name for q in catalog.public())
    assert len(catalog.public()) + len(internal) == len(catalog.queries)


@pytest.mark.parametrize("name", Catalog.load().names())
def test_every_query_runs_with_its_examples(
    catalog: Catalog, store: EmbeddedStore, name: str
) -> None:
    q = catalog.get(name)
    for example in q.examples:
        result = catalog.run(store, name, example)
        assert result.columns == q.columns
        assert result.rows or q.empty, f"{name} {example}: no rows"


def test_measure_127(catalog: Catalog, store: EmbeddedStore) -> None:
    [row] = catalog.run(store, "measure", {"no": "127"}).records()
    assert row["name"] == "高齢者等終身サポート事業者ガイドラインについて"
    assert len(row["ministries"]) == 9
    assert row["defined_in"] == "P3-4" and row["relisted_in"] == []


def test_measure_142_relisted(catalog: Catalog, store: EmbeddedStore) -> None:
    [row] = catalog.run(store, "measure", {"no": 142}).records()
    assert (row["defined_in"], row["relisted_in"], row["page"]) == ("P4-3", ["P4-4"], 197)


def test_measures_by_ministry(catalog: Catalog, store: EmbeddedStore) -> None:
    rows = catalog.run(store, "measures-by-ministry", {"ministry": "法務省"}).records()
    assert [r["no"] for r in rows] == [
        3,
        4,
        9,
        10,
        15,
        16,
        18,
        19,
        27,
        43,
        44,
        91,
        92,
        121,
        122,
        127,
        135,
    ]
    assert {r["ministry"] for r in rows} == {"法務省"}
    assert next(r for r in rows if r["no"] == 127)["position"] == 6
    everyone = catalog.run(store, "measures-by-ministry", {}).rows
    assert len(everyone) == 166  # one row per RESPONSIBLE_FOR edge


def test_co_responsibility(catalog: Catalog, store: EmbeddedStore) -> None:
    rows = catalog.run(store, "ministry-co-responsibility", {}).records()
    assert len(rows) == 63
    top = rows[0]
    assert top["shared"] == 2
    pair = next(
        r for r in rows if {r["ministry_a"], r["ministry_b"]} == {"文部科学省", "こども家庭庁"}
    )
    assert pair["measures"] == [24, 25]
    mof = [r for r in rows if "財務省" in (r["ministry_a"], r["ministry_b"])]
    assert len(mof) == 9 and all(r["measures"] == [143] for r in mof)


def test_relisted_measures(catalog: Catalog, store: EmbeddedStore) -> None:
    rows = catalog.run(store, "relisted-measures", {}).records()
    assert sum(r["areas"] - 1 for r in rows) == 54
    m84 = next(r for r in rows if r["no"] == 84)
    assert m84["defined_in"] == "P3-1" and m84["relisted_in"] == ["P3-2", "P3-4"]


def test_area_coverage(catalog: Catalog, store: EmbeddedStore) -> None:
    rows = catalog.run(store, "area-coverage", {}).records()
    assert len(rows) == 16
    assert sum(r["listed"] for r in rows) == 143
    assert sum(r["relisted"] for r in rows) == 54
    p42 = next(r for r in rows if r["area_id"] == "P4-2")
    assert (p42["listed"], p42["relisted"], p42["area_title"]) == (0, 0, "NPO等との対話の推進")


def test_unknown_query_and_bad_parameters(catalog: Catalog, store: EmbeddedStore) -> None:
    with pytest.raises(QueryNotFoundError, match="unknown query 'nope'"):
        catalog.run(store, "nope")
    with pytest.raises(ParameterError, match="missing parameter no"):
        catalog.run(store, "measure", {})
    with pytest.raises(ParameterError, match="parameter no must be int, got 'abc'"):
        catalog.run(store, "measure", {"no": "abc"})
    with pytest.raises(ParameterError, match="unknown parameter colour"):
        catalog.run(store, "measure", {"no": "1", "colour": "red"})
