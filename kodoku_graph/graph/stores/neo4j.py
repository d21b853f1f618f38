"""The server store: the same graph on Neo4j 5, through the official ``neo4j`` driver.

* :func:`connect` opens a driver and checks, with one clear line each, that the server is
  reachable, accepts the credentials and is Neo4j 5 or newer.
* :func:`schema_statements` generates uniqueness constraints on ``id`` for every label and
  range indexes on the lookup properties from :mod:`kodoku_graph.graph.model`.
* :func:`import_graph` imports the networkx graph in ``UNWIND $rows`` batches; it is
  idempotent, so loading twice leaves exactly the same nodes and relationships.
* :class:`Neo4jStore` runs catalog and ad-hoc Cypher in read transactions (session access
  mode READ): a write through it fails with :class:`ReadOnlyViolation`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import neo4j
import networkx as nx
from neo4j import exceptions as n4e

from kodoku_graph.errors import (
    CypherSyntaxError,
    ParameterError,
    QueryTimeoutError,
    ReadOnlyViolation,
    StoreError,
)
from kodoku_graph.graph.model import EDGES, NODES
from kodoku_graph.graph.stores.base import (
    QueryResult,
    batches,
    edge_rows,
    grouped_edge_rows,
    grouped_node_rows,
    node_rows,
)

BATCH = 1000
MIN_MAJOR = 5
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def index_properties(label: str) -> list[str]:
    """The properties of ``label`` that get a range index: integer properties (numbers,
    years, positions) and ``name`` — the ones queries look nodes up by. Long free text is
    left out (range index keys are limited in size).

    >>> index_properties("Measure")
    ['no', 'name', 'page', 'pillar', 'area', 'fy2024_no']
    """
    return [p for p, t in NODES[label].props.items() if t == "INT64" or p == "name"]


def schema_statements() -> list[str]:
    """``CREATE CONSTRAINT/INDEX … IF NOT EXISTS`` for the data model.

    >>> schema_statements()[0]
    'CREATE CONSTRAINT measure_id IF NOT EXISTS FOR (n:Measure) REQUIRE n.id IS UNIQUE'
    """
    out = []
    for label in NODES:
        key = _snake(label)
        out.append(
            f"CREATE CONSTRAINT {key}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        )
        for prop in index_properties(label):
            out.append(f"CREATE INDEX {key}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.`{prop}`)")
    return out


def _snake(label: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", label).lower()


def check_version(agent: str, uri: str = "") -> str:
    """The server's version from its agent string; older than Neo4j 5 is a StoreError.

    >>> check_version("Neo4j/5.26.30")
    '5.26.30'
    >>> check_version("Neo4j/4.4.30", "bolt://h:7687")
    Traceback (most recent call last):
    ...
    kodoku_graph.errors.StoreError: Neo4j at bolt://h:7687 is version 4.4.30; kodoku-graph needs Neo4j 5 or newer
    """
    version = agent.split("/", 1)[-1]
    m = re.match(r"(\d+)", version)
    if not m or int(m.group(1)) < MIN_MAJOR:
        raise StoreError(
            f"Neo4j at {uri or '?'} is version {version}; kodoku-graph needs Neo4j {MIN_MAJOR} or newer"
        )
    return version


def connect(uri: str, user: str, password: str, *, timeout_s: float = 10.0) -> neo4j.Driver:
    """A driver connected to ``uri``, with reachability, credentials and version checked."""
    if uri.split("://", 1)[0] not in SCHEMES:
        raise StoreError(f"bad Neo4j URI {uri!r}: use bolt://HOST:PORT (or neo4j://, +s, +ssc)")
    try:
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=timeout_s,
            max_transaction_retry_time=0,
            # Neo4j warns about labels and types the data has none of yet; not our users' concern
            notifications_min_severity="OFF",
        )
    except (ValueError, n4e.ConfigurationError) as exc:
        raise StoreError(f"bad Neo4j URI {uri!r}: {exc}") from None
    try:
        info = driver.get_server_info()
    except n4e.AuthError:
        driver.close()
        raise StoreError(
            f"Neo4j at {uri} refused the credentials of user {user!r} (authentication failed; "
            "check --user/--password or NEO4J_USER/NEO4J_PASSWORD)"
        ) from None
    except (n4e.ServiceUnavailable, OSError) as exc:
        driver.close()
        raise StoreError(f"cannot reach Neo4j at {uri}: {_first_line(exc)}") from None
    except n4e.Neo4jError as exc:
        driver.close()
        raise StoreError(f"Neo4j at {uri}: {_first_line(exc)}") from None
    try:
        check_version(info.agent, uri)
    except StoreError:
        driver.close()
        raise
    return driver


def _first_line(exc: BaseException) -> str:
    """The gist of a driver or server error on one line.

    >>> _first_line(OSError("Couldn't connect to h:1 (resolved to ...):\\nFailed (reason [Errno 111] Connection refused)"))
    '[Errno 111] Connection refused'
    """
    text = (getattr(exc, "message", None) or str(exc)).strip()
    reason = re.search(r"\(reason (.+?)\)\s*$", text)
    if reason:
        return reason.group(1)
    return text.splitlines()[0] if text else type(exc).__name__


def ensure_schema(driver: neo4j.Driver, database: str | None = None) -> None:
    """Create the model's constraints and indexes (idempotent) and wait until they are online."""
    with driver.session(database=database) as session:
        for stmt in schema_statements():
            session.run(stmt).consume()
        session.run("CALL db.awaitIndexes(300)").consume()


