"""FastAPI dependencies: the one way routes reach the settings, store, catalog and graph."""

from __future__ import annotations

from typing import Annotated

import networkx as nx
from fastapi import Depends, Request

from ..graph.store import Store
from ..queries import Catalog
from ..settings import Settings
from .sandbox import Sandbox
from .state import AppState


def get_state(request: Request) -> AppState:
    return request.app.state.kodoku


def get_settings(state: Annotated[AppState, Depends(get_state)]) -> Settings:
    return state.settings


def get_store(state: Annotated[AppState, Depends(get_state)]) -> Store:
    """The store of the configured backend (opened once, in the lifespan)."""
    return state.store


def get_catalog(state: Annotated[AppState, Depends(get_state)]) -> Catalog:
    return state.catalog


def get_graph(state: Annotated[AppState, Depends(get_state)]) -> nx.MultiDiGraph:
    return state.graph


def get_sandbox(request: Request) -> Sandbox | None:
    """The ad-hoc Cypher worker pool (embedded backend with /cypher on), else ``None``."""
    return getattr(request.app.state, "kodoku_sandbox", None)


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]
GraphDep = Annotated[nx.MultiDiGraph, Depends(get_graph)]
SandboxDep = Annotated[Sandbox | None, Depends(get_sandbox)]
