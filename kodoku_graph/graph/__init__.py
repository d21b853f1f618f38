"""The graph: data model, build, stores, export and analytics."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..settings import Settings
    from .store import Store


def open_store(settings: Settings, backend: str | None = None) -> Store:
    """The read-only store of ``backend`` (see :func:`kodoku_graph.graph.stores.open_store`)."""
    from .stores import open_store as _open

    return _open(settings, backend)
