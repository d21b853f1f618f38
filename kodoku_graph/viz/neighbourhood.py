"""pyvis views built from query rows: the nodes within 1–2 hops of one node, or the
cross-ministry network, as vis-network data (nodes, edges, options, clusters).

The rows come from the store through catalog queries (``neighbourhood``,
``ministry-network``, ``ministry-links``); a small networkx graph is built from them for
the layout only. pyvis builds the network; the explorer's own template draws it with the
vis-network files vendored under ``api/static`` (pyvis's template would load them and
Bootstrap from CDNs). Nodes are coloured by label, carry Japanese labels cut by
characters, a plain-text hover title with key properties and ``src``, and the URL of
their explorer page.

Readability: a big view groups nodes of one label into a cluster node (「施策 ×56」) that
opens on click (``explorer.js``): at depth 2 the second ring is always grouped, at depth 1
a big group when the view has more than ``physics_max_nodes`` nodes. Positions are
computed here (rings spaced so labels do not overlap); small views use physics.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
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
#: Colours of the ministry network's communities (graph/network.py), by community number.
COMMUNITY_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948"]


def short(text: str, n: int = 18) -> str:
    """``text`` cut to ``n`` characters with an ellipsis (Japanese has no spaces to cut
    at: the cut is by characters).

    >>> short("孤独・孤立の実態把握に関する全国調査", 8)
    '孤独・孤立の実…'
    >>> short("短い", 8)
    '短い'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def node_label(nid: str, d: dict[str, Any]) -> str:
    """The text drawn on a node (at most two short lines)."""
    label = d.get("label")
    if label == "Measure":
        return f"No.{d['no']:03d}\n{short(d.get('name') or '', 12)}"
    if label == "Ministry":
        return d.get("name") or nid
    if label == "Pillar":
        return f"({d.get('no')}) {short(d.get('title') or '', 12)}"
    if label == "PolicyArea":
        return f"{nid}\n{short(d.get('title') or '', 12)}"
    if label == "TargetMetric":
        return short(d.get("text") or nid, 12)
    if label == "StatusRow" and d.get("no") is not None:
        return f"R6状況 No.{d['no']}"
    if label == "Council":
        return short(d.get("name") or nid, 12)
    if label == "Statement":
        return f"{nid}\n{short(d.get('speaker') or '', 10)}"
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
    if label == "RecommendationTheme" and d.get("row"):
        return f"/explore/themes/{d['row']}"
    return f"/explore/nodes/{quote(nid)}"


@dataclass
class View:
    """A network ready for the template: vis-network nodes, edges and options, and the
    clusters the page collapses first (``id``, ``label``, ``members``, ``x``, ``y``…)."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    legend: list[dict[str, str]]
    physics: bool
    clusters: list[dict[str, Any]] = field(default_factory=list)


def graph_from_rows(center: dict[str, Any], rows: list[dict[str, Any]]) -> nx.MultiDiGraph:
    """A MultiDiGraph of the ``neighbourhood`` query's rows (``source``, ``target``,
    ``edge``, ``source_node``, ``target_node``) around the node ``center`` (its property
    dict, ``label`` included). Node attributes are the store's properties; edge
    attributes too (``type`` among them).

    >>> c = {"id": "P1", "label": "Pillar", "no": 1, "src": "x:1"}
    >>> a = {"id": "P1-1", "label": "PolicyArea", "src": "x:2"}
    >>> g = graph_from_rows(c, [{"source": "P1-1", "target": "P1", "source_node": a,
    ...     "target_node": c, "edge": {"type": "IN_PILLAR", "src": "x:2"}}])
    >>> sorted(g), g.nodes["P1-1"]["label"], [d["type"] for *_, d in g.edges(data=True)]
    (['P1', 'P1-1'], 'PolicyArea', ['IN_PILLAR'])
    """
    g = nx.MultiDiGraph()
    g.add_node(center["id"], **_props(center))
    for r in rows:
        for end in ("source", "target"):
            if r[end] not in g:
                g.add_node(r[end], **_props(r[f"{end}_node"]))
        g.add_edge(r["source"], r["target"], **{k: v for k, v in r["edge"].items()})
    return g


def _props(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != "id" and v is not None}


def neighbourhood(
    center: dict[str, Any], rows: list[dict[str, Any]], depth: int = 1
) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` hops of ``center`` (edges in either direction), from
    the ``neighbourhood`` query's rows.

    Derived edges (CO_RESPONSIBLE, MINISTRY_LINK) are followed and drawn only around a
    Ministry.
    """
    if not center:
        raise NotFoundError("no centre node")
    if depth not in (1, 2):
        raise ParameterError(f"depth must be 1 or 2, got {depth}")
    graph = graph_from_rows(center, rows)
    cid, center_label = center["id"], center.get("label")
    keep = nx.MultiDiGraph()
    keep.add_nodes_from(graph.nodes(data=True))
    keep.add_edges_from(
        (s, t, k, d)
        for s, t, k, d in graph.edges(keys=True, data=True)
        if DERIVED.get(d["type"], center_label) == center_label
    )
    near = nx.single_source_shortest_path_length(
        keep.to_undirected(as_view=True), cid, cutoff=depth
    )
    return keep.subgraph(near).copy()


