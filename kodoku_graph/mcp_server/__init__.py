"""The graph as an MCP server (Model Context Protocol) for AI assistants and other programs.

``kodoku mcp`` serves it over stdio (:func:`run_stdio`); ``kodoku serve`` mounts it at
``/mcp`` (streamable HTTP, :func:`http_app`) when ``KODOKU_MCP=on``. The package is named
``mcp_server`` so that ``mcp`` always means the SDK.
"""

from __future__ import annotations

import sys

from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from kodoku_graph.graph.artifacts import ensure_built
from kodoku_graph.graph.stores import open_store
from kodoku_graph.mcp_server.server import DATA_MODEL, create_server
from kodoku_graph.mcp_server.tools import GraphTools
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import Settings

#: Where the API serves the streamable HTTP endpoint.
MCP_PATH = "/mcp"


def open_tools(settings: Settings, backend: str | None = None) -> GraphTools:
    """Tools over the store of ``backend`` (default ``settings.backend``); the embedded store
    is built first if the home has no build (progress on stderr: stdout is the protocol)."""
    if (backend or settings.backend) == "embedded":
        ensure_built(settings, notify=lambda msg: print(msg, file=sys.stderr))
    return GraphTools(settings, Catalog.load(), open_store(settings, backend))


def run_stdio(settings: Settings, backend: str | None = None) -> None:
    """Serve the MCP server over stdin/stdout until the client closes the pipe."""
    tools = open_tools(settings, backend)
    try:
        create_server(tools).run("stdio")
    finally:
        if tools.store is not None:
            tools.store.close()


def http_app(server: MCPServer, settings: Settings) -> Starlette:
    """The streamable HTTP app of ``server`` answering at :data:`MCP_PATH`: stateless, JSON
    answers (every tool is one request and one answer), DNS-rebinding protection when the
    host is a loopback address. Its session manager must run (``server.session_manager.run()``)
    while it serves."""
    return server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        json_response=True,
        host=settings.host,
    )


__all__ = [
    "DATA_MODEL",
    "MCP_PATH",
    "GraphTools",
    "create_server",
    "http_app",
    "open_tools",
    "run_stdio",
]
