"""The API attacked from the outside: every attack class of the /cypher issue and variants,
each asserting the refusal (in the one JSON error shape) AND that the server still answers.

In-process tests use the real app on the real built store (its ad-hoc worker pool is real
processes); the crash classes are also tried against a real ``kodoku serve`` subprocess on
a loopback port, whose process must survive them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest
from local_server import start_kodoku_serve

from kodoku_graph.api.sandbox import Sandbox, WorkerSpec
from kodoku_graph.errors import (
    CypherSyntaxError,
    QueryCrashedError,
    QueryTimeoutError,
)
from kodoku_graph.queries import QUERY_DIR
from kodoku_graph.queries.adhoc import FUNCTIONS, check_adhoc, tokenize
from kodoku_graph.settings import Settings

ERROR_KEYS = {"ok", "status", "code", "message"}
#: A statement that runs for as long as it is allowed to (a cross product of the nodes).
SLOW = "MATCH (a), (b), (c) WHERE a.src + b.src + c.src = 'x' RETURN count(*) AS n"
SECRET = "kodoku-secret-line"


def error(resp: httpx.Response, status: int, code: str | None = None) -> dict:
    """Assert the one JSON error shape (and status, code); return the body."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert ERROR_KEYS <= set(body) <= ERROR_KEYS | {"errors"}
    assert body["ok"] is False and body["status"] == status and body["message"]
    if code:
        assert body["code"] == code, body
    return body


def healthy(client) -> None:
    resp = client.get("/health")
    assert resp.status_code == 200 and resp.json()["status"] == "ok"


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    f = tmp_path_factory.mktemp("secret") / "secret.csv"
    f.write_text(f"{SECRET}|1\nsecond|2\n")
    return f


# --- the tokenizer and the checker -------------------------------------------------------


def test_every_catalog_query_passes_the_checker() -> None:
    files = sorted(QUERY_DIR.glob("*.cypher"))
    assert len(files) >= 20
    for f in files:
        check_adhoc(f.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("cypher", "texts"),
    [
        ("RETURN 0x1F, 0o17, 1e5, 1.5e-3, .5, 7", ["0x1F", "0o17", "1e5", "1.5e-3", ".5", "7"]),
        ("RETURN 'a\\'b', \"c\\\"d\", '\\u00e9\\n'", ["'a\\'b'", '"c\\"d"', "'\\u00e9\\n'"]),
        ("RETURN `we``ird`, $p, $`q r`, $0", ["`we``ird`", "$p", "$`q r`", "$0"]),
        ("RETURN 施策, _x, a$b, x1", ["施策", "_x", "a$b", "x1"]),
        ("RETURN 1 // LOAD FROM 'x'\n", ["1"]),
        ("RETURN /* CALL x */ 1", ["1"]),
        ("MATCH (a)-[*1..3]->(b)", ["*", "1", "..", "3"]),
        ("RETURN\u3000x\u00a0AS\u2003y", ["x", "AS", "y"]),
    ],
)
def test_tokenizer_forms(cypher: str, texts: list[str]) -> None:
    got = [t.text for t in tokenize(cypher)]
    for t in texts:
        assert t in got, (t, got)


