"""The ``kodoku`` command line.

Every error a user can cause prints one line (``error: …``) on stderr and exits with
code 1; usage errors (unknown option, bad value of an option) exit with code 2.
"""

from __future__ import annotations

import functools
import json
import shutil
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from typer.core import TyperOption

from kodoku_graph import __version__
from kodoku_graph.errors import KodokuError, ParameterError
from kodoku_graph.graph import artifacts
from kodoku_graph.graph.artifacts import BuildOutput
from kodoku_graph.graph.export import counts, write_csv, write_graphml, write_json
from kodoku_graph.graph.model import EDGES, NODES
from kodoku_graph.graph.pipeline import build_graph
from kodoku_graph.graph.stores import open_store
from kodoku_graph.graph.stores.base import QueryResult, Store
from kodoku_graph.queries import Catalog
from kodoku_graph.queries.output import cell, natural_sorted, order_columns, to_csv, to_json
from kodoku_graph.queries.params import check_params
from kodoku_graph.settings import Settings

app = typer.Typer(
    help="kodoku-graph: Japan's loneliness and isolation countermeasures (孤独・孤立対策) as a graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])

_option_type = TyperOption.display_type_rich


def _flag_type(self: TyperOption, ctx: Any) -> str | None:
    """No value type in the help of a flag (typer 0.29 shows ``--help <bool>``): a flag
    takes no value."""
    return None if self.is_flag else _option_type(self, ctx)


TyperOption.display_type_rich = _flag_type  # type: ignore[method-assign]


def show_version(value: bool) -> None:
    """``--version``: print the version and exit."""
    if value:
        out.print(f"kodoku-graph {__version__}", markup=False)
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """kodoku-graph: Japan's loneliness and isolation countermeasures (孤独・孤立対策) as a
    graph."""


def friendly(fn: F) -> F:
    """Turn a KodokuError into one line on stderr and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KodokuError as exc:
            err.print(f"error: {exc.message}", markup=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


class ExportFormat(StrEnum):
    json = "json"
    graphml = "graphml"
    csv = "csv"


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Backend(StrEnum):
    embedded = "embedded"
    neo4j = "neo4j"


DataDirOpt = Annotated[
    Path | None, typer.Option("--data-dir", help="source texts (default: the project's data/raw)")
]
HomeOpt = Annotated[
    Path | None, typer.Option("--home", help="build output (default: $KODOKU_HOME or ./.kodoku)")
]


def settings_for(data_dir: Path | None = None, home: Path | None = None) -> Settings:
    """Settings from the environment, overridden by command-line options."""
    overrides: dict[str, Any] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if home is not None:
        overrides["home"] = home
    return Settings(**overrides)


def progress_bar(total: int, disable: bool = False) -> Progress:
    """A transient progress bar on stderr."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        disable=disable,
        transient=True,
    )


AllowIncompleteOpt = Annotated[
    bool,
    typer.Option(
        "--allow-incomplete",
        help="build even if a source is cut short or extended (findings go to the report)",
    ),
]


def build_with_progress(
    settings: Settings, *, show_progress: bool = True, allow_incomplete: bool = False
) -> BuildOutput:
    """:func:`artifacts.build` with a progress bar on stderr."""
    with progress_bar(artifacts.STEPS, disable=not show_progress) as progress:
        task = progress.add_task("build", total=artifacts.STEPS)
        output = artifacts.build(
            settings,
            progress=lambda name: progress.update(task, description=name, advance=1),
            allow_incomplete=allow_incomplete,
        )
    return output


def open_built_store(settings: Settings, backend: str | None = None) -> Store:
    """The read-only store of ``backend``; the embedded one is built first if there is no
    build yet (a damaged build is refused)."""
    if (backend or settings.backend) == "embedded":
        artifacts.ensure_built(settings, notify=lambda msg: err.print(msg, markup=False))
    return open_store(settings, backend)


