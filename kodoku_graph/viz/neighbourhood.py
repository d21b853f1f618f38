"""pyvis neighbourhood views: the nodes within 1–2 hops of one node, or the ministry
co-responsibility network, as vis-network data (nodes, edges, options).

pyvis builds the network; the explorer's own template draws it with the vis-network files
vendored under ``api/static`` (pyvis's template would load them and Bootstrap from CDNs).
Nodes are coloured by label, carry Japanese labels, a plain-text hover title with key
properties and ``src``, and the URL of their explorer page. Views larger than
``physics_max_nodes`` get a fixed, pre-computed layout with physics off.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import networkx as nx
from pyvis.network import Network

from kodoku_graph.errors import NotFoundError, ParameterError

#: Colour per label (the legend shows those present in a view).
COLORS: dict[str, str] = {
    "Measure": "#4e79a7",
    "Ministry": "#f28e2b",
    "Pillar": "#e15759",
    "PolicyArea": "#76b7b2",
    "TargetMetric": "#59a14f",
    "StatusRow": "#9c755f",
    "RecommendationTheme": "#edc948",
    "Recommendation": "#b07aa1",
    "Response": "#ff9da7",
    "PolicyEdition": "#d37295",
    "Council": "#8cd17d",
    "Meeting": "#499894",
    "Statement": "#86bcb6",
}
#: Colour of a label the view does not know yet.
OTHER = "#bab0ac"
#: Japanese names of the labels, for the legend.
LABEL_JA: dict[str, str] = {
    "Measure": "施策",
    "Ministry": "府省庁",
    "Pillar": "基本方針",
    "PolicyArea": "施策分野",
    "TargetMetric": "目標指標",
    "StatusRow": "令和6年度状況",
    "RecommendationTheme": "提言テーマ",
    "Recommendation": "提言",
    "Response": "対応状況",
    "PolicyEdition": "基本方針の文言",
    "Council": "会議体",
    "Meeting": "会議",
    "Statement": "発言",
}
#: Properties shown in the hover title, per label.
KEY_PROPS: dict[str, tuple[str, ...]] = {
    "Measure": ("no", "name", "ministries", "page"),
    "Ministry": ("name", "kind", "aliases"),
    "Pillar": ("no", "title"),
    "PolicyArea": ("title",),
    "TargetMetric": ("text", "value", "unit", "deadline_fy"),
    "StatusRow": ("no", "name", "ministries", "plan_change"),
    "RecommendationTheme": ("row", "response"),
    "Recommendation": ("year", "theme", "status", "text"),
    "Response": ("text",),
    "PolicyEdition": ("year", "title"),
    "Council": ("name", "established"),
    "Meeting": ("name", "date", "place"),
    "Statement": ("speaker", "ministry", "text"),
}
FONT = "Noto Sans CJK JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif"
#: Derived edges left out of neighbourhoods unless the centre is one of their ends' labels.
DERIVED = {"CO_RESPONSIBLE": "Ministry", "MINISTRY_LINK": "Ministry"}
#: Views with more edges than this show edge weights in the hover text only (legibility).
MAX_EDGE_LABELS = 80
#: Colours of the ministry network's communities (graph/network.py), by community number.
COMMUNITY_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948"]


def short(text: str, n: int = 18) -> str:
    """``text`` cut to ``n`` characters with an ellipsis.

    >>> short("孤独・孤立の実態把握に関する全国調査", 8)
    '孤独・孤立の実…'
    """
    return text if len(text) <= n else text[: n - 1] + "…"


def node_label(nid: str, d: dict[str, Any]) -> str:
    """The text drawn on a node."""
    label = d.get("label")
    if label == "Measure":
        return f"No.{d['no']:03d}\n{short(d.get('name', ''))}"
    if label == "Ministry":
        return d.get("name", nid)
    if label == "Pillar":
        return f"({d.get('no')}) {short(d.get('title', ''), 14)}"
    if label == "PolicyArea":
        return f"{nid} {short(d.get('title', ''), 12)}"
    if label == "TargetMetric":
        return short(d.get("text", nid), 14)
    if label == "StatusRow" and d.get("no") is not None:
        return f"R6状況 No.{d['no']}"
    return nid


def node_title(nid: str, d: dict[str, Any]) -> str:
    """Plain-text hover title: label, id, key properties, provenance."""
    label = d.get("label", "")
    lines = [f"{LABEL_JA.get(label, label)} ({label}) {nid}"]
    for p in KEY_PROPS.get(label, ()):
        v = d.get(p)
        if v not in (None, "", []):
            lines.append(
                f"{p}: {'、'.join(map(str, v)) if isinstance(v, list) else short(str(v), 80)}"
            )
    lines.append(f"src: {d.get('src', '')}")
    return "\n".join(lines)


def node_url(nid: str, d: dict[str, Any]) -> str:
    """The explorer page of a node."""
    label = d.get("label")
    if label == "Measure":
        return f"/explore/measures/{d['no']}"
    if label == "Ministry":
        return f"/explore/ministries/{quote(nid)}"
    if label == "Recommendation":
        return f"/explore/recommendations/{quote(nid)}"
    return f"/explore/nodes/{quote(nid)}"


@dataclass
class View:
    """A network ready for the template: vis-network nodes, edges and options."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    legend: list[dict[str, str]]
    physics: bool