@pytest.mark.parametrize(
    "cypher",
    ["RETURN 'open", 'RETURN "open', "RETURN `open", "RETURN 1 /* open", "RETURN '\\q'",
     "RETURN $", "RETURN 1 # x", "RETURN 1; RETURN 2", "RETURN 1 ;; RETURN 2", "RETURN 1e(2)",
     "RETURN 12abc"],
)  # fmt: skip
def test_lexical_errors_are_400(cypher: str) -> None:
    with pytest.raises(CypherSyntaxError):
        check_adhoc(cypher)


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (m:Measure {no: $no}) RETURN m.no AS no ORDER BY no DESC SKIP 1 LIMIT 2",
        "OPTIONAL MATCH (m:Measure)-[:RESPONSIBLE]->(x) WITH m, count(x) AS n WHERE n > 1 RETURN m.id",
        "UNWIND [1, 2] AS x RETURN x UNION ALL RETURN 3 AS x",
        "MATCH (m) RETURN CASE WHEN m.no IS NULL THEN 0 ELSE m.no END AS n",
        "MATCH (m) WHERE EXISTS { MATCH (m)-->() } RETURN COUNT { MATCH (m)--() } AS c",
        "RETURN [x IN range(1, 3) WHERE x > 1 | x * 2] AS xs, list_transform([1], y -> y + 1)",
        "MATCH p = (a)-[e:LISTED_IN*1..2]->(b) RETURN length(p), nodes(p), rels(p)",
        "RETURN CAST('1' AS INT64), toLower('A'), coalesce(null, 1), size('ab')",
        "MATCH (n) RETURN n.load, n.set, n.call",  # keywords as property keys
        "MATCH (m:Measure) RETURN m.no AS call",  # and as an alias
        "RETURN `LOAD` ",
        "RETURN 1;",
    ],
)
def test_reading_statements_pass(cypher: str) -> None:
    check_adhoc(cypher)


# --- attack 1: file reads through a keyword glued to a digit -------------------------------


def file_reads(path: Path) -> list[str]:
    p = str(path)
    return [
        f"UNWIND [1] AS x WITH x LIMIT 1LOAD FROM '{p}' (file_format='csv', header=false, delim='|') RETURN * LIMIT 3",
        f"MATCH (m:Measure) WITH m LIMIT 1LOAD FROM '{p}' (delim='|') RETURN *",
        f"WITH 1 AS x WHERE x =1LOAD FROM '{p}' RETURN *",
        f"WITH 1 AS x\nLOAD FROM '{p}' RETURN *",
        f"WITH 1 AS x/**/LOAD/**/FROM '{p}' RETURN *",
        f"WITH 1 AS x//\nLOAD FROM '{p}' RETURN *",
        f"WITH 1 AS x\tlOaD\u3000FROM '{p}' RETURN *",
        f"LOAD WITH HEADERS (a STRING) FROM '{p}' RETURN *",
        f"LOAD FROM '{p}' RETURN *",
        f"LOAD FROM GLOB('{path.parent}/*.csv') RETURN *",
        f"COPY (MATCH (m:Measure) RETURN m.id) TO '{path.parent}/out.csv'",
        f"COPY Measure FROM '{p}'",
        f"EXPORT DATABASE '{path.parent}/dump'",
        f"IMPORT DATABASE '{path.parent}/dump'",
        f"ATTACH '{p}' AS other (dbtype lbug)",
        "INSTALL httpfs",
        "LOAD EXTENSION httpfs",
        "LOAD httpfs",
        "FORCE INSTALL json",
        "UNINSTALL json",
        "USE other",
        "DETACH other",
    ]


def test_file_reads_are_refused(client, secret_file: Path) -> None:
    for cypher in file_reads(secret_file):
        resp = client.post("/cypher", json={"cypher": cypher})
        error(resp, 403, "write_forbidden")
        assert SECRET not in resp.text
        word = resp.json()["message"].split("allowed: ", 1)[1].split()[0]
        assert word in {"LOAD", "COPY", "EXPORT", "IMPORT", "ATTACH", "INSTALL", "FORCE",
                        "UNINSTALL", "USE", "DETACH", "FROM"}, resp.json()  # fmt: skip
    healthy(client)