#: Horizontal room a node's label needs on a ring (pixels of arc between neighbours).
SPACING = 120.0
#: Gap between two rings.
RING_GAP = 230.0


def _label_rank(label: str) -> int:
    order = list(COLORS)
    return order.index(label) if label in order else len(order)


#: The most nodes and cluster nodes a big view shows at once (legible at the default zoom).
LEGIBLE_NODES = 25


def plan_clusters(
    sub: nx.MultiDiGraph, center: str, *, big: bool, ring1_min: int = 13, ring2_min: int = 3
) -> tuple[dict[str, int], dict[tuple[int, str], list[str]]]:
    """Each node's hop from ``center``, and the groups to collapse: (hop, label) →
    members. Ring 2 groups of ``ring2_min`` or more nodes are always collapsed; ring 1
    groups of ``ring1_min`` or more only when the view is ``big``, and then also smaller
    ones (of ``ring2_min`` or more; labels late in :data:`COLORS` first) while the view
    would show more than :data:`LEGIBLE_NODES`."""
    und = nx.Graph(sub.to_undirected())
    hop = nx.single_source_shortest_path_length(und, center)
    groups: dict[tuple[int, str], list[str]] = {}
    for n, h in hop.items():
        if h:
            groups.setdefault((h, sub.nodes[n].get("label", "")), []).append(n)
    chosen = {
        k: sorted(v, key=str)
        for k, v in groups.items()
        if (k[0] == 2 and len(v) >= ring2_min) or (k[0] == 1 and big and len(v) >= ring1_min)
    }
    shown = len(hop) - sum(len(v) - 1 for v in chosen.values())
    # least central labels first (the legend's order: measures, ministries, … last)
    for k, v in sorted(groups.items(), key=lambda kv: (-_label_rank(kv[0][1]), -len(kv[1]))):
        if not big or shown <= LEGIBLE_NODES:
            break
        if k not in chosen and len(v) >= ring2_min:
            chosen[k] = sorted(v, key=str)
            shown -= len(v) - 1
    return hop, chosen