@app.command()
@friendly
def build(
    data_dir: DataDirOpt = None,
    home: HomeOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    allow_incomplete: AllowIncompleteOpt = False,
) -> None:
    """Parse data/raw, link, write the embedded store and graph.json under KODOKU_HOME.

    The outputs go to a new directory KODOKU_HOME/builds/<id>, published by swapping the
    link KODOKU_HOME/current; a failed or killed build leaves the previous one in place."""
    settings = settings_for(data_dir, home)
    t0 = time.perf_counter()
    output = build_with_progress(
        settings, show_progress=not quiet, allow_incomplete=allow_incomplete
    )
    result, written = output.result, output.written
    total = time.perf_counter() - t0
    c = counts(result.graph)
    out.print(
        f"built {written['nodes']} nodes and {written['relationships']} relationships in {total:.2f} s "
        f"→ {settings.store_path}, {settings.graph_json}",
        markup=False,
    )
    out.print("nodes: " + ", ".join(f"{k} {v}" for k, v in c["nodes"].items() if v), markup=False)
    out.print("edges: " + ", ".join(f"{k} {v}" for k, v in c["edges"].items() if v), markup=False)
    n = len(result.report.problems)
    out.print(f"data-quality findings: {n} (see `kodoku report`)", markup=False)
    incomplete = sum(result.report.stats.get("completeness", {}).values())
    if incomplete:
        err.print(
            f"warning: {incomplete} completeness finding(s): a source is cut short or extended"
            f" (see {settings.report_json})",
            markup=False,
        )


@app.command()
@friendly
def export(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="file (json, graphml) or directory (csv)")
    ],
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.json,
    data_dir: DataDirOpt = None,
    allow_incomplete: AllowIncompleteOpt = False,
) -> None:
    """Export the graph as JSON (docs/design.md), GraphML, or CSV files (one per label and type)."""
    settings = settings_for(data_dir)
    result = build_graph(settings.data_dir, settings.curated_dir, allow_incomplete=allow_incomplete)
    if format is ExportFormat.json:
        write_json(result.graph, result.meta, output)
    elif format is ExportFormat.graphml:
        write_graphml(result.graph, output)
    else:
        files = write_csv(result.graph, output)
        out.print(f"wrote {len(files)} CSV files to {output}", markup=False)
        return
    out.print(f"wrote {output}", markup=False)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["k=v", …]`` → ``{"k": "v"}``; a pair without ``=`` is a ParameterError."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"--param expects key=value, got {pair!r}")
        params[key.strip()] = value
    return params


def print_result(result: QueryResult, fmt: OutputFormat, title: str = "") -> None:
    """Print a query result as a rich table, JSON or CSV on stdout."""
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(result) + "\n")
    elif fmt is OutputFormat.csv:
        sys.stdout.write(to_csv(result))
    else:
        table = Table(title=title or None, show_lines=False)
        for col in result.columns:
            table.add_column(col, overflow="fold")
        for row in result.rows:
            table.add_row(*(cell(v) for v in row))
        out.print(table)
        out.print(f"{len(result.rows)} rows", markup=False)


@app.command()
@friendly
def query(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="catalog query name (see `kodoku queries`)")
    ],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            metavar="KEY=VALUE",
            help="a parameter of the query, repeatable; a ministry may be given by an alias",
        ),
    ] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    backend: Annotated[
        Backend | None,
        typer.Option("--backend", help="embedded (default) or neo4j (NEO4J_URI/USER/PASSWORD)"),
    ] = None,
    home: HomeOpt = None,
) -> None:
    """Run a catalog query on the embedded store (built first if missing) or on Neo4j.

    A ministry parameter takes a name or an alias (厚労省); an unknown ministry or a year
    the recommendations do not have is an error listing the valid values. Rows come in the
    query's order, ids in natural order (R3-T2 before R3-T10)."""
    settings = settings_for(home=home)
    catalog = Catalog.load()
    query = catalog.get(name)  # unknown names fail before the store is opened
    params = parse_params(param or [])
    query.bind(params)
    store = open_built_store(settings, backend.value if backend else None)
    try:
        bound = check_params(catalog, store, name, params)
        result = catalog.run(store, name, bound, timeout_ms=settings.query_timeout_ms)
    finally:
        store.close()
    result = natural_sorted(result, order_columns(query.text, result.columns))
    print_result(result, format, title=name)


#: The columns of ``kodoku gaps`` at the terminal (the text last, cut to fit).
GAP_COLUMNS = ("id", "status", "best_measure", "confidence", "why", "text")


def clip(text: str, width: int) -> str:
    """``text`` cut by characters to at most ``width`` terminal cells (a Japanese
    character takes two), ending with … when cut.

    >>> clip("孤独・孤立の実態把握", 9), clip("短い", 9)
    ('孤独・孤…', '短い')
    """
    if cell_len(text) <= width:
        return text
    if width < 1:
        return ""
    cut = ""
    for ch in text:
        if cell_len(cut + ch) > width - 1:
            break
        cut += ch
    return cut + "…"


