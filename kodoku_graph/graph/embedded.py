"""The embedded store: a LadybugDB database on disk.

The schema (one node table per label, one rel table per edge type) is generated from
:mod:`kodoku_graph.graph.model`. :func:`write_graph` writes a fresh database from the
networkx graph in ``UNWIND $rows`` batches; :class:`EmbeddedStore` opens it read-only for
the query path, so a write through it fails with :class:`ReadOnlyViolation`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ladybug
import networkx as nx

from ..errors import (
    CypherSyntaxError,
    QueryFailedError,
    QueryTimeoutError,
    ReadOnlyViolation,
    StoreError,
)
from .model import EDGES, NODES
from .store import QueryResult, batches, edge_rows, node_rows

BATCH = 2000


def schema_ddl() -> list[str]:
    """``CREATE NODE/REL TABLE IF NOT EXISTS`` statements for the data model."""
    out = []
    for label, nt in NODES.items():
        cols = ", ".join(
            ["id STRING PRIMARY KEY", "src STRING"] + [f"`{p}` {t}" for p, t in nt.props.items()]
        )
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {label}({cols})")
    for type_, et in EDGES.items():
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in et.pairs)
        cols = ", ".join(["src STRING"] + [f"`{p}` {t}" for p, t in et.props.items()])
        out.append(f"CREATE REL TABLE IF NOT EXISTS {type_}({pairs}, {cols})")
    return out


def write_graph(
    graph: nx.MultiDiGraph, path: Path, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Write ``graph`` to a new LadybugDB database at ``path`` (replacing any old one).

    The database is written beside ``path`` and moved into place only when complete, so
    a failed build never leaves a half-written store. Returns the number of nodes and
    relationships written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    _remove(tmp)
    db = ladybug.Database(str(tmp))
    conn = ladybug.Connection(db)
    try:
        for stmt in schema_ddl():
            conn.execute(stmt)
        n_nodes = n_rels = 0
        for label, nt in NODES.items():
            props = list(nt.props)
            sets = ", ".join(
                f"n.`{p}` = {_cast(p, t)}" for p, t in [("src", "STRING"), *nt.props.items()]
            )
            for batch in batches(node_rows(graph, label, props), BATCH):
                conn.execute(
                    f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET {sets}", {"rows": batch}
                )
                n_nodes += len(batch)
            if progress:
                progress(f"nodes {label}")
        for type_, et in EDGES.items():
            props = list(et.props)
            fields = ", ".join(
                f"`{p}`: {_cast(p, t)}" for p, t in [("src", "STRING"), *et.props.items()]
            )
            for (a, b), rows in edge_rows(graph, type_, props).items():
                for batch in batches(rows, BATCH):
                    conn.execute(
                        f"UNWIND $rows AS r MATCH (a:{a} {{id: r.s}}), (b:{b} {{id: r.t}}) "
                        f"CREATE (a)-[:{type_} {{{fields}}}]->(b)",
                        {"rows": batch},
                    )
                    n_rels += len(batch)
            if progress:
                progress(f"edges {type_}")
    except BaseException:
        conn.close()
        db.close()
        _remove(tmp)
        raise
    conn.close()
    db.close()
    _remove(path)
    tmp.rename(path)
    return {"nodes": n_nodes, "relationships": n_rels}


def _cast(prop: str, type_: str) -> str:
    """``CAST(r.prop AS TYPE)``: LadybugDB infers a parameter's type from its values, so a
    batch where a property is always null or an empty list needs the explicit type."""
    return f"CAST(r.`{prop}` AS {type_})"


def _remove(path: Path) -> None:
    """Delete a database file (or directory) and its write-ahead log."""
    for old in (path, path.with_name(path.name + ".wal")):
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()


def _plain(value: Any) -> Any:
    """Ladybug values as JSON-able Python: nodes and rels become property dicts."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class EmbeddedStore:
    """A read-only connection to the LadybugDB database at ``path``."""

    backend = "embedded"

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise StoreError(f"no embedded store at {path}: run `kodoku build` first")
        try:
            self._db = ladybug.Database(str(path), read_only=True)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            raise StoreError(f"cannot open the embedded store at {path}: {exc}") from exc
        self.path = path

    def run(
        self, cypher: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> QueryResult:
        """Run one statement; writes fail with :class:`ReadOnlyViolation`."""
        self._conn.set_query_timeout(timeout_ms or 0)
        try:
            res = self._conn.execute(cypher, params or {})
        except RuntimeError as exc:
            raise _translate(exc) from exc
        if isinstance(res, list):  # several statements: keep the last result
            res = res[-1]
        columns = res.get_column_names()
        rows = [[_plain(v) for v in row] for row in res.get_all()]
        return QueryResult(columns=columns, rows=rows)

    def close(self) -> None:
        self._conn.close()
        self._db.close()


#: Ladybug messages of statements that are valid but fail on their values (the caller's fault).
_RUNTIME_FAILURES = (
    "Runtime exception",
    "Overflow exception",
    "Conversion exception",
    "Unable to cast",
)


def _translate(exc: RuntimeError) -> Exception:
    msg = str(exc).strip()
    first = msg.splitlines()[0] if msg else "query failed"
    if "read-only" in msg or "read only" in msg:
        return ReadOnlyViolation(f"write attempted through the read-only query path: {first}")
    if msg.startswith("Interrupted"):
        return QueryTimeoutError("query exceeded the time limit and was interrupted")
    if msg.startswith(("Parser exception", "Binder exception", "Catalog exception")):
        return CypherSyntaxError(f"invalid Cypher: {first}")
    if msg.startswith(_RUNTIME_FAILURES):
        return QueryFailedError(f"query failed: {first}")
    return StoreError(f"embedded store: {first}")