def layout(
    sub: nx.MultiDiGraph,
    center: str | None,
    clusters: dict[tuple[int, str], list[str]] | None = None,
) -> tuple[dict[str, tuple[float, float]], dict[tuple[int, str], tuple[float, float]]]:
    """A deterministic radial layout and the positions of the cluster nodes.

    The centre sits in the middle, each hop on a ring ordered by label; a collapsed group
    takes one place on its ring (its cluster node) and its members wait on an outer ring,
    in the group's direction, for the cluster to open. Rings are wide enough for
    :data:`SPACING` pixels per visible node. Without a centre: one ring ordered by degree.

    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "c")])
    >>> nx.set_node_attributes(g, "X", "label")
    >>> pos, _ = layout(g, "a")
    >>> {k: (round(x), round(y)) for k, (x, y) in pos.items()}
    {'a': (0, 0), 'b': (200, 0), 'c': (-200, 0)}
    """
    clusters = clusters or {}
    und = nx.Graph(sub.to_undirected())
    if center is None:
        order = sorted(und, key=lambda n: (-und.degree(n), str(n)))
        return _ring(order, _radius(len(order), 220.0), 0.0), {}
    hop = nx.single_source_shortest_path_length(und, center)
    member_of = {m: key for key, ms in clusters.items() for m in ms}

    def key(n: str) -> tuple[int, str]:
        return (_label_rank(sub.nodes[n].get("label", "")), str(n))

    pos: dict[str, tuple[float, float]] = {center: (0.0, 0.0)}
    cpos: dict[tuple[int, str], tuple[float, float]] = {}
    radius = 0.0
    angle: dict[str, float] = {}
    for h in (1, 2):
        ring = [n for n, d in hop.items() if d == h]
        if not ring:
            continue
        if h == 1:
            ring.sort(key=key)
        else:  # near the ring-1 node each hangs from
            first = {n: min((angle[m] for m in und[n] if m in angle), default=0.0) for n in ring}
            ring.sort(key=lambda n: (key(n)[0], first[n], str(n)))
        items: list[Any] = []
        for n in ring:
            k = member_of.get(n)
            if k is None:
                items.append(n)
            elif k not in items:
                items.append(k)
        radius = (
            radius + max(RING_GAP, _radius(len(items), 0.0) - radius)
            if h == 2
            else (_radius(len(items), 200.0))
        )
        placed = _ring(list(range(len(items))), radius, 0.0)
        for i, item in enumerate(items):
            x, y = placed[i]
            if isinstance(item, tuple):
                cpos[item] = (x, y)
            else:
                pos[item] = (x, y)
                angle[item] = math.atan2(y, x)
    # members of collapsed groups: an outer ring, each group around its cluster's direction
    waiting = sorted(
        (m for k, ms in clusters.items() for m in ms),
        key=lambda m: (math.atan2(cpos[member_of[m]][1], cpos[member_of[m]][0]), key(m)),
    )
    if waiting:
        outer = radius + max(RING_GAP * 1.5, _radius(len(waiting), 0.0) - radius)
        start = math.atan2(*reversed(cpos[member_of[waiting[0]]]))
        pos.update(_ring(waiting, outer, start))
    return pos, cpos


def _radius(count: int, least: float) -> float:
    """The radius of a ring with ``count`` places :data:`SPACING` apart."""
    return max(least, SPACING * count / (2 * math.pi))


def _ring(nodes: list[Any], radius: float, phase: float) -> dict[Any, tuple[float, float]]:
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
    edge_title: Callable[[str, str, dict[str, Any]], str] | None = None,
    edge_extra: Callable[[str, str, dict[str, Any]], dict[str, Any]] | None = None,
    node_style: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None,
    legend: list[dict[str, str]] | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    cluster: bool = True,
) -> View:
    """Build the pyvis network of ``sub`` and extract its vis-network data.

    ``node_style`` may override a node's ``color``/``size``/``title``; ``edge_title`` and
    ``edge_extra`` an edge's hover text and other fields; ``legend`` replaces the
    per-label legend (for views coloured by something else); ``positions`` the layout."""
    net = Network(height="640px", width="100%", directed=True, cdn_resources="local")
    big = sub.number_of_nodes() > physics_max_nodes
    groups: dict[tuple[int, str], list[str]] = {}
    if center is not None and cluster:
        _, groups = plan_clusters(sub, center, big=big)
    pos, cpos = layout(sub, center, groups) if positions is None else (positions, {})
    physics = not big and not groups and positions is None
    _add_nodes(net, sub, center, pos, node_style)
    _add_edges(net, sub, edge_title, edge_extra)
    net.options = _options(physics)  # not set_options(): it strips every space (font names)
    nodes, edges, _heading, _h, _w, opts = net.get_network_data()
    clusters = [
        {
            "id": f"cluster:{h}:{label}",
            "label": f"{LABEL_JA.get(label, label)} ×{len(members)}",
            "title": f"{LABEL_JA.get(label, label)} ({label}) ×{len(members)}, "
            f"hop {h}: クリックで展開 click to open\n"
            + "\n".join(node_label(m, sub.nodes[m]).replace("\n", " ") for m in members[:12])
            + ("\n…" if len(members) > 12 else ""),
            "members": members,
            "color": COLORS.get(label, OTHER),
            "x": cpos[(h, label)][0],
            "y": cpos[(h, label)][1],
        }
        for (h, label), members in sorted(
            groups.items(), key=lambda kv: (kv[0][0], _label_rank(kv[0][1]))
        )
    ]
    return View(
        nodes=list(nodes),
        edges=list(edges),
        options=json.loads(opts),
        legend=label_legend(sub) if legend is None else legend,
        physics=physics,
        clusters=clusters,
    )


