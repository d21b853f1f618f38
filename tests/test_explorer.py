"""The explorer's pages in-process, and the pyvis neighbourhood views on the real graph."""

from __future__ import annotations

import json
import re

import pytest
from conftest import M127_MINISTRIES

from kodoku_graph.viz.graph import load_graph
from kodoku_graph.viz.neighbourhood import COLORS, ministry_network, neighbourhood, node_view


@pytest.fixture(scope="module")
def graph(built, settings):
    return load_graph(settings)


def network_of(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', html, re.S)
    assert m, "page has no network data"
    return json.loads(m.group(1))


def html(client, url: str, status: int = 200) -> str:
    resp = client.get(url)
    assert resp.status_code == status, resp.text[:500]
    assert resp.headers["content-type"] == "text/html; charset=utf-8"
    return resp.text


def local_assets(page: str) -> list[str]:
    """Every src/href of scripts, styles and links; none may leave the server."""
    return re.findall(r'(?:src|href)="([^"]+)"', page)


# --- views -------------------------------------------------------------------------------


def around(store, no: int) -> set[str]:
    """The measure and its direct neighbours, as the store has them."""
    rows = store.run("MATCH (m:Measure {no: $no})--(x) RETURN DISTINCT x.id AS id", {"no": no}).rows
    return {f"M{no:03d}", *(r[0] for r in rows)}


def test_measure_neighbourhood_depth_1(graph, store):
    sub = neighbourhood(graph, "M127", 1)
    assert set(sub) == around(store, 127) and {"P3-4"} | set(M127_MINISTRIES) <= set(sub)
    types = {d["type"] for _, _, d in sub.edges(data=True)}
    assert {"RESPONSIBLE_FOR", "LISTED_IN"} <= types
    assert "CO_RESPONSIBLE" not in types  # derived ministry-ministry edges left out


def test_depth_2_reaches_the_pillar_and_other_measures(graph):
    sub = neighbourhood(graph, "M127", 2)
    assert "P3" in sub and "M143" in sub and len(sub) > 50


def test_ministry_neighbourhood_keeps_co_responsibility(graph):
    sub = neighbourhood(graph, "内閣府", 1)
    partners = {
        t if s == "内閣府" else s
        for s, t, d in sub.edges(data=True)
        if d["type"] == "CO_RESPONSIBLE" and "内閣府" in (s, t)
    }
    assert len(partners) == 11


def test_view_nodes_have_colour_title_provenance_and_url(graph, settings):
    view = node_view(graph, "M127", 1, physics_max_nodes=settings.viz_physics_max_nodes)
    by_id = {n["id"]: n for n in view.nodes}
    center = by_id["M127"]
    assert center["color"] == COLORS["Measure"] and center["url"] == "/explore/measures/127"
    assert "高齢者等終身サポート事業者" in center["label"]
    assert "src: 000_ca8d1dac931cfc32.txt:229" in center["title"]
    assert by_id["法務省"]["color"] == COLORS["Ministry"]
    assert {item["label"] for item in view.legend} == {by_id[n]["kind"] for n in by_id}
    assert {"Measure", "Ministry", "PolicyArea"} <= {item["label"] for item in view.legend}
    assert view.physics is (len(view.nodes) <= settings.viz_physics_max_nodes)


def test_big_views_use_a_fixed_layout(graph, settings):
    view = node_view(graph, "厚生労働省", 2, physics_max_nodes=settings.viz_physics_max_nodes)
    assert len(view.nodes) > settings.viz_physics_max_nodes
    assert view.physics is False and view.options["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in view.nodes)
    assert len({(round(n["x"]), round(n["y"])) for n in view.nodes}) == len(view.nodes)


def test_ministry_network(graph):
    view = ministry_network(graph)
    # MINISTRY_LINK edges (measures + councils + recommendations), width and hover by weight
    # (too many for labels): 内閣官房–内閣府 = 1/8 + 1/9 + 1/16 + 1/18 + 1/8 (test_network.py)
    assert len(view.nodes) == 21 and len(view.edges) == 171
    edge = next(e for e in view.edges if {e["from"], e["to"]} == {"内閣官房", "内閣府"})
    assert "weight: 0.4792" in edge["title"] and "label" not in edge
    assert [item["label"] for item in view.legend] == [f"community {c}" for c in range(1, 5)]


def test_depth_outside_1_2_and_unknown_node(graph):
    from kodoku_graph.errors import NotFoundError, ParameterError

    with pytest.raises(ParameterError):
        neighbourhood(graph, "M127", 3)
    with pytest.raises(NotFoundError):
        neighbourhood(graph, "M999", 1)


# --- pages -------------------------------------------------------------------------------


def test_home(client):
    page = html(client, "/")
    assert "孤独・孤立対策" in page
    assert re.search(r'<span class="value">143</span><span class="label">施策 measures', page)
    assert re.search(r'<span class="value">54</span><span class="label">再掲', page)
    assert 'id="unaddressed' in page  # the table, or its empty note until recommendations land
    assert "/queries/unaddressed-recommendations?format=csv" in page
    # each gap row shows its status, best candidate, confidence and why (R4-T15-1: the
    # survey No. 1 below the threshold)
    row = re.search(r'<tr><td><a href="/explore/recommendations/R4-T15-1">.*?</tr>', page).group(0)
    assert "open" in row and ">M001</a>" in row and "below threshold" in row
    assert re.search(r"<td>0\.\d\d</td>", row)
    assert page.count('href="/explore/nodes/P') == 20  # 4 pillars + 16 areas
    assert 'action="/explore/measures"' in page


def test_measure_page(client, store):
    page = html(client, "/explore/measures/127")
    net = network_of(page)
    assert {n["id"] for n in net["nodes"]} == around(store, 127)
    for name in set(M127_MINISTRIES):
        assert f'href="/explore/ministries/{name}"' in page or "/explore/ministries/%" in page
    assert "/explore/nodes/M127/neighbours.csv" in page
    assert "src: 000_ca8d1dac931cfc32.txt:229" in json.dumps(net, ensure_ascii=False)
    assert "/static/vendor/vis-network-9.1.2/vis-network.min.js" in page


def test_measure_page_depth_2(client):
    net = network_of(html(client, "/explore/measures/127?depth=2"))
    assert "P3" in {n["id"] for n in net["nodes"]}


def test_no_page_loads_anything_from_another_host(client):
    for url in ("/", "/explore/measures/127", "/explore/ministries", "/explore/ministries/内閣府",
                "/explore/nodes/P3-4", "/explore/measures?q=ＤＶ", "/explore/recommendations"):  # fmt: skip
        for ref in local_assets(html(client, url)):
            assert ref.startswith(("/", "?", "#", "data:")), (url, ref)


def test_static_assets_are_served(client):
    for path in ("/static/vendor/vis-network-9.1.2/vis-network.min.js",
                 "/static/vendor/vis-network-9.1.2/vis-network.css", "/static/explorer.js", "/static/style.css"):  # fmt: skip
        assert client.get(path).status_code == 200


def test_search_page(client):
    page = html(client, "/explore/measures?q=ＤＶ")
    assert re.search(r'<span id="result-count">(\d+)</span>', page).group(1) == "2"
    assert "DV被害者等支援" in page
    assert "/measures?q=%EF%BC%A4%EF%BC%B6&amp;limit=500&amp;format=csv" in page


def test_ministry_pages(client):
    page = html(client, "/explore/ministries")
    net = network_of(page)
    assert len(net["nodes"]) == 21 and "/ministries?format=csv" in page
    # the cross-ministry network of graph/network.py: 171 links, the bridges drawn largest,
    # one colour per community (内閣府, こども家庭庁, 厚労省 share one; 消費者庁 another)
    assert len(net["edges"]) == 171
    nodes = {n["id"]: n for n in net["nodes"]}
    biggest = sorted(nodes, key=lambda n: -nodes[n]["size"])[:3]
    assert biggest == ["厚生労働省", "こども家庭庁", "消費者庁"]
    assert (
        nodes["内閣府"]["color"] == nodes["こども家庭庁"]["color"] == nodes["厚生労働省"]["color"]
    )
    assert nodes["消費者庁"]["color"] != nodes["内閣府"]["color"]
    assert nodes["人事院"]["size"] == 12  # isolated: betweenness 0
    assert "/queries/ministry-network?format=csv" in page
    page = html(client, "/explore/ministries/内閣府")
    assert (
        "co-responsible" in page.lower()
        and page.count('<tr><td><a href="/explore/ministries/') == 11
    )
    assert (
        "/queries/measures-by-ministry?ministry=%E5%86%85%E9%96%A3%E5%BA%9C&amp;format=csv" in page
    )


def test_generic_node_page_and_neighbours_csv(client):
    page = html(client, "/explore/nodes/P3-4")
    assert "施策分野 P3-4" in page
    resp = client.get("/explore/nodes/P3-4/neighbours.csv")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    lines = resp.text.strip().splitlines()
    assert lines[0] == "edge,direction,id,label,name,url,edge_src"
    assert sum(1 for line in lines if line.startswith("IN_PILLAR,out,P3,")) == 1


def test_recommendations_page_renders_without_recommendations(client, store):
    n = store.run("MATCH (r:Recommendation) RETURN count(r) AS n").rows[0][0]
    page = html(client, "/explore/recommendations")
    assert f"<p>{n} recommendations" in page


def test_page_errors_are_html(client):
    page = html(client, "/explore/measures/999", 404)
    assert 'data-code="not_found"' in page
    page = html(client, "/explore/measures/127?depth=3", 422)
    assert 'data-code="bad_parameter"' in page
    html(client, "/explore/recommendations/R9-X", 404)
    html(client, "/explore/nodes/nothing", 404)
