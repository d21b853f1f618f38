from __future__ import annotations

from fastapi import APIRouter

from kodoku_graph import __version__
from kodoku_graph.api.deps import CatalogDep, GraphDep, StoreDep
from kodoku_graph.api.models import Health
from kodoku_graph.graph.export import counts

router = APIRouter(tags=["meta"])


@router.get("/health", response_model=Health)
def health(store: StoreDep, catalog: CatalogDep, graph: GraphDep) -> Health:
    """The store answers; counts of the loaded graph."""
    store.run("RETURN 1 AS ok")
    c = counts(graph)
    return Health(
        status="ok", backend=store.backend, version=__version__, queries=len(catalog.queries),
        nodes=c["nodes"], edges=c["edges"],
    )  # fmt: skip
