"""One exception handler: every error becomes the same JSON body (or an HTML page for
the explorer), with the status of its :class:`~kodoku_graph.errors.KodokuError` class."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kodoku_graph.api.models import ErrorBody, ErrorItem
from kodoku_graph.errors import KodokuError

#: Documented on every operation (OpenAPI ``responses``).
ERROR_RESPONSES = {
    422: {"model": ErrorBody, "description": "a bad parameter"},
    503: {"model": ErrorBody, "description": "the store is unavailable"},
}


def error_body(exc: Exception) -> ErrorBody:
    """The JSON error body of any exception the app lets out."""
    if isinstance(exc, KodokuError):
        return ErrorBody(status=exc.status, code=exc.code, message=exc.message)
    if isinstance(exc, RequestValidationError):
        items = [
            ErrorItem(
                loc=[str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
                msg=str(e.get("msg", "")),
                type=str(e.get("type", "")),
            )
            for e in exc.errors()
        ]
        where = "; ".join(f"{'.'.join(map(str, i.loc))}: {i.msg}" for i in items)
        return ErrorBody(
            status=422, code="bad_parameter", message=f"bad parameter: {where}", errors=items
        )
    if isinstance(exc, StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http")
        return ErrorBody(status=exc.status_code, code=code, message=str(exc.detail))
    return ErrorBody(status=500, code="internal", message="internal error")


def wants_html(request: Request) -> bool:
    """Explorer pages (``/`` and ``/explore/…``) answer errors with an HTML page."""
    path = request.url.path
    return path == "/" or path.startswith("/explore")


async def handle(request: Request, exc: Exception) -> Response:
    body = error_body(exc)
    if wants_html(request):
        templates = request.app.state.templates
        return templates.TemplateResponse(
            request,
            "error.html",
            {"error": body, "title": f"{body.status}"},
            status_code=body.status,
        )
    return JSONResponse(body.model_dump(exclude_none=True), status_code=body.status)


def install(app: FastAPI) -> None:
    """Route every error class through :func:`handle`."""
    for cls in (KodokuError, RequestValidationError, StarletteHTTPException):
        app.add_exception_handler(cls, handle)
