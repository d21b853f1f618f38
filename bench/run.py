"""The benchmark suite: ``python bench/run.py [--quick] [--out docs/benchmarks.md]``.

Measures, on this machine, with min/median/max (or p50/p99) over repeated runs:

1. the build from raw text, per stage, the embedded store write (bulk COPY, and the
   row-by-row UNWIND path for comparison), the graph.json export and the Neo4j import;
2. every catalog query (each header example) on LadybugDB and on Neo4j over loopback,
   and three of them in plain Python over the networkx graph (bench/pyqueries.py);
3. the HTTP API (``kodoku serve`` on 127.0.0.1) under a bounded load, against calling
   the store directly;
4. the real graph grown ×10, ×100, ×1000 (bench/scale.py): generation, import into both
   stores (nodes/s, relationships/s) and query times per size, with the growth per ×10.

Neo4j 5.26 is started here from the Maven jars (tests/neo4j_launcher.py) unless
``--neo4j-uri`` names a scratch server (its kodoku labels are replaced). Everything runs
on loopback; every load loop is bounded in requests and time. ``--quick`` (×10 only, few
repetitions) runs in under a minute and is run by tests/test_bench.py.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "tests"):  # run as a script: `bench`, the package, test servers
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import neo4j_launcher as neo4j_server  # noqa: E402
import networkx as nx  # noqa: E402
from local_server import free_port  # noqa: E402

from bench.pyqueries import PY_QUERIES, PyGraph, run_py  # noqa: E402
from bench.scale import grow  # noqa: E402
from kodoku_graph.graph.export import write_json  # noqa: E402
from kodoku_graph.graph.pipeline import STAGES, build_graph  # noqa: E402
from kodoku_graph.graph.stores import embedded  # noqa: E402
from kodoku_graph.graph.stores import neo4j as neo4j_store  # noqa: E402
from kodoku_graph.queries import Catalog  # noqa: E402
from kodoku_graph.settings import PROJECT_ROOT  # noqa: E402

DATA_DIR = PROJECT_ROOT / "data" / "raw"
CURATED_DIR = PROJECT_ROOT / "data" / "curated"
PASSWORD = "kodoku-bench-pw"

#: Performance goals (docs/benchmarks.md reports each as MET or MISSED).
GOAL_BUILD_S = 1.0
GOAL_QUERY_P50_MS = 5.0
GOAL_API_OVERHEAD_MS = 1.0
GOAL_EMBEDDED_NODES_S = 100_000
GOAL_NEO4J_NODES_S = 20_000


@dataclass
class Mode:
    """How much to measure."""

    quick: bool
    build_runs: int
    query_reps: int
    query_budget_s: float
    api_seconds: float
    api_max_requests: int
    sizes: list[int]
    scale_query_reps: int
    scale_budget_s: float

    @classmethod
    def of(cls, quick: bool) -> Mode:
        if quick:
            return cls(True, 2, 20, 0.15, 1.0, 2000, [1, 10], 3, 0.15)
        return cls(False, 5, 300, 3.0, 5.0, 50_000, [1, 10, 100, 1000], 20, 4.0)


# --- measuring -------------------------------------------------------------------------


def quantile(xs: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank) of ``xs``.

    >>> quantile([1.0, 2.0, 3.0, 4.0], 0.5), quantile(list(range(100)), 0.99)
    (2.0, 98)
    """
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, int(round(q * len(s) + 0.5)) - 1))]


@dataclass
class Sample:
    """Repeated measurements of one thing, in seconds."""

    xs: list[float] = field(default_factory=list)

    @property
    def min(self) -> float:
        return min(self.xs)

    @property
    def median(self) -> float:
        return statistics.median(self.xs)

    @property
    def max(self) -> float:
        return max(self.xs)

    def p(self, q: float) -> float:
        return quantile(self.xs, q)


def repeat(fn: Callable[[], Any], reps: int, budget_s: float, min_reps: int = 3) -> Sample:
    """Time ``fn`` up to ``reps`` times, stopping after ``budget_s`` (at least
    ``min_reps`` runs); one untimed warm-up call first."""
    fn()
    out = Sample()
    start = time.perf_counter()
    while len(out.xs) < reps:
        t0 = time.perf_counter()
        fn()
        out.xs.append(time.perf_counter() - t0)
        if len(out.xs) >= min_reps and time.perf_counter() - start > budget_s:
            break
    return out


