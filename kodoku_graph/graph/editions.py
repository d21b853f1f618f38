"""Measure identity across plan editions: FY2024 status-report rows → 2026 lineup measures.

Each row is scored against each measure by name (rapidfuzz ``partial_ratio`` on NFKC text:
2024 names are often cut at the cell edge), content (the 2026 name found in the row's
text), and ministries (Jaccard overlap). Row order decides between candidates: the
matching is the order-preserving alignment (both editions list the measures in plan
order) that maximises the summed score above a threshold. A match's ``confidence`` mixes
its score with whether its neighbours align the same way (i-1 ↔ j-1, i+1 ↔ j+1).

Matches no rule can make come from ``data/curated/status_overrides.yaml`` (each with a
reason); they may not exceed 10% of the rows.

>>> round(similarity_parts("人権相談(こどもの人権SOSミニレター、女性の人権", "", ["法務省"],
...     "人権相談(こどもの人権SOSミニレター、外国人の人権問題対策)", ["法務省"])[0], 2)
0.91
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from kodoku_graph.errors import DataDirError
from kodoku_graph.loaders.lineup import Lineup, Measure
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.loaders.status_report import StatusReport, StatusRow
from kodoku_graph.loaders.text import match_key, src

#: A pair scoring below this is never matched by rule.
THRESHOLD = 0.5
#: Matches below this confidence are counted (and reported) as low-confidence.
LOW_CONFIDENCE = 0.65
#: A measure moved out of plan order is matched on its own only with this score.
MOVED_THRESHOLD = 0.8
#: Weakest score for a match made by row order alone, and the cap on its confidence.
ORDER_ONLY_MIN = 0.3
ORDER_ONLY_CAP = 0.6
#: At most this share of the rows may be matched by override.
MAX_OVERRIDE_SHARE = 0.10


@dataclass
class EditionMatch:
    """A status-report row (``row`` None for a row the loader could not read) matched to a
    lineup measure."""

    row: StatusRow | None
    fy2024_no: int | None
    measure: int
    score: float
    confidence: float
    method: str  # 'rule' or 'override'
    src: str
    reason: str = ""
    #: how a rule match was made: 'aligned' (in plan order), 'moved' (a measure the 2026
    #: lineup moved elsewhere, matched on its own score) or 'order' (the only free measure
    #: between two aligned neighbours, with a shared ministry)
    basis: str = ""


@dataclass
class Override:
    fy2024_no: int
    measure: int
    reason: str
    src: str


def similarity_parts(
    row_name: str, row_text: str, row_ministries: list[str], name: str, ministries: list[str]
) -> tuple[float, float, float, float]:
    """``(score, name, content, ministry)`` similarities in [0, 1] of a row and a measure."""
    return _parts(
        match_key(row_name),
        match_key(row_text) if row_text.strip() else "",
        row_ministries,
        match_key(name),
        ministries,
    )


def _parts(
    rn: str,
    rt: str,
    row_ministries: list[str],
    mn: str,
    ministries: list[str],
    floor: float | None = None,
) -> tuple[float, float, float, float]:
    """:func:`similarity_parts` on match keys (``rt`` is "" for a row without text).

    With ``floor``, the (costly) content similarity is computed only where it can change
    the score and lift it to ``floor``: it counts only where ``0.9 * content`` beats the
    name similarity, so below that it is reported as 0 and the score is exactly the same;
    a score that stays below ``floor`` either way may come out lower than without
    ``floor`` (still below ``floor``)."""
    name_sim = fuzz.partial_ratio(rn, mn) / 100 if len(rn) >= 3 else 0.0
    if len(rn) < 8:
        name_sim *= len(rn) / 8
    if row_ministries:
        a, b = set(row_ministries), set(ministries)
        ministry = len(a & b) / len(a | b)
    else:
        ministry = 0.5
    content = 0.0
    if rt and floor is None:
        content = fuzz.partial_ratio(mn, rt) / 100
    elif rt:
        need = max(name_sim / 0.9, (floor - 0.2 * ministry) / 0.72)
        if need <= 1.0:  # rapidfuzz returns 0 below score_cutoff (margin for rounding)
            content = fuzz.partial_ratio(mn, rt, score_cutoff=max(0.0, need * 100 - 1e-6)) / 100
    text = max(name_sim, 0.9 * content)
    return 0.8 * text + 0.2 * ministry, name_sim, content, ministry


def similarity(row: StatusRow, m: Measure) -> float:
    return similarity_parts(row.name, row.text(), row.ministries, m.name, m.ministries)[0]


def score_matrix(rows: list[StatusRow], measures: list[Measure]) -> list[list[float]]:
    """``similarity(rows[i], measures[j])`` for every pair, exact wherever a pass of
    :func:`assign` can use it: at or above :data:`ORDER_ONLY_MIN` for a pair that shares a
    ministry (the order pass), at or above :data:`THRESHOLD` otherwise (alignment and the
    moved pass); below, a score may come out lower (see :func:`_parts`). Each text's match
    key is computed once."""
    row_keys = [
        (match_key(r.name), match_key(t) if (t := r.text()).strip() else "", r.ministries)
        for r in rows
    ]
    measure_keys = [(match_key(m.name), m.ministries) for m in measures]
    floor_shared = min(ORDER_ONLY_MIN, THRESHOLD, MOVED_THRESHOLD)
    floor_other = min(THRESHOLD, MOVED_THRESHOLD)
    return [
        [
            _parts(rn, rt, rm, mn, mm, floor_shared if set(rm) & set(mm) else floor_other)[0]
            for mn, mm in measure_keys
        ]
        for rn, rt, rm in row_keys
    ]


def align(
    rows: list[StatusRow], measures: list[Measure], score: list[list[float]] | None = None
) -> list[tuple[int, int, float]]:
    """The order-preserving alignment maximising the summed ``score - THRESHOLD``:
    ``(row index, measure index, score)`` triples (``score``: the :func:`score_matrix`)."""
    n, k = len(rows), len(measures)
    if score is None:
        score = score_matrix(rows, measures)
    best = [[0.0] * (k + 1) for _ in range(n + 1)]
    move = [[0] * (k + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(k - 1, -1, -1):
            options = [(best[i + 1][j], 1), (best[i][j + 1], 2)]
            if score[i][j] >= THRESHOLD:
                options.append((best[i + 1][j + 1] + score[i][j] - THRESHOLD, 3))
            best[i][j], move[i][j] = max(options)
    out: list[tuple[int, int, float]] = []
    i = j = 0
    while i < n and j < k:
        if move[i][j] == 3:
            out.append((i, j, score[i][j]))
            i, j = i + 1, j + 1
        elif move[i][j] == 1:
            i += 1
        else:
            j += 1
    return out


def assign(rows: list[StatusRow], measures: list[Measure]) -> dict[int, tuple[int, float, str]]:
    """Row index → (measure index, score, basis) in three passes: the order-preserving
    alignment; then measures moved out of order (best remaining pairs scoring at least
    :data:`MOVED_THRESHOLD`); then rows alone between two matched neighbours, given the best
    free measure between those neighbours' measures that shares a ministry."""
    score = score_matrix(rows, measures)
    out = {i: (j, s, "aligned") for i, j, s in align(rows, measures, score)}
    taken = {j for j, _, _ in out.values()}
    free_rows = [i for i in range(len(rows)) if i not in out]
    pairs = sorted(
        ((score[i][j], i, j) for i in free_rows for j in range(len(measures)) if j not in taken),
        reverse=True,
    )
    for s, i, j in pairs:
        if s < MOVED_THRESHOLD:
            break
        if i in out or j in taken:
            continue
        out[i] = (j, s, "moved")
        taken.add(j)
    for i in range(len(rows)):
        if i in out:
            continue
        lo, hi = _between(out, i, len(measures), moved_ok=True)
        if lo >= hi:
            lo, hi = _between(out, i, len(measures), moved_ok=False)
        best = None
        for j in range(lo + 1, hi):
            if j in taken or not set(rows[i].ministries) & set(measures[j].ministries):
                continue
            s = score[i][j]
            if s >= ORDER_ONLY_MIN and (best is None or s > best[1]):
                best = (j, s)
        if best is not None:
            out[i] = (best[0], best[1], "order")
            taken.add(best[0])
    return out


