"""What the MCP tools answer, as plain functions of the store and the catalog.

Read-only by construction: every statement is a catalog query (``queries/*.cypher``) run
with the settings' time limit, and results are cut at ``settings.row_limit``; there is no
way to send Cypher of one's own. The MCP wiring (descriptions, schemas, errors) is in
:mod:`kodoku_graph.mcp_server.server`; these functions return JSON-able dicts and raise
:class:`~kodoku_graph.errors.KodokuError` on bad input.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from kodoku_graph.errors import NotFoundError, ParameterError, StoreError
from kodoku_graph.graph.model import EDGES, NODES, RecommendationStatus
from kodoku_graph.graph.stores.base import QueryResult, Store
from kodoku_graph.loaders.text import match_key, nfkc
from kodoku_graph.queries import Catalog, Query
from kodoku_graph.queries.output import natural_key, natural_sorted, order_columns
from kodoku_graph.queries.params import check_params
from kodoku_graph.settings import Settings

#: Statuses a gap can have (an ``addressed`` recommendation is no gap).
GAP_STATUSES = [
    RecommendationStatus.responded.value,
    RecommendationStatus.open.value,
    RecommendationStatus.likely_addressed.value,
]
#: Longest neighbour name shown by :meth:`GraphTools.node` (full text: call node on it).
NAME_CHARS = 100


def neighbour_order(row: dict[str, Any]) -> tuple[Any, ...]:
    """Order of a node's neighbours: edge type, direction, neighbour id, then the edge's src
    (parallel edges, such as a ministry's STATED turns at one meeting, differ only there)."""
    return (row["type"], row["direction"], natural_key(row["id"]), natural_key(row["src"] or ""))


def neighbour(row: dict[str, Any], node_id: str) -> dict[str, Any]:
    """A row of the ``neighbourhood`` query (depth 1) seen from ``node_id``: edge type,
    direction, the other end's label, id and name (or title, text), the edge's src."""
    out = row["source"] == node_id
    other = row["target_node"] if out else row["source_node"]
    return {
        "type": row["edge"]["type"],
        "direction": "out" if out else "in",
        "label": other["label"],
        "id": other["id"],
        "name": other.get("name") or other.get("title") or other.get("text") or "",
        "src": row["edge"]["src"],
    }


def label_of(node: dict[str, Any]) -> str:
    """The label of a node dict of the ``node`` query (stored as its ``label`` property).

    >>> label_of({"id": "P1", "src": "x:1", "label": "Pillar", "no": 1, "title": "…"})
    'Pillar'
    """
    label = node.get("label")
    if label not in NODES:
        raise StoreError(f"node {node.get('id')!r} has no known label: {label!r}")
    return label


def query_doc(q: Query) -> dict[str, Any]:
    """A catalog query's header as JSON: name, description, parameters, columns, examples."""
    return {
        "name": q.name,
        "description": q.description,
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "doc": p.doc,
            }
            for p in q.params
        ],  # fmt: skip
        "columns": q.columns,
        "examples": q.examples,
    }


def signature(q: Query) -> str:
    """``measure(no: int, required — the measure number …)``: what a model needs to call it."""
    params = ", ".join(
        f"{p.name}: {p.type}{' (required)' if p.required else f' = {p.default!r}'}"
        + (f" — {p.doc}" if p.doc else "")
        for p in q.params
    )
    return f"{q.name}({params})"


