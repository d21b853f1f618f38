"""The Neo4j backend on a real Neo4j 5.26 server (tests/neo4j_fixture.py): schema, an
idempotent import of the real data, the read-only query path, clear errors, the CLI — and
the differential test: every catalog query gives the same answer on LadybugDB and Neo4j."""

from __future__ import annotations

import json
from typing import Any

import neo4j
import pytest
from local_server import free_port
from neo4j_fixture import TIMINGS, Neo4jServer
from pydantic import SecretStr
from typer.testing import CliRunner

from kodoku_graph.cli import app
from kodoku_graph.errors import CypherSyntaxError, QueryTimeoutError, ReadOnlyViolation, StoreError
from kodoku_graph.graph.export import counts
from kodoku_graph.graph.model import EDGES, NODES
from kodoku_graph.graph.pipeline import BuildResult
from kodoku_graph.graph.stores import neo4j as n4
from kodoku_graph.graph.stores import open_store
from kodoku_graph.graph.stores.base import Store
from kodoku_graph.graph.stores.embedded import EmbeddedStore
from kodoku_graph.graph.stores.neo4j import Neo4jStore
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import Settings

CATALOG = Catalog.load()
CASES = [
    pytest.param(name, i, id=f"{name}[{i}]")
    for name in CATALOG.names()
    for i in range(len(CATALOG.get(name).examples))
]


