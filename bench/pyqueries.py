"""Three catalog queries answered in plain Python over the networkx graph, for comparison
with the stores: the same columns, rows and order as the Cypher versions.

The only preparation is :class:`PyGraph` (nodes grouped by label, done once like a store's
load); each query then walks the graph's adjacency.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx


def _none_last(value: Any) -> tuple[bool, Any]:
    """Sort key with nulls last, as Cypher's ascending ORDER BY."""
    return (value is None, value if value is not None else 0)


class PyGraph:
    """The networkx graph with its nodes grouped by label."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.g = graph
        self.by_label: dict[str, list[str]] = defaultdict(list)
        for n, d in graph.nodes(data=True):
            self.by_label[d["label"]].append(n)

    def out(self, n: str, type_: str) -> list[str]:
        """Targets of ``n``'s outgoing edges of ``type_`` (one per edge)."""
        return [t for _, t, d in self.g.out_edges(n, data=True) if d["type"] == type_]

    def into(self, n: str, type_: str) -> list[str]:
        """Sources of ``n``'s incoming edges of ``type_``."""
        return [s for s, _, d in self.g.in_edges(n, data=True) if d["type"] == type_]

    def unaddressed_recommendations(
        self, year: int = 0, min_confidence: float = 0.0
    ) -> list[list[Any]]:
        """``unaddressed-recommendations``: items and asks responded or open (and
        likely_addressed ones less sure than ``min_confidence``), with their best candidate."""
        g, rows = self.g.nodes, []
        for r in self.by_label["Recommendation"]:
            d = g[r]
            if (year and d.get("year") != year) or d.get("kind") not in ("item", "ask"):
                continue
            status = d.get("status")
            likely = status == "likely_addressed" and (d.get("confidence") or 0) < min_confidence
            if status not in ("responded", "open") and not likely:
                continue
            themes = list(self.out(r, "ON_THEME"))
            years = g[themes[0]].get("years") if themes else None
            pillars = sorted(
                {p for p in self.out(r, "CONCERNS")}, key=lambda p: _none_last(g[p].get("no"))
            )
            why = "below min_confidence" if status == "likely_addressed" else d.get("gap_reason")
            rows.append(
                [r, d.get("year"), d.get("theme"), d.get("text"), status, years or 1, pillars,
                 d.get("best_measure"), d.get("confidence"), d.get("best_evidence"), why]
            )  # fmt: skip
        rows.sort(key=lambda x: (_none_last(x[1]), _none_last(x[2]), x[0]))
        return rows

    def ministry_co_responsibility(self, ministry: str = "") -> list[list[Any]]:
        """``ministry-co-responsibility``: CO_RESPONSIBLE pairs, most shared first."""
        g, rows = self.g.nodes, []
        for a in self.by_label["Ministry"]:
            for _, b, d in self.g.out_edges(a, data=True):
                if d["type"] != "CO_RESPONSIBLE":
                    continue
                na, nb = g[a].get("name"), g[b].get("name")
                if ministry and ministry not in (na, nb):
                    continue
                rows.append([na, nb, d.get("weight"), d.get("measures")])
        rows.sort(key=lambda x: (-x[2], x[0], x[1]))
        return rows

    def measure(self, no: int) -> list[list[Any]]:
        """``measure``: one measure with its home area and the areas that list it again."""
        g, rows = self.g.nodes, []
        for m in self.by_label["Measure"]:
            d = g[m]
            if d.get("no") != no:
                continue
            relisted = sorted(self.out(m, "RELISTED_IN"))
            for home in self.out(m, "LISTED_IN"):
                rows.append(
                    [m, d.get("no"), d.get("name"), d.get("ministries"), d.get("page"),
                     g[home].get("pillar"), home, relisted, d.get("components"), d.get("src")]
                )  # fmt: skip
        return rows


#: catalog query name → (method name, parameter name)
PY_QUERIES: dict[str, tuple[str, str]] = {
    "unaddressed-recommendations": ("unaddressed_recommendations", ("year", "min_confidence")),
    "ministry-co-responsibility": ("ministry_co_responsibility", ("ministry",)),
    "measure": ("measure", ("no",)),
}


def run_py(pg: PyGraph, name: str, params: dict[str, Any]) -> list[list[Any]]:
    """Run the Python version of catalog query ``name`` with typed ``params``."""
    method, names = PY_QUERIES[name]
    return getattr(pg, method)(*(params[n] for n in names))
