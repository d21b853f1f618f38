"""Targets, baselines and actuals (KPI figures) in the cells of the FY2024 status report.

A *figure* is a number with its counter (``3,000件``, ``100万人``, ``84.5%``, ``8割``,
``1,800か所``), a share (``3人に2人``, ``都道府県においては全て``) or a qualitative target
(``…前に回復させる``). Its **kind** follows from the column and the sentence around it:

* goal column (目標及び達成の期間): a target, unless the number is a baseline
  (``令和2年度の70.7%から``), a rate's denominator (``ナビゲーター1人当たり``) or a
  per-unit minimum inside a share (``全ての都道府県において少なくとも1団体``);
* review column (見直し方針): a target only in a sentence that sets one (目標 / 目指す);
  a review target that restates a goal target is not a second target (it may supply the
  goal's deadline when the goal cell is cut before the year);
* achievement column (達成状況): an actual; where the same counter is given for two
  years, the earlier figure is a baseline.

Numbers are found with Sudachi tokens (a 数詞 token and the counter token after it; 以上 /
以下 / 程度 / 未満 / 超 after, 約 before), not by position. A target's deadline is the 令和N
年度 (2018+N; 令和N年 and a Gregorian ``2024年平均`` count as that year) named before the
number in its sentence — or right after it as ``(令和6年度まで)`` — skipping dates
(``令和6年12月``), base years (``平成12年度比``, ``令和6年度実績``, ``…から``) and
years in parentheses; ``令和7年度以降…`` and ``毎年`` make an **annual** target with a
start year instead. A sentence with no year inherits the deadline of the cell's previous
target sentence (``令和6年度中に、…とし、…。…とする。``).

>>> [(f.kind, f.value, f.unit, f.comparator, f.deadline_fy) for f in figures_in("令和12年度までに50%以上とする。", "goal")]
[('target', 50.0, '%', '以上', 2030)]
>>> [(f.kind, f.value, f.unit, f.year) for f in figures_in("令和2年度の70.7%から令和7年度までに75%以上とする", "goal")]
[('baseline', 70.7, '%', 2020), ('target', 75.0, '%', None)]
>>> [(f.value, f.unit, f.comparator, f.qualitative) for f in figures_in("国民の3人に2人以上が聞いたことがあるようにする。", "goal")]
[(0.667, 'ratio', '以上', '国民の3人に2人以上')]
>>> [(f.value, f.unit, f.annual, f.start_fy) for f in figures_in("令和7年度以降は、PV数を年間30万回以上とすることを目標とする。", "review")]
[(300000.0, '回', True, 2025)]
>>> figures_in("令和6年度は、24時間365日対応とした。", "goal")
[]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from kodoku_graph.loaders.text import reiwa_to_fy

#: Counters a figure may carry, as written (canonical form by :func:`unit_of`).
UNITS = {
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
    "事業",
    "件",
    "人",
    "名",
    "校",
    "回",
    "社",
    "庁",
    "トン",
    "%",
    "％",
    "割",
}
#: Words after the counter that give the comparator (超 is read as 以上).
NUMERAL_RE = re.compile(r"(?:[1-9]\d{0,2}(?:,\d{3})+|\d+(?:\.\d+)?)[万千億]?")
COMPARATORS = {"以上": "以上", "以下": "以下", "程度": "程度", "未満": "未満", "超": "以上"}
COLUMNS = ("goal", "achievement", "review")
#: A review sentence that sets a target.
TARGET_CUE_RE = re.compile(r"目標|目指|[にと]する")
#: 令和N年(度)(末) or a Gregorian 2024年(平均), with what follows.
YEAR_RE = re.compile(r"(?:(令和|^和|平成)\s*(\d+|元)|(20\d\d))\s*年(度)?(末)?")
SENTENCE_RE = re.compile(r"[^。]+。?")
CLAUSE_BOUNDARY = "、。・「」()()"
#: 3人に2人 (a share), with an optional comparator.
SHARE_RE = re.compile(r"(\d+)\s*人に\s*(\d+)\s*人(以上|以下|程度)?")
#: 都道府県においては全て / 全ての都道府県において少なくとも1団体
ALL_RE = re.compile(
    r"(都道府県|市区町村|市町村)においては全て"
    r"|全ての(都道府県|市区町村|市町村)において(?:少なくとも\s*\d+\s*\S{1,3}?(?=\())?"
)
#: …を…前に回復させる: back to the level before (100 %).
RECOVER_RE = re.compile(r"[^、。]*?を[^、。]*?前に回復させる")
#: N年前倒しで目標を達成 with the year it was reached.
AHEAD_RE = re.compile(r"令和\s*(\d+)\s*年度末?.*?(\d)\s*年前倒しで目標を達成")
ACHIEVED_RE = re.compile(r"(?<!未)(目標達成|目標を達成|目標値を達成|目標を上回|達成済)")
NOT_ACHIEVED_RE = re.compile(r"未達成|達成できなかった|達成に至らなかった|目標を下回")


@dataclass(frozen=True)
class Figure:
    """One target, baseline or actual in a cell. ``text`` is ``cell[start:end]`` exactly
    (the number and its counter); ``span`` is the exact clause around it."""

    kind: str  # target | baseline | actual
    value: float
    unit: str
    comparator: str | None
    deadline_fy: int | None
    annual: bool
    start_fy: int | None
    year: int | None
    column: str
    text: str
    start: int
    end: int
    span: str
    qualitative: str | None = None
    per: str | None = None
    numeric: bool = True
    deadline_stated: bool = True
    line: int = 0
    #: up to 15 characters before the number in its cell (tells a repeat from a second statement)
    before: str = ""


def unit_of(raw: str) -> str:
    """Canonical unit: full-width ％ becomes ``%``, ヶ所/箇所/カ所 become ``か所``, 割 a
    ``ratio``.

    >>> unit_of("ヶ所"), unit_of("％"), unit_of("割")
    ('か所', '%', 'ratio')
    """
    if raw in ("％", "%"):
        return "%"
    if raw == "割":
        return "ratio"
    if raw in ("ヶ所", "箇所", "カ所"):
        return "か所"
    return raw


@lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import dictionary

    return dictionary.Dictionary(dict="core").tokenizer()


@dataclass(frozen=True)
class Token:
    surface: str
    pos: str
    begin: int
    end: int


def tokens(text: str) -> list[Token]:
    """Sudachi (mode C) tokens of ``text`` with character offsets; whitespace tokens dropped.

    >>> [(t.surface, t.pos) for t in tokens("6,850人程度とする")][:3]
    [('6,850', '数詞'), ('人', '名詞的'), ('程度', '普通名詞')]
    """
    from sudachipy import tokenizer

    out = []
    for m in _tokenizer().tokenize(text, tokenizer.Tokenizer.SplitMode.C):
        if m.surface().strip():
            out.append(Token(m.surface(), m.part_of_speech()[1], m.begin(), m.end()))
    return out


def number_value(num: str) -> float:
    """``'3,000'`` → 3000.0, ``'13万'`` → 130000.0, ``'27.357'`` (a comma read as a dot
    before three digits in a count) stays 27.357: the caller decides.

    >>> number_value("13万"), number_value("1,346"), number_value("2千")
    (130000.0, 1346.0, 2000.0)
    """
    t = unicodedata.normalize("NFKC", num).replace(",", "")
    mult = 1
    for suffix, m in (("億", 100_000_000), ("万", 10_000), ("千", 1_000)):
        if t.endswith(suffix):
            t, mult = t[: -len(suffix)], m
    return float(t) * mult


def fiscal_year(era: str | None, n: str | None, greg: str | None, month: int | None) -> int:
    """The fiscal year of a year (and month) expression: April–March."""
    year = int(greg) if greg else (reiwa_to_fy(n) if era != "平成" else 1988 + int(n or 0))
    return year - 1 if month is not None and month < 4 else year


@dataclass(frozen=True)
class Year:
    """A year expression in a sentence: where it ends, its fiscal year and its role."""

    end: int
    fy: int
    role: str  # deadline | since | base | date


def years_in(sentence: str) -> list[Year]:
    """Every year expression of a sentence with its role: ``since`` (…以降), ``base``
    (…比, …実績, …から, 平成), ``date`` (a month follows, or in parentheses) or ``deadline``.

    >>> [(y.fy, y.role) for y in years_in("令和6年12月に令和8年度までに910人")]
    [(2024, 'date'), (2026, 'deadline')]
    """
    out = []
    for m in YEAR_RE.finditer(sentence):
        after = sentence[m.end() : m.end() + 8]
        month = re.match(r"\s*(\d+)\s*月", after)
        fy = fiscal_year(m.group(1), m.group(2), m.group(3), int(month.group(1)) if month else None)
        depth = sentence[: m.start()].count("(") - sentence[: m.start()].count(")")
        depth += sentence[: m.start()].count("(") - sentence[: m.start()].count(")")
        if month:
            role = "date"
        elif re.match(r"\s*以降", after):
            role = "since"
        elif re.match(r"\s*(実績|の実績)", after) and m.group(1) != "平成":
            role = "record"  # 令和6年度実績: the year a figure is of, not a deadline
        elif m.group(1) == "平成" or re.match(r"\s*(比|の\S{0,8}?から)", after):
            role = "base"
        elif depth > 0 and _short_parenthetical(sentence, m.end()):
            role = "date"
        else:
            role = "deadline"
        out.append(Year(m.end(), fy, role))
    return out


def _short_parenthetical(sentence: str, pos: int) -> bool:
    """Whether the parenthesis open at ``pos`` closes soon, with no clause break: a date
    stamp like ``(令和5年度末時点)``, not a whole sentence in parentheses; ``(令和6年度まで)``
    is a deadline, not a stamp."""
    if re.match(r"\s*まで\s*[)\)]", sentence[pos:]):
        return False
    close = re.search(r"[)\)]", sentence[pos:])
    return (
        bool(close)
        and close.start() < 25
        and not re.search(r"[、。]", sentence[pos : pos + close.start()])
    )


def _clause_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and text[i - 1] not in CLAUSE_BOUNDARY:
        i -= 1
    while i < pos and text[i].isspace():
        i += 1
    return i


def _clause_end(text: str, pos: int) -> int:
    i = pos
    while i < len(text) and text[i] not in "、。":
        i += 1
    return i


@dataclass
class _Raw:
    value: float
    unit: str
    comparator: str | None
    start: int
    end: int  # end of the number text (counter included)
    after: int  # end of the comparator
    qualitative: bool = False
    numeric: bool = True
    per: str | None = None
    skip: str = ""


def _counter_of_count(text: str) -> str | None:
    """The counter implied by a ``…数`` noun right before a bare number: 地方公共団体数 → 団体."""
    m = re.search(r"([^\s、。(「」]{1,12}?)数」?\s*(?:は|を)?、?[^、。]{0,14}?$", text)
    if not m:
        return None
    noun = m.group(1)
    for u in sorted(UNITS, key=len, reverse=True):
        if noun.endswith(u) and u not in ("%", "％", "割"):
            return unit_of(u)
    return None


def _fixed_figures(sentence: str) -> tuple[list[_Raw], list[tuple[int, int]]]:
    """Shares (``3人に2人``), ``全て`` and ``…前に回復させる`` in one sentence, with the
    spans they take (no numeral figure is read inside them)."""
    out: list[_Raw] = []
    taken: list[tuple[int, int]] = []
    for m in SHARE_RE.finditer(sentence):
        whole, part = int(m.group(1)), int(m.group(2))
        if whole and part <= whole:
            out.append(
                _Raw(round(part / whole, 3), "ratio", m.group(3), m.start(), m.end(), m.end(), True)
            )
            taken.append((m.start(), m.end()))
    for m in ALL_RE.finditer(sentence):
        out.append(_Raw(1.0, "ratio", None, m.start(), m.end(), m.end(), True, False))
        taken.append((m.start(), m.end()))
    if m := RECOVER_RE.search(sentence):
        s = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        out.append(_Raw(100.0, "%", None, s, m.end() - 3, m.end() - 3, True, False))
    return out, taken


def _raw_figures(sentence: str) -> list[_Raw]:
    """Numbers with counters (and shares) in one sentence, before classification."""
    out, taken = _fixed_figures(sentence)
    toks = tokens(sentence)
    for i, t in enumerate(toks):
        if t.pos != "数詞" or any(a <= t.begin < b for a, b in taken):
            continue
        if (raw := _numeral_figure(sentence, toks, i)) is not None:
            out.append(raw)
    return sorted(out, key=lambda r: r.start)


def _not_a_quantity(prev: Token | None, prev2: str) -> bool:
    """Whether the numeral after ``prev`` (``prev2``: the 3 characters before it) is an
    era year, an ordinal, a phone number or the tail of another number."""
    if prev and (
        prev.surface in ("令和", "平成", "昭和", "第", "#", "No", "No.") or prev.pos == "数詞"
    ):
        return True
    # #8103, or the tail of a number broken by the OCR (0,541,451)
    return bool(re.search(r"[#＃]$|\d[.,，]$", prev2.rstrip()))


def _counter_and_comparator(
    toks: list[Token], i: int
) -> tuple[str | None, int, str | None, int] | None:
    """``(unit, end, comparator, after)`` of the numeral ``toks[i]`` from the tokens right
    after it (``unit`` None where no counter token follows); None for the 人 of a share."""
    t = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    unit = None
    end = t.end
    j = i + 1
    if nxt is not None and nxt.surface in UNITS and nxt.begin - t.end <= 1:
        unit = unit_of(nxt.surface)
        end = nxt.end
        j = i + 2
    elif nxt is not None and nxt.surface.endswith("人") and nxt.surface[:-1].isdigit():
        return None  # 3人に2人 is a share, handled by _fixed_figures
    comparator = None
    after = end
    if j < len(toks) and toks[j].surface in COMPARATORS and toks[j].begin - after <= 1:
        comparator = COMPARATORS[toks[j].surface]
        after = toks[j].end
    return unit, end, comparator, after


def _implicit_unit(
    sentence: str, begin: int, after: int, comparator: str | None, about: bool
) -> str | None:
    """The counter of a number with no counter token: ``95以上の自治体`` (the counter after
    の), or a count whose noun names the counter (``地方公共団体数」を 150``,
    ``都道府県数は、… 3。``); ``''`` for ``12,000以上とする`` (the counter is the goal's,
    taken by the caller); None where there is none."""
    m = re.match(r"の(" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")", sentence[after:])
    if m and (comparator or about):
        return unit_of(m.group(1))  # 95以上の自治体, 約700の自治体
    if re.match(r"\s*(以上|以下)?\s*(とする|。|$)", sentence[after:]):
        unit = _counter_of_count(sentence[:begin])
        if unit is None and comparator:
            return ""
        return unit
    return None


def _skip_reason(sentence: str, begin: int, after: int) -> str:
    """Why a figure is not a target or an actual (``per``, ``minimum``, ``threshold``,
    ``forecast``, ``delta``, ``base``), or ``''``."""
    rest = sentence[after : after + 12]
    before = sentence[max(0, begin - 8) : begin]
    if re.match(r"\s*当たり", rest):
        return "per"
    if "少なくとも" in before:
        return "minimum"
    if re.match(r"\s*の[^、。]{0,10}数は", rest):
        return "threshold"
    if re.match(r"\s*となる見込み", rest):
        return "forecast"
    if re.search(r"[((]\s*対?前年度?比[^))]*$", sentence[:begin]):
        return "delta"  # (前年比+約13%), (対前年度比15団体増)
    if re.match(r"\s*から\s*(令和|平成|\d)", rest):
        return "base"  # 令和2年度の70.7%から令和7年度までに75%
    return ""


def _numeral_figure(sentence: str, toks: list[Token], i: int) -> _Raw | None:
    """The figure of the 数詞 token ``toks[i]``, or None where it is not a quantity."""
    t = toks[i]
    if not NUMERAL_RE.fullmatch(unicodedata.normalize("NFKC", t.surface)):
        return None  # 一 of 一人ひとり, 二 of 第二
    prev = toks[i - 1] if i else None
    prev2 = sentence[max(0, t.begin - 3) : t.begin]
    if _not_a_quantity(prev, prev2):
        return None
    found = _counter_and_comparator(toks, i)
    if found is None:
        return None
    unit, end, comparator, after = found
    value = number_value(t.surface)
    about = prev2.endswith("約") or bool(prev and prev.surface == "約")
    if unit is None:
        unit = _implicit_unit(sentence, t.begin, after, comparator, about)
        if unit is None:
            return None
    if unit == "ratio":
        value = value / 10
    if about:
        comparator = comparator or "程度"
    if unit == "件" and re.fullmatch(r"\d{1,3}\.\d{3}", t.surface):
        value = number_value(t.surface.replace(".", ","))  # 27.357件: an OCR comma
    raw = _Raw(value, unit, comparator, t.begin, end, after)
    raw.skip = _skip_reason(sentence, t.begin, after)
    if unit == "ratio" or re.search(r"半減\($|半減\($", sentence[: t.begin]):
        raw.qualitative = True
    return raw


def _deadline(sentence: str, raw: _Raw, years: list[Year]) -> tuple[int | None, bool, int | None]:
    """``(deadline_fy, annual, start_fy)`` of a target in ``sentence``."""
    if m := re.match(r"\s*[((]\s*令和\s*(\d+|元)\s*年度?\s*まで\s*[))]", sentence[raw.after :]):
        return reiwa_to_fy(m.group(1)), False, None
    before = [y for y in years if y.end <= raw.start and y.role in ("deadline", "since")]
    if "毎年" in sentence[: raw.start]:
        return None, True, before[-1].fy if before else None
    if before:
        y = before[-1]
        if y.role == "since":
            return None, True, y.fy
        return y.fy, False, None
    return None, False, None


@dataclass(frozen=True)
class _Sentence:
    """One sentence of a cell: the cell ``text``, where the sentence starts in it, its
    year expressions, and the cell's column and source line."""

    text: str
    start: int
    sentence: str
    years: list[Year]
    column: str
    line: int

    def figure(
        self,
        kind: str,
        raw: _Raw,
        *,
        deadline: int | None = None,
        annual: bool = False,
        start_fy: int | None = None,
        year: int | None = None,
        stated: bool = True,
    ) -> Figure:
        """The :class:`Figure` of ``raw`` (offsets in the sentence) with cell offsets, its
        clause and, for a qualitative figure, the words that state it."""
        text = self.text
        start, end = self.start + raw.start, self.start + raw.end
        c0 = _clause_start(text, start)
        span = text[c0 : _clause_end(text, self.start + raw.after)]
        qualitative = None
        if raw.qualitative:
            if "半減(" in text[c0:start]:
                q_end = text.index("半減(", c0) + 2
            else:
                q_end = self.start + raw.after
            qualitative = text[c0:q_end].strip()
        return Figure(
            kind,
            raw.value,
            raw.unit,
            raw.comparator,
            deadline,
            annual,
            start_fy,
            year,
            self.column,
            text[start:end],
            start,
            end,
            span,
            qualitative,
            None,
            raw.numeric,
            stated,
            self.line,
            text[max(0, start - 15) : start],
        )


