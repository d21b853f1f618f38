"""The cross-ministry network and its structure (networkx).

The **ministry graph** is undirected, one node per Ministry, one edge per pair of
ministries that share something, weighted by how much they share:

* ``measures`` — measures both are responsible for (RESPONSIBLE_FOR, i.e. the 【…】 lists);
* ``councils`` — councils both belong to: MEMBER_OF a council (003's 連絡調整会議), or
  ATTENDED a meeting of it (004's 推進会議);
* ``recommendations`` — recommendations addressed (ADDRESSED_BY) by measures of both
  ministries, when the recommendation stage has added them.

The weight is Newman's collaboration weighting of a bipartite projection (M. E. J. Newman,
"Scientific collaboration networks II", Phys. Rev. E 64, 016132, 2001): each shared item
with ``k`` ministries adds ``1 / (k - 1)`` to each of its pairs. A measure of two
ministries adds 1; No. 127 (nine ministries) adds 1/8 to each of its 36 pairs; a council
seat shared by 19 ministries adds 1/18. Without it the councils — on which nearly every
ministry sits — would make the graph a clique and hide the structure of the measures.

Metrics (all pure functions of the built graph, deterministic):

* ``degree`` — number of neighbours; ``weighted_degree`` — sum of edge weights;
* ``betweenness`` — normalised betweenness centrality with edge length ``1 / weight``
  (strong ties are short), so a ministry scores when the strongest routes between others
  pass through it;
* ``community`` — Louvain modularity communities (networkx ``louvain_communities``,
  weight = ``weight``, resolution 1, seed :data:`SEED`), numbered 1.. by size then by
  their first name; a ministry without any edge forms its own community.

:func:`annotate` writes the metrics onto the Ministry nodes and adds the MINISTRY_LINK
edges, so the catalog queries ``ministry-network``, ``ministry-links`` and
``community-bridges`` read them with plain Cypher on either store.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

import networkx as nx
from networkx.algorithms.community import louvain_communities

#: Seed of the Louvain community detection (fixed, so builds are reproducible).
SEED = 7


def _ministries(g: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, d in g.nodes(data=True) if d["label"] == "Ministry")


def _edges_of(g: nx.MultiDiGraph, type_: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(s, t, d) for s, t, d in g.edges(data=True) if d["type"] == type_]


def shared(g: nx.MultiDiGraph) -> dict[tuple[str, str], dict[str, Any]]:
    """For each unordered pair of ministries (sorted), the measures (numbers), councils
    and recommendations (ids) they share, and the pair's ``weight``."""
    by_measure: dict[str, set[str]] = defaultdict(set)
    for s, t, _ in _edges_of(g, "RESPONSIBLE_FOR"):
        by_measure[t].add(s)
    by_council: dict[str, set[str]] = defaultdict(set)
    for s, t, _ in _edges_of(g, "MEMBER_OF"):
        by_council[t].add(s)
    meeting_council = {s: t for s, t, _ in _edges_of(g, "MEETING_OF")}
    for s, t, _ in _edges_of(g, "ATTENDED"):
        if t in meeting_council:
            by_council[meeting_council[t]].add(s)
    by_rec: dict[str, set[str]] = defaultdict(set)
    for s, t, _ in _edges_of(g, "ADDRESSED_BY"):
        by_rec[s] |= by_measure.get(t, set())
    out: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"measures": set(), "councils": set(), "recommendations": set(), "weight": 0.0}
    )
    for kind, groups in (
        ("measures", by_measure),
        ("councils", by_council),
        ("recommendations", by_rec),
    ):
        for key, members in sorted(groups.items()):
            item = g.nodes[key].get("no", key) if kind == "measures" else key
            for a, b in combinations(sorted(members), 2):
                out[(a, b)][kind].add(item)
                out[(a, b)]["weight"] += 1.0 / (len(members) - 1)
    return dict(out)


def ministry_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """The weighted, undirected ministry graph of the module docstring.

    Edge attributes: ``measures`` (sorted numbers), ``councils``, ``recommendations``
    (sorted ids), ``weight`` (unrounded; rounded to 4 decimals when written out) and
    ``distance`` (= 1 / weight).
    """
    h = nx.Graph()
    h.add_nodes_from(_ministries(g))
    for (a, b), items in sorted(shared(g).items()):
        weight = items["weight"]
        h.add_edge(
            a,
            b,
            measures=sorted(items["measures"]),
            councils=sorted(items["councils"]),
            recommendations=sorted(items["recommendations"]),
            weight=weight,
            distance=1.0 / weight,
        )
    return h


def communities(h: nx.Graph) -> dict[str, int]:
    """Community number (1..) of each ministry: Louvain, seed :data:`SEED`."""
    groups = louvain_communities(h, weight="weight", resolution=1.0, seed=SEED)
    ordered = sorted((sorted(c) for c in groups), key=lambda c: (-len(c), c[0]))
    return {name: i for i, c in enumerate(ordered, start=1) for name in c}


def metrics(h: nx.Graph) -> dict[str, dict[str, Any]]:
    """``degree``, ``weighted_degree``, ``betweenness`` (4 decimals) and ``community`` of
    every ministry in the ministry graph ``h``."""
    betweenness = nx.betweenness_centrality(h, weight="distance", normalized=True)
    community = communities(h)
    return {
        n: {
            "degree": h.degree(n),
            "weighted_degree": round(float(h.degree(n, weight="weight")), 4),
            "betweenness": round(betweenness[n], 4),
            "community": community[n],
        }
        for n in sorted(h.nodes)
    }


def annotate(g: nx.MultiDiGraph, builder: Any) -> nx.Graph:
    """Write the metrics onto the Ministry nodes of ``g`` and add one MINISTRY_LINK edge
    per pair (through ``builder``, a GraphBuilder on ``g``); returns the ministry graph.

    The ``src`` of a MINISTRY_LINK is the ``src`` of the first thing the pair shares: the
    first shared measure's definition, else the council's or recommendation's node."""
    h = ministry_graph(g)
    for name, values in metrics(h).items():
        g.nodes[name].update(values)
    for a, b, d in sorted(h.edges(data=True)):
        if d["measures"]:
            first = next(
                n
                for n, x in g.nodes(data=True)
                if x["label"] == "Measure" and x["no"] == d["measures"][0]
            )
        else:
            first = (d["councils"] or d["recommendations"])[0]
        builder.edge(
            a,
            b,
            "MINISTRY_LINK",
            g.nodes[first]["src"],
            weight=round(d["weight"], 4),
            measures=d["measures"],
            councils=d["councils"],
            recommendations=d["recommendations"],
        )
    return h
