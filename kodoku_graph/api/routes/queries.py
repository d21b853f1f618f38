from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from kodoku_graph.api.deps import CatalogDep, SettingsDep, StoreDep
from kodoku_graph.api.errors import ERROR_RESPONSES
from kodoku_graph.api.models import ErrorBody, ParamOut, QueryCatalog, QueryInfo, QueryRows
from kodoku_graph.api.tables import CSV_CONTENT, BomParam, Format, FormatParam, csv_response
from kodoku_graph.queries.output import natural_sorted, order_columns
from kodoku_graph.queries.params import check_params

router = APIRouter(prefix="/queries", tags=["queries"], responses=ERROR_RESPONSES)


@router.get("", response_model=QueryCatalog)
def list_queries(
    catalog: CatalogDep,
    internal: Annotated[
        bool, Query(description="also list the queries the API and explorer use internally")
    ] = False,
) -> QueryCatalog:
    """The query catalog: every named query with its parameters and columns (those marked
    internal only with ``internal=true``; every query runs at ``/queries/{name}``)."""
    items = [
        QueryInfo(
            name=q.name,
            description=q.description,
            columns=q.columns,
            examples=q.examples,
            internal=q.internal,
            params=[
                ParamOut(
                    name=p.name, type=p.type, required=p.required, default=p.default, doc=p.doc
                )
                for p in q.params
            ],
        )  # fmt: skip
        for q in (catalog.queries.values() if internal else catalog.public())
    ]
    return QueryCatalog(total=len(items), items=items)


@router.get(
    "/{name}",
    response_model=QueryRows,
    responses={**CSV_CONTENT, 404: {"model": ErrorBody}, 504: {"model": ErrorBody}},
)
def run_query(
    request: Request,
    store: StoreDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    name: Annotated[str, Path(max_length=100)],
    format: FormatParam = Format.json,
    bom: BomParam = False,
):
    """Run catalog query ``name``: its parameters are the other query-string keys
    (e.g. ``/queries/measure?no=127``); see ``/queries`` for each query's parameters.
    A ministry may be given by an alias; an unknown ministry or a year the
    recommendations do not have is a 422 listing the valid values."""
    query = catalog.get(name)
    raw = {k: v for k, v in request.query_params.items() if k not in ("format", "bom")}
    bound = check_params(catalog, store, query.name, raw)
    result = catalog.run(store, query.name, bound, timeout_ms=settings.query_timeout_ms)
    result = natural_sorted(result, order_columns(query.text, result.columns))
    if format is Format.csv:
        return csv_response(result.records(), result.columns, name, bom=bom)
    return QueryRows(
        name=name, columns=result.columns, rows=result.records(), count=len(result.rows)
    )