def normalise(value: Any) -> Any:
    """Floats rounded to 9 decimals: an aggregate (avg, sum of doubles) may differ in the
    last bits between two engines; everything else is compared exactly."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    return value


def ordered(cypher: str) -> bool:
    """Whether the statement's final RETURN is ordered. A UNION orders each of its parts,
    but the parts come in no fixed order (LadybugDB may answer them in any order)."""
    upper = cypher.upper()
    if "UNION" in upper:
        return False
    tail = upper.rsplit("RETURN", 1)[-1]
    return "ORDER BY" in tail


# --- the differential test -----------------------------------------------------------


@pytest.mark.parametrize(("name", "example"), CASES)
def test_catalog_query_same_on_both_stores(
    store: EmbeddedStore, neo4j_store: Neo4jStore, name: str, example: int
) -> None:
    q = CATALOG.get(name)
    params = q.examples[example]
    emb = CATALOG.run(store, name, params)
    neo = CATALOG.run(neo4j_store, name, params)
    assert emb.columns == neo.columns == q.columns
    e_rows, n_rows = normalise(emb.rows), normalise(neo.rows)
    if not ordered(q.text):
        e_rows, n_rows = sorted(e_rows, key=repr), sorted(n_rows, key=repr)
    assert len(e_rows) == len(n_rows), f"{name} {params}: row counts differ"
    for i, (a, b) in enumerate(zip(e_rows, n_rows, strict=True)):
        assert a == b, f"{name} {params}: row {i} differs (embedded vs neo4j)"


@pytest.mark.parametrize("label", list(NODES))
def test_every_node_identical_on_both_stores(
    store: EmbeddedStore, neo4j_store: Neo4jStore, built: BuildResult, label: str
) -> None:
    cypher = f"MATCH (n:{label}) RETURN n ORDER BY n.id"
    emb, neo = store.run(cypher), neo4j_store.run(cypher)
    assert len(neo.rows) == counts(built.graph)["nodes"][label]
    assert normalise(neo.rows) == normalise(emb.rows)


@pytest.mark.parametrize("type_", list(EDGES))
def test_every_relationship_identical_on_both_stores(
    store: EmbeddedStore, neo4j_store: Neo4jStore, built: BuildResult, type_: str
) -> None:
    cypher = f"MATCH (a)-[r:{type_}]->(b) RETURN a.id, b.id, r ORDER BY a.id, b.id, r.src"
    emb, neo = store.run(cypher), neo4j_store.run(cypher)
    assert len(neo.rows) == counts(built.graph)["edges"][type_]
    assert normalise(neo.rows) == normalise(emb.rows)


def test_measure_127_on_neo4j(neo4j_store: Neo4jStore) -> None:
    [row] = CATALOG.run(neo4j_store, "measure", {"no": 127}).records()
    assert row["name"] == "高齢者等終身サポート事業者ガイドラインについて"
    assert row["defined_in"] == "P3-4" and len(row["ministries"]) == 9


# --- schema and import ---------------------------------------------------------------


def test_constraints_and_indexes_from_the_model(
    neo4j_driver: neo4j.Driver, neo4j_loaded: dict[str, int]
) -> None:
    with neo4j_driver.session() as s:
        cons = s.run("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type").data()
        idx = s.run("SHOW INDEXES YIELD name, labelsOrTypes, properties, state").data()
    unique = {(c["labelsOrTypes"][0], c["properties"][0]) for c in cons if "UNIQUE" in c["type"]}
    assert unique >= {(label, "id") for label in NODES}
    ours = {
        (i["labelsOrTypes"][0], i["properties"][0]): i["state"] for i in idx if i["labelsOrTypes"]
    }
    assert ours[("Measure", "no")] == "ONLINE"
    assert ours[("Ministry", "name")] == "ONLINE"
    assert ("Measure", "summary") not in ours  # free text is not range-indexed


def test_load_twice_gives_identical_counts(
    neo4j_driver: neo4j.Driver, neo4j_loaded: dict[str, int], built: BuildResult
) -> None:
    expected = counts(built.graph)
    first = n4.counts(neo4j_driver)
    assert first == expected
    again = n4.import_graph(neo4j_driver, built.graph)
    second = n4.counts(neo4j_driver)
    assert again == neo4j_loaded
    assert second == first
    with neo4j_driver.session() as s:
        total_nodes = s.run("MATCH (n) RETURN count(n) AS c").single()["c"]
        total_rels = s.run("MATCH ()-[r]->() RETURN count(r) AS c").single()["c"]
    assert total_nodes == built.graph.number_of_nodes() == sum(second["nodes"].values())
    assert total_rels == built.graph.number_of_edges() == sum(second["edges"].values())
    TIMINGS["neo4j counts after load 1 / load 2"] = (
        f"{sum(first['nodes'].values())}/{sum(second['nodes'].values())} nodes, "
        f"{sum(first['edges'].values())}/{sum(second['edges'].values())} relationships"
    )


def test_reload_repairs_a_changed_edge_and_property(
    neo4j_driver: neo4j.Driver, neo4j_loaded: dict[str, int], built: BuildResult
) -> None:
    """A reload converges to the graph: a duplicated edge and an edited property are put
    back as the sources say."""
    with neo4j_driver.session() as s:
        s.run(
            "MATCH (m:Measure {id: 'M127'})-[r:LISTED_IN]->(a) "
            "CREATE (m)-[:LISTED_IN {src: 'junk'}]->(a) SET m.name = 'changed'"
        ).consume()
    n4.import_graph(neo4j_driver, built.graph)
    with neo4j_driver.session() as s:
        rec = s.run(
            "MATCH (m:Measure {id: 'M127'})-[r:LISTED_IN]->() RETURN m.name AS name, "
            "collect(r.src) AS srcs"
        ).single()
    assert rec["name"] == "高齢者等終身サポート事業者ガイドラインについて"
    assert rec["srcs"] == ["000_ca8d1dac931cfc32.txt:229"]
    assert n4.counts(neo4j_driver) == counts(built.graph)


# --- the read-only query path, on both stores ----------------------------------------

WRITES = [
    "CREATE (n:Pillar {id: 'P9', no: 9, title: 'x'})",
    "MATCH (m:Measure {no: 1}) SET m.name = 'overwritten'",
    "MATCH (p:Pillar) DETACH DELETE p",
    "MERGE (x:Ministry {id: '架空省'})",
]


@pytest.fixture(params=["embedded", "neo4j"])
def any_store(request: pytest.FixtureRequest) -> Store:
    return request.getfixturevalue("store" if request.param == "embedded" else "neo4j_store")


@pytest.mark.parametrize("write", WRITES)
def test_writes_fail_on_the_query_path(any_store: Store, write: str) -> None:
    before = any_store.run("MATCH (p:Pillar) RETURN count(p) AS n").rows
    with pytest.raises(ReadOnlyViolation, match="read-only query path"):
        any_store.run(write)
    assert any_store.run("MATCH (p:Pillar) RETURN count(p) AS n").rows == before == [[4]]
    name = any_store.run("MATCH (m:Measure {no: 1}) RETURN m.name").rows[0][0]
    assert name != "overwritten"
    assert any_store.run("MATCH (x:Ministry {id: '架空省'}) RETURN count(x)").rows == [[0]]


def test_schema_write_fails_on_neo4j_query_path(neo4j_store: Neo4jStore) -> None:
    with pytest.raises(ReadOnlyViolation):
        neo4j_store.run("CREATE INDEX junk IF NOT EXISTS FOR (n:Measure) ON (n.url)")


def test_syntax_error_on_both(any_store: Store) -> None:
    with pytest.raises(CypherSyntaxError, match="invalid Cypher"):
        any_store.run("MATCH (n RETURN n")


def test_timeout_on_neo4j(neo4j_store: Neo4jStore) -> None:
    slow = (
        "MATCH (a:Measure), (b:Measure), (c:Measure), (d:Measure) "
        "WHERE a.no + b.no + c.no + d.no = -1 RETURN count(*)"
    )
    with pytest.raises(QueryTimeoutError, match="time limit"):
        neo4j_store.run(slow, timeout_ms=200)
    assert neo4j_store.run("RETURN 1 AS one", timeout_ms=200).rows == [[1]]


# --- connection errors: one clear line -----------------------------------------------


def test_unreachable_server_is_one_line() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError) as info:
        Neo4jStore(uri, "neo4j", "whatever")
    msg = info.value.message
    assert msg.startswith(f"cannot reach Neo4j at {uri}: ") and "Connection refused" in msg
    assert "\n" not in msg


def test_wrong_password_is_one_line(neo4j_server: Neo4jServer) -> None:
    with pytest.raises(StoreError) as info:
        Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password + "-wrong")
    msg = info.value.message
    assert "refused the credentials" in msg and "authentication failed" in msg
    assert "\n" not in msg


def test_open_store_by_backend(settings: Settings, neo4j_server: Neo4jServer, built) -> None:
    neo_settings = settings.model_copy(
        update={
            "neo4j_uri": neo4j_server.uri,
            "neo4j_user": neo4j_server.user,
            "neo4j_password": SecretStr(neo4j_server.password),
        }
    )
    for backend in ("embedded", "neo4j"):
        s = open_store(neo_settings, backend)
        try:
            assert s.backend == backend
            assert s.run("MATCH (p:Pillar) RETURN count(p)").rows == [[4]]
        finally:
            s.close()
    with pytest.raises(StoreError, match="unknown backend"):
        open_store(neo_settings, "sqlite")


# --- the CLI ---------------------------------------------------------------------------

runner = CliRunner()


def test_cli_load_and_query_neo4j(
    neo4j_server: Neo4jServer, neo4j_loaded: dict[str, int], settings: Settings, built
) -> None:
    res = runner.invoke(
        app,
        ["load", "--neo4j", neo4j_server.uri, "--user", neo4j_server.user, "--password",
         neo4j_server.password, "--quiet"],
        catch_exceptions=False,
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    n, r = built.graph.number_of_nodes(), built.graph.number_of_edges()
    assert f"loaded {n} nodes and {r} relationships" in res.output
    assert f"Neo4j now holds {n} nodes and {r} relationships" in res.output
    env = {
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
        "KODOKU_HOME": str(settings.home),
    }
    outs = {}
    for backend in ("neo4j", "embedded"):
        res = runner.invoke(
            app,
            ["query", "measure", "-p", "no=142", "--backend", backend, "-f", "json"],
            env=env,
            catch_exceptions=False,
        )
        assert res.exit_code == 0, res.output
        outs[backend] = json.loads(res.stdout)
    assert outs["neo4j"] == outs["embedded"]
    assert outs["neo4j"]["rows"][0]["relisted_in"] == ["P4-4"]


def test_cli_load_unreachable_one_line() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    res = runner.invoke(app, ["load", "--neo4j", uri, "--password", "x"])
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot reach Neo4j at {uri}")


def test_bad_uri_is_one_line() -> None:
    with pytest.raises(StoreError, match="bad Neo4j URI 'http://localhost:7474': use bolt://"):
        Neo4jStore("http://localhost:7474", "neo4j", "x")


def test_cli_load_fresh_drops_stale_nodes(
    neo4j_server: Neo4jServer, neo4j_driver: neo4j.Driver, neo4j_loaded: dict[str, int], built
) -> None:
    with neo4j_driver.session() as s:
        s.run("CREATE (:Measure {id: 'M999', no: 999, src: 'stale'})").consume()
    args = ["load", "--neo4j", neo4j_server.uri, "--user", neo4j_server.user]
    args += ["--password", neo4j_server.password, "--quiet"]
    res = runner.invoke(app, args, catch_exceptions=False)
    assert res.exit_code == 0 and n4.counts(neo4j_driver)["nodes"]["Measure"] == 144
    res = runner.invoke(app, [*args, "--fresh"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert n4.counts(neo4j_driver) == counts(built.graph)


# --- the API on Neo4j ------------------------------------------------------------------


def test_api_serves_from_neo4j(
    settings: Settings, neo4j_server: Neo4jServer, neo4j_loaded: dict[str, int]
) -> None:
    """`kodoku serve --backend neo4j`: the same app, the same answers, read from Neo4j."""
    from fastapi.testclient import TestClient

    from kodoku_graph.api import create_app

    neo_settings = settings.model_copy(
        update={
            "backend": "neo4j",
            "neo4j_uri": neo4j_server.uri,
            "neo4j_user": neo4j_server.user,
            "neo4j_password": SecretStr(neo4j_server.password),
        }
    )
    with TestClient(create_app(neo_settings)) as client:
        health = client.get("/health").json()
        assert health["backend"] == "neo4j"
        m = client.get("/measures/127").json()
        assert len(m["ministries"]) == 9
        rows = client.get("/queries/measure", params={"no": 142}).json()["rows"]
        assert rows[0]["relisted_in"] == ["P4-4"]
        ok = client.post("/cypher", json={"cypher": "MATCH (p:Pillar) RETURN count(p) AS n"})
        assert ok.status_code == 200 and ok.json()["rows"] == [{"n": 4}]
        write = client.post("/cypher", json={"cypher": "CREATE (n:Pillar {id: 'X'}) RETURN n"})
        assert write.status_code == 403


# --- the MCP server on Neo4j ------------------------------------------------------------


def test_mcp_tools_same_on_both_stores(
    settings: Settings, store: EmbeddedStore, neo4j_store: Neo4jStore
) -> None:
    """The MCP tools (kodoku_graph/mcp_server) give the same answers on both stores."""
    from kodoku_graph.mcp_server import GraphTools

    emb, neo = GraphTools(settings, CATALOG, store), GraphTools(settings, CATALOG, neo4j_store)
    assert normalise(emb.gaps()) == normalise(neo.gaps())
    assert emb.gaps()["count"] == 93
    for text in ("居場所", "ＤＶ", "こども家庭庁"):
        assert emb.search(text) == neo.search(text)
    for nid in ("M127", "内閣府", "R3-T2-1", "P3-4", "T2"):
        assert normalise(emb.node(nid)) == normalise(neo.node(nid)), nid


def test_kodoku_mcp_backend_neo4j(
    settings: Settings, neo4j_server: Neo4jServer, neo4j_store
) -> None:
    """`kodoku mcp --backend neo4j` over stdio with the SDK's client."""
    import shutil
    import sys
    from pathlib import Path

    import anyio
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    beside = Path(sys.executable).with_name("kodoku")
    params = StdioServerParameters(
        command=str(beside) if beside.exists() else (shutil.which("kodoku") or "kodoku"),
        args=["mcp", "--backend", "neo4j"],
        env={
            "KODOKU_HOME": str(settings.home),
            "NEO4J_URI": neo4j_server.uri,
            "NEO4J_USER": neo4j_server.user,
            "NEO4J_PASSWORD": neo4j_server.password,
        },
    )

    async def main() -> Any:
        async with Client(params) as client:
            return await client.call_tool("run_query", {"name": "measure", "params": {"no": 127}})

    result = anyio.run(main)
    assert not result.is_error, result.content[0].text
    assert (
        result.structured_content["rows"][0]["name"]
        == "高齢者等終身サポート事業者ガイドラインについて"
    )


