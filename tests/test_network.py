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
    # 推進会議 (19 attending ministries: 1/18) and three recommendations whose measures
    # belong to just these two (1 each); こども家庭庁 did not exist in 2021.
    d = h.edges["こども家庭庁", "文部科学省"]
    assert d["measures"] == [24, 25] and d["councils"] == ["CNL-suishin"]
    assert d["recommendations"] == ["R4-T26-2", "R4-T48-1", "R4-T49-1"]
    assert d["weight"] == pytest.approx(2 + 1 / 18 + 3)
    # 内閣官房–内閣府: No. 127 (9 ministries), No. 143 (10), both councils (17 and 19
    # members) and R6-T45-3, whose linked measures span four ministries (1/3)
    d = h.edges["内閣官房", "内閣府"]
    assert d["measures"] == [127, 143] and d["councils"] == ["CNL-renraku", "CNL-suishin"]
    assert d["recommendations"] == ["R6-T45-3"]
    assert d["weight"] == pytest.approx(1 / 8 + 1 / 9 + 1 / 16 + 1 / 18 + 1 / 3)
    # the weighted degree counts each shared item once: 財務省 = No. 143 + two councils
    assert h.degree("財務省", weight="weight") == pytest.approx(3)
    # 人事院 (only No. 037, alone) and 出入国在留管理庁 (no measure, no seat) are isolated
    assert h.degree("人事院") == 0 and h.degree("出入国在留管理庁") == 0
    assert h.number_of_nodes() == 21 and h.number_of_edges() == 171


def test_top_betweenness(h) -> None:
    # Computed once and reviewed, with the recommendations linked: 内閣府 and
    # こども家庭庁 share 24 recommendations (children's places, NPO support, つながり…) and
    # 厚労省 shares 14 with each of them, so the strongest ties form a triangle 内閣府 –
    # こども家庭庁 – 厚労省 that the other ministries' shortest routes run through (checked by
    # listing the shortest weighted paths): 内閣府 is on 37 of them (e.g. こども家庭庁 to the
    # council-only ministries 外務省, 財務省, 防衛省 …), こども家庭庁 on 35 (e.g. 内閣府/内閣官房
    # to 文科省, 法務省, 国交省), 厚労省 on 26 (everyone to 消費者庁 and 農水省, through Nos.
    # 130 (厚労省–消費者庁) and No. 065 (消費者庁–農水省)). Before the recommendations the order was 厚労省, こども家庭庁,
    # 消費者庁 (measures and councils only).
    m = network.metrics(h)
    top = sorted(((n, v["betweenness"]) for n, v in m.items()), key=lambda x: (-x[1], x[0]))
    assert top[:3] == [
        ("内閣府", 0.1947),
        ("こども家庭庁", 0.1842),
        ("厚生労働省", 0.1368),
    ]


def test_communities(h) -> None:
    c = network.communities(h)
    # with the recommendations: the 内閣府–こども家庭庁–厚労省 triangle with 法務省 (7 and 5
    # shared recommendations), 文科省 with 国交省 and 環境省, and the council-only rest
    assert c["厚生労働省"] == c["こども家庭庁"] == c["内閣府"] == c["法務省"]
    assert c["文部科学省"] == c["国土交通省"] == c["環境省"] != c["厚生労働省"]
    assert c["消費者庁"] == c["農林水産省"] == c["財務省"] != c["厚生労働省"]
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
    assert [r["ministry"] for r in rows[:3]] == ["内閣府", "こども家庭庁", "厚生労働省"]
    assert (
        rows[0]["betweenness"] == 0.1947 and rows[0]["measures"] == 17 and rows[0]["councils"] == 2
    )
    assert len(rows) == 21
    one = catalog.run(store, "ministry-network", {"community": rows[0]["community"]}).records()
    assert {r["ministry"] for r in one} == {"内閣府", "こども家庭庁", "厚生労働省", "法務省"}


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
    # Nos. 24 and 25, a council seat shared by 19 (1/18) and 3 recommendations
    assert pair["measures"] == [24, 25] and pair["weight"] == round(2 + 1 / 18 + 3, 4)
