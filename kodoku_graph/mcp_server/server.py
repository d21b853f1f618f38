"""The MCP server (official ``mcp`` SDK, ``MCPServer``): the graph's tools, resources and
a prompt, over stdio (``kodoku mcp``) or streamable HTTP (mounted by the API at ``/mcp``).

Every tool answers compact JSON text plus the same document as structured content; a
:class:`~kodoku_graph.errors.KodokuError` (unknown query, bad parameter, unknown id, time
limit) becomes a tool error (``isError``) with its message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from kodoku_graph import __version__
from kodoku_graph.errors import KodokuError
from kodoku_graph.mcp_server.tools import GAP_STATUSES, GraphTools, query_doc
from kodoku_graph.settings import PROJECT_ROOT

READ_ONLY = ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)

DATA_MODEL = """\
kodoku-graph holds Japan's loneliness and isolation countermeasures (孤独・孤立対策) as a \
property graph. The 2026 priority plan's 143 measures (Measure, ids M001–M143, 施策) are \
LISTED_IN one policy area (PolicyArea P1-1…P4-x, 施策の方向性) IN_PILLAR one of four pillars \
(Pillar P1–P4, 基本方針) and RELISTED_IN others (再掲); ministries (Ministry, id = canonical \
name such as 内閣府 or こども家庭庁) are RESPONSIBLE_FOR measures in the order of the plan's \
【…】 and CO_RESPONSIBLE with each other. The ruling party's (LDP, 自民党) recommendations \
(Recommendation, ids R3-T12-1 = 令和3年, theme 12, item 1; R7-A2-2 for 2025's annex) are \
ON_THEME of a RecommendationTheme, ANSWERED_BY the government's Response (which CITES \
measures) and ADDRESSED_BY measures (method response, text similarity or curated, with score \
and evidence); a recommendation's status is addressed (some measure addresses it), \
responded (answered, but no measure) or open. TargetMetric (KPIs, HAS_TARGET), StatusRow \
(the FY2024 status report, STATUS_OF), PolicyEdition (2021 vs 2026 wording), Council, \
Meeting and Statement (who said what at the 2025-02-07 meeting, MENTIONS measures) complete \
it. Every node and edge carries src = "file:line" of the source text under data/raw: quote \
it as provenance. Use search to find ids from Japanese words, node for one node and its \
neighbours, gaps for recommendations no measure addresses, run_query for the named queries \
of the catalog (schema lists them with their parameters)."""


def compact(doc: Any) -> str:
    """JSON text without spaces, Japanese as is."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def answer(fn: Callable[[], dict[str, Any]]) -> CallToolResult:
    """The tool result of ``fn()``: compact JSON text plus structured content; a
    KodokuError becomes a tool error (``isError``) with its message."""
    try:
        doc = fn()
    except KodokuError as exc:
        raise ToolError(f"{exc.code}: {exc.message}") from exc
    return CallToolResult(
        content=[TextContent(type="text", text=compact(doc))], structured_content=doc
    )


def design_text() -> str:
    """docs/design.md if the checkout has it, else README.md, else the data-model paragraph."""
    for path in (PROJECT_ROOT / "docs" / "design.md", PROJECT_ROOT / "README.md"):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return DATA_MODEL


def create_server(tools: GraphTools) -> MCPServer:
    """The MCP server over ``tools`` (its store may be attached later, before the first call)."""
    server = MCPServer(
        name="kodoku-graph",
        title="kodoku-graph: 孤独・孤立対策 knowledge graph",
        version=__version__,
        instructions=DATA_MODEL,
        log_level="WARNING",
    )
    for register in (_gaps_tool, _run_query_tool, _search_tool, _node_tool, _schema_tool):
        register(server, tools)
    _add_resources(server, tools)

    @server.prompt(name="data_model", description="The kodoku-graph data model in a paragraph")
    def data_model() -> str:
        return DATA_MODEL

    return server


def _gaps_tool(server: MCPServer, tools: GraphTools) -> None:
    """Register the ``gaps`` tool (unaddressed recommendations)."""

    @server.tool(annotations=READ_ONLY)
    def gaps(
        year: Annotated[
            int,
            Field(
                description="calendar year of the recommendation, 2021–2025 (令和3–7年); 0 = all"
            ),
        ] = 0,
        status: Annotated[
            str,
            Field(
                description="responded (the government answered, naming no measure) or open "
                "(no answer); empty = both"
            ),
        ] = "",
        pillar: Annotated[
            str,
            Field(
                description="only recommendations that CONCERN this pillar: P1, P2, P3 or P4; empty = all"
            ),
        ] = "",
        text: Annotated[
            str,
            Field(
                description="words that must all occur in the recommendation (e.g. 居場所, こども 支援); NFKC"
            ),
        ] = "",
        min_confidence: Annotated[
            float,
            Field(
                ge=0.0,
                le=1.0,
                description="also list likely_addressed ones whose best link is less sure than this (0: never)",
            ),
        ] = 0.0,
        limit: Annotated[
            int, Field(ge=1, description="most rows returned (server row limit caps it)")
        ] = 100,
    ) -> CallToolResult:
        """Recommendations of the LDP (自民党提言, R3–R7: R3–R6 items and R7 asks) that no measure
        of the 2026 plan surely addresses yet (未対応の提言): id, year, theme number, text, status
        (responded: answered without naming a measure / open / likely_addressed), years_raised,
        pillars, src (file:line), best_measure (the linker's best candidate, e.g. M106) with its
        confidence 0–1, evidence terms and best_ministries (所管府省: who would own it), and why (no candidate, below threshold, or an ask of a
        kind no measure carries: organisation, legislation, international, tax). Same rows as
        `kodoku gaps`."""
        return answer(lambda: tools.gaps(year, status, pillar, text, min_confidence, limit))


def _run_query_tool(server: MCPServer, tools: GraphTools) -> None:
    """Register the ``run_query`` tool (one catalog query)."""

    @server.tool(annotations=READ_ONLY)
    def run_query(
        name: Annotated[
            str, Field(description="a catalog query name, e.g. measure, area-coverage")
        ],
        params: Annotated[
            dict[str, Any] | None,
            Field(
                description="the query's parameters, e.g. {\"no\": 127}; see schema for each query's"
            ),
        ] = None,
        limit: Annotated[
            int, Field(ge=1, description="most rows returned (server row limit caps it)")
        ] = 1000,
    ) -> CallToolResult:
        """Run one named, read-only query of the catalog (queries/*.cypher) with typed parameters:
        columns and rows. An unknown name or a bad parameter is an error that lists the valid
        names or parameters. The schema tool and the kodoku://catalog resource list every query."""
        return answer(lambda: tools.run_query(name, params, limit))


def _search_tool(server: MCPServer, tools: GraphTools) -> None:
    """Register the ``search`` tool (ids from Japanese text)."""

    @server.tool(annotations=READ_ONLY)
    def search(
        text: Annotated[
            str,
            Field(
                description="Japanese words, all of which must occur (e.g. 居場所, ひきこもり 支援, ＤＶ); NFKC, case and spaces ignored"
            ),
        ],
        limit: Annotated[int, Field(ge=1, description="most items per kind")] = 20,
    ) -> CallToolResult:
        """Find measures (施策: name and FY2024 summary), recommendations (提言: text) and
        ministries (府省: name and aliases) by Japanese text, with their ids and src — the
        explorer's search. Use the ids with node, or run_query measure {"no": …}."""
        return answer(lambda: tools.search(text, limit))


def _node_tool(server: MCPServer, tools: GraphTools) -> None:
    """Register the ``node`` tool (one node and its neighbours)."""

    @server.tool(annotations=READ_ONLY)
    def node(
        id: Annotated[
            str,
            Field(
                description="a node id: M127 (measure), 内閣府 (ministry), P3 (pillar), P3-4 (area), R4-T1-1 (recommendation)…"
            ),
        ],
    ) -> CallToolResult:
        """One node of the graph: its label, all its properties, its provenance src (file:line
        of the source text) and its neighbours grouped by edge type (direction, label, id, name,
        the edge's src)."""
        return answer(lambda: tools.node(id))


def _schema_tool(server: MCPServer, tools: GraphTools) -> None:
    """Register the ``schema`` tool (data model and catalog)."""

    @server.tool(annotations=READ_ONLY)
    def schema() -> CallToolResult:
        """The data model: node labels and edge types with their properties and types, the
        recommendation statuses, and the query catalog (names, parameters, descriptions)."""
        return answer(tools.schema)


def _add_resources(server: MCPServer, tools: GraphTools) -> None:
    """Register the resources: the catalog, one catalog query's text, the design document."""

    def catalog() -> str:
        return compact([query_doc(q) for q in tools.catalog.queries.values()])

    def catalog_query(name: str) -> str:
        try:
            return tools.catalog.get(name).text
        except KodokuError as exc:
            raise ResourceNotFoundError(exc.message) from exc

    def design() -> str:
        return design_text()

    for uri, name, description, mime_type, read in (
        (
            "kodoku://catalog",
            "catalog",
            "The query catalog: every named query with parameters, columns, examples",
            "application/json",
            catalog,
        ),
        (
            "kodoku://catalog/{name}",
            "catalog-query",
            "One catalog query's Cypher text with its header",
            "text/plain",
            catalog_query,
        ),
        (
            "kodoku://design",
            "design",
            "The design document (docs/design.md, or the README where it is absent)",
            "text/markdown",
            design,
        ),
    ):
        server.resource(uri, name=name, description=description, mime_type=mime_type)(read)


__all__ = ["GAP_STATUSES", "DATA_MODEL", "create_server"]
