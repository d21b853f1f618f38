"""Start a throwaway Neo4j 5.26 on a loopback port — for the test suite and bench/.

The community edition's jars come from Maven Central through ``mvn
dependency:copy-dependencies`` (cached in ~/.m2, copied to tests/neo4j_server/target/lib);
``Launcher.java`` is compiled with the machine's JDK 17 and run on a free loopback port
with authentication on, in a directory the caller gives; :func:`stop_server` shuts it
down cleanly. Needs a source checkout (the pom and launcher live under tests/).
"""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

from local_server import free_port  # tests/ is on sys.path (pytest, and bench/)

from kodoku_graph.settings import PROJECT_ROOT

SERVER_DIR = PROJECT_ROOT / "tests" / "neo4j_server"
TARGET = SERVER_DIR / "target"
LAUNCHER = SERVER_DIR / "src" / "main" / "java" / "kodoku" / "Launcher.java"
READY_TIMEOUT_S = 120.0
#: JVM options of the test server: C1 only — on 2 cores start-up to ready drops from
#: ~30 s to ~10 s, and the test graph is far too small for C2's optimisations to pay back.
TEST_JVM = ("-Xms256m", "-Xmx1g", "-XX:TieredStopAtLevel=1")


class Neo4jUnavailable(Exception):
    """Neo4j could not be started or reached."""


def build_launcher() -> str:
    """Resolve the Neo4j jars and compile the launcher (once per change of pom/launcher);
    the class path to run it with."""
    for tool in ("mvn", "java", "javac"):
        if shutil.which(tool) is None:
            raise Neo4jUnavailable(f"{tool} is not on PATH (need JDK 17 and Maven)")
    pom = SERVER_DIR / "pom.xml"
    if not pom.is_file():
        raise Neo4jUnavailable(f"{pom} is missing (a source checkout is needed)")
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


def start_server(
    home: Path,
    classpath: str,
    password: str,
    *,
    jvm: tuple[str, ...] = TEST_JVM,
    pagecache_mb: int = 128,
) -> tuple[subprocess.Popen, str]:
    """Start the launcher with its database under ``home``; wait for its READY line.
    The process and its bolt URI."""
    port = free_port()
    env = dict(os.environ, NEO4J_PASSWORD=password, NEO4J_PAGECACHE_MB=str(pagecache_mb))
    err = (home / "launcher.err").open("w")
    proc = subprocess.Popen(
        [
            "java", *jvm, "-Dfile.encoding=UTF-8", "-cp", classpath,
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
