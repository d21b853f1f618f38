"""Ad-hoc Cypher by allowlist: a tokenizer with Cypher's lexical rules and a checker that
admits only reading queries, before a statement reaches any store.

The tokenizer follows the lexer of LadybugDB's grammar (openCypher's, ``Cypher.g4``):
keywords are ASCII and case-insensitive; names start with a Unicode ``ID_Start`` or
connector character and go on with ``ID_Continue`` or currency symbols (``a$b`` is one
name); ```back`ticks``` quote a name; strings are ``'…'`` or ``"…"`` with backslash
escapes; comments are ``// …`` and ``/* … */``; numbers are decimal integers, reals
(``1.5``, ``.5``, ``1e-3``) and, for Neo4j, ``0x1F``/``0o17``; ``$name`` and ``$1`` are
parameters; the whitespace set includes the Unicode spaces the grammar lists.

The checker (:func:`check_adhoc`) then admits a statement only if

* every keyword is one of :data:`ALLOWED_KEYWORDS` (the reading clauses ``MATCH``,
  ``OPTIONAL MATCH``, ``WHERE``, ``WITH``, ``UNWIND``, ``RETURN``, ``ORDER BY``, ``SKIP``,
  ``LIMIT``, ``UNION`` and the expression words ``CASE``, ``EXISTS {…}``, ``COUNT {…}``…):
  any other keyword of LadybugDB or Neo4j (``CALL``, ``LOAD``, ``COPY``, ``CREATE``…) is
  refused wherever it stands, except as a property key after ``.``;
* every function called is in :data:`FUNCTIONS` (no table functions, no namespaced
  ``a.b()`` procedures, no sequence or seed functions);
* it is one statement (a ``;`` only at the end), a number is never glued to a name
  (``1LOAD``), and it has at most ``max_tokens`` tokens and ``max_depth`` nested brackets
  (``(``, ``[``, ``{`` and ``CASE … END``).

Refusals raise :class:`~kodoku_graph.errors.ReadOnlyViolation` (403, naming the token);
lexical errors and limits raise :class:`~kodoku_graph.errors.CypherSyntaxError` (400).

>>> len(check_adhoc("MATCH (m:Measure) WHERE m.name CONTAINS 'LOAD' RETURN m.no ORDER BY m.no"))
21
>>> check_adhoc("UNWIND [1] AS x WITH x LIMIT 1LOAD FROM '/etc/passwd' RETURN *")
Traceback (most recent call last):
...
kodoku_graph.errors.ReadOnlyViolation: only read queries are allowed: LOAD is not allowed in ad-hoc Cypher (at offset 30)
>>> [t.text for t in tokenize("RETURN 1.5e-3, $no, `a``b`, 'it\\\\'s' // done")]
['RETURN', '1.5e-3', ',', '$no', ',', '`a``b`', ',', "'it\\\\'s'"]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from kodoku_graph.errors import CypherSyntaxError, ReadOnlyViolation

TokenKind = Literal["word", "name", "string", "number", "param", "punct"]

#: Keywords a reading query may use (ASCII, compared upper-cased).
ALLOWED_KEYWORDS = frozenset(
    """MATCH OPTIONAL WHERE WITH UNWIND RETURN ORDER BY SKIP LIMIT UNION ALL DISTINCT AS ASC
    ASCENDING DESC DESCENDING AND OR XOR NOT IN IS NULL TRUE FALSE STARTS ENDS CONTAINS CASE
    WHEN THEN ELSE END EXISTS COUNT CAST ANY NONE SINGLE SHORTEST WSHORTEST TRAIL ACYCLIC
    STRUCT MAP DECIMAL""".split()
)

#: Keywords of LadybugDB's grammar and Neo4j 5's that start a statement or a clause that
#: is not a reading one (write, load or export files, call procedures or table functions,
#: change settings, manage transactions, databases, extensions, users or the schema), or
#: are part of such a clause only (``FROM``, ``HEADERS``, ``GLOB`` of ``LOAD``/``COPY``).
#: Refused wherever they stand, except in a name position (after ``.``, ``:`` or ``AS``,
#: or before ``:``). The other words of those statements (``TABLE``, ``NO``, ``ROLE``…)
#: mean nothing without one of these, so they may be names (``m.no``, ``RETURN 1 AS no``).
REFUSED_KEYWORDS = (
    frozenset(
        """ALTER ANALYZE ATTACH BEGIN CALL CHECKPOINT COMMENT COMMIT COMMIT_SKIP_CHECKPOINT
        COPY CREATE DELETE DETACH DROP EXPLAIN EXPORT FORCE FROM GLOB HEADERS HINT IMPORT
        INSTALL JOIN LOAD MACRO MERGE MULTI_JOIN PROFILE ROLLBACK ROLLBACK_SKIP_CHECKPOINT SET
        TRANSACTION UNINSTALL UPDATE USE YIELD
        REMOVE FOREACH GRANT REVOKE DENY TERMINATE SHOW ENABLE USING PERIODIC FINISH FILTER
        LET NEXT INSERT STOP START SUSPEND RENAME EXECUTE DBMS IMPERSONATE TRANSACTIONS""".split()
    )
    - ALLOWED_KEYWORDS
)

#: Functions an ad-hoc query may call (lower-case; LadybugDB's and Neo4j's names). Not
#: here: table functions (READ_CSV_*, READ_PARQUET, READ_NPY, SHOW_*, *_INFO…), which only
#: ``CALL`` or ``LOAD FROM`` reach; NEXTVAL/CURRVAL (they advance sequences) and SETSEED
#: (session state); namespaced procedures and functions (``apoc.*``, ``db.*``).
FUNCTIONS = frozenset(
    """count sum avg min max collect count_if stdev stdevp percentilecont percentiledisc
    coalesce ifnull nullif greatest least cast typeof
    size length labels label type id elementid keys properties nodes relationships rels
    startnode endnode start_node end_node offset is_trail is_acyclic cost
    head last tail reverse range split substring substr left right trim ltrim rtrim lower
    upper lcase ucase tolower toupper initcap replace concat concat_ws contains starts_with
    ends_with prefix suffix lpad rpad repeat levenshtein split_part string_split str_split
    string_to_array regexp_matches regexp_replace regexp_extract regexp_extract_all
    regexp_split_to_array regexp_full_match
    tostring tointeger tofloat toboolean tostringornull tointegerornull tofloatornull
    tobooleanornull to_string to_int64 to_int32 to_int16 to_int8 to_double to_float to_bool
    to_date to_timestamp
    abs ceil ceiling floor round sign sqrt cbrt exp log log2 log10 ln pow e pi rand random
    sin cos tan asin acos atan atan2 cot degrees radians even factorial gamma lgamma
    bitwise_and bitwise_or bitwise_xor bitshift_left bitshift_right
    list_creation list_concat list_cat list_append list_prepend list_position list_indexof
    list_contains list_has list_has_all list_has_any list_slice list_extract list_element
    list_reverse list_sort list_reverse_sort list_sum list_product list_min list_max
    list_distinct list_unique list_any_value list_to_string list_transform list_filter
    list_reduce array_slice array_extract element_at
    struct_extract struct_pack map map_extract map_keys map_values cardinality
    date datetime localdatetime time localtime duration timestamp interval date_part
    datepart date_trunc datetrunc dayname monthname last_day make_date epoch_ms
    to_epoch_ms current_date current_timestamp century
    all any none single exists isempty shortestpath allshortestpaths
    hash md5 sha256 uuid gen_random_uuid
    """.split()
)

#: Characters LadybugDB's lexer reads as whitespace.
WHITESPACE = frozenset(
    " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000\u00a0\u2007\u202f"
)
#: Punctuation and operators, longest first; the Unicode dashes and arrow heads the
#: grammar accepts in relationship patterns are single tokens.
PUNCT = (
    "<>", "<=", ">=", "=~", "!=", "..", "->", "<-", "<<", ">>", "+=", "::", "||",
    "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "|", "=", "<", ">", "+", "-", "*",
    "/", "%", "^", "&", "!",
    "\u27e8", "\u3008", "\ufe64", "\uff1c", "\u27e9", "\u3009", "\ufe65", "\uff1e",
    "\u00ad", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212",
    "\ufe58", "\ufe63", "\uff0d",
)  # fmt: skip
_NUMBER = re.compile(
    r"0[xX][0-9a-fA-F]+|0[oO][0-7]+"
    r"|(?:[0-9]+\.[0-9]+|\.[0-9]+|[0-9]+)[eE]-?[0-9]+"
    r"|[0-9]*\.[0-9]+|0|[1-9][0-9]*",
    re.ASCII,
)
_ESCAPE = re.compile(
    r"\\(?:[\\'\"bBfFnNrRtT]|[xX][0-9a-fA-F]{2}|[uU][0-9a-fA-F]{8}|[uU][0-9a-fA-F]{4})"
)
_OPEN, _CLOSE = {"(": ")", "[": "]", "{": "}"}, {")", "]", "}"}


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, its text as written and its offset in the statement."""

    kind: TokenKind
    text: str
    pos: int
    #: a name that follows a number with no space (``1LOAD``): refused by the checker
    glued: bool = False

    @property
    def keyword(self) -> str | None:
        """The upper-cased text of an ASCII bare word (a possible keyword), else ``None``.

        >>> Token("word", "load", 0).keyword, Token("word", "ЅЕТ", 0).keyword
        ('LOAD', None)
        """
        return self.text.upper() if self.kind == "word" and self.text.isascii() else None