def _between(
    out: dict[int, tuple[int, float, str]], i: int, n: int, moved_ok: bool
) -> tuple[int, int]:
    """The measure indices of row ``i``'s nearest matched neighbours (``-1``/``n`` at the ends)."""
    usable = [k for k, v in out.items() if moved_ok or v[2] == "aligned"]
    before = max((k for k in usable if k < i), default=None)
    after = min((k for k in usable if k > i), default=None)
    return (out[before][0] if before is not None else -1, out[after][0] if after is not None else n)


def load_overrides(path: Path) -> list[Override]:
    """Read ``status_overrides.yaml``; an entry without a reason is a :class:`DataDirError`."""
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    try:
        doc = yaml.safe_load(text) or {}
        entries = doc.get("overrides") or []
    except yaml.YAMLError as exc:
        raise DataDirError(f"{path}: cannot read the overrides: {exc}") from exc
    lines = [
        n
        for n, line in enumerate(text.splitlines(), start=1)
        if line.lstrip().startswith("- fy2024_no:")
    ]
    out = []
    for idx, e in enumerate(entries):
        where = src(path.name, lines[idx] if idx < len(lines) else 1)
        try:
            o = Override(int(e["fy2024_no"]), int(e["measure"]), str(e["reason"]).strip(), where)
        except (KeyError, TypeError, ValueError) as exc:
            raise DataDirError(
                f"{where}: an override needs fy2024_no, measure and reason ({exc})"
            ) from exc
        if not o.reason:
            raise DataDirError(f"{where}: override of 2024 No. {o.fy2024_no} has no reason")
        out.append(o)
    return out