def test_review_rebuild_reloads_neo4j_and_prunes(
    neo4j_server, neo4j_loaded, neo4j_driver, built, tmp_path
) -> None:
    """The review rebuild on Neo4j (issue 17): ``artifacts.rebuild`` with the neo4j backend
    reloads the server idempotently and prunes what the new graph no longer has (a
    rejected link); afterwards the session's graph is restored."""
    import shutil

    from conftest import CURATED_DIR, DATA_DIR

    from kodoku_graph.graph import artifacts
    from kodoku_graph.graph.reviews import REVIEWS_FILE, record

    GAP, GAP_MEASURE = "R4-T43-1", 142  # see tests/test_reviews.py
    LIKELY, LIKELY_MEASURE = "R6-T42-2", 116
    curated = tmp_path / "curated"
    shutil.copytree(CURATED_DIR, curated)
    (curated / REVIEWS_FILE).unlink(missing_ok=True)
    s = Settings(
        home=tmp_path / "home", data_dir=DATA_DIR, curated_dir=curated, backend="neo4j",
        neo4j_uri=neo4j_server.uri, neo4j_user=neo4j_server.user,
        neo4j_password=SecretStr(neo4j_server.password),
    )  # fmt: skip
    record(curated, GAP, GAP_MEASURE, "accept", "水道事業者 join the PF", reviewer="t")
    record(curated, LIKELY, LIKELY_MEASURE, "reject", "民生委員 are participants", reviewer="t")
    store = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    cat = Catalog.load()

    def links(rec: str) -> dict[int, str]:
        return {
            r["no"]: r["method"]
            for r in cat.run(store, "recommendation-measures", {"id": rec}).records()
        }

    try:
        assert LIKELY_MEASURE in links(LIKELY) and GAP_MEASURE not in links(GAP)
        for _ in range(2):  # twice: idempotent
            out = artifacts.rebuild(s)
            assert n4.counts(neo4j_driver) == counts(out.result.graph)
            assert links(GAP) == {GAP_MEASURE: "reviewed"}
            assert LIKELY_MEASURE not in links(LIKELY)  # pruned: the old edge is gone
            gaps = {r["id"] for r in cat.run(store, "unaddressed-recommendations", {}).records()}
            assert GAP not in gaps
    finally:  # leave the session's graph as the other Neo4j tests expect it
        store.close()
        n4.import_graph(neo4j_driver, built.graph, prune=True)
    assert n4.counts(neo4j_driver) == counts(built.graph)