def _name_start(ch: str) -> bool:
    return ch.isidentifier() or unicodedata.category(ch) == "Pc"


def _name_part(ch: str) -> bool:
    return ("a" + ch).isidentifier() or unicodedata.category(ch) in ("Pc", "Sc")


def _syntax(message: str, pos: int) -> CypherSyntaxError:
    return CypherSyntaxError(f"invalid Cypher: {message} (at offset {pos})")


def tokenize(cypher: str) -> list[Token]:
    """The tokens of ``cypher`` (whitespace and comments dropped).

    Raises :class:`CypherSyntaxError` for an unterminated string, name or comment, an
    unknown escape, a lone ``$`` or a character no Cypher token starts with. A number
    glued to a name (``1LOAD``) is two tokens, as LadybugDB reads it; the name is marked
    ``glued`` (refused by :func:`check_adhoc`).

    >>> [t.text for t in tokenize("MATCH (n)-[:R*1..2]->(m) WHERE n.x <> .5 RETURN n")]
    ['MATCH', '(', 'n', ')', '-', '[', ':', 'R', '*', '1', '..', '2', ']', '->', '(', 'm', ')', 'WHERE', 'n', '.', 'x', '<>', '.5', 'RETURN', 'n']
    >>> tokenize("RETURN 1LOAD")[1:]
    [Token(kind='number', text='1', pos=7, glued=False), Token(kind='word', text='LOAD', pos=8, glued=True)]
    """
    out: list[Token] = []
    i, n = 0, len(cypher)
    glued = False
    while i < n:
        if (skip := _skip(cypher, i)) != i:
            i, glued = skip, False
            continue
        kind, j = _token_at(cypher, i)
        out.append(Token(kind, cypher[i:j], i, glued if kind == "word" else False))
        glued = kind == "number" and j < n and _name_part(cypher[j])
        i = j
    return out


