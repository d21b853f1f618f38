"""The embedded store: a LadybugDB database on disk.

The schema (one node table per label, one rel table per edge type) is generated from
:mod:`kodoku_graph.graph.model`. :func:`create_database` writes a fresh database from the
networkx graph: by default with LadybugDB's bulk loader (``COPY Table FROM`` CSV files
written to a temporary directory, see :func:`copy_tables`), or row by row in
``UNWIND $rows`` batches (``method="unwind"``, kept for comparison in bench/).
:class:`EmbeddedStore` opens it read-only for the query path, so a write through it fails
with :class:`ReadOnlyViolation`.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ladybug
import networkx as nx

from kodoku_graph.errors import (
    CypherSyntaxError,
    QueryFailedError,
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


def create_database(
    graph: nx.MultiDiGraph,
    path: Path,
    progress: Callable[[str], None] | None = None,
    *,
    method: str = "copy",
) -> dict[str, int]:
    """Write ``graph`` to a new LadybugDB database at ``path`` (replacing any old one).

    ``method`` is ``"copy"`` (bulk load, :func:`copy_tables`) or ``"unwind"`` (batched
    ``UNWIND … MERGE/CREATE``); both store the same nodes, relationships and values.
    The database is written beside ``path`` and moved into place only when complete, so
    a failed build never leaves a half-written store. Returns the number of nodes and
    relationships written.
    """
    if method not in ("copy", "unwind"):
        raise ValueError(f"unknown write method {method!r} (copy or unwind)")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    _remove(tmp)
    # one transaction for the schema and the bulk load, one checkpoint when it is closed
    db = ladybug.Database(str(tmp), auto_checkpoint=method != "copy")
    conn = ladybug.Connection(db)
    try:
        if method == "copy":
            conn.execute("BEGIN TRANSACTION")
            for stmt in schema_ddl():
                conn.execute(stmt)
            with tempfile.TemporaryDirectory(prefix="kodoku-copy-") as work:
                written = copy_tables(conn, graph, Path(work), progress)
            conn.execute("COMMIT")
            conn.execute("CHECKPOINT")
        else:
            for stmt in schema_ddl():
                conn.execute(stmt)
            written = _unwind_tables(conn, graph, progress)
    except BaseException:
        conn.close()
        db.close()
        _remove(tmp)
        raise
    conn.close()
    db.close()
    _remove(path)
    tmp.rename(path)
    return written


def _unwind_tables(
    conn: ladybug.Connection, graph: nx.MultiDiGraph, progress: Callable[[str], None] | None
) -> dict[str, int]:
    """Nodes by ``UNWIND $rows MERGE … SET``, edges by ``UNWIND $rows MATCH … CREATE``."""
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
    return {"nodes": n_nodes, "relationships": n_rels}


#: Separates the items of a ``STRING[]`` value in the CSV files (never in the data:
#: :func:`copy_tables` checks).
ITEM_SEP = "\x1f"


def copy_tables(
    conn: ladybug.Connection,
    graph: nx.MultiDiGraph,
    work: Path,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Bulk-load ``graph`` into the empty tables of ``conn``: one CSV file per node label
    and per edge type and label pair, written to ``work``, each loaded with one
    ``COPY Table FROM (LOAD WITH HEADERS (…) FROM 'file' RETURN …)``.

    CSV cannot tell a null from an empty string, nor hold a list of strings, so values
    are encoded (:func:`_encode`) and decoded in the ``RETURN``: a string is written
    behind a ``=`` (an empty field is null), a ``STRING[]`` behind a ``[`` with its items,
    each behind a ``=``, joined by :data:`ITEM_SEP` (``]`` is the empty list), an ``INT64[]`` as ``[1,2]``.
    """
    n_nodes = n_rels = 0
    all_nodes = grouped_node_rows(graph, {label: list(nt.props) for label, nt in NODES.items()})
    all_edges = grouped_edge_rows(graph, {type_: list(et.props) for type_, et in EDGES.items()})
    for label, nt in NODES.items():
        types = {"id": "ID", "src": "STRING", **nt.props}
        rows = all_nodes[label]
        if rows:
            _copy(conn, label, types, rows, work / f"{label}.csv")
        n_nodes += len(rows)
        if progress:
            progress(f"nodes {label}")
    for type_, et in EDGES.items():
        types = {"s": "ID", "t": "ID", "src": "STRING", **et.props}
        for (a, b), rows in all_edges[type_].items():
            option = f" (from='{a}', to='{b}')" if len(et.pairs) > 1 else ""
            _copy(conn, type_, types, rows, work / f"{type_}-{a}-{b}.csv", option)
            n_rels += len(rows)
        if progress:
            progress(f"edges {type_}")
    return {"nodes": n_nodes, "relationships": n_rels}


