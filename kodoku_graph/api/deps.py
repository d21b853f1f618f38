"""FastAPI dependencies: the one way routes reach the settings, store and catalog."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kodoku_graph.api.sandbox import Sandbox
from kodoku_graph.api.state import AppState
from kodoku_graph.graph.stores.base import Store
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import Settings


def get_state(request: Request) -> AppState:
    return request.app.state.kodoku


def state_settings(state: Annotated[AppState, Depends(get_state)]) -> Settings:
    return state.settings


def state_store(state: Annotated[AppState, Depends(get_state)]) -> Store:
    """The store of the configured backend (opened once, in the lifespan)."""
    return state.store


def state_catalog(state: Annotated[AppState, Depends(get_state)]) -> Catalog:
    return state.catalog


def state_sandbox(request: Request) -> Sandbox | None:
    """The ad-hoc Cypher worker pool (embedded backend with /cypher on), else ``None``."""
    return getattr(request.app.state, "kodoku_sandbox", None)


SettingsDep = Annotated[Settings, Depends(state_settings)]
StoreDep = Annotated[Store, Depends(state_store)]
CatalogDep = Annotated[Catalog, Depends(state_catalog)]
SandboxDep = Annotated[Sandbox | None, Depends(state_sandbox)]
