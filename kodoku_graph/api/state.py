"""What the application holds while it runs: the store and the catalog. Every page, count
and network is read from the store (graph.json is an export only)."""

from __future__ import annotations

from dataclasses import dataclass

from kodoku_graph.api.readpool import concurrent_store
from kodoku_graph.graph.artifacts import ensure_built
from kodoku_graph.graph.stores import open_store
from kodoku_graph.graph.stores.base import Store
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import Settings


def open_backend(settings: Settings) -> Store:
    """The store of ``settings.backend``. For the embedded store the current build is
    checked first (and made if there is none); a Neo4j server is read as it is, nothing
    local is built or read."""
    if settings.backend == "embedded":
        ensure_built(settings)
    return open_store(settings)


@dataclass
class AppState:
    """The running application's resources (opened by the lifespan, closed at shutdown)."""

    settings: Settings
    store: Store
    catalog: Catalog

    @classmethod
    def open(cls, settings: Settings) -> AppState:
        store = concurrent_store(open_backend(settings))  # no lock for every read
        return cls(settings=settings, store=store, catalog=Catalog.load())

    def close(self) -> None:
        self.store.close()