def _target(s: _Sentence, raw: _Raw, inherited: int | None, last_year: int | None) -> Figure:
    """A target of ``s``: its own deadline, else ``inherited`` (the sentence's or the cell's
    previous deadline); an annual target with no start year starts at ``last_year``."""
    deadline, annual, start_fy = _deadline(s.sentence, raw, s.years)
    if annual and start_fy is None:
        start_fy = last_year
    if deadline is None and not annual:
        deadline = inherited
    return s.figure(
        "target",
        raw,
        deadline=deadline,
        annual=annual,
        start_fy=start_fy,
        stated=deadline is not None or annual,
    )


def figures_in(text: str, column: str, line: int = 0) -> list[Figure]:
    """Every target, baseline and actual in one cell text of ``column``, in text order.

    Targets with a unit-less number (``12,000以上``) carry unit ``''``; the caller takes the
    row's goal unit. Deadlines are carried from the previous target sentence of the cell.
    """
    out: list[Figure] = []
    carried: int | None = None
    last_year: int | None = None
    for m in SENTENCE_RE.finditer(text):
        s = _Sentence(text, m.start(), m.group(0), years_in(m.group(0)), column, line)
        cue = column != "review" or bool(TARGET_CUE_RE.search(s.sentence))
        sentence_deadline: int | None = None
        for raw in _raw_figures(s.sentence):
            if raw.skip == "per":
                continue
            if column == "achievement":
                if raw.skip not in ("minimum", "threshold", "forecast", "delta", "base"):
                    out.append(s.figure("actual", raw, year=_figure_year(s.sentence, raw, s.years)))
                continue
            if raw.skip == "base":
                base = [y for y in s.years if y.end <= raw.start]
                out.append(s.figure("baseline", raw, year=base[-1].fy if base else None))
                continue
            if raw.skip or not cue:
                continue
            inherited = sentence_deadline if sentence_deadline is not None else carried
            target = _target(s, raw, inherited, last_year)
            if target.deadline_fy is not None:
                sentence_deadline = target.deadline_fy
            out.append(target)
        if sentence_deadline is not None:
            carried = sentence_deadline
        _share_comparators(out, text)
        deadlines = [y.fy for y in s.years if y.role in ("deadline", "since")]
        if deadlines:
            last_year = deadlines[-1]
    return out


