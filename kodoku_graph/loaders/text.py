"""Japanese text helpers: NFKC normalisation and era years."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfkc(text: str) -> str:
    """NFKC-normalise ``text`` and collapse runs of whitespace to one space.

    >>> nfkc("ＮＰＯ　等・ｳｪﾌﾞ")
    'NPO 等・ウェブ'
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def match_key(text: str) -> str:
    """A key for matching: NFKC, lower-case, with every space removed.

    >>> match_key("孤独・孤立 の 実態把握")
    '孤独・孤立の実態把握'
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


def reiwa_to_fy(n: int) -> int:
    """Gregorian fiscal year of 令和N年度 (令和元年 = 2019).

    >>> reiwa_to_fy(12)
    2030
    """
    return 2018 + n


def src(file: str, line: int) -> str:
    """Provenance string ``file:line`` carried by every node and edge.

    >>> src("000_ca8d1dac931cfc32.txt", 23)
    '000_ca8d1dac931cfc32.txt:23'
    """
    return f"{file}:{line}"
