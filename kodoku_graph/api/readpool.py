"""Concurrent reads for the catalog, the resources and the pages (no lock for every read).

The embedded store gets one LadybugDB connection per server thread, all on the one
read-only database: LadybugDB runs statements of different connections at the same time
and releases the GIL while it works, and a connection's time limit is its own. Neo4j's
driver is thread-safe and needs nothing. Ad-hoc Cypher does not come here: it runs in
:mod:`kodoku_graph.api.sandbox`.
"""

from __future__ import annotations

import threading
from typing import Any

from kodoku_graph.graph.stores.base import QueryResult, Store


class ThreadConnections:
    """An :class:`~kodoku_graph.graph.stores.embedded.EmbeddedStore` whose statements run on a
    connection of the calling thread (opened on first use, closed with the store)."""

    backend = "embedded"

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Any] = []

    def _store(self) -> Any:
        store = getattr(self._local, "store", None)
        if store is None:
            import ladybug

            from kodoku_graph.graph.stores.embedded import EmbeddedStore

            store = object.__new__(EmbeddedStore)  # shares the database, not the connection
            store._db, store.path = self.inner._db, self.inner.path
            store._conn = ladybug.Connection(self.inner._db)
            with self._lock:
                self._opened.append(store)
            self._local.store = store
        return store

    def run(
        self, cypher: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> QueryResult:
        return self._store().run(cypher, params, timeout_ms=timeout_ms)

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            store._conn.close()
        self.inner.close()


def concurrent_store(inner: Store) -> Store:
    """``inner`` made safe for concurrent reads from the server's threads."""
    return ThreadConnections(inner) if inner.backend == "embedded" else inner