def _figure_year(sentence: str, raw: _Raw, years: list[Year]) -> int | None:
    """The fiscal year an actual is of: a date or year in parentheses right after it
    (``173名(令和7年3月18日現在)`` → 2024), else the last year before it in the sentence."""
    after = [y for y in years if y.end > raw.after]
    if after and re.match(r"\s*[((]", sentence[raw.after :]):
        close = sentence.find(")", raw.after)
        inside = [y for y in after if close < 0 or y.end <= close]
        if inside:
            return inside[0].fy
    before = [y for y in years if y.end <= raw.start and y.role in ("deadline", "date", "record")]
    return before[-1].fy if before else None


def ahead_of_schedule(achievement: str) -> int | None:
    """The deadline implied by ``令和5年度末…1年前倒しで目標を達成`` (2023 + 1 = 2024).

    >>> ahead_of_schedule("件から令和5年度末の 7,179件へと3,062件増加し、1年前倒しで目標を達成。")
    2024
    """
    m = AHEAD_RE.search(achievement)
    return reiwa_to_fy(m.group(1)) + int(m.group(2)) if m else None


def achieved_in(text: str) -> bool | None:
    """True/False only where the text says a target was (not) reached, else ``None``.

    >>> achieved_in("1年前倒しで目標を達成。"), achieved_in("未達成"), achieved_in("実施した")
    (True, False, None)
    """
    if NOT_ACHIEVED_RE.search(text):
        return False
    if ACHIEVED_RE.search(text):
        return True
    return None


def with_line(f: Figure, line: int, offset: int = 0) -> Figure:
    """``f`` placed on a source line (offsets shifted by ``offset``)."""
    return replace(f, line=line, start=f.start + offset, end=f.end + offset)


def _share_comparators(out: list[Figure], text: str) -> None:
    """``A315,589名、B111,588名以上とする``: the comparator of the last target of a
    、-separated list (no verb in between) applies to the earlier ones of its unit."""
    for i in range(len(out) - 1, 0, -1):
        a, b = out[i - 1], out[i]
        between = text[a.end : b.start]
        if (
            a.kind == b.kind == "target"
            and a.comparator is None
            and b.comparator is not None
            and a.unit == b.unit
            and "、" in between
            and not re.search(r"[とに]し|する|。", between)
        ):
            out[i - 1] = replace(a, comparator=b.comparator)
