from __future__ import annotations

from fastapi import APIRouter

from kodoku_graph.api.deps import SandboxDep, SettingsDep, StoreDep
from kodoku_graph.api.errors import ERROR_RESPONSES
from kodoku_graph.api.models import CypherRequest, ErrorBody, QueryRows
from kodoku_graph.api.sandbox import run_neo4j_capped
from kodoku_graph.errors import CypherDisabledError, CypherSyntaxError, StoreError
from kodoku_graph.queries.adhoc import check_adhoc

router = APIRouter(tags=["cypher"], responses=ERROR_RESPONSES)


@router.post(
    "/cypher",
    response_model=QueryRows,
    responses={
        400: {"model": ErrorBody, "description": "invalid Cypher, or a statement that fails"},
        403: {
            "model": ErrorBody,
            "description": "a clause or function that is not allowed, or /cypher is off",
        },
        413: {"model": ErrorBody, "description": "the request body is too large"},
        500: {"model": ErrorBody, "description": "the statement crashed its worker"},
        504: {"model": ErrorBody, "description": "the time limit was exceeded"},
    },
)
def cypher(
    body: CypherRequest, store: StoreDep, settings: SettingsDep, sandbox: SandboxDep
) -> QueryRows:
    """Run one read-only Cypher statement, within the server's time and row limits
    (a request may ask for lower ones). ``truncated`` says rows were cut at the limit.

    Only reading clauses and an allowlist of functions are admitted (see README,
    "Security"); on the embedded store the statement runs in a worker process."""
    if not settings.cypher:
        raise CypherDisabledError("POST /cypher is turned off on this server (KODOKU_CYPHER=off)")
    check_adhoc(
        body.cypher, max_tokens=settings.cypher_max_tokens, max_depth=settings.cypher_max_depth
    )
    limit = min(body.limit or settings.row_limit, settings.row_limit)
    timeout = min(body.timeout_ms or settings.query_timeout_ms, settings.query_timeout_ms)
    if sandbox is not None:
        result = sandbox.run(body.cypher, body.params, limit=limit, timeout_ms=timeout)
    elif store.backend == "neo4j":
        result = run_neo4j_capped(store, body.cypher, body.params, limit=limit, timeout_ms=timeout)
    else:
        raise StoreError("no Cypher worker is running")
    if len(set(result.columns)) != len(result.columns):
        raise CypherSyntaxError("invalid Cypher: two result columns have the same name")
    rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    return QueryRows(columns=result.columns, rows=rows, count=len(rows), truncated=result.truncated)
