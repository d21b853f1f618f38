"""The read-only guard of ad-hoc Cypher, kept under its old name: it is now the allowlist
checker :func:`kodoku_graph.queries.adhoc.check_adhoc` (reading clauses and allowed
functions only), no longer a list of forbidden words.

>>> check_read_only("MATCH (m:Measure) WHERE m.name CONTAINS 'CREATE' RETURN m.set")
>>> check_read_only("MATCH (n) DETACH DELETE n")
Traceback (most recent call last):
...
kodoku_graph.errors.ReadOnlyViolation: only read queries are allowed: DETACH is not allowed in ad-hoc Cypher (at offset 10)
"""

from __future__ import annotations

from kodoku_graph.queries.adhoc import check_adhoc


def check_read_only(cypher: str) -> None:
    """Raise unless ``cypher`` is one reading statement (see :func:`check_adhoc`)."""
    check_adhoc(cypher)
