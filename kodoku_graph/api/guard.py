"""Read-only guard for ad-hoc Cypher: refuse writes and file or extension access before
the statement reaches a store (the store's own read-only mode is the second line).

>>> check_read_only("MATCH (m:Measure) WHERE m.name CONTAINS 'CREATE' RETURN m.set")
>>> check_read_only("MATCH (n) DETACH DELETE n")
Traceback (most recent call last):
...
kodoku_graph.errors.ReadOnlyViolation: only read queries are allowed: DETACH is a write or administrative clause
"""

from __future__ import annotations

import re

from kodoku_graph.errors import CypherSyntaxError, ReadOnlyViolation

#: Clauses that write, load files, install extensions or manage the database.
FORBIDDEN = (
    "CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "ALTER", "COPY", "LOAD",
    "INSTALL", "ATTACH", "USE", "EXPORT", "IMPORT", "BEGIN", "COMMIT", "ROLLBACK",
    "CHECKPOINT", "FOREACH", "GRANT", "REVOKE", "DENY", "TERMINATE",
)  # fmt: skip
_LITERALS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_WORD = re.compile(r"(?<![.$\w])([A-Za-z_]\w*)")


def check_read_only(cypher: str) -> None:
    """Raise :class:`ReadOnlyViolation` if ``cypher`` has a forbidden clause keyword
    (outside strings, comments and `quoted` names, and not as a property ``.name``), or
    :class:`CypherSyntaxError` if it holds more than one statement."""
    bare = _LITERALS.sub(" ", cypher)
    if ";" in bare.strip().rstrip(";"):
        raise CypherSyntaxError("invalid Cypher: send one statement at a time")
    for word in _WORD.findall(bare):
        if word.upper() in FORBIDDEN:
            raise ReadOnlyViolation(
                f"only read queries are allowed: {word.upper()} is a write or administrative clause"
            )
