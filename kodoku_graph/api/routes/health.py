from __future__ import annotations

from fastapi import APIRouter

from kodoku_graph import __version__
from kodoku_graph.api import data
from kodoku_graph.api.deps import CatalogDep, StoreDep
from kodoku_graph.api.models import Health

router = APIRouter(tags=["meta"])


@router.get("/health", response_model=Health)
def health(store: StoreDep, catalog: CatalogDep) -> Health:
    """The store answers; nodes per label and edges per type, as the store holds them."""
    c = data.counts(store)
    return Health(
        status="ok", backend=store.backend, version=__version__, queries=len(catalog.queries),
        nodes=c["nodes"], edges=c["edges"],
    )  # fmt: skip
