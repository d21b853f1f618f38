"""What the application holds while it runs: the store, the catalog and the graph."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kodoku_graph.api.readpool import concurrent_store
from kodoku_graph.graph.artifacts import ensure_built
from kodoku_graph.graph.stores import open_store
from kodoku_graph.graph.stores.base import Store
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import Settings
from kodoku_graph.viz.graph import load_graph


def open_backend(settings: Settings) -> Store:
    """The store of ``settings.backend``. The current build is checked first (and made if
    there is none): the explorer's graph and the embedded store come from it."""
    ensure_built(settings)
    return open_store(settings)


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
