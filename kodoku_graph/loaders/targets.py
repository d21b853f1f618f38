"""Quantitative targets (KPIs) in Japanese policy text: value, unit, deadline, exact span.

A target is a number with a counting unit — ``3,000件``, ``100万人``, ``50%``, ``5割``,
``1,800か所``, ``452市町村`` — in a sentence of the goal column (or a sentence of the review
column that sets a new 目標). Its deadline is the 令和N年度 (fiscal year 2018+N) named in the
same sentence, or ``None``. Dates, durations and ordinals (令和6年度, 24時間, 第2期, 3年ごと)
are not targets.

>>> [(t.value, t.unit, t.deadline_fy, t.text) for t in find_targets("令和12年度までに50%とする。")]
[(50.0, '%', 2030, '50%')]
>>> [(t.value, t.unit) for t in find_targets("主体を新たに3,000件創出する。")]
[(3000.0, '件')]
>>> [(t.value, t.unit, t.deadline_fy) for t in find_targets("10年間で100万人の心のサポーターを養成")]
[(1000000.0, '人', None)]
>>> [(t.value, t.unit, t.text) for t in find_targets("5割以上とする")]
[(50.0, '%', '5割')]
>>> find_targets("令和6年度は、24時間365日対応とした。")
[]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kodoku_graph.loaders.text import reiwa_to_fy

#: Counting units, longest first so that 市町村 wins over 町.
UNITS = [
    "市区町村",
    "市町村",
    "都道府県",
    "自治体",
    "団体",
    "法人",
    "か所",
    "ヶ所",
    "箇所",
    "カ所",
    "施設",
    "事業所",
    "件",
    "人",
    "名",
    "校",
    "回",
    "社",
    "%",
    "％",
    "割",
]
_NUM = r"(?P<num>\d{1,3}(?:[,，]\d{3})+|\d+(?:\.\d+)?)"
_MULT = r"(?P<mult>万|億|千)?"
QUANTITY_RE = re.compile(
    _NUM + r"\s*" + _MULT + r"\s*(?P<unit>" + "|".join(map(re.escape, UNITS)) + ")"
)
DEADLINE_RE = re.compile(r"令和\s*(\d+|元)\s*年度?")
SENTENCE_RE = re.compile(r"[^。]+。?")
MULTIPLIERS = {"万": 10_000, "億": 100_000_000, "千": 1_000, None: 1}
#: A number directly after these is an ordinal, a year or a law number, not a target.
NOT_AFTER = ("第", "令和", "平成", "昭和", "年", "#")


@dataclass(frozen=True)
class Target:
    """A quantitative target found in a text: ``text`` is ``source[start:end]`` exactly."""

    value: float
    unit: str
    deadline_fy: int | None
    text: str
    start: int
    end: int


def _value(num: str, mult: str | None) -> float:
    digits = unicodedata.normalize("NFKC", num).replace(",", "")
    return float(digits) * MULTIPLIERS[mult]


def unit_of(raw: str) -> str:
    """Canonical unit: full-width ％ and 割 become ``%``, ヶ所/箇所/カ所 become ``か所``.

    >>> unit_of("ヶ所"), unit_of("％")
    ('か所', '%')
    """
    if raw in ("％", "割", "%"):
        return "%"
    if raw in ("ヶ所", "箇所", "カ所"):
        return "か所"
    return raw


def deadline_in(sentence: str) -> int | None:
    """The fiscal year of the last 令和N年度 in a sentence (令和元 = 2019), or ``None``.

    >>> deadline_in("令和5年度末の実績を踏まえ、令和12年度末までに")
    2030
    """
    found = DEADLINE_RE.findall(sentence)
    if not found:
        return None
    return reiwa_to_fy(found[-1])


def quantities(text: str) -> list[tuple[float, str, int, int]]:
    """Every ``(value, unit, start, end)`` number-with-unit in ``text`` (no deadline logic).

    >>> quantities("7,179件へと3,062件増加")
    [(7179.0, '件', 0, 6), (3062.0, '件', 8, 14)]
    """
    out = []
    for m in QUANTITY_RE.finditer(text):
        before = text[max(0, m.start() - 2) : m.start()]
        if any(before.endswith(x) for x in NOT_AFTER):
            continue
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] in ".,，"):
            continue
        if re.match(r"に\d+人|1台", text[m.end() : m.end() + 4]):
            continue  # 3人に2人 (a ratio), 1人1台 (per person)
        value = _value(m.group("num"), m.group("mult"))
        if m.group("unit") == "割":
            value *= 10
        out.append((value, unit_of(m.group("unit")), m.start(), m.end()))
    return out


def find_targets(text: str) -> list[Target]:
    """Every quantitative target in ``text``, each with the deadline of its sentence."""
    out: list[Target] = []
    for s in SENTENCE_RE.finditer(text):
        sentence = s.group(0)
        fy = deadline_in(sentence)
        for value, unit, a, b in quantities(sentence):
            start, end = s.start() + a, s.start() + b
            out.append(Target(value, unit, fy, text[start:end], start, end))
    return out


#: A review sentence that sets a new target.
NEW_TARGET_RE = re.compile(r"目標.*(新たに|設定|とする)|(新たに|設定).*目標")
ACHIEVED_RE = re.compile(r"(?<!未)(目標を達成|目標値を達成|目標を上回|達成した|達成済)")
NOT_ACHIEVED_RE = re.compile(r"未達成|達成できなかった|達成に至らなかった|目標を下回")


def new_targets(review: str) -> list[Target]:
    """Targets newly set in a review-column text (sentences that speak of a 目標 being set).

    >>> [(t.value, t.deadline_fy) for t in new_targets("主体数を令和12年度末までに12,000以上とする目標を新たに設定。")]
    [(12000.0, 2030)]

    A bare number is not counted: ``12,000以上`` has no unit, so the unit is taken from the
    goal (``件``) by the caller; here it is reported as the unit-less ``''``.
    """
    out: list[Target] = []
    for s in SENTENCE_RE.finditer(review):
        sentence = s.group(0)
        if not NEW_TARGET_RE.search(sentence):
            continue
        fy = deadline_in(sentence)
        found = quantities(sentence)
        if not found:
            # a number followed by 以上/以下 with the unit implied by the goal
            for m in re.finditer(_NUM + r"(?=以上|以下)", sentence):
                if any(sentence[max(0, m.start() - 2) : m.start()].endswith(x) for x in NOT_AFTER):
                    continue
                found.append((_value(m.group("num"), None), "", m.start(), m.end()))
        for value, unit, a, b in found:
            start, end = s.start() + a, s.start() + b
            out.append(Target(value, unit, fy, review[start:end], start, end))
    return out


def outcome(achievement: str, unit: str) -> tuple[float | None, bool | None]:
    """``(actual, achieved)`` from an achievement text for a target in ``unit``.

    ``actual`` is the first quantity in that unit; ``achieved`` is True/False only when the
    text says so (目標を達成 / 未達成), else ``None``.

    >>> outcome("件から令和5年度末の 7,179件へと3,062件増加し、1年前倒しで目標を達成。", "件")
    (7179.0, True)
    >>> outcome("カバー率:32%(令和5年度末時点)", "%")
    (32.0, None)
    """
    actual = next((v for v, u, _, _ in quantities(achievement) if u == unit), None)
    achieved: bool | None = None
    if NOT_ACHIEVED_RE.search(achievement):
        achieved = False
    elif ACHIEVED_RE.search(achievement):
        achieved = True
    return actual, achieved