@dataclass
class GraphTools:
    """The tools over one store. Statements run one at a time (the embedded store has one
    connection); the search index and the measure texts are read once per instance."""

    settings: Settings
    catalog: Catalog
    store: Store | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _search: list[dict[str, Any]] | None = field(default=None, repr=False)

    def run(self, name: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Catalog query ``name`` within the settings' time limit (a ministry by name or
        alias, years checked, as the CLI and the API do), ids in natural order."""
        if self.store is None:
            raise StoreError("the MCP server has no store open")
        with self._lock:
            bound = check_params(self.catalog, self.store, name, params)
            result = self.catalog.run(
                self.store, name, bound, timeout_ms=self.settings.query_timeout_ms
            )
        return natural_sorted(result, order_columns(self.catalog.get(name).text, result.columns))

    def limit(self, rows: list[Any], limit: int | None = None) -> tuple[list[Any], bool]:
        """``rows`` cut at ``limit`` (at most ``settings.row_limit``); whether some were cut."""
        n = min(limit or self.settings.row_limit, self.settings.row_limit)
        if n < 1:
            raise ParameterError(f"limit must be at least 1, got {limit}")
        return rows[:n], len(rows) > n

    # --- gaps ------------------------------------------------------------------------

    def gaps(
        self,
        year: int = 0,
        status: str = "",
        pillar: str = "",
        text: str = "",
        min_confidence: float = 0.0,
        limit: int | None = None,
    ) -> dict[str, Any]:
        """The ``unaddressed-recommendations`` query (the same rows as ``kodoku gaps``),
        filtered by status, pillar and words of the text (NFKC, as :meth:`search`), each row
        with its provenance and the best candidate measure the linker found (confidence,
        evidence, and why it is a gap)."""
        if not 0.0 <= min_confidence <= 1.0:
            raise ParameterError(f"gaps: min_confidence must be 0–1, got {min_confidence}")
        params = {"year": year, "min_confidence": min_confidence}
        rows = self.run("unaddressed-recommendations", params).records()
        words = [match_key(w) for w in nfkc(text or "").split(" ") if w.strip()]
        if words:
            rows = [r for r in rows if all(w in match_key(r["text"] or "") for w in words)]
        if status:
            key = match_key(status)
            if key not in GAP_STATUSES:
                raise ParameterError(
                    f"gaps: status must be one of {', '.join(GAP_STATUSES)} (or empty for both),"
                    f" got {status!r}"
                )
            rows = [r for r in rows if r["status"] == key]
        if pillar:
            pid = self.pillar_id(pillar)
            rows = [r for r in rows if pid in (r["pillars"] or [])]
        srcs = {r["id"]: r["src"] for r in self.search_rows() if r["label"] == "Recommendation"}
        owners = {m["id"]: m["ministries"] for m in self.run("measure-texts").records()}
        for r in rows:
            r["src"] = srcs.get(r["id"])
            r["best_ministries"] = owners.get(r["best_measure"] or "", [])
        rows, truncated = self.limit(rows, limit)
        filters = {"year": year, "status": status, "pillar": pillar, "text": text}
        return {
            "filters": {**filters, "min_confidence": min_confidence},
            "count": len(rows),
            "truncated": truncated,
            "rows": rows,
        }

    def pillar_id(self, text: str) -> str:
        """``P3`` from ``P3``, ``p3``, ``3`` or ``Ｐ３``; an unknown pillar is a ParameterError."""
        pid = nfkc(str(text)).strip().upper()
        pid = pid if pid.startswith("P") else f"P{pid}"
        found = self.run("node", {"id": pid}).records()
        if not re.fullmatch(r"P\d+", pid) or not found or label_of(found[0]["node"]) != "Pillar":
            raise ParameterError(f"gaps: unknown pillar {text!r}; pillars are P1, P2, P3, P4")
        return pid

    # --- run_query -------------------------------------------------------------------

    def run_query(
        self, name: str, params: dict[str, Any] | None = None, limit: int | None = None
    ) -> dict[str, Any]:
        """Catalog query ``name``; a bad parameter's error names what the query takes."""
        query = self.catalog.get(name)
        try:
            query.bind(params or {})
        except ParameterError as exc:
            raise ParameterError(f"{exc.message}. {signature(query)}") from None
        result = self.run(name, params)
        rows, truncated = self.limit(result.records(), limit)
        return {
            "name": name,
            "params": query.bind(params or {}),
            "columns": result.columns,
            "count": len(rows),
            "truncated": truncated,
            "rows": rows,
        }

    # --- search ----------------------------------------------------------------------

    def search_rows(self) -> list[dict[str, Any]]:
        """The ``search-index`` rows, read once."""
        if self._search is None:
            self._search = self.run("search-index").records()
        return self._search

    def search(self, text: str, limit: int = 20) -> dict[str, Any]:
        """Measures, recommendations and ministries whose texts hold every word of ``text``
        (NFKC, case and spaces ignored: the explorer's measure search)."""
        words = [match_key(w) for w in nfkc(text or "").split(" ") if w.strip()]
        if not words:
            raise ParameterError("search: give some text, e.g. 居場所 or ひきこもり 支援")
        found: dict[tuple[str, str], dict[str, Any]] = {}
        hay: dict[tuple[str, str], str] = {}
        for r in self.search_rows():
            key = (r["label"], r["id"])
            found.setdefault(key, {"id": r["id"], "name": r["name"], "src": r["src"]})
            hay[key] = hay.get(key, r["name"] or "") + " " + (r["text"] or "")
        hits = [key for key, h in hay.items() if all(w in match_key(h) for w in words)]
        out: dict[str, Any] = {"query": text, "words": words}
        for label, kind in (
            ("Measure", "measures"),
            ("Recommendation", "recommendations"),
            ("Ministry", "ministries"),
        ):
            ids = sorted((k for k in hits if k[0] == label), key=lambda k: natural_key(k[1]))
            rows, truncated = self.limit([found[k] for k in ids], limit)
            out[kind] = {"count": len(ids), "truncated": truncated, "items": rows}
        return out

    # --- node ------------------------------------------------------------------------

    def node(self, node_id: str) -> dict[str, Any]:
        """One node: label, properties, provenance and neighbours grouped by edge type."""
        node_id = nfkc(node_id or "").strip()
        rows = self.run("node", {"id": node_id}).records()
        if not rows:
            raise NotFoundError(
                f"no node with id {node_id!r}; ids look like M127 (measure), 内閣府 (ministry),"
                " P3 (pillar), P3-4 (policy area), R4-T1-1 (recommendation): use search to find one"
            )
        props = rows[0]["node"]
        neighbours: dict[str, list[dict[str, Any]]] = {}
        links = [
            neighbour(r, node_id) for r in self.run("neighbourhood", {"id": node_id}).records()
        ]
        for r in sorted(links, key=neighbour_order):
            name = r["name"] or ""
            neighbours.setdefault(r["type"], []).append(
                {
                    "direction": r["direction"],
                    "label": r["label"],
                    "id": r["id"],
                    "name": name if len(name) <= NAME_CHARS else name[:NAME_CHARS] + "…",
                    "src": r["src"],
                }
            )
        return {
            "id": props["id"],
            "label": label_of(props),
            "src": props["src"],
            "properties": {k: v for k, v in props.items() if k not in ("id", "src", "label")},
            "degree": len(links),
            "neighbours": neighbours,
        }

    # --- schema ----------------------------------------------------------------------

    def schema(self) -> dict[str, Any]:
        """Labels, edge types and their properties (graph/model.py), and the catalog."""
        return {
            "labels": {
                label: {"id": "STRING", "src": "STRING", **nt.props} for label, nt in NODES.items()
            },
            "edge_types": {
                t: {
                    "pairs": [list(p) for p in et.pairs],
                    "properties": {"src": "STRING", **et.props},
                }
                for t, et in EDGES.items()
            },
            "statuses": [s.value for s in RecommendationStatus],
            "catalog": [query_doc(q) for q in self.catalog.queries.values()],
        }
