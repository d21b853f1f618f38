"""What every store offers to the query layer: run read-only Cypher, get a typed result."""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel


class QueryResult(BaseModel):
    """Columns and rows of a query, as plain JSON-able Python values."""

    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


class Store(Protocol):
    """A graph store the catalog can run queries on (read-only)."""

    backend: str

    def run(
        self, cypher: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> QueryResult:
        """Run one read-only statement."""
        ...

    def close(self) -> None:
        """Release the store's resources."""
        ...


def batches(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    """Split ``rows`` into lists of at most ``size`` rows.

    >>> [len(b) for b in batches([{}] * 5, 2)]
    [2, 2, 1]
    """
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def node_rows(graph: Any, label: str, props: list[str]) -> list[dict[str, Any]]:
    """The nodes of ``label`` as rows with ``id``, ``src`` and every model property
    (``None`` where a node lacks one), sorted by id."""
    out = []
    for nid, data in graph.nodes(data=True):
        if data["label"] == label:
            row = {"id": nid, "src": data["src"]}
            row.update({p: data.get(p) for p in props})
            out.append(row)
    out.sort(key=lambda r: r["id"])
    return out


def edge_rows(
    graph: Any, type: str, props: list[str]
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The edges of ``type`` grouped by (source label, target label), as rows with
    ``s``, ``t``, ``src`` and every model property."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for s, t, data in graph.edges(data=True):
        if data["type"] == type:
            pair = (graph.nodes[s]["label"], graph.nodes[t]["label"])
            row = {"s": s, "t": t, "src": data["src"]}
            row.update({p: data.get(p) for p in props})
            out.setdefault(pair, []).append(row)
    for rows in out.values():
        rows.sort(key=lambda r: (r["s"], r["t"], r["src"]))
    return out


def grouped_node_rows(graph: Any, props: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
    """:func:`node_rows` for every label of ``props`` (label → property names) in one pass
    over the graph: label → rows, sorted by id."""
    out: dict[str, list[dict[str, Any]]] = {label: [] for label in props}
    for nid, data in graph.nodes(data=True):
        rows = out.get(data["label"])
        if rows is None:
            continue
        row = {"id": nid, "src": data["src"]}
        row.update({p: data.get(p) for p in props[data["label"]]})
        rows.append(row)
    for rows in out.values():
        rows.sort(key=lambda r: r["id"])
    return out


def grouped_edge_rows(
    graph: Any, props: dict[str, list[str]]
) -> dict[str, dict[tuple[str, str], list[dict[str, Any]]]]:
    """:func:`edge_rows` for every type of ``props`` (type → property names) in one pass
    over the graph: type → (source label, target label) → rows."""
    labels = dict(graph.nodes(data="label"))
    out: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = {t: {} for t in props}
    for s, t, data in graph.edges(data=True):
        groups = out.get(data["type"])
        if groups is None:
            continue
        row = {"s": s, "t": t, "src": data["src"]}
        row.update({p: data.get(p) for p in props[data["type"]]})
        groups.setdefault((labels[s], labels[t]), []).append(row)
    for groups in out.values():
        for rows in groups.values():
            rows.sort(key=lambda r: (r["s"], r["t"], r["src"]))
    return out
