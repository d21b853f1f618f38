"""The cross-ministry network: weights, betweenness, communities, and the catalog queries."""

from __future__ import annotations

import pytest

from kodoku_graph.graph import network
from kodoku_graph.graph.build import GraphBuilder
from kodoku_graph.graph.pipeline import BuildResult
from kodoku_graph.graph.stores.embedded import EmbeddedStore
from kodoku_graph.queries import Catalog


@pytest.fixture(scope="module")
def h(built: BuildResult):
    return network.ministry_graph(built.graph)


def test_pair_weights_newman(h) -> None:
    # 文科省 and こども家庭庁 share Nos. 024 and 025 (two ministries each: 1 + 1), the
    # 推進会議 (19 attending ministries: 1/18) and eight recommendations whose linked
    # measures (the curated theme entries) span: only these two (R3-T26-1, R4-T26-2,
    # R4-T26-4, R7-A1.11: 1 each), three ministries (R4-T48-1, R4-T49-1 with 厚労省,
    # R5-T36-1 with 内閣府: 1/2 each) or five (R5-T47-1: 1/4) — 5.75 in all;
    # こども家庭庁 did not exist in 2021.
    d = h.edges["こども家庭庁", "文部科学省"]
    assert d["measures"] == [24, 25] and d["councils"] == ["CNL-suishin"]
    assert d["recommendations"] == [
        "R3-T26-1", "R4-T26-2", "R4-T26-4", "R4-T48-1",
        "R4-T49-1", "R5-T36-1", "R5-T47-1", "R7-A1.11",
    ]  # fmt: skip
    assert d["weight"] == pytest.approx(1 + 1 + 1 / 18 + 4 * 1 + 3 * (1 / 2) + 1 / 4)
    # 内閣官房–内閣府: No. 127 (9 ministries), No. 143 (10), both councils (17 and 19
    # members) and four recommendations: R5-T31-1 and R6-T45-3 (these two alone: 1 each),
    # R4-T45-1 and R5-T45-1 (with こども家庭庁 and 厚労省, four ministries: 1/3 each)
    d = h.edges["内閣官房", "内閣府"]
    assert d["measures"] == [127, 143] and d["councils"] == ["CNL-renraku", "CNL-suishin"]
    assert d["recommendations"] == ["R4-T45-1", "R5-T31-1", "R5-T45-1", "R6-T45-3"]
    assert d["weight"] == pytest.approx(1 / 8 + 1 / 9 + 1 / 16 + 1 / 18 + 1 + 1 + 1 / 3 + 1 / 3)
    # the weighted degree counts each shared item once: 財務省 = No. 143 + two councils
    assert h.degree("財務省", weight="weight") == pytest.approx(3)
    # 人事院 (only No. 037, alone) and 出入国在留管理庁 (no measure, no seat) are isolated
    assert h.degree("人事院") == 0 and h.degree("出入国在留管理庁") == 0
    assert h.number_of_nodes() == 21 and h.number_of_edges() == 171


def test_top_betweenness(h) -> None:
    # With the curated theme links: 厚労省 bridges most (消費者庁, 農水省 and 法務省 to
    # everyone through Nos. 130, 065 and 127: on the shortest route of 33 of the 190 pairs
    # of the other 20 ministries), then 内閣府 (内閣官房 to the rest, こども家庭庁 to the
    # council-only ministries: 19 pairs) and こども家庭庁 (文科省 and 環境省 to the rest:
    # 15 pairs); normalised by 1/190.
    m = network.metrics(h)
    top = sorted(((n, v["betweenness"]) for n, v in m.items()), key=lambda x: (-x[1], x[0]))
    assert top[:3] == [
        ("厚生労働省", round(33 / 190, 4)),
        ("内閣府", round(19 / 190, 4)),
        ("こども家庭庁", round(15 / 190, 4)),
    ]


