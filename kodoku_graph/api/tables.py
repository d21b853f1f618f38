"""Every table the API returns can also be had as CSV (``?format=csv``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Query
from fastapi.responses import Response

from ..graph.store import QueryResult
from ..output import to_csv


class Format(StrEnum):
    json = "json"
    csv = "csv"


FormatParam = Annotated[Format, Query(description="json (default) or csv")]

#: OpenAPI: a list resource answers JSON or CSV.
CSV_CONTENT = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


def csv_response(rows: list[dict[str, Any]], columns: list[str], name: str) -> Response:
    """``rows`` (dicts) as a UTF-8 CSV download named ``name``.csv."""
    ascii_name = name.encode("ascii", "ignore").decode() or "table"
    result = QueryResult(columns=columns, rows=[[r.get(c) for c in columns] for r in rows])
    return Response(
        to_csv(result),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{ascii_name}.csv"; '
            f"filename*=UTF-8''{quote(name)}.csv"
        },
    )