def _add_nodes(
    net: Network,
    sub: nx.MultiDiGraph,
    center: str | None,
    pos: dict[str, tuple[float, float]],
    node_style: Callable[[str, dict[str, Any]], dict[str, Any]] | None,
) -> None:
    for nid, d in sorted(sub.nodes(data=True), key=lambda x: str(x[0])):
        label = d.get("label", "")
        x, y = pos[nid]
        style = {
            "color": COLORS.get(label, OTHER),
            "size": 26 if nid == center else 16,
            "title": node_title(nid, d),
            "url": node_url(nid, d),
        }
        if node_style is not None:
            style.update(node_style(nid, d))
        net.add_node(
            nid,
            label=node_label(nid, d),
            shape="dot",
            x=x,
            y=y,
            kind=label,
            borderWidth=4 if nid == center else 1,
            **style,
        )


def _add_edges(
    net: Network,
    sub: nx.MultiDiGraph,
    edge_title: Callable[[str, str, dict[str, Any]], str] | None,
    edge_extra: Callable[[str, str, dict[str, Any]], dict[str, Any]] | None,
) -> None:
    """One drawn edge per (source, target, type); hover text with every property."""
    seen: set[tuple[str, str, str]] = set()
    for s, t, d in sorted(sub.edges(data=True), key=lambda e: (e[2]["type"], str(e[0]), str(e[1]))):
        key = (s, t, d["type"])
        if key in seen:
            continue
        seen.add(key)
        if edge_title is not None:
            title = edge_title(s, t, d)
        else:
            props = "".join(
                f"\n{k}: {v}"
                for k, v in d.items()
                if k not in ("type", "src") and v not in (None, "", [])
            )
            title = f"{s} → {t}\n{d['type']}{props}\nsrc: {d.get('src', '')}"
        extra: dict[str, Any] = {}
        if d["type"] in DERIVED:  # one edge per unordered pair: no direction
            extra["arrows"] = {"to": {"enabled": False}}
        if edge_extra is not None:
            extra.update(edge_extra(s, t, d))
        net.add_edge(s, t, title=title, color=extra.pop("color", "#9aa5b1"), **extra)