def clear(driver: neo4j.Driver, database: str | None = None) -> int:
    """Delete every node of a model label (and its relationships); the number deleted."""
    with driver.session(database=database) as session:
        rec = session.run(
            "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) "
            "DETACH DELETE n RETURN count(*) AS n",
            labels=list(NODES),
        ).single()
    return int(rec["n"]) if rec else 0


def import_graph(
    driver: neo4j.Driver,
    graph: nx.MultiDiGraph,
    *,
    database: str | None = None,
    batch: int = BATCH,
    progress: Callable[[str], None] | None = None,
    prune: bool = False,
) -> dict[str, int]:
    """Import ``graph`` into Neo4j, idempotently; returns the rows written.

    With ``prune``, model nodes and edges the graph does not have are deleted afterwards
    (:func:`prune_missing`): a link that vanished from the graph (a reviewer rejected it)
    vanishes from Neo4j too.

    Into a database without any of the model's nodes (a fresh one, or after
    :func:`clear`) it creates everything in large batches (:func:`_create_all`);
    otherwise it merges as follows.

    Nodes: ``UNWIND $rows AS r MERGE (n:Label {id: r.id}) SET n += r.props`` — the unique
    ``id`` constraint makes MERGE exact. A property the graph leaves null is removed.

    Relationships: the model does not give an edge type a property that is both always
    set and unique among parallel edges of one pair, so MERGE on properties cannot tell
    two parallel edges apart. Instead each (source, target) pair is one row carrying all
    its edges of the type: ``MERGE`` on the pair's first edge would not converge, so the
    pair's existing edges of the type are replaced by the graph's. Loading twice (or
    after a change to the sources) leaves exactly the graph's edges.
    """
    ensure_schema(driver, database)
    if is_empty(driver, database):
        return _create_all(driver, graph, database, progress)
    written = _merge_all(driver, graph, database, batch, progress)
    if prune:
        prune_missing(driver, graph, database)
    return written


def prune_missing(
    driver: neo4j.Driver, graph: nx.MultiDiGraph, database: str | None = None
) -> dict[str, int]:
    """Delete the model's edges whose (source, target) pair has no edge of the type in
    ``graph``, and the model's nodes ``graph`` does not have; returns what was deleted."""
    deleted = {"nodes": 0, "relationships": 0}
    with driver.session(database=database) as session:
        for type_ in EDGES:
            keep = sorted(
                {f"{s}\x1f{t}" for s, t, d in graph.edges(data=True) if d["type"] == type_}
            )
            rec = session.execute_write(
                lambda tx, type_=type_, keep=keep: tx.run(
                    f"MATCH (a)-[e:{type_}]->(b) WHERE NOT (a.id + '\x1f' + b.id) IN $keep "
                    "DELETE e RETURN count(*) AS n",
                    keep=keep,
                ).single()
            )
            deleted["relationships"] += int(rec["n"]) if rec else 0
        for label in NODES:
            ids = sorted(n for n, d in graph.nodes(data=True) if d["label"] == label)
            rec = session.execute_write(
                lambda tx, label=label, ids=ids: tx.run(
                    f"MATCH (n:{label}) WHERE NOT n.id IN $ids DETACH DELETE n "
                    "RETURN count(*) AS n",
                    ids=ids,
                ).single()
            )
            deleted["nodes"] += int(rec["n"]) if rec else 0
    return deleted