def ms(x: float) -> str:
    return f"{x * 1000:.2f}" if x < 10 else f"{x * 1000:.0f}"


def sec(x: float) -> str:
    return f"{x:.3f}"


def rate(n: int, s: float) -> str:
    return f"{n / s:,.0f}" if s > 0 else "–"


def met(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- Neo4j -----------------------------------------------------------------------------


@dataclass
class Neo4jHandle:
    uri: str
    user: str
    password: str
    version: str
    driver: Any
    started_here: bool
    start_s: float = 0.0


@contextmanager
def neo4j_session(args: argparse.Namespace, work: Path) -> Iterator[Neo4jHandle | str]:
    """A Neo4j to measure (started here unless ``--neo4j-uri``), or why there is none."""
    if args.no_neo4j:
        yield "skipped (--no-neo4j)"
        return
    proc = None
    try:
        t0 = time.perf_counter()
        if args.neo4j_uri:
            uri, user, password = args.neo4j_uri, args.neo4j_user, args.neo4j_password
        else:
            classpath = neo4j_server.build_launcher()
            home = work / "neo4j"
            home.mkdir()
            # C2 and a larger heap: the scale runs import up to ~750k nodes
            jvm = ("-Xms1g", "-Xmx2g") if args.quick else ("-Xms2g", "-Xmx6g")
            proc, uri = neo4j_server.start_server(
                home, classpath, PASSWORD, jvm=jvm, pagecache_mb=256 if args.quick else 2048
            )
            user, password = "neo4j", PASSWORD
        driver = neo4j_store.connect(uri, user, password)
    except (neo4j_server.Neo4jUnavailable, Exception) as exc:  # report, do not fail the bench
        if proc is not None:
            neo4j_server.stop_server(proc)
        yield f"unavailable: {getattr(exc, 'message', None) or exc}"
        return
    handle = Neo4jHandle(
        uri,
        user,
        password,
        driver.get_server_info().agent,
        driver,
        proc is not None,
        time.perf_counter() - t0,
    )
    try:
        yield handle
    finally:
        driver.close()
        if proc is not None:
            neo4j_server.stop_server(proc)


def neo4j_import(driver: Any, graph: nx.MultiDiGraph) -> dict[str, float]:
    """Clear, then import ``graph`` into an empty database (the bulk path); seconds for
    the schema, the nodes, the relationships, and the totals."""
    neo4j_store.clear(driver)
    t0 = time.perf_counter()
    neo4j_store.ensure_schema(driver)
    t1 = time.perf_counter()
    marks: dict[str, float] = {}
    n_labels = len(neo4j_store.NODES)
    seen = [0]

    def progress(step: str) -> None:
        seen[0] += 1
        if seen[0] == n_labels:
            marks["nodes_done"] = time.perf_counter()

    written = neo4j_store.import_graph(driver, graph, progress=progress)
    t2 = time.perf_counter()
    return {
        "schema_s": t1 - t0,
        "nodes_s": marks["nodes_done"] - t1,
        "rels_s": t2 - marks["nodes_done"],
        "total_s": t2 - t0,
        "nodes": written["nodes"],
        "relationships": written["relationships"],
    }


def neo4j_merge_reload(driver: Any, graph: nx.MultiDiGraph) -> float:
    """Seconds to load ``graph`` again over itself (the idempotent merge path)."""
    t0 = time.perf_counter()
    neo4j_store.import_graph(driver, graph)
    return time.perf_counter() - t0


# --- sections --------------------------------------------------------------------------


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    goals: list[tuple[str, bool | None, str]] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.add("| " + " | ".join(header) + " |", "|" + "---|" * len(header))
        for r in rows:
            self.add("| " + " | ".join(r) + " |")
        self.add("")

    def goal(self, name: str, ok: bool | None, figure: str) -> None:
        self.goals.append((name, ok, figure))


def section_build(rep: Report, mode: Mode, work: Path, neo: Neo4jHandle | str) -> tuple[Any, Path]:
    """1. The build from raw text, per stage; returns the last build and its store."""
    log("build")
    stages: dict[str, Sample] = {name: Sample() for name, _ in STAGES}
    extra = {k: Sample() for k in ("pipeline", "store-copy", "store-unwind", "graph.json")}
    total = Sample()
    store = work / "home" / "store.lbdb"
    result = None
    for i in range(mode.build_runs):
        t0 = time.perf_counter()
        result = build_graph(DATA_DIR, CURATED_DIR)
        t1 = time.perf_counter()
        embedded.create_database(result.graph, store)
        t2 = time.perf_counter()
        for name, _ in STAGES:
            stages[name].xs.append(result.timings[name])
        extra["pipeline"].xs.append(t1 - t0)
        extra["store-copy"].xs.append(t2 - t1)
        total.xs.append(t2 - t0)
        t3 = time.perf_counter()
        write_json(result.graph, result.meta, work / "graph.json")
        extra["graph.json"].xs.append(time.perf_counter() - t3)
        if not mode.quick or i == 0:
            t4 = time.perf_counter()
            embedded.create_database(result.graph, work / "unwind.lbdb", method="unwind")
            extra["store-unwind"].xs.append(time.perf_counter() - t4)
        log(f"build run {i + 1}: {total.xs[-1]:.3f} s")
    g = result.graph
    rep.add(
        "## 1. Build from raw text",
        "",
        f"{mode.build_runs} runs of `pipeline.build_graph` (data/raw → networkx graph, "
        f"{g.number_of_nodes()} nodes, {g.number_of_edges()} relationships) followed by "
        "`embedded.create_database` (a fresh LadybugDB store, bulk `COPY`). Seconds.",
        "",
    )
    rows = [[f"stage `{n}`", sec(s.min), sec(s.median), sec(s.max)] for n, s in stages.items()]
    rows += [
        ["**all stages** (build_graph)", *map(sec, _mmm(extra["pipeline"]))],
        ["embedded store write (COPY)", *map(sec, _mmm(extra["store-copy"]))],
        ["**total: raw text → embedded store**", *map(sec, _mmm(total))],
        ["graph.json export (also in `kodoku build`)", *map(sec, _mmm(extra["graph.json"]))],
        ["embedded store write, row by row (UNWIND, before)", *map(sec, _mmm(extra["store-unwind"]))],
    ]  # fmt: skip
    if isinstance(neo, Neo4jHandle):
        cold = neo4j_import(neo.driver, g)
        warm = Sample()
        merge = Sample()
        for _ in range(1 if mode.quick else mode.build_runs):
            warm.xs.append(neo4j_import(neo.driver, g)["total_s"])
            merge.xs.append(neo4j_merge_reload(neo.driver, g))
        rows += [
            ["Neo4j import, first after server start (cold JVM)", sec(cold["total_s"]), "", ""],
            ["Neo4j import into an empty database (bulk CREATE)", *map(sec, _mmm(warm))],
            ["Neo4j reload over the same graph (idempotent MERGE)", *map(sec, _mmm(merge))],
        ]
    else:
        rows.append([f"Neo4j import: {neo}", "", "", ""])
    rep.table(["step", "min", "median", "max"], rows)
    share = {k: v.median for k, v in stages.items()}
    share["embedded store write"] = extra["store-copy"].median
    top = sorted(share.items(), key=lambda kv: -kv[1])[:3]
    rep.add(
        "What dominates: "
        + ", ".join(f"{k} {v:.3f} s ({v / total.median:.0%})" for k, v in top)
        + f" of the {total.median:.3f} s median total.",
        "",
    )
    rep.goal(
        f"full build from raw text < {GOAL_BUILD_S:g} s",
        total.median < GOAL_BUILD_S,
        f"{total.median:.3f} s median (min {total.min:.3f} s) raw text → embedded store",
    )
    return result, store


def _mmm(s: Sample) -> tuple[float, float, float]:
    return s.min, s.median, s.max


def query_cases(catalog: Catalog) -> list[tuple[str, dict[str, str]]]:
    """Every catalog query with each of its header examples."""
    return [(name, ex) for name in catalog.names() for ex in catalog.get(name).examples]


def label(name: str, ex: dict[str, str]) -> str:
    args = " ".join(f"{k}={v}" for k, v in ex.items())
    return f"`{name}` {args}".strip()


def section_queries(
    rep: Report, mode: Mode, store_path: Path, graph: nx.MultiDiGraph, neo: Neo4jHandle | str
) -> None:
    """2. Every catalog query on both stores, three in plain Python."""
    log("queries")
    catalog = Catalog.load()
    emb = embedded.EmbeddedStore(store_path)
    n4s = (
        neo4j_store.Neo4jStore(neo.uri, neo.user, neo.password)
        if isinstance(neo, Neo4jHandle)
        else None
    )
    if n4s is not None:
        neo4j_store.clear(neo.driver)
        neo4j_store.import_graph(neo.driver, graph)
    pg = PyGraph(graph)
    rows = []
    worst = ("", 0.0)
    mismatches = []
    for name, ex in query_cases(catalog):
        timings: dict[str, Sample] = {}
        timings["LadybugDB"] = repeat(
            lambda n=name, e=ex: catalog.run(emb, n, e), mode.query_reps, mode.query_budget_s
        )
        expected = catalog.run(emb, name, ex).rows
        if n4s is not None:
            timings["Neo4j"] = repeat(
                lambda n=name, e=ex: catalog.run(n4s, n, e), mode.query_reps, mode.query_budget_s
            )
        if name in PY_QUERIES:
            params = catalog.get(name).bind(ex)
            if run_py(pg, name, params) != expected:
                mismatches.append(label(name, ex))
            timings["Python"] = repeat(
                lambda n=name, p=params: run_py(pg, n, p), mode.query_reps, mode.query_budget_s
            )
        fastest = min(s.p(0.5) for s in timings.values())
        cells = []
        for backend in ("LadybugDB", "Neo4j", "Python"):
            s = timings.get(backend)
            cells.append(
                f"{ms(s.p(0.5))} / {ms(s.p(0.99))} (×{s.p(0.5) / fastest:.1f})" if s else ""
            )
        p50 = timings["LadybugDB"].p(0.5)
        if p50 > worst[1]:
            worst = (label(name, ex), p50)
        rows.append([label(name, ex), str(len(expected)), *cells])
    emb.close()
    if n4s is not None:
        n4s.close()
    rep.add(
        "## 2. Catalog queries",
        "",
        "Every catalog query with each header example, on the real data. Cells: p50 / p99 in "
        "ms (×ratio of p50 to the fastest of the row). LadybugDB embedded in-process; Neo4j "
        "over bolt on 127.0.0.1 (driver session + read transaction per query); Python: "
        "bench/pyqueries.py over the networkx graph (same rows, checked). Up to "
        f"{mode.query_reps} runs or {mode.query_budget_s:g} s per cell.",
        "",
    )
    rep.table(["query", "rows", "LadybugDB", "Neo4j", "Python (networkx)"], rows)
    if mismatches:
        rep.add(f"**Python answers differ from the store** for: {', '.join(mismatches)}", "")
    else:
        rep.add("The Python answers equal the LadybugDB answers row for row.", "")
    rep.goal(
        f"every catalog query < {GOAL_QUERY_P50_MS:g} ms p50 on the embedded store",
        worst[1] * 1000 < GOAL_QUERY_P50_MS,
        f"slowest {worst[0]}: {ms(worst[1])} ms p50",
    )
    if mismatches:
        raise SystemExit(f"Python query answers differ from the store: {mismatches}")


def serve(home: Path, backend: str, neo: Neo4jHandle | None, log_file: Path) -> tuple[Any, int]:
    """Start ``kodoku serve`` on a free loopback port; the process and the port."""
    port = free_port()
    env = dict(os.environ, KODOKU_HOME=str(home))
    if neo is not None:
        env.update(NEO4J_URI=neo.uri, NEO4J_USER=neo.user, NEO4J_PASSWORD=neo.password)
    kodoku = Path(sys.executable).with_name("kodoku")
    cmd = [str(kodoku)] if kodoku.exists() else [sys.executable, "-m", "kodoku_graph.cli"]
    proc = subprocess.Popen(
        [*cmd, "serve", "--backend", backend, "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log_file.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kodoku serve exited: {log_file.read_text()[-500:]}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/health")
            if c.getresponse().status == 200:
                c.close()
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("kodoku serve did not answer /health within 60 s")


def load(port: int, path: str, clients: int, seconds: float, max_requests: int) -> dict[str, Any]:
    """``clients`` keep-alive connections on 127.0.0.1 sending GET ``path`` back to back
    for ``seconds`` (at most ``max_requests`` in all); latencies and throughput."""
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.perf_counter() < stop:
            with lock:
                if len(lat) + len(mine) >= max_requests:
                    break
            t0 = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            mine.append(time.perf_counter() - t0)
            if resp.status != 200:
                errors[0] += 1
        conn.close()
        with lock:
            lat.extend(mine)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    return {"n": len(lat), "rps": len(lat) / elapsed, "lat": Sample(lat), "errors": errors[0]}


def section_api(rep: Report, mode: Mode, work: Path, store_path: Path) -> None:
    """3. The HTTP API under a bounded loopback load, against the store called directly."""
    log("api")
    rep.add("## 3. HTTP API", "")
    try:
        from kodoku_graph.api import data as api_data
    except ImportError as exc:
        rep.add(f"API not available: `kodoku_graph.api` cannot be imported ({exc}).", "")
        rep.goal(f"the API adds < {GOAL_API_OVERHEAD_MS:g} ms at p50", None, "API not available")
        return
    home = store_path.parent
    catalog = Catalog.load()
    emb = embedded.EmbeddedStore(store_path)
    direct = {
        "/queries/unaddressed-recommendations": repeat(
            lambda: catalog.run(emb, "unaddressed-recommendations", {}).records(),
            mode.query_reps,
            mode.query_budget_s,
        ),
        "/measures/127": repeat(
            lambda: api_data.measure(emb, 127), mode.query_reps, mode.query_budget_s
        ),
    }
    emb.close()  # the server opens the store itself
    proc, port = serve(home, "embedded", None, work / "serve.log")
    rows = []
    overhead = {}
    try:
        for path, d in direct.items():
            load(port, path, 1, 0.3, 50)  # warm-up
            for clients in (1, 4):
                r = load(port, path, clients, mode.api_seconds, mode.api_max_requests)
                lat = r["lat"]
                rows.append(
                    [
                        f"`GET {path}`",
                        str(clients),
                        f"{r['n']}" + (f" ({r['errors']} errors)" if r["errors"] else ""),
                        f"{r['rps']:,.0f}",
                        ms(lat.p(0.5)),
                        ms(lat.p(0.99)),
                        ms(d.p(0.5)),
                        f"{(lat.p(0.5) - d.p(0.5)) * 1000:+.2f}" if clients == 1 else "",
                        f"×{lat.p(0.5) / d.p(0.5):.1f}",
                    ]
                )
                if clients == 1:
                    overhead[path] = lat.p(0.5) - d.p(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    rep.add(
        f"`kodoku serve` (uvicorn, embedded store, one process) on 127.0.0.1; clients: "
        "keep-alive `http.client` connections in threads of the bench process, sending "
        f"back to back for {mode.api_seconds:g} s (at most {mode.api_max_requests} "
        "requests). Direct: the same answer from the store in-process — "
        "`Catalog.run` for the query, `kodoku_graph.api.data.measure` for the measure. "
        "Client and server share the 2 cores. Latency in ms.",
        "",
    )
    rep.table(
        ["request", "clients", "requests", "req/s", "p50", "p99", "direct p50", "added p50",
         "API / direct"],
        rows,
    )  # fmt: skip
    worst = max(overhead.items(), key=lambda kv: kv[1])
    rep.goal(
        f"the API adds < {GOAL_API_OVERHEAD_MS:g} ms at p50",
        worst[1] * 1000 < GOAL_API_OVERHEAD_MS,
        "added p50 (1 client): "
        + ", ".join(f"{p} {v * 1000:+.2f} ms" for p, v in overhead.items()),
    )


#: Queries timed at every size (each with its first header example).
SCALE_QUERIES = [
    "measure",
    "recommendations-for-measure",
    "measures-for-recommendation",
    "measure-status",
    "ministry-co-responsibility",
    "measures-by-ministry",
    "unaddressed-recommendations",
    "relisted-measures",
    "area-coverage",
    "theme-persistence",
]
#: Lookups by primary key (``id``): should stay flat.
ID_LOOKUPS = {"measures-for-recommendation"}
#: Lookups by measure number (``no``): Neo4j has a range index on it, LadybugDB only
#: indexes the primary key.
NO_LOOKUPS = {"measure", "recommendations-for-measure", "measure-status"}


def section_scale(rep: Report, mode: Mode, work: Path, real: nx.MultiDiGraph, neo: Any) -> None:
    """4. The real graph grown ×N: generation, import into both stores, queries."""
    catalog = Catalog.load()
    results = [scale_one(size, mode, work, real, neo, catalog) for size in mode.sizes]
    backends = ["LadybugDB"] + (["Neo4j"] if isinstance(neo, Neo4jHandle) else [])
    report_scale_imports(rep, results, neo)
    flat = report_scale_queries(rep, results, backends)
    report_scale_goals(rep, results, flat)


def scale_one(
    size: int, mode: Mode, work: Path, real: nx.MultiDiGraph, neo: Any, catalog: Catalog
) -> dict[str, Any]:
    """Grow the graph ×``size``, import it into both stores, time the scale queries."""
    log(f"scale ×{size}")
    t0 = time.perf_counter()
    g = grow(real, size)
    gen_s = time.perf_counter() - t0
    nodes, rels = g.number_of_nodes(), g.number_of_edges()
    path = work / f"scale-{size}.lbdb"
    marks: dict[str, float] = {}
    t0 = time.perf_counter()
    embedded.create_database(
        g, path, lambda step, m=marks: m.__setitem__(step, time.perf_counter())
    )
    emb_s = time.perf_counter() - t0
    t_nodes = marks[f"nodes {list(embedded.NODES)[-1]}"] - t0
    t_rels = marks[f"edges {list(embedded.EDGES)[-1]}"] - t0 - t_nodes
    row: dict[str, Any] = {
        "size": size, "nodes": nodes, "rels": rels, "gen_s": gen_s, "emb_s": emb_s,
        "emb_nodes_s": t_nodes, "emb_rels_s": t_rels, "q": {},
    }  # fmt: skip
    if isinstance(neo, Neo4jHandle):
        row["neo"] = neo4j_import(neo.driver, g)
    log(f"scale ×{size}: {nodes} nodes, embedded {emb_s:.2f} s")
    emb = embedded.EmbeddedStore(path)
    n4s = (
        neo4j_store.Neo4jStore(neo.uri, neo.user, neo.password)
        if isinstance(neo, Neo4jHandle)
        else None
    )
    for name in SCALE_QUERIES:
        ex = catalog.get(name).examples[0]
        cell = {
            "LadybugDB": repeat(
                lambda n=name, e=ex, st=emb: catalog.run(st, n, e),
                mode.scale_query_reps,
                mode.scale_budget_s,
                min_reps=2,
            ),
            "rows": len(catalog.run(emb, name, ex).rows),
        }
        if n4s is not None:
            cell["Neo4j"] = repeat(
                lambda n=name, e=ex, st=n4s: catalog.run(st, n, e),
                mode.scale_query_reps,
                mode.scale_budget_s,
                min_reps=2,
            )
        row["q"][name] = cell
    emb.close()
    if n4s is not None:
        n4s.close()
    del g
    embedded._remove(path)
    return row


def report_scale_imports(rep: Report, results: list[dict[str, Any]], neo: Any) -> None:
    """The import table of section 4."""
    rep.add(
        "## 4. Scale",
        "",
        "bench/scale.py grows the real graph ×N: every non-hub node and its edges copied N "
        "times as more plan editions and recommendation years (real degree distributions, "
        "unique ids and numbers), ministries, pillars and councils shared. Generation = "
        "building the grown networkx graph. Imports into a fresh store (LadybugDB: bulk "
        "`COPY`; Neo4j: schema, then bulk `CREATE` in 10,000-row transactions, after a "
        "clear). Seconds; rates per second of the whole import.",
        "",
    )
    head = ["×", "nodes", "relationships", "generate s",
            "LadybugDB s (nodes + rels + commit)", "LadybugDB nodes/s", "LadybugDB rels/s"]  # fmt: skip
    if isinstance(neo, Neo4jHandle):
        head += ["Neo4j s (schema + nodes + rels)", "Neo4j nodes/s", "Neo4j rels/s"]
    rows = []
    for r in results:
        commit = r["emb_s"] - r["emb_nodes_s"] - r["emb_rels_s"]
        cells = [
            str(r["size"]), f"{r['nodes']:,}", f"{r['rels']:,}", sec(r["gen_s"]),
            f"{r['emb_s']:.2f} ({r['emb_nodes_s']:.2f} + {r['emb_rels_s']:.2f} + {commit:.2f})",
            rate(r["nodes"], r["emb_nodes_s"]), rate(r["rels"], r["emb_rels_s"]),
        ]  # fmt: skip
        if "neo" in r:
            n = r["neo"]
            cells += [
                f"{n['total_s']:.2f} ({n['schema_s']:.2f} + {n['nodes_s']:.2f} + {n['rels_s']:.2f})",
                rate(r["nodes"], n["nodes_s"]),
                rate(r["rels"], n["rels_s"]),
            ]
        rows.append(cells)
    rep.table(head, rows)
    rep.add(
        "Rates divide the nodes by the node phase and the relationships by the "
        "relationship phase. LadybugDB's node phase includes the schema and grouping the "
        "graph's rows by label and type (one pass), each phase writes CSV files and runs "
        "`COPY`; commit = commit and checkpoint. Neo4j's schema (constraints and indexes) is "
        "outside both phases.",
        "",
        "Query p50 in ms per size (first header example), and the growth per ×10 of size "
        "(p50 at 10·N ÷ p50 at N; 1.0 = flat):",
        "",
    )


def report_scale_queries(
    rep: Report, results: list[dict[str, Any]], backends: list[str]
) -> dict[str, list[tuple[str, float]]]:
    """The query table of section 4; returns each lookup's p50 growth per ×10."""
    head = ["query", "backend"] + [f"×{r['size']}" for r in results] + ["rows"]
    pairs = [
        (a, b) for a, b in zip(results, results[1:], strict=False) if b["size"] == 10 * a["size"]
    ]
    head += [f"×{b['size']}/×{a['size']}" for a, b in pairs]
    rows = []
    flat: dict[str, list[tuple[str, float]]] = {b: [] for b in backends}
    for name in SCALE_QUERIES:
        for b in backends:
            kind = " (id lookup)" if name in ID_LOOKUPS else ""
            kind = " (lookup by no)" if name in NO_LOOKUPS else kind
            cells = [f"`{name}`{kind}", b]
            cells += [ms(r["q"][name][b].p(0.5)) for r in results]
            cells.append(" → ".join(str(r["q"][name]["rows"]) for r in results))
            for a, c in pairs:
                g_ = c["q"][name][b].p(0.5) / a["q"][name][b].p(0.5)
                cells.append(f"{g_:.1f}")
            if name in ID_LOOKUPS | NO_LOOKUPS and len(results) > 1:
                first, last_ = results[0], results[-1]
                decades = math.log10(last_["size"] / first["size"])
                whole = last_["q"][name][b].p(0.5) / first["q"][name][b].p(0.5)
                flat[b].append((name, whole ** (1 / decades)))
            rows.append(cells)
    rep.table(head, rows)
    return flat


def report_scale_goals(
    rep: Report, results: list[dict[str, Any]], flat: dict[str, list[tuple[str, float]]]
) -> None:
    """The import-rate and flatness goals of section 4."""
    last = results[-1]
    if last["size"] >= 1000:
        er = last["nodes"] / last["emb_nodes_s"]
        rep.goal(
            f"LadybugDB import ≥ {GOAL_EMBEDDED_NODES_S:,} nodes/s at ×1000",
            er >= GOAL_EMBEDDED_NODES_S,
            f"{er:,.0f} nodes/s in the node phase ({last['nodes']:,} nodes + "
            f"{last['rels']:,} relationships in {last['emb_s']:.1f} s: "
            f"{last['nodes'] / last['emb_s']:,.0f} nodes/s overall)",
        )
        if "neo" in last:
            n = last["neo"]
            nr = last["nodes"] / n["nodes_s"]
            rep.goal(
                f"Neo4j import ≥ {GOAL_NEO4J_NODES_S:,} nodes/s at ×1000",
                nr >= GOAL_NEO4J_NODES_S,
                f"{nr:,.0f} nodes/s (nodes {n['nodes_s']:.1f} s; relationships "
                f"{n['rels_s']:.1f} s = {last['rels'] / n['rels_s']:,.0f}/s)",
            )
    else:
        rep.goal("imports at ×1000", None, f"not measured (largest size ×{last['size']})")
    rep.add(
        "Flatness below: the p50 growth per ×10 over the whole range, "
        "(p50 at the largest size ÷ p50 at ×1)^(1 / number of ×10 steps); 1.0 = flat, 10 = "
        "linear in the data.",
        "",
    )
    for b, gs in flat.items():
        ids = [(n, x) for n, x in gs if n in ID_LOOKUPS]
        nos = [(n, x) for n, x in gs if n in NO_LOOKUPS]
        for what, items in (("by primary key id", ids), ("by measure number", nos)):
            if items:
                worst = max(items, key=lambda it: it[1])
                rep.goal(
                    f"lookups {what} flat as data grows ({b})",
                    worst[1] < 1.5,
                    "p50 growth per ×10: "
                    + ", ".join(f"`{n}` {x:.2f}" for n, x in items)
                    + " (flat taken as < 1.5)",
                )


# --- the document ----------------------------------------------------------------------


def versions(neo: Neo4jHandle | str) -> list[str]:
    pkgs = ["kodoku-graph", "ladybug", "neo4j", "networkx", "fastapi", "uvicorn", "rapidfuzz"]
    out = [f"Python {platform.python_version()}"]
    for p in pkgs:
        try:
            out.append(f"{p} {metadata.version(p)}")
        except metadata.PackageNotFoundError:
            out.append(f"{p} (not installed)")
    out.append(
        f"Neo4j server {neo.version} ({'started by the bench' if neo.started_here else neo.uri}"
        f", ready in {neo.start_s:.1f} s)"
        if isinstance(neo, Neo4jHandle)
        else f"Neo4j {neo}"
    )
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
        out.append((java.stderr or java.stdout).splitlines()[0])
    except (OSError, subprocess.SubprocessError, IndexError):
        pass
    return out


def machine() -> list[str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return [
        f"{platform.system()} {platform.release()} {platform.machine()}",
        f"{os.cpu_count()} cores, {cpu}, {mem} memory",
    ]


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def run(args: argparse.Namespace) -> Path:
    mode = Mode.of(args.quick)
    started = datetime.now(UTC)
    load_start = os.getloadavg()
    t_start = time.perf_counter()
    rep = Report()
    with tempfile.TemporaryDirectory(prefix="kodoku-bench-") as tmp:
        work = Path(tmp)
        (work / "home").mkdir()
        with neo4j_session(args, work) as neo:
            if isinstance(neo, str):
                log(f"Neo4j {neo}")
            vers = versions(neo)
            result, store = section_build(rep, mode, work, neo)
            write_json(result.graph, result.meta, work / "home" / "graph.json")
            section_queries(rep, mode, store, result.graph, neo)
            section_api(rep, mode, work, store)
            section_scale(rep, mode, work, result.graph, neo)
            if not args.quick:  # hook: bench/attack.py (normal clients under attack)
                from bench import attack

                rep.lines += ["## 5. Under attack", "", attack.measure(
                    attack.parse_args(["--home", str(work / "home")])), ""]  # fmt: skip
    elapsed = time.perf_counter() - t_start
    load_end = os.getloadavg()
    head = [
        "# Benchmarks",
        "",
        f"Generated by `python bench/run.py{' --quick' if args.quick else ''}` on "
        f"{started.strftime('%Y-%m-%d %H:%M UTC')} at commit {git_commit() or '?'} "
        f"({'quick smoke mode: few repetitions, ×10 only' if args.quick else 'full run'}; "
        f"{elapsed:.0f} s).",
        "",
        "## Machine and versions",
        "",
        *[f"- {x}" for x in machine()],
        f"- load average (1 min) {load_start[0]:.2f} at the start, {load_end[0]:.2f} at the "
        "end (other work on the machine shows here: compare min with median)",
        *[f"- {x}" for x in vers],
        "",
        "## Goals",
        "",
        "| goal | result | figure |",
        "|---|---|---|",
        *[f"| {g} | {'–' if ok is None else met(ok)} | {fig} |" for g, ok, fig in rep.goals],
        "",
    ]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(head + rep.lines).rstrip() + "\n", encoding="utf-8")
    log(f"wrote {out} in {elapsed:.0f} s")
    return out


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="smoke mode: under a minute, ×10 only")
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"), help="the report")
    p.add_argument("--neo4j-uri", default=None, help="use this scratch Neo4j (labels replaced)")
    p.add_argument("--neo4j-user", default="neo4j")
    p.add_argument("--neo4j-password", default="")
    p.add_argument("--no-neo4j", action="store_true", help="measure the embedded store only")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    run(parse_args(argv))


if __name__ == "__main__":
    main()
