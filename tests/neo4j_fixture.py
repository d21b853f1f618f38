"""A real Neo4j 5.26 for the tests.

The session fixture :func:`neo4j_server` connects to ``$NEO4J_URI`` (with ``$NEO4J_USER`` and
``$NEO4J_PASSWORD``) when it is set; otherwise it starts Neo4j itself with
:mod:`neo4j_launcher` (tests/neo4j_launcher.py) (the community edition's jars from Maven Central,
``Launcher.java`` compiled with the machine's JDK 17, run on a free loopback port with
authentication on, in a temporary directory); it is stopped at the end of the session.

When Neo4j cannot be had, the tests that need it are skipped with the reason — unless
``KODOKU_REQUIRE_NEO4J=1`` (set by .ci/run), when they fail instead.

Tests that use a server given by ``$NEO4J_URI`` replace the kodoku labels in its default
database: point it at a scratch server.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

import neo4j
import pytest
from neo4j_launcher import (
    Neo4jUnavailable,
    build_launcher,
    start_server,
    stop_server,
)

from kodoku_graph.errors import KodokuError
from kodoku_graph.graph.pipeline import BuildResult
from kodoku_graph.graph.stores import neo4j as n4
from kodoku_graph.graph.stores.neo4j import Neo4jStore

TEST_PASSWORD = "kodoku-test-pw"

#: Measurements reported at the end of the session (not asserted: no timed tests).
TIMINGS: dict[str, str] = {}


@dataclass
class Neo4jServer:
    uri: str
    user: str
    password: str
    started_here: bool
    version: str = ""


def _require() -> bool:
    return os.environ.get("KODOKU_REQUIRE_NEO4J") == "1"


def unavailable(reason: str) -> None:
    """Skip (or, with KODOKU_REQUIRE_NEO4J=1, fail) the test for want of Neo4j."""
    if _require():
        pytest.fail(f"Neo4j is required (KODOKU_REQUIRE_NEO4J=1) but unavailable: {reason}")
    pytest.skip(f"Neo4j unavailable: {reason}")


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A reachable Neo4j 5: ``$NEO4J_URI`` if set, else one started here."""
    uri = os.environ.get("NEO4J_URI")
    proc = None
    if uri:
        server = Neo4jServer(
            uri,
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            started_here=False,
        )
    else:
        home = tmp_path_factory.mktemp("neo4j")
        try:
            t0 = time.perf_counter()
            classpath = build_launcher()
            TIMINGS["neo4j jars + launcher ready"] = f"{time.perf_counter() - t0:.1f} s"
            t0 = time.perf_counter()
            proc, uri = start_server(home, classpath, TEST_PASSWORD)
            TIMINGS["neo4j start-up (launch to bolt ready)"] = f"{time.perf_counter() - t0:.1f} s"
        except Neo4jUnavailable as exc:
            unavailable(str(exc))
        server = Neo4jServer(uri, "neo4j", TEST_PASSWORD, started_here=True)
    try:
        try:
            driver = n4.connect(server.uri, server.user, server.password)
        except KodokuError as exc:
            unavailable(exc.message)
        server.version = driver.get_server_info().agent
        driver.close()
        TIMINGS["neo4j server"] = f"{server.version} at {server.uri}"
        yield server
    finally:
        if proc is not None:
            stop_server(proc)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server: Neo4jServer) -> Iterator[neo4j.Driver]:
    driver = n4.connect(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def neo4j_loaded(neo4j_driver: neo4j.Driver, built: BuildResult) -> dict[str, int]:
    """The real graph imported into Neo4j (after clearing the model's labels); the rows
    written."""
    n4.clear(neo4j_driver)
    t0 = time.perf_counter()
    written = n4.import_graph(neo4j_driver, built.graph)
    TIMINGS["neo4j import of the real data (first load)"] = (
        f"{time.perf_counter() - t0:.2f} s for {written['nodes']} nodes, "
        f"{written['relationships']} relationships"
    )
    return written


@pytest.fixture(scope="session")
def neo4j_store(neo4j_server: Neo4jServer, neo4j_loaded: dict[str, int]) -> Iterator[Neo4jStore]:
    """A read-only Neo4jStore on the loaded real graph."""
    s = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    yield s
    s.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TIMINGS:
        terminalreporter.section("neo4j")
        for key, value in TIMINGS.items():
            terminalreporter.write_line(f"{key}: {value}")