def test_missing_files_do_not_leak_existence(client) -> None:
    for path in ("/etc/hostname", "/nonexistent/x.csv"):
        resp = client.post(
            "/cypher", json={"cypher": f"WITH 1 AS x LIMIT 1LOAD FROM '{path}' RETURN *"}
        )
        body = error(resp, 403, "write_forbidden")
        assert "No file" not in body["message"] and path not in body["message"]
    healthy(client)


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (m:Measure) WHERE m.no =127SET m.name = 'x' RETURN m",
        "MATCH (m:Measure) RETURN m LIMIT 1MERGE (p:Pillar {id: 'P9'})",
        "MATCH (m:Measure) WITH m LIMIT 1CREATE (p:Pillar {id: 'P9'})",
        "MATCH (m:Measure) WITH m LIMIT 1DETACH DELETE m",
        "MATCH (m:Measure) WITH m SKIP 0DELETE m",
        "MATCH (m:Measure)\nSET m.name = 'x'",
        "MATCH (m:Measure)/*x*/SET/*y*/m.name = 'x'",
        "MATCH (m:Measure)-[r]->() WITH r LIMIT 1 DELETE r",
        "BEGIN TRANSACTION",
        "CHECKPOINT",
        "CREATE MACRO f(x) AS x",
        "DROP TABLE Measure",
        "ALTER TABLE Measure ADD x INT64",
        "EXPLAIN MATCH (n) RETURN n",
        "PROFILE MATCH (n) RETURN n",
        "MATCH (n) FOREACH (x IN [1] | SET n.a = x)",
        "MATCH (n) REMOVE n.name",
        "MATCH (n) CALL { RETURN 1 AS one } RETURN one",
        "MATCH (n) HINT n JOIN n RETURN n",
    ],
)
def test_write_and_admin_clauses_are_403(client, cypher: str) -> None:
    error(client.post("/cypher", json={"cypher": cypher}), 403, "write_forbidden")
    assert client.get("/health").json()["nodes"]["Pillar"] == 4


def test_look_alike_letters_and_quoting_stay_harmless(client) -> None:
    for cypher in (
        "MATCH (m:Measure) ЅЕТ m.name = 'x'",  # Cyrillic: a name, not SET
        "MATCH (m:Measure) ＳＥＴ m.name = 'x'",  # full-width
        "RETURN 'LOAD FROM \\'/etc/hostname\\'' AS s",
        "RETURN `CALL threads=1` ",
    ):
        resp = client.post("/cypher", json={"cypher": cypher})
        assert resp.status_code in (200, 400), resp.text  # a name or a string, never a clause
    body = client.post("/cypher", json={"cypher": "RETURN 'CALL x; LOAD' AS s"}).json()
    assert body["rows"] == [{"s": "CALL x; LOAD"}]
    healthy(client)


# --- attack 2: table functions (segfaults) -------------------------------------------------


def table_functions(store) -> list[str]:
    rows = store.run("CALL show_functions() RETURN name, type").rows
    names = sorted({n for n, t in rows if "TABLE" in t})
    assert {"READ_CSV_SERIAL", "READ_CSV_PARALLEL", "READ_PARQUET", "READ_NPY"} <= set(names)
    return names


def test_every_table_function_is_refused(client, store) -> None:
    names = table_functions(store)
    assert not {n.lower() for n in names} & FUNCTIONS
    for name in names:
        for cypher in (
            f"CALL {name}('/nonexistent') RETURN *",
            f"call {name.lower()}() RETURN *",
            f"LOAD FROM {name}('/nonexistent') RETURN *",
            f"RETURN {name}('/nonexistent')",
            f"WITH 1 AS x LIMIT 1CALL {name}('/x') RETURN *",
        ):
            resp = client.post("/cypher", json={"cypher": cypher})
            body = error(resp, 403, "write_forbidden")
            named = body["message"].split("allowed: ", 1)[1].lower()
            assert named.startswith(("call ", "load ", f"the function {name.lower()} "))
    healthy(client)


@pytest.mark.parametrize(
    "cypher",
    ["RETURN apoc.load.json('file:///etc/passwd')", "RETURN db.labels()",
     "RETURN nextval('s')", "RETURN setseed(0.5)", "RETURN current_setting('threads')",
     "RETURN read_pandas('df')", "RETURN no_such_function(1)"],
)  # fmt: skip
def test_functions_outside_the_allowlist_are_403(client, cypher: str) -> None:
    error(client.post("/cypher", json={"cypher": cypher}), 403, "write_forbidden")
    healthy(client)


# --- attack 3: deep nesting and size ---------------------------------------------------------


