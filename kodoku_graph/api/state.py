"""What the application holds while it runs: the store and the catalog. Every page, count
and network is read from the store (graph.json is an export only)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from kodoku_graph.graph.artifacts import ensure_built
from kodoku_graph.graph.stores import open_store
from kodoku_graph.graph.stores.base import QueryResult, Store
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import Settings


class SerialStore:
    """A store whose statements run one at a time.

    The embedded store has one LadybugDB connection, and its time limit is a property of
    the connection: FastAPI runs handlers in a thread pool, so statements are serialised.
    """

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.backend = inner.backend
        self._lock = threading.Lock()

    def run(
        self, cypher: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> QueryResult:
        with self._lock:
            return self.inner.run(cypher, params, timeout_ms=timeout_ms)

    def close(self) -> None:
        with self._lock:
            self.inner.close()


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
    store: SerialStore
    catalog: Catalog

    @classmethod
    def open(cls, settings: Settings) -> AppState:
        store = SerialStore(open_backend(settings))
        return cls(settings=settings, store=store, catalog=Catalog.load())

    def close(self) -> None:
        self.store.close()
