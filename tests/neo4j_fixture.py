"""A real Neo4j 5.26 for the tests.

The session fixture :func:`neo4j_server` connects to ``$NEO4J_URI`` (with ``$NEO4J_USER`` and
``$NEO4J_PASSWORD``) when it is set; otherwise it starts Neo4j itself: the community
edition's jars come from Maven Central through ``mvn dependency:copy-dependencies``
(cached in ~/.m2, copied to tests/neo4j_server/target/lib), ``Launcher.java`` is compiled
with the machine's JDK 17 and run on a free loopback port with authentication on, in a
temporary directory; it is stopped at the end of the session.

When Neo4j cannot be had, the tests that need it are skipped with the reason — unless
``KODOKU_REQUIRE_NEO4J=1`` (set by .ci/run), when they fail instead.

Tests that use a server given by ``$NEO4J_URI`` replace the kodoku labels in its default
database: point it at a scratch server.
"""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import neo4j
import pytest

from kodoku_graph.errors import KodokuError
from kodoku_graph.graph import neo4j_store as n4
from kodoku_graph.graph.neo4j_store import Neo4jStore
from kodoku_graph.pipeline import BuildResult

SERVER_DIR = Path(__file__).resolve().parent / "neo4j_server"
TARGET = SERVER_DIR / "target"
LAUNCHER = SERVER_DIR / "src" / "main" / "java" / "kodoku" / "Launcher.java"
READY_TIMEOUT_S = 120.0
TEST_PASSWORD = "kodoku-test-pw"

#: Measurements reported at the end of the session (not asserted: no timed tests).
TIMINGS: dict[str, str] = {}


class Neo4jUnavailable(Exception):
    """Neo4j could not be started or reached."""


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


def build_launcher() -> str:
    """Resolve the Neo4j jars and compile the launcher (once per change of pom/launcher);
    the class path to run it with."""
    for tool in ("mvn", "java", "javac"):
        if shutil.which(tool) is None:
            raise Neo4jUnavailable(f"{tool} is not on PATH (need JDK 17 and Maven)")
    pom = SERVER_DIR / "pom.xml"
    stamp = hashlib.sha256(pom.read_bytes() + LAUNCHER.read_bytes()).hexdigest()
    stamp_file = TARGET / "stamp"
    classpath = f"{TARGET / 'classes'}{os.pathsep}{TARGET / 'lib' / '*'}"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return classpath
    shutil.rmtree(TARGET, ignore_errors=True)
    steps = [
        [
            "mvn", "-q", "-B", "-f", str(pom), "dependency:copy-dependencies",
            f"-DoutputDirectory={TARGET / 'lib'}",
        ],
        [
            "javac", "--release", "17", "-d", str(TARGET / "classes"), "-cp",
            str(TARGET / "lib" / "*"), str(LAUNCHER),
        ],
    ]  # fmt: skip
    for cmd in steps:
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
        except subprocess.TimeoutExpired:
            raise Neo4jUnavailable(f"{cmd[0]} timed out") from None
        if proc.returncode != 0:
            tail = (proc.stdout + proc.stderr).strip().splitlines()[-5:]
            raise Neo4jUnavailable(f"{' '.join(cmd[:5])} failed: {' | '.join(tail)}")
    stamp_file.write_text(stamp)
    return classpath


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path, classpath: str, password: str) -> tuple[subprocess.Popen, str]:
    """Start the launcher; wait for its READY line. The process and its bolt URI."""
    port = free_port()
    env = dict(os.environ, NEO4J_PASSWORD=password)
    err = (home / "launcher.err").open("w")
    proc = subprocess.Popen(
        [
            # C1 only: on 2 cores start-up to ready drops from ~30 s to ~10 s, and the
            # test graph is far too small for C2's optimisations to pay back.
            "java", "-Xms256m", "-Xmx1g", "-XX:TieredStopAtLevel=1", "-Dfile.encoding=UTF-8",
            "-cp", classpath,
            "kodoku.Launcher", str(home / "neo4j"), str(port),
        ],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(ln) for ln in proc.stdout], daemon=True).start()
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        if line.startswith("READY "):
            return proc, line.split()[1]
    stop_server(proc)
    tail = (home / "launcher.err").read_text(errors="replace").strip().splitlines()[-5:]
    why = "exited" if proc.returncode not in (None, 0) else "did not become ready"
    raise Neo4jUnavailable(
        f"Neo4j {why} within {READY_TIMEOUT_S:.0f} s: {' | '.join(tail) or 'no output'}"
    )


def stop_server(proc: subprocess.Popen) -> None:
    """Close the launcher's stdin (it shuts Neo4j down cleanly), then make sure it ended."""
    try:
        if proc.stdin:
            proc.stdin.close()
        proc.wait(timeout=60)
    except (subprocess.TimeoutExpired, OSError):
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
    written = n4.write_graph(neo4j_driver, built.graph)
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