def _merge_all(
    driver: neo4j.Driver,
    graph: nx.MultiDiGraph,
    database: str | None,
    batch: int,
    progress: Callable[[str], None] | None,
) -> dict[str, int]:
    """MERGE every node and replace every pair's edges (see :func:`import_graph`)."""
    n_nodes = n_rels = 0
    with driver.session(database=database) as session:
        for label, nt in NODES.items():
            props = list(nt.props)
            rows = [
                {"id": r["id"], "props": {k: v for k, v in r.items() if k != "id"}}
                for r in node_rows(graph, label, props)
            ]
            for chunk in batches(rows, batch):
                session.execute_write(
                    _run,
                    f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET n += r.props",
                    chunk,
                )
                n_nodes += len(chunk)
            if progress:
                progress(f"nodes {label}")
        for type_, et in EDGES.items():
            props = list(et.props)
            for (a, b), rows in edge_rows(graph, type_, props).items():
                pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
                for r in rows:
                    edge = {k: v for k, v in r.items() if k not in ("s", "t") and v is not None}
                    pairs.setdefault((r["s"], r["t"]), []).append(edge)
                pair_rows = [{"s": s, "t": t, "edges": e} for (s, t), e in sorted(pairs.items())]
                cypher = (
                    f"UNWIND $rows AS r MATCH (a:{a} {{id: r.s}}) MATCH (b:{b} {{id: r.t}}) "
                    f"OPTIONAL MATCH (a)-[old:{type_}]->(b) "
                    "WITH a, b, r, collect(old) AS olds FOREACH (o IN olds | DELETE o) "
                    f"WITH a, b, r UNWIND r.edges AS e CREATE (a)-[x:{type_}]->(b) SET x = e"
                )
                for chunk in batches(pair_rows, batch):
                    session.execute_write(_run, cypher, chunk)
                    n_rels += sum(len(p["edges"]) for p in chunk)
            if progress:
                progress(f"edges {type_}")
    return {"nodes": n_nodes, "relationships": n_rels}


#: Rows per transaction when loading into an empty database.
CREATE_BATCH = 10_000


def is_empty(driver: neo4j.Driver, database: str | None = None) -> bool:
    """Whether the database has no node of a model label (counts come from the count
    store: instant at any size)."""
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for label in NODES:
            if session.run(f"MATCH (n:{label}) RETURN count(n) AS c").single()["c"]:
                return False
    return True


def _create_all(
    driver: neo4j.Driver,
    graph: nx.MultiDiGraph,
    database: str | None,
    progress: Callable[[str], None] | None,
) -> dict[str, int]:
    """The bulk path of :func:`import_graph` for a database with none of the model's nodes:
    plain ``CREATE`` in batches of :data:`CREATE_BATCH` (nothing to merge with; the ``id``
    constraints still guard uniqueness). Stores exactly what the merge path would."""
    n_nodes = n_rels = 0
    all_nodes = grouped_node_rows(graph, {label: list(nt.props) for label, nt in NODES.items()})
    all_edges = grouped_edge_rows(graph, {type_: list(et.props) for type_, et in EDGES.items()})
    with driver.session(database=database) as session:
        for label in NODES:
            rows = [{k: v for k, v in r.items() if v is not None} for r in all_nodes[label]]
            for chunk in batches(rows, CREATE_BATCH):
                session.execute_write(
                    _run, f"UNWIND $rows AS r CREATE (n:{label}) SET n = r", chunk
                )
                n_nodes += len(chunk)
            if progress:
                progress(f"nodes {label}")
        for type_ in EDGES:
            for (a, b), rows in all_edges[type_].items():
                pair_rows = [
                    {
                        "s": r["s"],
                        "t": r["t"],
                        "p": {k: v for k, v in r.items() if k not in ("s", "t") and v is not None},
                    }
                    for r in rows
                ]
                cypher = (
                    f"UNWIND $rows AS r MATCH (a:{a} {{id: r.s}}) MATCH (b:{b} {{id: r.t}}) "
                    f"CREATE (a)-[x:{type_}]->(b) SET x = r.p"
                )
                for chunk in batches(pair_rows, CREATE_BATCH):
                    session.execute_write(_run, cypher, chunk)
                    n_rels += len(chunk)
            if progress:
                progress(f"edges {type_}")
    return {"nodes": n_nodes, "relationships": n_rels}