def _skip(cypher: str, i: int) -> int:
    """Where the whitespace character or comment at ``i`` ends; ``i`` where none starts."""
    if cypher[i] in WHITESPACE:
        return i + 1
    if cypher.startswith("//", i):
        end = cypher.find("\n", i)
        return len(cypher) if end < 0 else end + 1
    if cypher.startswith("/*", i):
        end = cypher.find("*/", i + 2)
        if end < 0:
            raise _syntax("unterminated /* comment", i)
        return end + 2
    return i


def _token_at(cypher: str, i: int) -> tuple[TokenKind, int]:
    """The kind of the token at ``i`` and where it ends."""
    ch = cypher[i]
    if ch in "'\"":
        return "string", _string_end(cypher, i)
    if ch == "`":
        return "name", _quoted_name_end(cypher, i)
    if ch == "$":
        return "param", _param_end(cypher, i)
    if (m := _NUMBER.match(cypher, i)) and not cypher.startswith("..", i):
        return "number", m.end()
    if _name_start(ch):
        return "word", _name_end(cypher, i + 1)
    for p in PUNCT:
        if cypher.startswith(p, i):
            return "punct", i + len(p)
    raise _syntax(f"unexpected character {ch!r}", i)


def _string_end(cypher: str, i: int) -> int:
    """The end of the string literal opened at ``i`` (escapes checked)."""
    quote, j = cypher[i], i + 1
    while True:
        if j >= len(cypher):
            raise _syntax("unterminated string", i)
        c = cypher[j]
        if c == quote:
            return j + 1
        if c == "\\":
            m = _ESCAPE.match(cypher, j)
            if not m:
                raise _syntax(f"unknown escape {cypher[j : j + 2]!r} in a string", j)
            j = m.end()
        else:
            j += 1


def _quoted_name_end(cypher: str, i: int) -> int:
    """The end of the ```name``` opened at ``i``; ````a``b```` is one name (``…``)+."""
    j = i
    while j < len(cypher) and cypher[j] == "`":
        end = cypher.find("`", j + 1)
        if end < 0:
            raise _syntax("unterminated `name`", i)
        j = end + 1
    return j


