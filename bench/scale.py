"""Grow the real graph ×N for the scale benchmarks.

Copy ``k`` (``k = 1 … N-1``) of every node except the hubs stands for one more plan
edition and one more round of recommendations: measures, areas, targets, status rows,
recommendations, themes, responses, policy editions, meetings and statements are copied
with their edges, so every copy has the real graph's degree distribution. Ids stay unique
(``M127`` → ``M127@3``), and so do the numbers queries look things up by: a copy's
measure and status-row numbers are shifted by ``1000·k``, its recommendation years (and
reiwa) by ``5·k``, its theme rows by ``100·k``, its meeting numbers by ``k``. Copy 0 is
the real graph, unchanged, so a catalog example (``measure no=127``) finds the same one
record at every size.

The hubs — :data:`HUBS`: ministries, pillars, councils — are shared by all copies, so
their degree grows with N as a ministry's would with more editions. Edges between two
hubs (CO_RESPONSIBLE, MINISTRY_LINK: aggregates over the measures) are kept once.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("厚生労働省", label="Ministry", src="x:1")
>>> g.add_node("M001", label="Measure", src="x:2", no=1)
>>> g.add_edge("厚生労働省", "M001", key="RESPONSIBLE_FOR", type="RESPONSIBLE_FOR", src="x:2")
'RESPONSIBLE_FOR'
>>> big = grow(g, 3)
>>> sorted(big.nodes), [big.nodes[n]["no"] for n in ("M001", "M001@1", "M001@2")]
(['M001', 'M001@1', 'M001@2', '厚生労働省'], [1, 1001, 2001])
>>> big.out_degree("厚生労働省")
3
"""

from __future__ import annotations

from typing import Any

import networkx as nx

#: Labels whose nodes all copies share.
HUBS = frozenset({"Ministry", "Pillar", "Council"})

#: (label, property) → shift per copy.
SHIFTS: dict[tuple[str, str], int] = {
    ("Measure", "no"): 1000,
    ("StatusRow", "no"): 1000,
    ("Recommendation", "year"): 5,
    ("Recommendation", "reiwa"): 5,
    ("Recommendation", "theme"): 100,
    ("RecommendationTheme", "row"): 100,
    ("PolicyEdition", "year"): 5,
    ("Meeting", "no"): 1,
}


def grow(graph: nx.MultiDiGraph, factor: int) -> nx.MultiDiGraph:
    """The graph ×``factor`` (``factor`` = 1 gives a copy of ``graph``)."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    out = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    hub = {n for n, d in graph.nodes(data=True) if d["label"] in HUBS}
    nodes = [(n, d) for n, d in graph.nodes(data=True) if n not in hub]
    shifts = [
        (n, [(p, s) for (lb, p), s in SHIFTS.items() if lb == d["label"] and d.get(p) is not None])
        for n, d in nodes
    ]
    for n in hub:
        out.add_node(n, **graph.nodes[n])
    edges = list(graph.edges(keys=True, data=True))
    for k in range(factor):
        suffix = f"@{k}" if k else ""
        for (n, d), (_, shift) in zip(nodes, shifts, strict=True):
            attrs: dict[str, Any] = dict(d)
            for p, s in shift:
                attrs[p] = d[p] + s * k
            out.add_node(n + suffix, **attrs)
        for s, t, key, d in edges:
            if s in hub and t in hub:
                if k == 0:
                    out.add_edge(s, t, key=key, **d)
                continue
            out.add_edge(s if s in hub else s + suffix, t if t in hub else t + suffix, key=key, **d)
    return out