@pytest.mark.parametrize("open_, close", [("(", ")"), ("[", "]"), ("{a: ", "}")])
def test_deep_nesting_is_refused_before_the_engine(client, open_: str, close: str) -> None:
    for depth in (33, 1000, 3000):
        cypher = "RETURN " + open_ * depth + "1" + close * depth + " AS x"
        t0 = time.perf_counter()
        body = error(client.post("/cypher", json={"cypher": cypher}), 400, "invalid_cypher")
        assert time.perf_counter() - t0 < 1.0
        assert "nested deeper" in body["message"] or "tokens" in body["message"]
    nested_case = "RETURN " + "CASE WHEN true THEN " * 40 + "1" + " END" * 40
    error(client.post("/cypher", json={"cypher": nested_case}), 400, "invalid_cypher")
    ok = client.post("/cypher", json={"cypher": "RETURN " + "(" * 20 + "1" + ")" * 20 + " AS x"})
    assert ok.json()["rows"] == [{"x": 1}]
    healthy(client)


def test_too_many_tokens_is_400(client) -> None:
    cypher = "RETURN " + "+".join(["1"] * 1500) + " AS x"
    body = error(client.post("/cypher", json={"cypher": cypher}), 400, "invalid_cypher")
    assert "tokens" in body["message"]
    healthy(client)


# --- attack 4: time and memory ---------------------------------------------------------------


def test_time_limit_holds_and_others_are_not_blocked(client) -> None:
    """A slow statement is stopped within the limit (+1 s), and /health and a catalog
    query answer at once meanwhile (no lock shared with ad-hoc Cypher)."""
    out: dict = {}

    def slow() -> None:
        t0 = time.perf_counter()
        out["resp"] = client.post("/cypher", json={"cypher": SLOW, "timeout_ms": 2000})
        out["took"] = time.perf_counter() - t0

    th = threading.Thread(target=slow)
    th.start()
    time.sleep(0.3)
    t0 = time.perf_counter()
    healthy(client)
    assert client.get("/queries/measure", params={"no": 127}).status_code == 200
    assert time.perf_counter() - t0 < 1.0
    th.join(timeout=30)
    error(out["resp"], 504, "timeout")
    assert out["took"] < 2.0 + 1.0
    healthy(client)


@pytest.mark.parametrize(
    "cypher",
    ["UNWIND range(1, 300000000) AS i RETURN count(i)", "RETURN size(repeat('x', 500000000))",
     "UNWIND range(1, 3000000) AS i RETURN i"],
)  # fmt: skip
def test_memory_and_row_bombs_are_bounded(client, cypher: str) -> None:
    t0 = time.perf_counter()
    resp = client.post("/cypher", json={"cypher": cypher, "timeout_ms": 3000})
    assert time.perf_counter() - t0 < 4.0
    if resp.status_code == 200:  # the rows: cut at the limit while they are read
        body = resp.json()
        assert body["truncated"] is True and body["count"] == 1000
    else:
        error(resp, resp.status_code)
        assert resp.json()["code"] in ("resource_limit", "timeout")
    healthy(client)


# --- attack 5: settings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cypher",
    ["CALL threads=1", "CALL file_search_path='/etc'", "call THREADS = 1",
     "CALL timeout=1", "CALL spill_to_disk=true", "RETURN 1 AS x\nCALL threads=1",
     "WITH 1 AS x LIMIT 1CALL threads=1 RETURN 1"],
)  # fmt: skip
def test_settings_cannot_be_changed(client, cypher: str) -> None:
    error(client.post("/cypher", json={"cypher": cypher}), 403, "write_forbidden")
    healthy(client)


def test_each_statement_gets_a_fresh_connection(client) -> None:
    """No session state carries from one request to the next (each job opens a new
    connection in its worker): the same query answers the same, any number of times."""
    answers = {
        tuple(map(str, client.post("/cypher", json={"cypher": "RETURN 1 AS x"}).json()["rows"]))
        for _ in range(6)
    }
    assert len(answers) == 1


# --- attack 6: bodies, headers, integer parameters ----------------------------------------------


