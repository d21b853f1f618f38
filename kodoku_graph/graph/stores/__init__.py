"""Open the store a setting names: the embedded LadybugDB database or a Neo4j server."""

from __future__ import annotations

from kodoku_graph.errors import StoreError
from kodoku_graph.graph.stores.base import Store
from kodoku_graph.settings import Settings


def open_store(settings: Settings, backend: str | None = None) -> Store:
    """A read-only :class:`~kodoku_graph.graph.stores.base.Store` for ``backend`` (default:
    ``settings.backend``): ``embedded`` opens ``settings.store_path``; ``neo4j`` connects to
    ``settings.neo4j_uri`` with ``neo4j_user``/``neo4j_password``. Failures (no store yet,
    server unreachable, bad credentials, Neo4j older than 5) raise :class:`StoreError`.
    """
    backend = backend or settings.backend
    if backend == "embedded":
        from kodoku_graph.graph.stores.embedded import EmbeddedStore

        return EmbeddedStore(settings.store_path)
    if backend == "neo4j":
        from kodoku_graph.graph.stores.neo4j import Neo4jStore

        return Neo4jStore(
            settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password.get_secret_value()
        )
    raise StoreError(f"unknown backend {backend!r} (embedded or neo4j)")
