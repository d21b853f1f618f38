"""What the application holds while it runs: the store, the catalog and the graph."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..graph.store import QueryResult, Store
from ..queries import Catalog
from ..settings import Settings
from ..viz.graph import load_graph
from .readpool import concurrent_store


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
    """The store of ``settings.backend``; the embedded store is built first if missing."""
    from ..cli import open_store  # the CLI owns "build first if missing"

    return open_store(settings, settings.backend)


@dataclass
class AppState:
    """The running application's resources (opened by the lifespan, closed at shutdown)."""

    settings: Settings
    store: Store
    catalog: Catalog
    graph: nx.MultiDiGraph

    @classmethod
    def open(cls, settings: Settings) -> AppState:
        store = concurrent_store(open_backend(settings))  # no lock for every read
        return cls(
            settings=settings, store=store, catalog=Catalog.load(), graph=load_graph(settings)
        )

    def close(self) -> None:
        self.store.close()