def test_big_bodies_are_413(client) -> None:
    big = b'{"cypher": "RETURN 1", "pad": "' + b"x" * (20 << 20) + b'"}'
    error(
        client.post("/cypher", content=big, headers={"content-type": "application/json"}),
        413,
        "body_too_large",
    )

    def chunks():
        for _ in range(40):
            yield b"x" * (64 << 10)

    resp = client.post("/cypher", content=chunks(), headers={"content-type": "application/json"})
    error(resp, 413, "body_too_large")
    error(client.post("/cypher", json={"cypher": "RETURN 1", "params": {"p": "y" * (2 << 20)}}),
          413, "body_too_large")  # fmt: skip
    healthy(client)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/explore/measures",
        "/explore/measures/127",
        "/docs",
        "/health",
        "/no/such",
        "/static/explorer.js",
    ],
)
def test_security_headers_on_every_response(client, url: str) -> None:
    resp = client.get(url)
    assert resp.headers["x-content-type-options"] == "nosniff"
    csp = resp.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp
    if resp.headers["content-type"].startswith("text/html") and url != "/docs":
        assert "<script>" not in resp.text and ' style="' not in resp.text
    if url == "/docs":
        assert "'sha256-" in csp


@pytest.mark.parametrize(
    "no", ["18446744073709551616", "9223372036854775808", "-9223372036854775809", "1e400"]
)
def test_integer_parameters_are_range_checked(client, no: str) -> None:
    body = error(client.get("/queries/measure", params={"no": no}), 422, "bad_parameter")
    assert "std::" not in body["message"] and "cast" not in body["message"].lower()
    assert client.get("/queries/measure", params={"no": "9223372036854775807"}).status_code == 200
    error(
        client.post("/cypher", json={"cypher": "RETURN $n AS n", "params": {"n": 2**64}}),
        422,
        "bad_parameter",
    )


