"""The FastAPI application: JSON resources, the catalog, read-only Cypher and the explorer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from kodoku_graph import __version__
from kodoku_graph.api import errors
from kodoku_graph.api.routes import (
    cypher,
    health,
    measures,
    ministries,
    pages,
    pillars,
    queries,
    recommendations,
    reviews,
)
from kodoku_graph.api.sandbox import Sandbox, WorkerSpec
from kodoku_graph.api.security import HardeningMiddleware, csp_allowing_inline_scripts
from kodoku_graph.api.state import AppState
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import Settings, get_settings

HERE = Path(__file__).resolve().parent
#: Swagger UI, vendored from the npm package swagger-ui-dist (no CDN: the docs work offline).
SWAGGER = "/static/vendor/swagger-ui-5.35.0"

DESCRIPTION = """\
Japan's loneliness and isolation countermeasures (孤独・孤立対策) as a graph: the measures of
the priority plan, the ministries responsible for them, the plan's pillars and areas, the
ruling party's recommendations, and a catalog of named Cypher queries.

Every list answers JSON or CSV (`format=csv`). Errors have one JSON shape:
`{"ok": false, "status", "code", "message"}` (404 unknown id, 422 bad parameter,
400 invalid Cypher, 403 write attempt, 504 time limit). The explorer is at `/`; with
`KODOKU_MCP=on` an MCP server (Model Context Protocol, streamable HTTP) answers at `/mcp`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application for ``settings`` (default: from the environment). The store and
    the graph are opened when the app starts (lifespan) and closed when it stops."""
    settings = settings or get_settings()
    tools = mcp = None
    if settings.mcp:  # the SDK is imported only then; the tools get the store at startup
        from kodoku_graph.mcp_server import GraphTools, create_server, http_app

        tools = GraphTools(settings, Catalog.load())
        mcp = create_server(tools)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = AppState.open(settings)
        app.state.kodoku = state
        # ad-hoc Cypher runs in worker processes (kodoku_graph.api.sandbox)
        sandbox = None
        if settings.cypher and settings.backend == "embedded":
            sandbox = Sandbox(WorkerSpec.for_settings(settings), settings.cypher_workers)

            def new_sandbox(_store: object) -> None:  # workers on the new build
                old = app.state.kodoku_sandbox
                app.state.kodoku_sandbox = Sandbox(
                    WorkerSpec.for_settings(settings), settings.cypher_workers
                )
                old.close()

            state.on_swap.append(new_sandbox)
        app.state.kodoku_sandbox = sandbox
        try:
            async with AsyncExitStack() as stack:
                if tools and mcp:
                    tools.store = state.store
                    state.on_swap.append(lambda store: setattr(tools, "store", store))
                    await stack.enter_async_context(mcp.session_manager.run())
                yield
        finally:
            state.close()
            if app.state.kodoku_sandbox is not None:
                app.state.kodoku_sandbox.close()

    app = FastAPI(
        title="kodoku-graph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served below from local assets instead of FastAPI's CDN default
        redoc_url=None,
    )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="kodoku-graph API",
            swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
        )
        # its one inline script is allowed by hash (security.HardeningMiddleware)
        page.headers["content-security-policy"] = csp_allowing_inline_scripts(
            bytes(page.body).decode()
        )
        return page

    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    errors.install(app)
    for module in (
        health, measures, ministries, pillars, recommendations, queries, cypher, reviews, pages,
    ):  # fmt: skip
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if mcp:
        app.router.routes.extend(http_app(mcp, settings).routes)  # POST, GET, DELETE /mcp
    app.add_middleware(HardeningMiddleware, max_body_bytes=settings.max_body_bytes)
    return app