def test_communities(h) -> None:
    c = network.communities(h)
    # with the curated theme links: the 内閣府–こども家庭庁–厚労省 triangle alone; 文科省,
    # 国交省 and 環境省 (tied by six shared recommendations, R5-T47-1 among them); and the
    # rest (内閣官房, 法務省, 消費者庁, the council-only ministries) together
    assert c["厚生労働省"] == c["こども家庭庁"] == c["内閣府"]
    assert {n for n in c if c[n] == c["厚生労働省"]} == {"厚生労働省", "こども家庭庁", "内閣府"}
    assert {n for n in c if c[n] == c["文部科学省"]} == {"文部科学省", "国土交通省", "環境省"}
    assert c["内閣官房"] == c["法務省"] == c["消費者庁"] == c["財務省"] == c["農林水産省"]
    assert len({c["厚生労働省"], c["文部科学省"], c["消費者庁"]}) == 3
    assert c["人事院"] != c["出入国在留管理庁"]  # isolated: a community each
    assert len(set(c.values())) == 5
    assert network.communities(h) == c  # fixed seed: reproducible


def test_recommendations_counted_when_present(built: BuildResult) -> None:
    g = built.graph.copy()
    b = GraphBuilder()
    b.graph = g
    b.node("R9-T1-1", "Recommendation", "test:1", reiwa=9, year=2027, text="…")
    b.edge("R9-T1-1", "M090", "ADDRESSED_BY", "test:1")  # 警察庁
    b.edge("R9-T1-1", "M066", "ADDRESSED_BY", "test:1")  # 農林水産省
    h2 = network.ministry_graph(g)
    d = h2.edges["警察庁", "農林水産省"]
    assert d["recommendations"] == ["R9-T1-1"] and d["measures"] == []
    assert d["weight"] == pytest.approx(1 + 1 / 16 + 1 / 18)


def test_metrics_stored_on_ministries(built: BuildResult, h) -> None:
    g = built.graph
    m = network.metrics(h)
    for name, values in m.items():
        assert {k: g.nodes[name][k] for k in values} == values
    links = [(s, t, d) for s, t, d in g.edges(data=True) if d["type"] == "MINISTRY_LINK"]
    assert len(links) == 171 and all(s < t and d["src"] for s, t, d in links)


def test_ministry_network_query(store: EmbeddedStore, catalog: Catalog) -> None:
    rows = catalog.run(store, "ministry-network", {}).records()
    assert [r["ministry"] for r in rows[:3]] == ["厚生労働省", "内閣府", "こども家庭庁"]
    assert rows[0]["betweenness"] == 0.1737 and rows[0]["councils"] == 2
    assert len(rows) == 21
    one = catalog.run(store, "ministry-network", {"community": rows[0]["community"]}).records()
    assert {r["ministry"] for r in one} == {"内閣府", "こども家庭庁", "厚生労働省"}


def test_community_bridges_query(store: EmbeddedStore, catalog: Catalog, h) -> None:
    rows = catalog.run(store, "community-bridges", {}).records()
    c = network.communities(h)
    # No. 130 難聴者の聴覚補助機器 (厚労省, 消費者庁) joins their two communities
    key = tuple(sorted((c["厚生労働省"], c["消費者庁"])))
    assert any(r["measure"] == "M130" and (r["community_a"], r["community_b"]) == key for r in rows)
    assert rows == sorted(rows, key=lambda r: (r["community_a"], r["community_b"], r["measure"]))


def test_ministry_links_query(store: EmbeddedStore, catalog: Catalog) -> None:
    rows = catalog.run(store, "ministry-links", {}).records()
    assert len(rows) == 171
    pair = next(
        r for r in rows if (r["ministry_a"], r["ministry_b"]) == ("こども家庭庁", "文部科学省")
    )
    # Nos. 24 and 25, a council seat shared by 19 (1/18) and 8 recommendations (5.75)
    assert pair["measures"] == [24, 25] and pair["weight"] == round(2 + 1 / 18 + 5.75, 4)
