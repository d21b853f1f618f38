"""The query catalog: one ``.cypher`` file per named query, with a header.

Header format (comment lines at the top of the file)::

    // name: measure
    // description: One measure with its ministries and policy areas.
    // param: no int required -- the measure number (1–143)
    // param: ministry str = "" -- optional filter; "" means all
    // example: no=12
    // columns: id, no, name, ministries, areas

Optional header lines: ``// internal: true`` marks a query the API and explorer use to
read the store (a node by id, a neighbourhood, counts): it runs like any other and is
tested on both stores, but the public listing (``/queries``, ``kodoku queries``) leaves
it out unless asked. ``// unordered: <reason>`` says why a query has no ``ORDER BY``
(one row, or a UNION whose parts the caller sorts). ``// empty: <reason>`` says why its
examples may have no rows on the shipped data (the reviewers' decisions: the shipped
curated directory has none); tests/test_reviews.py runs it on a build with decisions.

Optional parameters need a non-null default (LadybugDB cannot type a null parameter):
``""`` for strings, ``0`` for numbers, with the query treating it as "no filter".

The same text runs on every store (LadybugDB and Neo4j): queries keep to the common
dialect, and tests/test_neo4j.py runs each on both and requires identical rows. The
dialect has no ordering of a whole ``UNION ALL`` (no ``CALL {…}`` in LadybugDB): each part
is ordered and the parts come in any order, so the rows of such a query are compared as
a set and its users sort them.

>>> cat = Catalog.load()
>>> cat.get("measure").params[0].name
'no'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kodoku_graph.errors import ParameterError, QueryNotFoundError
from kodoku_graph.graph.stores.base import QueryResult, Store

QUERY_DIR = Path(__file__).resolve().parent
HEADER_RE = re.compile(r"^//\s*(\w+)\s*:\s*(.*)$")
PARAM_RE = re.compile(
    r"^(?P<name>\w+)\s+(?P<type>str|int|float|bool)\s+(?:(?P<required>required)|=\s*(?P<default>\S*))\s*(?:--\s*(?P<doc>.*))?$"
)
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}


@dataclass(frozen=True)
class Param:
    """A query parameter: name, type, whether it is required, its default, its doc."""

    name: str
    type: str
    required: bool
    default: Any
    doc: str

    def coerce(self, raw: Any, query: str) -> Any:
        """Convert a raw value (string from CLI/HTTP, or typed) to this parameter's type."""
        kind = TYPES[self.type]
        if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
            value = raw
        else:
            value = self._parse(kind, str(raw).strip(), query)
        if kind is int and not INT64_MIN <= value <= INT64_MAX:  # the stores' INT64
            raise ParameterError(
                f"query {query}: parameter {self.name} must be between {INT64_MIN} and {INT64_MAX}"
            )
        return value

    def _parse(self, kind: type, text: str, query: str) -> Any:
        try:
            if kind is bool:
                if text.lower() in ("true", "1", "yes"):
                    return True
                if text.lower() in ("false", "0", "no"):
                    return False
                raise ValueError(text)
            return kind(text)
        except ValueError:
            raise ParameterError(
                f"query {query}: parameter {self.name} must be {self.type}, got {text!r}"
            ) from None


@dataclass(frozen=True)
class Query:
    """A catalog query: its header and its Cypher text."""

    name: str
    description: str
    params: list[Param]
    columns: list[str]
    examples: list[dict[str, str]]
    text: str
    path: Path
    internal: bool = False
    unordered: str = ""
    #: why the examples may have no rows on the shipped data (``// empty:``)
    empty: str = ""

    def bind(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Typed parameters from ``raw``; unknown, missing or ill-typed ones raise
        :class:`ParameterError`."""
        known = {p.name for p in self.params}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ParameterError(
                f"query {self.name}: unknown parameter {', '.join(unknown)}"
                f" (it takes: {', '.join(sorted(known)) or 'none'})"
            )
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in raw and raw[p.name] is not None:
                out[p.name] = p.coerce(raw[p.name], self.name)
            elif p.required:
                raise ParameterError(f"query {self.name}: missing parameter {p.name} ({p.type})")
            else:
                out[p.name] = p.coerce(p.default, self.name)
        return out


def parse_query_file(path: Path) -> Query:
    """Parse one ``.cypher`` file with its header; a bad header raises ValueError."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = HEADER_RE.match(line.strip())
        if not m:
            if line.strip() and not line.strip().startswith("//"):
                break
            continue
        meta.setdefault(m.group(1), []).append(m.group(2).strip())
    for key in ("name", "description", "columns"):
        if key not in meta:
            raise ValueError(f"{path.name}: header lacks '// {key}:'")
    params = []
    for spec in meta.get("param", []):
        m = PARAM_RE.match(spec)
        if not m:
            raise ValueError(f"{path.name}: bad param line {spec!r}")
        default = m.group("default")
        if default is not None:
            default = default.strip('"')
        params.append(
            Param(
                m.group("name"),
                m.group("type"),
                bool(m.group("required")),
                default,
                m.group("doc") or "",
            )
        )
    examples = []
    for ex in meta.get("example", []):
        pairs = [kv.split("=", 1) for kv in ex.split() if "=" in kv]
        examples.append({k: v for k, v in pairs})
    return Query(
        name=meta["name"][0],
        description=" ".join(meta["description"]),
        params=params,
        columns=[c.strip() for c in meta["columns"][0].split(",")],
        examples=examples or [{}],
        text=text,
        path=path,
        internal=meta.get("internal", ["false"])[0].lower() == "true",
        unordered=" ".join(meta.get("unordered", [])),
        empty=" ".join(meta.get("empty", [])),
    )


class Catalog:
    """All catalog queries, by name."""

    def __init__(self, queries: dict[str, Query]) -> None:
        self.queries = queries

    @classmethod
    def load(cls, directory: Path = QUERY_DIR) -> Catalog:
        queries: dict[str, Query] = {}
        for path in sorted(directory.glob("*.cypher")):
            q = parse_query_file(path)
            if q.name != path.stem:
                raise ValueError(f"{path.name}: header name {q.name!r} differs from the file name")
            queries[q.name] = q
        return cls(queries)

    def names(self) -> list[str]:
        return sorted(self.queries)

    def public(self) -> list[Query]:
        """The queries of the public listing (not ``internal``), by name."""
        return [self.queries[n] for n in self.names() if not self.queries[n].internal]

    def get(self, name: str) -> Query:
        try:
            return self.queries[name]
        except KeyError:
            raise QueryNotFoundError(
                f"unknown query {name!r}; known queries: {', '.join(self.names())}"
            ) from None

    def run(
        self,
        store: Store,
        name: str,
        raw: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
    ) -> QueryResult:
        """Run catalog query ``name`` on ``store`` with raw (string or typed) parameters."""
        query = self.get(name)
        params = query.bind(raw or {})
        return store.run(query.text, params, timeout_ms=timeout_ms)