def _copy(
    conn: ladybug.Connection,
    table: str,
    types: dict[str, str],
    rows: list[dict[str, Any]],
    file: Path,
    option: str = "",
) -> None:
    """Write ``rows`` to ``file`` and ``COPY`` it into ``table``."""
    keys = list(types)
    encoders = [(k, _encoder(t)) for k, t in types.items()]
    with file.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(keys)
        out.writerows([enc(row[k]) for k, enc in encoders] for row in rows)
    text_keys = [k for k, t in types.items() if t in ("STRING", "STRING[]")]
    multiline = any(
        "\n" in x or "\r" in x
        for row in rows
        for k in text_keys
        if (v := row[k])
        for x in (v if isinstance(v, list) else [v])
    )
    columns = ", ".join(f"`{k}` {_csv_type(t)}" for k, t in types.items())
    returns = ", ".join(_decode(k, t) for k, t in types.items())
    # the parallel CSV reader cannot handle line breaks inside quoted fields
    options = f"HEADER=true, QUOTE='\"', ESCAPE='\"', PARALLEL={'false' if multiline else 'true'}"
    conn.execute(
        f"COPY {table} FROM (LOAD WITH HEADERS ({columns}) FROM '{_literal(file)}' "
        f"({options}) RETURN {returns}){option}"
    )


def _literal(path: Path) -> str:
    return str(path).replace("\\", "\\\\").replace("'", "\\'")


def _csv_type(type_: str) -> str:
    """The type a column is read as (lists and strings as STRING, decoded in RETURN)."""
    return "STRING" if type_ in ("ID", "STRING") or type_.endswith("[]") else type_


def _encoder(type_: str) -> Callable[[Any], str]:
    """:func:`_encode` for one type, as a function of the value."""
    if type_ == "ID":
        return str
    if type_ == "STRING":
        return lambda v: "" if v is None else "=" + v
    return lambda v: _encode(v, type_)


def _encode(value: Any, type_: str) -> str:
    """One value as a CSV field for :func:`copy_tables`.

    >>> [_encode(v, "STRING") for v in (None, "", "a")]
    ['', '=', '=a']
    >>> [_encode(v, "STRING[]") for v in (None, [], [""], ["a", "b"])]
    ['', ']', '[=', '[=a\\x1f=b']
    >>> _encode([3, 1], "INT64[]"), _encode(True, "BOOLEAN"), _encode(0.1, "DOUBLE")
    ('[3,1]', 'true', '0.1')
    """
    if value is None:
        return ""
    if type_ == "ID":
        return str(value)
    if type_ == "STRING":
        return "=" + value
    if type_ == "STRING[]":
        if any(ITEM_SEP in item for item in value):
            raise StoreError(f"a list item contains the separator U+001F: {value!r}")
        # every item behind a "=": string_split drops empty items
        return "[" + ITEM_SEP.join("=" + item for item in value) if value else "]"
    if type_.endswith("[]"):
        return "[" + ",".join(str(int(v)) for v in value) + "]"
    if type_ == "BOOLEAN":
        return "true" if value else "false"
    if type_ == "DOUBLE":
        return repr(float(value))
    return str(int(value))


def _decode(key: str, type_: str) -> str:
    """The ``RETURN`` expression that turns column ``key`` back into its value."""
    col = f"`{key}`"
    if type_ == "STRING":
        return f"substring({col}, 2, size({col}))"
    if type_ == "STRING[]":
        return (
            f"CASE WHEN {col} = ']' THEN CAST([] AS STRING[]) "
            f"ELSE list_transform(string_split(substring({col}, 2, size({col})), '{ITEM_SEP}'), "
            "x -> substring(x, 2, size(x))) END"
        )
    if type_.endswith("[]"):
        return f"CAST({col} AS {type_})"
    return col


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
    """Ladybug values as JSON-able Python: nodes and rels become property dicts.

    A node or rel keeps the properties of its own label or type (``id``, ``src`` and the
    model's, as the Neo4j store returns them): a variable of an unlabelled pattern
    (``MATCH (n) WHERE n.id = $id``) otherwise carries every table's columns, nulls included.
    """
    if isinstance(value, dict):
        label = value.get("_LABEL")
        if isinstance(label, str) and "_ID" in value:
            if label in NODES:
                keys = ["id", "src", *NODES[label].props]
                return {k: _plain(value.get(k)) for k in keys}
            if label in EDGES:
                return {k: _plain(value.get(k)) for k in ["src", *EDGES[label].props]}
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