def neighbourhood(graph: nx.MultiDiGraph, center: str, depth: int = 1) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` hops of ``center`` (edges in either direction).

    Derived CO_RESPONSIBLE edges are followed and drawn only around a Ministry.
    """
    if center not in graph:
        raise NotFoundError(f"no node {center!r}")
    if depth not in (1, 2):
        raise ParameterError(f"depth must be 1 or 2, got {depth}")
    center_label = graph.nodes[center]["label"]
    keep = nx.MultiDiGraph()
    keep.add_nodes_from(graph.nodes(data=True))
    keep.add_edges_from(
        (s, t, k, d)
        for s, t, k, d in graph.edges(keys=True, data=True)
        if DERIVED.get(d["type"], center_label) == center_label
    )
    near = nx.single_source_shortest_path_length(
        keep.to_undirected(as_view=True), center, cutoff=depth
    )
    return keep.subgraph(near).copy()


def layout(sub: nx.MultiDiGraph, center: str | None) -> dict[str, tuple[float, float]]:
    """A deterministic radial layout: the centre in the middle, each hop on a ring, nodes
    grouped by label and placed near the ring-1 node they hang from; without a centre, one
    ring ordered by degree.

    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "c")])
    >>> nx.set_node_attributes(g, "X", "label")
    >>> {k: (round(x), round(y)) for k, (x, y) in layout(g, "a").items()}
    {'a': (0, 0), 'b': (180, 0), 'c': (-180, 0)}
    """
    und = nx.Graph(sub.to_undirected())
    if center is None:
        order = sorted(und, key=lambda n: (-und.degree(n), str(n)))
        return _ring(order, max(220.0, 26.0 * len(order) / math.pi), 0.0)
    dist = nx.single_source_shortest_path_length(und, center)
    by_label = list(COLORS)

    def key(n: str) -> tuple[int, str]:
        lb = sub.nodes[n].get("label", "")
        return (by_label.index(lb) if lb in by_label else len(by_label), str(n))

    ring1 = sorted((n for n, d in dist.items() if d == 1), key=key)
    pos = {center: (0.0, 0.0)}
    r1 = max(180.0, 34.0 * len(ring1) / math.pi)
    pos.update(_ring(ring1, r1, 0.0))
    rank = {n: i for i, n in enumerate(ring1)}
    ring2 = [n for n, d in dist.items() if d == 2]
    parent = {n: min((rank[m] for m in und[n] if m in rank), default=0) for n in ring2}
    ring2.sort(key=lambda n: (parent[n], key(n)))
    pos.update(_ring(ring2, r1 + max(200.0, 26.0 * len(ring2) / math.pi), 0.0))
    return pos


def _ring(nodes: list[str], radius: float, phase: float) -> dict[str, tuple[float, float]]:
    n = max(len(nodes), 1)
    return {
        v: (
            radius * math.cos(phase + 2 * math.pi * i / n),
            radius * math.sin(phase + 2 * math.pi * i / n),
        )
        for i, v in enumerate(nodes)
    }


def to_view(
    sub: nx.MultiDiGraph,
    center: str | None = None,
    *,
    physics_max_nodes: int = 30,
    edge_width: str | None = None,
    node_style: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None,
    legend: list[dict[str, str]] | None = None,
) -> View:
    """Build the pyvis network of ``sub`` and extract its vis-network data.

    ``node_style`` may override a node's ``color``/``size``; ``legend`` replaces the
    per-label legend (for views coloured by something else)."""
    net = Network(height="640px", width="100%", directed=True, cdn_resources="local")
    physics = sub.number_of_nodes() <= physics_max_nodes
    _add_nodes(net, sub, center, node_style)
    _add_edges(net, sub, edge_width)
    net.options = _options(physics)  # not set_options(): it strips every space (font names)
    nodes, edges, _heading, _h, _w, opts = net.get_network_data()
    return View(
        nodes=list(nodes),
        edges=list(edges),
        options=json.loads(opts),
        legend=label_legend(sub) if legend is None else legend,
        physics=physics,
    )


def _add_nodes(
    net: Network,
    sub: nx.MultiDiGraph,
    center: str | None,
    node_style: Callable[[str, dict[str, Any]], dict[str, Any]] | None,
) -> None:
    pos = layout(sub, center)
    for nid, d in sorted(sub.nodes(data=True), key=lambda x: str(x[0])):
        label = d.get("label", "")
        x, y = pos[nid]
        style = {"color": COLORS.get(label, OTHER), "size": 26 if nid == center else 16}
        if node_style is not None:
            style.update(node_style(nid, d))
        net.add_node(
            nid,
            label=node_label(nid, d),
            title=node_title(nid, d),
            shape="dot",
            x=x,
            y=y,
            kind=label,
            url=node_url(nid, d),
            borderWidth=4 if nid == center else 1,
            **style,
        )


def _add_edges(net: Network, sub: nx.MultiDiGraph, edge_width: str | None) -> None:
    """One drawn edge per (source, target, type); hover text with every property."""
    seen: set[tuple[str, str, str]] = set()
    for s, t, d in sorted(sub.edges(data=True), key=lambda e: (e[2]["type"], str(e[0]), str(e[1]))):
        key = (s, t, d["type"])
        if key in seen:
            continue
        seen.add(key)
        props = "".join(
            f"\n{k}: {v}"
            for k, v in d.items()
            if k not in ("type", "src") and v not in (None, "", [])
        )
        title = f"{d['type']}{props}\nsrc: {d.get('src', '')}"
        extra: dict[str, Any] = {}
        if d["type"] in DERIVED:  # one edge per unordered pair: no direction
            extra["arrows"] = {"to": {"enabled": False}}
        if edge_width and d.get(edge_width):
            extra["width"] = 1 + 2 * math.log2(1 + d[edge_width])
            if sub.number_of_edges() <= MAX_EDGE_LABELS:
                extra["label"] = f"{round(d[edge_width], 2):g}"
        net.add_edge(s, t, title=title, color="#9aa5b1", **extra)


def _options(physics: bool) -> dict[str, Any]:
    """vis-network options: physics on small views only, CJK fonts, hover tooltips."""
    return {
        "physics": {
            "enabled": physics,
            "stabilization": {"enabled": True, "iterations": 200, "fit": True},
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140},
        },
        "nodes": {"font": {"face": FONT, "size": 14, "multi": False}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False,
            "font": {"face": FONT, "size": 11, "align": "middle"},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "layout": {"improvedLayout": False},
    }


def label_legend(sub: nx.MultiDiGraph) -> list[dict[str, str]]:
    """The labels present in ``sub``, in :data:`COLORS` order, with Japanese names."""
    order = list(COLORS)
    present = sorted(
        {d.get("label", "") for _, d in sub.nodes(data=True)},
        key=lambda lb: (order.index(lb) if lb in order else len(order), lb),
    )
    return [
        {"label": lb, "ja": LABEL_JA.get(lb, lb), "color": COLORS.get(lb, OTHER)} for lb in present
    ]


def node_view(
    graph: nx.MultiDiGraph, center: str, depth: int = 1, *, physics_max_nodes: int = 30
) -> View:
    """The neighbourhood view of ``center``."""
    sub = neighbourhood(graph, center, depth)
    return to_view(sub, center, physics_max_nodes=physics_max_nodes)


def ministry_network(graph: nx.MultiDiGraph, *, physics_max_nodes: int = 0) -> View:
    """The cross-ministry network of graph/network.py: every ministry, sized by its
    betweenness and coloured by its community, and the MINISTRY_LINK edges (width by the
    weight of what the pair shares: measures, councils, recommendations), on one ring
    ordered by degree (physics off: the dense core would pile up otherwise)."""
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d["label"] == "Ministry")
    sub.add_edges_from(
        (s, t, d) for s, t, d in graph.edges(data=True) if d["type"] == "MINISTRY_LINK"
    )

    def colour(community: Any) -> str:
        return COMMUNITY_COLORS[int(community or 0) % len(COMMUNITY_COLORS)]

    def style(nid: str, d: dict[str, Any]) -> dict[str, Any]:
        return {"color": colour(d.get("community")), "size": 12 + 120 * (d.get("betweenness") or 0)}

    members: dict[int, list[str]] = {}
    for n, d in sorted(sub.nodes(data=True)):
        members.setdefault(int(d.get("community") or 0), []).append(n)
    legend = [
        {
            "label": f"community {c}",
            "ja": "・".join(ms[:4]) + ("…" if len(ms) > 4 else ""),
            "color": colour(c),
        }
        for c, ms in sorted(members.items())
    ]
    return to_view(
        sub,
        None,
        physics_max_nodes=physics_max_nodes,
        edge_width="weight",
        node_style=style,
        legend=legend,
    )