def gap_lines(result: QueryResult, width: int | None) -> list[str]:
    """``kodoku gaps`` as a header and one line per row (id, status, best measure, its
    confidence, why it is a gap, the text), each cut to ``width`` terminal cells
    (``None``: the full text)."""
    records = result.records()
    cells = [
        [
            r["id"],
            r["status"] or "",
            r["best_measure"] or "-",
            f"{r['confidence']:.2f}" if r["confidence"] is not None else "",
            r["why"] or "",
            " ".join((r["text"] or "").strip("・ 　").split()),
        ]
        for r in records
    ]
    header = ["id", "status", "best", "conf", "why", "text"]
    fixed = [
        max([cell_len(header[i])] + [cell_len(c[i]) for c in cells]) for i in range(len(header) - 1)
    ]
    lines = []
    for row in [header, *cells]:
        head = " ".join(set_cell_size(v, w) for v, w in zip(row, fixed, strict=False))
        if width is None:
            lines.append(f"{head} {row[-1]}".rstrip())
        else:
            room = width - cell_len(head) - 1
            lines.append(clip(f"{head} {clip(row[-1], room)}".rstrip(), width))
    return lines


@app.command()
@friendly
def gaps(
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    year: Annotated[
        int, typer.Option("--year", metavar="YEAR", help="calendar year 2021–2025; 0 = all")
    ] = 0,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            metavar="0–1",
            help="also list likely_addressed recommendations whose best text link is less "
            "sure than this (0 = never)",
        ),
    ] = 0.0,
    wide: Annotated[
        bool, typer.Option("--wide", help="the full text, however long the line")
    ] = False,
    home: HomeOpt = None,
) -> None:
    """Recommendations that no measure surely addresses, each with its status, best
    candidate measure, confidence, evidence and why it is a gap (the
    unaddressed-recommendations query).

    At the terminal one line a row, the text cut to its width (--wide: the full text);
    csv and json give every column (theme, years raised, pillars, evidence) too."""
    settings = settings_for(home=home)
    catalog = Catalog.load()
    name = "unaddressed-recommendations"
    store = open_built_store(settings)
    try:
        params = check_params(
            catalog, store, name, {"year": year, "min_confidence": min_confidence}
        )
        result = catalog.run(store, name, params, timeout_ms=settings.query_timeout_ms)
    finally:
        store.close()
    result = natural_sorted(result, order_columns(catalog.get(name).text, result.columns))
    if format is OutputFormat.table:
        width = None if wide else shutil.get_terminal_size(fallback=(80, 24)).columns
        sys.stdout.write("".join(line + "\n" for line in gap_lines(result, width)))
        more = "" if wide else "; --wide: the full text"
        out.print(f"{len(result.rows)} rows (-f csv or json: every column{more})", markup=False)
        return
    print_result(result, format, title="unaddressed recommendations")


review_app = typer.Typer(
    help="Review recommendation → measure links: accept, reject, list the queue.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")

NoteOpt = Annotated[str, typer.Option("--note", help="why (required; at most 500 characters)")]
ReviewerOpt = Annotated[
    str | None, typer.Option("--reviewer", help="your name (default: the login name)")
]
BackendOpt = Annotated[
    Backend | None,
    typer.Option("--backend", help="also reload Neo4j after the rebuild (neo4j)"),
]


def _decide(
    decision: str,
    rec_id: str,
    measure_no: int,
    note: str,
    reviewer: str | None,
    backend: Backend | None,
    home: Path | None,
) -> None:
    """Record a decision in reviews.yaml, rebuild (and reload Neo4j with --backend neo4j)."""
    import getpass

    from kodoku_graph.queries.review import submit

    settings = settings_for(home=home)
    store = open_built_store(settings, "embedded")
    try:
        d = submit(
            settings, Catalog.load(), store, rec_id, measure_no, decision, note,
            reviewer=reviewer or getpass.getuser(),
        )  # fmt: skip
    finally:
        store.close()
    verb = {"accept": "accepted", "reject": "rejected"}[decision]
    out.print(
        f"{verb} {d.recommendation} → No. {d.measure} ({d.reviewer}, {d.at}) in "
        f"{settings.curated_dir / 'reviews.yaml'}:{d.line}",
        markup=False,
    )
    t0 = time.perf_counter()
    artifacts.rebuild(settings, backend.value if backend else None)
    out.print(f"rebuilt in {time.perf_counter() - t0:.2f} s", markup=False)