def _param_end(cypher: str, i: int) -> int:
    """The end of the parameter whose ``$`` is at ``i``: ``$name``, ``$`name``` or ``$1``."""
    j, n = i + 1, len(cypher)
    if j < n and cypher[j] == "`":
        end = cypher.find("`", j + 1)
        if end < 0:
            raise _syntax("unterminated `name`", j)
        return end + 1
    if j < n and cypher[j].isascii() and cypher[j].isdigit():
        m = _NUMBER.match(cypher, j)
        return m.end() if m and m.group().isdigit() else j + 1
    if j < n and _name_start(cypher[j]):
        return _name_end(cypher, j + 1)
    raise _syntax("a $ that is not a parameter", i)


def _name_end(cypher: str, j: int) -> int:
    """The end of the name whose part characters start at ``j``."""
    while j < len(cypher) and _name_part(cypher[j]):
        j += 1
    return j


def _refused(what: str, pos: int) -> ReadOnlyViolation:
    return ReadOnlyViolation(
        f"only read queries are allowed: {what} is not allowed in ad-hoc Cypher (at offset {pos})"
    )


def check_adhoc(cypher: str, *, max_tokens: int = 2000, max_depth: int = 32) -> list[Token]:
    """Admit ``cypher`` as a read-only ad-hoc statement, or raise.

    Returns its tokens. Raises :class:`ReadOnlyViolation` (403) naming the first keyword
    or function that is not allowed, :class:`CypherSyntaxError` (400) for a lexical error,
    more than one statement, more than ``max_tokens`` tokens or more than ``max_depth``
    nested brackets.

    >>> check_adhoc("CALL threads=1")
    Traceback (most recent call last):
    ...
    kodoku_graph.errors.ReadOnlyViolation: only read queries are allowed: CALL is not allowed in ad-hoc Cypher (at offset 0)
    >>> check_adhoc("RETURN " + "(" * 40 + "1" + ")" * 40)
    Traceback (most recent call last):
    ...
    kodoku_graph.errors.CypherSyntaxError: invalid Cypher: nested deeper than 32 (at offset 39)
    """
    tokens = tokenize(cypher)
    if len(tokens) > max_tokens:
        raise _syntax(f"more than {max_tokens} tokens", tokens[max_tokens].pos)
    depth = 0
    for k, tok in enumerate(tokens):
        prev = tokens[k - 1] if k else None
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if tok.kind == "punct":
            if tok.text in _OPEN:
                depth += 1
            elif tok.text in _CLOSE:
                depth -= 1
            elif tok.text == ";" and nxt is not None:
                raise _syntax("send one statement at a time", tok.pos)
        if tok.kind != "word":
            if depth > max_depth:
                raise _syntax(f"nested deeper than {max_depth}", tok.pos)
            continue
        after = prev.text if prev is not None and prev.kind in ("punct", "word") else ""
        before = nxt.text if nxt is not None and nxt.kind == "punct" else ""
        called = before == "("
        word = tok.keyword
        if tok.glued:
            if word in REFUSED_KEYWORDS:
                raise _refused(word, tok.pos)
            raise _syntax(f"a number glued to the name {tok.text}", tok.pos)
        if after == ".":  # a property key, or a namespaced function (procedure) when called
            if called:
                raise _refused(f"the namespaced function {prev_word(tokens, k)}", tok.pos)
            continue
        if called and tok.text.lower() in FUNCTIONS:
            continue
        named = after == ":" or after.upper() == "AS" or before == ":"
        if word in REFUSED_KEYWORDS and not named:
            raise _refused(word, tok.pos)
        if called and word not in ALLOWED_KEYWORDS:
            raise _refused(f"the function {tok.text}", tok.pos)
        if word == "CASE":
            depth += 1
        elif word == "END":
            depth -= 1
        if depth > max_depth:
            raise _syntax(f"nested deeper than {max_depth}", tok.pos)
    return tokens


def prev_word(tokens: list[Token], k: int) -> str:
    """The dotted name ending at token ``k`` (``apoc.load.csv``).

    >>> prev_word(tokenize("RETURN apoc.load.json('x')"), 5)
    'apoc.load.json'
    """
    parts = [tokens[k].text]
    while k >= 2 and tokens[k - 1].text == "." and tokens[k - 2].kind in ("word", "name"):
        parts.append(tokens[k - 2].text)
        k -= 2
    return ".".join(reversed(parts))
