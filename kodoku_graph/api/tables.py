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
) -> Any:
    """One page of ``rows`` (``limit`` capped by the settings): a CSV download of the page,
    or ``model(total, limit, offset, items)``."""
    limit = min(limit or settings.page_size, settings.max_page_size)
    page = rows[offset : offset + limit]
    if format is Format.csv:
        return csv_response(page, list(item.model_fields), name)
    return model(total=len(rows), limit=limit, offset=offset, items=page)
