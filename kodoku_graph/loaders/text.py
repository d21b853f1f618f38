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


def reiwa_to_fy(n: int | str) -> int:
    """Gregorian (fiscal) year of 令和N年(度); ``n`` may be the number or its text, 元 for 1.

    >>> reiwa_to_fy(12), reiwa_to_fy("元"), reiwa_to_fy("７")
    (2030, 2019, 2025)
    """
    if isinstance(n, str):
        n = 1 if n == "元" else int(unicodedata.normalize("NFKC", n))
    return 2018 + n


def reiwa_date(year: int | str, month: int | str, day: int | str) -> str:
    """ISO date of 令和Y年M月D日.

    >>> reiwa_date(7, 2, "７")
    '2025-02-07'
    """
    m, d = (int(unicodedata.normalize("NFKC", str(x))) for x in (month, day))
    return f"{reiwa_to_fy(year):04d}-{m:02d}-{d:02d}"


def circled(ch: str) -> int:
    """The number of a circled digit ①–⑳.

    >>> circled("③")
    3
    """
    return ord(ch) - 0x245F


def to_circled(n: int) -> str:
    """The circled digit of ``n`` (1–20).

    >>> to_circled(3)
    '③'
    """
    return chr(0x245F + n)


def src(file: str, line: int) -> str:
    """Provenance string ``file:line`` carried by every node and edge.

    >>> src("000_ca8d1dac931cfc32.txt", 23)
    '000_ca8d1dac931cfc32.txt:23'
    """
    return f"{file}:{line}"
