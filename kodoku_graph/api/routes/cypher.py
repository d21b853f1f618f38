from __future__ import annotations

from fastapi import APIRouter

from kodoku_graph.api.deps import SettingsDep, StoreDep
from kodoku_graph.api.errors import ERROR_RESPONSES
from kodoku_graph.api.guard import check_read_only
from kodoku_graph.api.models import CypherRequest, ErrorBody, QueryRows
from kodoku_graph.errors import CypherSyntaxError, ParameterError

router = APIRouter(tags=["cypher"], responses=ERROR_RESPONSES)


@router.post(
    "/cypher",
    response_model=QueryRows,
    responses={
        400: {"model": ErrorBody, "description": "invalid Cypher, or a statement that fails"},
        403: {"model": ErrorBody, "description": "a write or administrative clause"},
        504: {"model": ErrorBody, "description": "the time limit was exceeded"},
    },
)
def cypher(body: CypherRequest, store: StoreDep, settings: SettingsDep) -> QueryRows:
    """Run one read-only Cypher statement, within the server's time and row limits
    (a request may ask for lower ones). ``truncated`` says rows were cut at the limit."""
    check_read_only(body.cypher)
    limit = min(body.limit or settings.row_limit, settings.row_limit)
    timeout = min(body.timeout_ms or settings.query_timeout_ms, settings.query_timeout_ms)
    try:
        result = store.run(body.cypher, body.params, timeout_ms=timeout)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ParameterError(f"a parameter value the store cannot take: {exc}") from None
    if len(set(result.columns)) != len(result.columns):
        raise CypherSyntaxError("invalid Cypher: two result columns have the same name")
    rows = result.records()
    return QueryRows(
        columns=result.columns,
        rows=rows[:limit],
        count=min(len(rows), limit),
        truncated=len(rows) > limit,
    )
