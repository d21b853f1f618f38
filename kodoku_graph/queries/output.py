"""Render query results as a table, JSON or CSV (shared by the CLI and the API)."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from kodoku_graph.graph.stores.base import QueryResult


def cell(value: Any) -> str:
    """One value as text: lists and dicts as JSON, None as an empty string."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_csv(result: QueryResult) -> str:
    """CSV with a header row; lists and dicts as JSON."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(result.columns)
    for row in result.rows:
        w.writerow([cell(v) for v in row])
    return buf.getvalue()


def to_json(result: QueryResult) -> str:
    """``{"columns": [...], "rows": [{...}], "count": n}`` as UTF-8 JSON text."""
    doc = {"columns": result.columns, "rows": result.records(), "count": len(result.rows)}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def natural_key(text: Any) -> tuple[Any, ...]:
    """A sort key that orders the numbers inside ids by value: R3-T2 before R3-T10.

    >>> sorted(["R3-T10-1", "R3-T2-1", "R10-A1", "R3-T2-10", "R3-T2-2"], key=natural_key)
    ['R3-T2-1', 'R3-T2-2', 'R3-T2-10', 'R3-T10-1', 'R10-A1']
    """
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", str(text))
        if part
    )


def order_columns(text: str, columns: list[str]) -> list[tuple[str, bool]] | None:
    """The result columns of a query's final ``ORDER BY`` as ``(column, descending)``
    pairs; ``None`` when there is none, when it orders only the last part of a ``UNION``,
    or when a term is not a plain output column.

    >>> order_columns("MATCH (n) RETURN n.a AS a, n.b AS b\\nORDER BY b DESC, a", ["a", "b"])
    [('b', True), ('a', False)]
    >>> order_columns("RETURN 1 AS x ORDER BY x = 0, x", ["x"]) is None
    True
    """
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    head, sep, tail = body.rpartition("ORDER BY")
    if not sep or re.search(r"\bUNION\b", head, re.I):  # orders the last part only
        return None
    if re.search(r"\b(RETURN|WITH|MATCH|SKIP|LIMIT)\b", tail, re.I):
        return None
    keys = []
    for term in tail.split(","):
        m = re.fullmatch(r"\s*(\w+)(?:\s+(ASC|DESC))?\s*", term, re.I)
        if not m or m.group(1) not in columns:
            return None
        keys.append((m.group(1), (m.group(2) or "").upper() == "DESC"))
    return keys


def _sort_value(value: Any) -> tuple[Any, ...]:
    if value is None:
        return (1,)
    if isinstance(value, bool | int | float):
        return (0, 0, value)
    return (0, 1, natural_key(cell(value)))


def natural_sorted(result: QueryResult, order: list[tuple[str, bool]] | None) -> QueryResult:
    """``result`` with its rows in the query's order (``order``, see :func:`order_columns`)
    but ids compared by :func:`natural_key` (R3-T2 before R3-T10), ties kept as the store
    gave them; unchanged when ``order`` is ``None``."""
    if not order:
        return result
    rows = list(result.rows)
    for column, descending in reversed(order):
        i = result.columns.index(column)
        rows.sort(key=lambda row, i=i: _sort_value(row[i]), reverse=descending)
    return QueryResult(columns=result.columns, rows=rows)
