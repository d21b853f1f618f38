"""Every table the API returns can also be had as CSV (``?format=csv``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Query
from fastapi.responses import Response
from pydantic import BaseModel

from kodoku_graph.graph.stores.base import QueryResult
from kodoku_graph.queries.output import to_csv
from kodoku_graph.settings import Settings


class Format(StrEnum):
    json = "json"
    csv = "csv"


FormatParam = Annotated[Format, Query(description="json (default) or csv")]
BomParam = Annotated[
    bool,
    Query(description="CSV only: start with a UTF-8 byte order mark (Excel on Japanese Windows)"),
]
#: The byte order mark ``?bom=1`` puts before a CSV.
BOM = "\ufeff"

#: OpenAPI: a list resource answers JSON or CSV.
CSV_CONTENT = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


def csv_response(
    rows: list[dict[str, Any]],
    columns: list[str],
    name: str,
    *,
    bom: bool = False,
    total: int | None = None,
) -> Response:
    """``rows`` (dicts) as a UTF-8 CSV download named ``name``.csv (with a byte order mark
    if ``bom``). ``X-Total-Count`` gives the number of matching rows and ``X-Row-Count``
    the number written; ``X-Truncated: true`` says the file holds fewer than match."""
    ascii_name = name.encode("ascii", "ignore").decode() or "table"
    result = QueryResult(columns=columns, rows=[[r.get(c) for c in columns] for r in rows])
    total = len(rows) if total is None else total
    return Response(
        (BOM if bom else "") + to_csv(result),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{ascii_name}.csv"; '
            f"filename*=UTF-8''{quote(name)}.csv",
            "X-Total-Count": str(total),
            "X-Row-Count": str(len(rows)),
            "X-Truncated": "true" if len(rows) < total else "false",
        },
    )


def listing(
    rows: list[dict[str, Any]],
    *,
    limit: int | None,
    offset: int,
    settings: Settings,
    format: Format,
    item: type[BaseModel],
    name: str,
    model: type[BaseModel],
    bom: bool = False,
) -> Any:
    """One page of ``rows`` (``limit`` capped by the settings) as
    ``model(total, limit, offset, items)``; as CSV, every matching row from ``offset``
    unless a ``limit`` is given (a cut file says so in its headers)."""
    if format is Format.csv:
        page = rows[offset:] if limit is None else rows[offset : offset + limit]
        return csv_response(page, list(item.model_fields), name, bom=bom, total=len(rows))
    limit = min(limit or settings.page_size, settings.max_page_size)
    page = rows[offset : offset + limit]
    return model(total=len(rows), limit=limit, offset=offset, items=page)
