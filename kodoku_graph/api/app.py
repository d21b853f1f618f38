"""The FastAPI application: JSON resources, the catalog, read-only Cypher and the explorer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..settings import Settings, get_settings
from . import errors
from .routes import cypher, health, measures, ministries, pages, pillars, queries, recommendations
from .state import AppState

HERE = Path(__file__).resolve().parent

DESCRIPTION = """\
Japan's loneliness and isolation countermeasures (孤独・孤立対策) as a graph: the measures of
the priority plan, the ministries responsible for them, the plan's pillars and areas, the
ruling party's recommendations, and a catalog of named Cypher queries.

Every list answers JSON or CSV (`format=csv`). Errors have one JSON shape:
`{"ok": false, "status", "code", "message"}` (404 unknown id, 422 bad parameter,
400 invalid Cypher, 403 write attempt, 504 time limit). The explorer is at `/`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application for ``settings`` (default: from the environment). The store and
    the graph are opened when the app starts (lifespan) and closed when it stops."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = AppState.open(settings)
        app.state.kodoku = state
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="kodoku-graph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    errors.install(app)
    for module in (health, measures, ministries, pillars, recommendations, queries, cypher, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
