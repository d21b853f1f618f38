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