def _run(tx: neo4j.ManagedTransaction, cypher: str, rows: list[dict[str, Any]]) -> None:
    tx.run(cypher, rows=rows).consume()


def counts(driver: neo4j.Driver, database: str | None = None) -> dict[str, dict[str, int]]:
    """Nodes per model label and relationships per model type, as stored."""
    out: dict[str, dict[str, int]] = {"nodes": {}, "edges": {}}
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for label in NODES:
            out["nodes"][label] = session.run(f"MATCH (n:{label}) RETURN count(n) AS c").single()[
                "c"
            ]
        for type_ in EDGES:
            out["edges"][type_] = session.run(
                f"MATCH ()-[r:{type_}]->() RETURN count(r) AS c"
            ).single()["c"]
    return out


class Neo4jStore:
    """Read-only queries on a Neo4j 5 server (the :class:`~kodoku_graph.graph.stores.base.Store`
    protocol, ``backend = "neo4j"``)."""

    backend = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        self.uri = uri
        self.database = database
        self._driver = connect(uri, user, password)

    def run(
        self, cypher: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> QueryResult:
        """Run one statement in a read transaction; writes fail with
        :class:`ReadOnlyViolation`, a time-out with :class:`QueryTimeoutError`."""
        timeout = timeout_ms / 1000 if timeout_ms else None
        try:
            with self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                with session.begin_transaction(timeout=timeout) as tx:
                    result = tx.run(cypher, params or {})
                    columns = list(result.keys())
                    rows = [[plain(v) for v in record.values()] for record in result]
                    tx.commit()
        except n4e.Neo4jError as exc:
            raise translate(exc, self.uri) from None
        except n4e.ServiceUnavailable as exc:
            raise StoreError(f"cannot reach Neo4j at {self.uri}: {_first_line(exc)}") from None
        except n4e.DriverError as exc:
            raise StoreError(f"Neo4j at {self.uri}: {_first_line(exc)}") from None
        return QueryResult(columns=columns, rows=rows)

    def close(self) -> None:
        self._driver.close()


def translate(exc: n4e.Neo4jError, uri: str = "") -> Exception:
    """A server error as the project's error with one clear line."""
    code = exc.code or ""
    first = _first_line(exc)
    if code == "Neo.ClientError.Statement.AccessMode" or "AccessMode" in code:
        return ReadOnlyViolation(f"write attempted through the read-only query path: {first}")
    if "TransactionTimedOut" in code or "Transaction.Terminated" in code:
        return QueryTimeoutError("query exceeded the time limit and was terminated")
    if code == "Neo.ClientError.Statement.ParameterMissing":
        return ParameterError(f"missing query parameter: {first}")
    if code.startswith("Neo.ClientError.Statement.") and (
        "Syntax" in code or "Semantic" in code or "Type" in code
    ):
        return CypherSyntaxError(f"invalid Cypher: {first}")
    if code.startswith("Neo.ClientError.Security."):
        return StoreError(f"Neo4j at {uri}: {first}")
    return StoreError(f"Neo4j at {uri}: {first}")


def plain(value: Any) -> Any:
    """Neo4j values as JSON-able Python, shaped like the embedded store's: a node becomes
    ``id``, ``src`` and every model property of its label (``None`` where unset), a
    relationship its ``src`` and model properties, a path its nodes and relationships;
    temporal and spatial values become strings."""
    if isinstance(value, neo4j.graph.Node):
        label = next((lb for lb in value.labels if lb in NODES), None)
        keys = ["id", "src", *NODES[label].props] if label else sorted(value.keys())
        return {k: plain(value.get(k)) for k in keys}
    if isinstance(value, neo4j.graph.Relationship):
        et = EDGES.get(value.type)
        keys = ["src", *et.props] if et else sorted(value.keys())
        return {k: plain(value.get(k)) for k in keys}
    if isinstance(value, neo4j.graph.Path):
        return {
            "nodes": [plain(n) for n in value.nodes],
            "rels": [plain(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)