def _options(physics: bool) -> dict[str, Any]:
    """vis-network options: physics on small views only, CJK fonts, hover tooltips."""
    return {
        "physics": {
            "enabled": physics,
            "stabilization": {"enabled": True, "iterations": 200, "fit": True},
            "barnesHut": {"gravitationalConstant": -8000, "springLength": 160},
        },
        "nodes": {
            "font": {
                "face": FONT,
                "size": 15,
                "multi": False,
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },  # fmt: skip
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
    present = sorted(
        {d.get("label", "") for _, d in sub.nodes(data=True)}, key=lambda lb: (_label_rank(lb), lb)
    )
    return [
        {"label": lb, "ja": LABEL_JA.get(lb, lb), "color": COLORS.get(lb, OTHER)} for lb in present
    ]


def node_view(
    center: dict[str, Any],
    rows: list[dict[str, Any]],
    depth: int = 1,
    *,
    physics_max_nodes: int = 30,
) -> View:
    """The neighbourhood view of the node ``center`` from the ``neighbourhood`` rows."""
    sub = neighbourhood(center, rows, depth)
    return to_view(sub, center["id"], physics_max_nodes=physics_max_nodes)


# --- the cross-ministry network ----------------------------------------------------------

#: Links per ministry shown by default (its strongest; the page offers more).
BACKBONE = 2


def backbone_ranks(links: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """Each link's rank in the backbone: 1 if it is the strongest link of one of its two
    ministries, 2 if the second strongest, …; showing the links of rank ≤ k keeps every
    ministry's k strongest links.

    >>> backbone_ranks([{"ministry_a": "A", "ministry_b": "B", "weight": 3.0},
    ...                 {"ministry_a": "A", "ministry_b": "C", "weight": 1.0},
    ...                 {"ministry_a": "B", "ministry_b": "C", "weight": 2.0}])
    {('A', 'B'): 1, ('A', 'C'): 2, ('B', 'C'): 1}
    """
    by_ministry: dict[str, list[dict[str, Any]]] = {}
    for link in links:
        for m in (link["ministry_a"], link["ministry_b"]):
            by_ministry.setdefault(m, []).append(link)
    rank: dict[tuple[str, str], int] = {}
    for ls in by_ministry.values():
        ls = sorted(ls, key=lambda x: (-x["weight"], x["ministry_a"], x["ministry_b"]))
        for i, link in enumerate(ls, start=1):
            key = (link["ministry_a"], link["ministry_b"])
            rank[key] = min(rank.get(key, i), i)
    return dict(sorted(rank.items()))


def shared_items(
    link: dict[str, Any],
    measure_names: dict[int, str],
    recommendation_texts: dict[str, str],
    council_names: dict[str, str],
) -> dict[str, list[dict[str, str]]]:
    """What a pair of ministries shares, as page links: measures, recommendations,
    councils (each ``{"id", "text", "url"}``)."""
    return {
        "measures": [
            {"id": f"No.{n}", "text": measure_names.get(n, ""), "url": f"/explore/measures/{n}"}
            for n in sorted(link.get("measures") or [])
        ],
        "recommendations": [
            {
                "id": r,
                "text": short(recommendation_texts.get(r, ""), 60),
                "url": f"/explore/recommendations/{quote(r)}",
            }
            for r in link.get("recommendations") or []
        ],
        "councils": [
            {"id": c, "text": council_names.get(c, ""), "url": f"/explore/nodes/{quote(c)}"}
            for c in link.get("councils") or []
        ],
    }


def link_title(a: str, b: str, link: dict[str, Any]) -> str:
    """An edge's hover text: both ministries, the weight and what they share, with counts."""
    measures = sorted(link.get("measures") or [])
    recs = link.get("recommendations") or []
    councils = link.get("councils") or []

    def some(items: list[Any], n: int = 6) -> str:
        return "、".join(map(str, items[:n])) + ("…" if len(items) > n else "")

    lines = [f"{a} — {b}", f"weight {link['weight']:g} (rank {link.get('rank', '')})"]
    lines.append(
        f"施策 measures: {len(measures)}" + (f" (No. {some(measures)})" if measures else "")
    )
    lines.append(f"提言 recommendations: {len(recs)}" + (f" ({some(recs, 4)})" if recs else ""))
    lines.append(
        f"会議体 council seats: {len(councils)}" + (f" ({some(councils)})" if councils else "")
    )
    return "\n".join(lines)


def ministry_network(
    ministries: list[dict[str, Any]],
    links: list[dict[str, Any]],
    *,
    show: int = BACKBONE,
    measure_names: dict[int, str] | None = None,
    recommendation_texts: dict[str, str] | None = None,
    council_names: dict[str, str] | None = None,
) -> View:
    """The cross-ministry network of graph/network.py from the ``ministry-network`` and
    ``ministry-links`` rows: every ministry, sized by its betweenness and coloured by its
    community, and the MINISTRY_LINK edges (width by weight). Only the backbone is shown
    at first: each ministry's ``show`` strongest links (``show=0``: all); the others are
    in the data, hidden, each with its ``rank`` for the page's control. Ministries sit on
    one ring grouped by community (physics off), spaced for their labels."""
    ranks = backbone_ranks(links)
    sub = nx.MultiDiGraph()
    for m in ministries:
        sub.add_node(m["ministry"], label="Ministry", name=m["ministry"], **m)
    for link in links:
        a, b = link["ministry_a"], link["ministry_b"]
        sub.add_edge(a, b, type="MINISTRY_LINK", rank=ranks[(a, b)], **link)
    shown = nx.Graph()
    shown.add_nodes_from(sub)
    shown.add_edges_from(
        (s, t) for s, t, d in sub.edges(data=True) if not show or d["rank"] <= show
    )
    names = (measure_names or {}, recommendation_texts or {}, council_names or {})
    order = sorted(
        sub.nodes(data=True),
        key=lambda x: (int(x[1].get("community") or 0), -(x[1].get("weighted_degree") or 0), x[0]),
    )
    positions = _ring([n for n, _ in order], _radius(len(order), 360.0) * 1.15, -math.pi / 2)
    return to_view(
        sub,
        None,
        physics_max_nodes=0,
        edge_title=lambda s, t, d: link_title(s, t, d),
        edge_extra=lambda s, t, d: _link_extra(s, t, d, show, names),
        node_style=lambda nid, d: _ministry_style(nid, d, shown.degree(nid)),
        legend=_community_legend(order),
        positions=positions,
        cluster=False,
    )


def _community_colour(community: Any) -> str:
    return COMMUNITY_COLORS[int(community or 0) % len(COMMUNITY_COLORS)]


def _ministry_style(nid: str, d: dict[str, Any], shown_degree: int) -> dict[str, Any]:
    """A ministry's node: colour by community, size by betweenness, hover with the metrics."""
    title = "\n".join([
        f"{nid} (府省庁 Ministry)",
        f"community: {d.get('community')}",
        f"betweenness: {d.get('betweenness', 0):g}",
        f"degree: {d.get('degree')} (backbone shown: {shown_degree})",
        f"weighted degree: {d.get('weighted_degree', 0):g}",
        f"施策 measures: {d.get('measures')} · 会議体 councils: {d.get('councils')}",
    ])  # fmt: skip
    return {
        "color": _community_colour(d.get("community")),
        "size": 12 + min(28.0, 140 * (d.get("betweenness") or 0)),
        "title": title,
        "community": d.get("community"),
        "betweenness": d.get("betweenness"),
        "degree": d.get("degree"),
        "url": f"/explore/ministries/{quote(nid)}",
    }


def _link_extra(
    s: str, t: str, d: dict[str, Any], show: int, names: tuple[dict, dict, dict]
) -> dict[str, Any]:
    """A MINISTRY_LINK's drawing: width by weight, hidden beyond the backbone, what it shares."""
    return {
        "width": 1 + 2 * math.log2(1 + d["weight"]),
        "rank": d["rank"],
        "hidden": bool(show) and d["rank"] > show,
        "ministries": [s, t],
        "weight": d["weight"],
        "shared": shared_items(d, *names),
        "arrows": {"to": {"enabled": False}},
        "color": {"color": "#8a96a3", "highlight": "#d62728", "hover": "#d62728"},
    }


def _community_legend(order: list[tuple[str, dict[str, Any]]]) -> list[dict[str, str]]:
    """One legend entry per community, naming its first four ministries."""
    members: dict[int, list[str]] = {}
    for n, d in order:
        members.setdefault(int(d.get("community") or 0), []).append(n)
    return [
        {
            "label": f"community {c}",
            "ja": "・".join(ms[:4]) + ("…" if len(ms) > 4 else ""),
            "color": _community_colour(c),
        }
        for c, ms in sorted(members.items())
    ]
