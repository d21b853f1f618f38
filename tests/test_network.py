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
    # 推進会議 (19 attending ministries: 1/18) and six recommendations whose linked measures
    # (issue 12's linker) span ministries among which these two pair (weights 1, 1, 1/2,
    # 1/3, 1/2, 1/3 … summing to 3.5833); こども家庭庁 did not exist in 2021.
    d = h.edges["こども家庭庁", "文部科学省"]
    assert d["measures"] == [24, 25] and d["councils"] == ["CNL-suishin"]
    assert d["recommendations"] == [
        "R4-T48-1", "R4-T49-1", "R5-T34-1", "R6-T42-1", "R6-T45-2", "R7-A1.11",
    ]  # fmt: skip
    assert d["weight"] == pytest.approx(5.638888888888889)
    # 内閣官房–内閣府: No. 127 (9 ministries), No. 143 (10), both councils (17 and 19
    # members) and R7-A3-5.1, linked to No. 127 alone (9 ministries: 1/8)
    d = h.edges["内閣官房", "内閣府"]
    assert d["measures"] == [127, 143] and d["councils"] == ["CNL-renraku", "CNL-suishin"]
    assert d["recommendations"] == ["R7-A3-5.1"]
    assert d["weight"] == pytest.approx(1 / 8 + 1 / 9 + 1 / 16 + 1 / 18 + 1 / 8)
    # the weighted degree counts each shared item once: 財務省 = No. 143 + two councils
    assert h.degree("財務省", weight="weight") == pytest.approx(3)
    # 人事院 (only No. 037, alone) and 出入国在留管理庁 (no measure, no seat) are isolated
    assert h.degree("人事院") == 0 and h.degree("出入国在留管理庁") == 0
    assert h.number_of_nodes() == 21 and h.number_of_edges() == 171


def test_top_betweenness(h) -> None:
    # Computed once with issue 12's links (precision first: fewer recommendation ties than
    # before, so the measures dominate again): 厚労省 bridges most (everyone to 消費者庁 and
    # 農水省 through Nos. 130 and 065), then こども家庭庁 and 消費者庁 — the order of the
    # measures-and-councils-only network.
    m = network.metrics(h)
    top = sorted(((n, v["betweenness"]) for n, v in m.items()), key=lambda x: (-x[1], x[0]))
    assert top[:3] == [
        ("厚生労働省", 0.1737),
        ("こども家庭庁", 0.1),
        ("消費者庁", 0.0526),
    ]


def test_communities(h) -> None:
    c = network.communities(h)
    # with issue 12's links: the 内閣府–こども家庭庁–厚労省 triangle with 法務省 and 文科省,
    # and the rest (国交省, 環境省, 消費者庁, the council-only ministries) together
    assert c["厚生労働省"] == c["こども家庭庁"] == c["内閣府"] == c["法務省"] == c["文部科学省"]
    assert c["国土交通省"] == c["環境省"] == c["消費者庁"] == c["財務省"] != c["厚生労働省"]
    assert c["人事院"] != c["出入国在留管理庁"]  # isolated: a community each
    assert len(set(c.values())) == 4
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
    assert [r["ministry"] for r in rows[:3]] == ["厚生労働省", "こども家庭庁", "消費者庁"]
    assert rows[0]["betweenness"] == 0.1737 and rows[0]["councils"] == 2
    assert len(rows) == 21
    one = catalog.run(store, "ministry-network", {"community": rows[0]["community"]}).records()
    assert {r["ministry"] for r in one} == {
        "内閣府",
        "こども家庭庁",
        "厚生労働省",
        "法務省",
        "文部科学省",
    }


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
    # Nos. 24 and 25, a council seat shared by 19 (1/18) and 6 recommendations
    assert pair["measures"] == [24, 25] and pair["weight"] == round(5.638888888888889, 4)
