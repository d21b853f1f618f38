"""The HTTP API (FastAPI, JSON + CSV) and the server-rendered explorer.

:func:`create_app` builds the application for one :class:`~kodoku_graph.settings.Settings`;
``kodoku serve`` runs it with uvicorn.
"""

from kodoku_graph.api.app import create_app

__all__ = ["create_app"]