def match_editions(
    status: StatusReport, lineup: Lineup, overrides: list[Override], report: QualityReport
) -> list[EditionMatch]:
    """Match every status row to at most one lineup measure: rules first, then the curated
    overrides; unmatched rows and low-confidence matches go to ``report``."""
    matches = rule_matches(status.rows, lineup.measures)
    matches = apply_overrides(matches, overrides, status.rows, lineup.measures, report)
    matches.sort(key=lambda m: m.measure)
    _report_matches(matches, status.rows, lineup.measures, len(overrides), report)
    return matches


def rule_matches(rows: list[StatusRow], measures: list[Measure]) -> list[EditionMatch]:
    """The matches of :func:`assign`, each with a confidence that mixes its score with
    whether its neighbours align the same way (capped for order-only matches)."""
    assigned = assign(rows, measures)
    matches: list[EditionMatch] = []
    for i, (j, s, basis) in sorted(assigned.items()):
        neighbours = [(i - 1, j - 1), (i + 1, j + 1)]
        present = [p for p in neighbours if 0 <= p[0] < len(rows)]
        agree = sum(1 for a, b in present if assigned.get(a, (None,))[0] == b)
        conf = 0.6 * s + 0.4 * agree / max(1, len(present))
        if basis == "order":
            conf = min(conf, ORDER_ONLY_CAP)
        r = rows[i]
        matches.append(
            EditionMatch(
                r, r.no, measures[j].no, round(s, 3), round(conf, 3), "rule", r.src, basis=basis
            )
        )
    return matches


def apply_overrides(
    matches: list[EditionMatch],
    overrides: list[Override],
    rows: list[StatusRow],
    measures: list[Measure],
    report: QualityReport,
) -> list[EditionMatch]:
    """``matches`` with each curated override in place of the rule matches of its row and
    measure; an override the rules already make is reported as redundant."""
    if len(overrides) > MAX_OVERRIDE_SHARE * max(1, len(rows)):
        raise DataDirError(
            f"status_overrides.yaml: {len(overrides)} overrides for {len(rows)} rows exceed"
            f" {MAX_OVERRIDE_SHARE:.0%}"
        )
    by_no = {m.no: m for m in measures}
    for o in overrides:
        if o.measure not in by_no:
            raise DataDirError(
                f"{o.src}: override names measure No. {o.measure:03d}, not in the lineup"
            )
        if any(m.fy2024_no == o.fy2024_no and m.measure == o.measure for m in matches):
            report.add(
                "redundant_override",
                o.src,
                f"2024 No. {o.fy2024_no} ↔ {o.measure:03d} is already matched by rule",
            )
            continue
        row = next((r for r in rows if r.no == o.fy2024_no), None)
        matches = [m for m in matches if m.fy2024_no != o.fy2024_no and m.measure != o.measure]
        score = round(similarity(row, by_no[o.measure]), 3) if row else 0.0
        matches.append(
            EditionMatch(
                row,
                o.fy2024_no,
                o.measure,
                score,
                1.0,
                "override",
                row.src if row else o.src,
                o.reason,
                "curated",
            )
        )
    return matches


def _report_matches(
    matches: list[EditionMatch],
    rows: list[StatusRow],
    measures: list[Measure],
    n_overrides: int,
    report: QualityReport,
) -> None:
    matched_rows = {id(m.row) for m in matches if m.row is not None}
    for r in rows:
        if id(r) not in matched_rows:
            report.add(
                "unmatched_row", r.src, f"2024 No. {r.no}: no lineup measure matches", r.name[:60]
            )
    low = [m for m in matches if m.method == "rule" and m.confidence < LOW_CONFIDENCE]
    for m in low:
        report.add(
            "low_confidence_match",
            m.src,
            f"2024 No. {m.fy2024_no} ↔ {m.measure:03d} (confidence {m.confidence})",
            (m.row.name if m.row else "")[:60],
        )
    report.stat("status", "matched_by_rule", sum(1 for m in matches if m.method == "rule"))
    report.stat("status", "matched_by_override", sum(1 for m in matches if m.method == "override"))
    report.stat("status", "overrides", n_overrides)
    report.stat("status", "unmatched_rows", sum(1 for r in rows if id(r) not in matched_rows))
    report.stat("status", "low_confidence", len(low))
    known = {m.no for m in measures}
    report.stat("status", "lineup_without_2024", len(known - {m.measure for m in matches}))