@review_app.command("accept")
@friendly
def review_accept(
    rec_id: Annotated[str, typer.Argument(help="recommendation id, e.g. R3-T10-2")],
    measure_no: Annotated[int, typer.Argument(help="lineup measure number (1–143)")],
    note: NoteOpt,
    reviewer: ReviewerOpt = None,
    backend: BackendOpt = None,
    home: HomeOpt = None,
) -> None:
    """Accept a link: the measure addresses the recommendation (method `reviewed`)."""
    _decide("accept", rec_id, measure_no, note, reviewer, backend, home)


@review_app.command("reject")
@friendly
def review_reject(
    rec_id: Annotated[str, typer.Argument(help="recommendation id, e.g. R4-T23-2")],
    measure_no: Annotated[int, typer.Argument(help="lineup measure number (1–143)")],
    note: NoteOpt,
    reviewer: ReviewerOpt = None,
    backend: BackendOpt = None,
    home: HomeOpt = None,
) -> None:
    """Reject a link: it never becomes a link, whatever the linker says."""
    _decide("reject", rec_id, measure_no, note, reviewer, backend, home)


@review_app.command("list")
@friendly
def review_list(
    pending: Annotated[
        bool, typer.Option("--pending", help="only candidate links nobody has decided")
    ] = False,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    year: Annotated[int, typer.Option("--year", help="calendar year 2021–2025; 0 = all")] = 0,
    theme: Annotated[int, typer.Option("--theme", help="参考２ theme row; 0 = all")] = 0,
    ministry: Annotated[str, typer.Option("--ministry", help="responsible ministry")] = "",
    home: HomeOpt = None,
) -> None:
    """Candidate links, highest confidence first, with the linker's verdict and the
    deciding review (the review-candidates query)."""
    from kodoku_graph.queries.review import rows_csv

    settings = settings_for(home=home)
    store = open_built_store(settings, "embedded")
    params = {"pending": pending, "year": year, "theme": theme, "ministry": ministry}
    try:
        result = Catalog.load().run(
            store, "review-candidates", params, timeout_ms=settings.query_timeout_ms
        )
    finally:
        store.close()
    if format is OutputFormat.csv:
        sys.stdout.write(rows_csv(result.records(), result.columns))
    elif format is OutputFormat.json:
        print_result(result, format)
    else:
        cols = ["recommendation", "measure", "confidence", "method", "linked", "decision",
                "reviewer", "text", "name", "evidence", "note"]  # fmt: skip
        table = Table(title="review candidates" + (" (pending)" if pending else ""))
        for col in cols:
            table.add_column(col, overflow="fold")
        for r in result.records():
            table.add_row(*(Text(cell(r[c])) for c in cols))  # Text: no markup in notes
        out.print(table)
        out.print(f"{len(result.rows)} rows", markup=False)


@app.command()
@friendly
def queries(
    internal: Annotated[
        bool, typer.Option("--internal", help="also list the queries the API uses internally")
    ] = False,
) -> None:
    """List the catalog queries with their parameters."""
    table = Table()
    for col in ("name", "parameters", "description"):
        table.add_column(col, overflow="fold")
    cat = Catalog.load()
    for q in cat.queries.values() if internal else cat.public():
        params = ", ".join(f"{p.name}:{p.type}{'' if p.required else '?'}" for p in q.params)
        table.add_row(q.name, params, q.description)
    out.print(table)


@app.command()
@friendly
def report(
    data_dir: DataDirOpt = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    allow_incomplete: AllowIncompleteOpt = False,
) -> None:
    """The data-quality report: counts, loader statistics and every problem with file:line."""
    settings = settings_for(data_dir)
    result = build_graph(settings.data_dir, settings.curated_dir, allow_incomplete=allow_incomplete)
    doc = artifacts.report_document(result)
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        return
    if format is OutputFormat.csv:
        print_result(
            QueryResult(
                columns=["kind", "src", "message", "text"],
                rows=[[p.kind, p.src, p.message, p.text] for p in result.report.problems],
            ),
            OutputFormat.csv,
        )
        return
    out.print("[bold]Nodes per label[/bold]")
    for k, v in doc["counts"]["nodes"].items():
        out.print(f"  {k:<22}{v:>6}", markup=False)
    out.print("[bold]Edges per type[/bold]")
    for k, v in doc["counts"]["edges"].items():
        out.print(f"  {k:<22}{v:>6}", markup=False)
    for section, stats in doc["stats"].items():
        out.print(f"[bold]{section}[/bold]")
        for k, v in stats.items():
            out.print(f"  {k:<36}{v:>8}", markup=False)
    out.print(f"[bold]Problems ({len(result.report.problems)})[/bold]")
    for kind, n in doc["problems_by_kind"].items():
        out.print(f"  {kind:<36}{n:>8}", markup=False)
    for p in result.report.problems:
        text = f" | {p.text}" if p.text else ""
        out.print(f"{p.src}: [{p.kind}] {p.message}{text}", markup=False)