def test_cypher_can_be_turned_off(built, settings: Settings, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    from kodoku_graph.api import create_app

    monkeypatch.setenv("KODOKU_CYPHER", "off")
    assert Settings().cypher is False
    with TestClient(create_app(settings.model_copy(update={"cypher": False}))) as off:
        body = error(off.post("/cypher", json={"cypher": "RETURN 1"}), 403, "cypher_disabled")
        assert "KODOKU_CYPHER" in body["message"]
        assert off.app.state.kodoku_sandbox is None  # no worker processes either
        healthy(off)


# --- isolation: the worker pool itself -----------------------------------------------------------


@pytest.fixture(scope="module")
def sandbox(built, settings: Settings):
    sb = Sandbox(WorkerSpec.for_settings(settings), 2)
    yield sb
    sb.close()


def wait_for_workers(sb: Sandbox, n: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while len(sb.pids) < n:
        assert time.monotonic() < deadline, "workers were not replaced"
        time.sleep(0.05)


def test_a_segfault_in_the_engine_costs_one_worker(sandbox: Sandbox) -> None:
    """Behind the checker, the sandbox is the second line: a statement that crashes
    LadybugDB (sent here without the checker) kills its worker only."""
    before = set(sandbox.pids)
    for fn in ("READ_CSV_SERIAL", "READ_CSV_PARALLEL", "READ_PARQUET", "READ_NPY"):
        with pytest.raises(QueryCrashedError):
            sandbox.run(f"CALL {fn}('/nonexistent') RETURN *", {}, limit=10, timeout_ms=5000)
    wait_for_workers(sandbox, 2)
    assert set(sandbox.pids) != before
    assert sandbox.run("RETURN 1 AS one", {}, limit=10, timeout_ms=5000).rows == [[1]]


def test_deep_nesting_in_the_engine_is_killed_at_the_limit(sandbox: Sandbox) -> None:
    cypher = "RETURN " + "(" * 3000 + "1" + ")" * 3000 + " AS x"
    t0 = time.perf_counter()
    with pytest.raises((QueryCrashedError, QueryTimeoutError, CypherSyntaxError)):
        sandbox.run(cypher, {}, limit=10, timeout_ms=1000)
    assert time.perf_counter() - t0 < 2.0
    wait_for_workers(sandbox, 2)
    assert sandbox.run("RETURN 2 AS two", {}, limit=10, timeout_ms=5000).rows == [[2]]


def test_killing_a_worker_mid_query_leaves_the_api_answering(api_app, client) -> None:
    sb: Sandbox = api_app.state.kodoku_sandbox
    wait_for_workers(sb, 2)
    out: dict = {}

    def slow() -> None:
        out["resp"] = client.post("/cypher", json={"cypher": SLOW, "timeout_ms": 5000})

    before = sb.pids
    th = threading.Thread(target=slow)
    th.start()
    time.sleep(0.5)
    ticks = {pid: _cpu_ticks(pid) for pid in before}
    time.sleep(0.3)
    busy = max(before, key=lambda pid: _cpu_ticks(pid) - ticks[pid])  # the one running it
    os.kill(busy, signal.SIGKILL)
    th.join(timeout=30)
    body = error(out["resp"], out["resp"].status_code)
    assert body["status"] == 500 and body["code"] == "query_crashed"
    healthy(client)
    wait_for_workers(sb, 2)
    assert busy not in sb.pids
    ok = client.post("/cypher", json={"cypher": "MATCH (p:Pillar) RETURN count(p) AS n"})
    assert ok.status_code == 200 and ok.json()["rows"] == [{"n": 4}]


def _cpu_ticks(pid: int) -> int:
    """User CPU ticks of ``pid`` (the worker running a statement has some)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11])


# --- the real server: one request must never kill it ------------------------------------------


@pytest.fixture(scope="module")
def server(built, settings: Settings):
    """``kodoku serve`` in a subprocess on 127.0.0.1:<free port>; its base URL and process."""
    env = {"KODOKU_HOME": str(settings.home), "KODOKU_QUERY_TIMEOUT_MS": "3000"}
    proc, base = start_kodoku_serve(env, timeout_s=120, capture_stderr=True)
    yield base, proc
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_the_issue_attacks_against_kodoku_serve(server, secret_file: Path) -> None:
    base, proc = server
    attacks = [
        *file_reads(secret_file),
        *(f"CALL {f}('/nonexistent') RETURN *" for f in
          ("READ_CSV_SERIAL", "READ_CSV_PARALLEL", "READ_PARQUET", "READ_NPY")),
        "RETURN " + "(" * 3000 + "1" + ")" * 3000 + " AS x",
        "RETURN " + "[" * 3000 + "1" + "]" * 3000 + " AS x",
        "RETURN " + "(" * 1000 + "1" + ")" * 1000 + " AS x",
        "CALL threads=1",
        f"CALL file_search_path='{secret_file.parent}'",
    ]  # fmt: skip
    with httpx.Client(base_url=base, timeout=30) as http:
        for cypher in attacks:
            t0 = time.perf_counter()
            resp = http.post("/cypher", json={"cypher": cypher})
            assert resp.status_code in (400, 403), (cypher[:80], resp.text[:300])
            assert SECRET not in resp.text
            assert time.perf_counter() - t0 < 2.0
            assert proc.poll() is None, f"the server died on {cypher[:80]!r}"
        for cypher in ("UNWIND range(1, 300000000) AS i RETURN count(i)",
                       "RETURN size(repeat('x', 500000000))", SLOW):  # fmt: skip
            t0 = time.perf_counter()
            resp = http.post("/cypher", json={"cypher": cypher})
            assert resp.status_code in (400, 504), resp.text
            assert time.perf_counter() - t0 < 3.0 + 1.0  # KODOKU_QUERY_TIMEOUT_MS=3000
        error(http.post("/cypher", content=b"x" * (20 << 20)), 413, "body_too_large")
        assert proc.poll() is None
        assert http.get("/health").status_code == 200
        ok = http.post("/cypher", json={"cypher": "MATCH (m:Measure) RETURN count(m) AS n"})
        assert ok.json()["rows"] == [{"n": 143}]