@app.command()
@friendly
def load(
    neo4j_uri: Annotated[
        str | None,
        typer.Option("--neo4j", help="bolt://HOST:PORT of a Neo4j 5 server (default: $NEO4J_URI)"),
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", help="Neo4j user (default: $NEO4J_USER or neo4j)")
    ] = None,
    password: Annotated[
        str | None, typer.Option("--password", help="Neo4j password (default: $NEO4J_PASSWORD)")
    ] = None,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="delete the graph's labels first (drops stale nodes)")
    ] = False,
    data_dir: DataDirOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    allow_incomplete: AllowIncompleteOpt = False,
) -> None:
    """Build the graph from the sources and import it into Neo4j (idempotent: MERGE on ids)."""
    from kodoku_graph.graph.stores import neo4j as neo4j_store

    settings = settings_for(data_dir)
    uri = neo4j_uri or settings.neo4j_uri
    driver = neo4j_store.connect(
        uri, user or settings.neo4j_user, password or settings.neo4j_password.get_secret_value()
    )
    try:
        result = build_graph(
            settings.data_dir, settings.curated_dir, allow_incomplete=allow_incomplete
        )
        t0 = time.perf_counter()
        if fresh:
            neo4j_store.clear(driver)
        with progress_bar(len(NODES) + len(EDGES), disable=quiet) as progress:
            task = progress.add_task("neo4j", total=len(NODES) + len(EDGES))
            written = neo4j_store.import_graph(
                driver,
                result.graph,
                progress=lambda what: progress.update(task, description=what, advance=1),
            )
        seconds = time.perf_counter() - t0
        stored = neo4j_store.counts(driver)
    finally:
        driver.close()
    out.print(
        f"loaded {written['nodes']} nodes and {written['relationships']} relationships into "
        f"{uri} in {seconds:.2f} s; Neo4j now holds {sum(stored['nodes'].values())} nodes and "
        f"{sum(stored['edges'].values())} relationships of the model",
        markup=False,
    )


@app.command()
@friendly
def serve(
    backend: Annotated[
        Backend | None,
        typer.Option("--backend", help="graph store the API reads (default: $KODOKU_BACKEND)"),
    ] = None,
    host: Annotated[
        str | None, typer.Option("--host", help="default: $KODOKU_HOST or 127.0.0.1")
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", help="default: $KODOKU_PORT or 8000")
    ] = None,
    home: HomeOpt = None,
) -> None:
    """Serve the JSON API (OpenAPI docs at /docs) and the explorer (at /) with uvicorn.

    The embedded store is built first if it is missing."""
    import uvicorn

    from kodoku_graph.api import create_app

    settings = settings_for(home=home)
    if backend is not None:
        settings = settings.model_copy(update={"backend": backend.value})
    if host is not None:
        settings.host = host
    if port is not None:
        settings.port = port
    if settings.backend == "embedded":
        open_built_store(settings).close()  # build now, before the server answers
    mcp = ", MCP at /mcp" if settings.mcp else ""
    err.print(
        f"serving http://{settings.host}:{settings.port}/ (API docs at /docs{mcp})", markup=False
    )
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


@app.command()
@friendly
def mcp(
    backend: Annotated[
        Backend | None,
        typer.Option("--backend", help="graph store the tools read (default: $KODOKU_BACKEND)"),
    ] = None,
    home: HomeOpt = None,
) -> None:
    """Serve the graph as an MCP server over stdio (for AI assistants: command `kodoku`,
    args ["mcp"]). Read-only: catalog queries and fixed lookups only.

    The embedded store is built first if it is missing."""
    from kodoku_graph.mcp_server import run_stdio

    run_stdio(settings_for(home=home), backend.value if backend else None)


def main() -> None:  # pragma: no cover - console entry point
    app()
