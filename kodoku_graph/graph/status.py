"""The FY2024 status report in the graph: StatusRow nodes, the FY2024 fields and STATUS_OF
edges of matched measures (matching: :mod:`kodoku_graph.graph.editions`), and the
TargetMetric nodes extracted from each row's goal and review text."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kodoku_graph.graph.build import GraphBuilder
from kodoku_graph.graph.editions import EditionMatch
from kodoku_graph.loaders.display import clean_spaces, quality, stray_spaces
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.loaders.status_report import StatusReport, StatusRow
from kodoku_graph.loaders.targets import (
    COLUMNS,
    Figure,
    achieved_in,
    ahead_of_schedule,
    figures_in,
)
from kodoku_graph.loaders.text import src


def row_id(row: StatusRow) -> str:
    """``S2024-014`` for 2024 No. 14; a row with no number is named by its line."""
    return f"S2024-{row.no:03d}" if row.no is not None else f"S2024-L{row.src.rsplit(':', 1)[1]}"


def add_status(
    b: GraphBuilder, status: StatusReport, matches: list[EditionMatch], report: QualityReport
) -> int:
    """StatusRow nodes and STATUS_OF edges, the FY2024 fields on matched measures, and
    TargetMetric nodes with HAS_TARGET. Returns the number of metrics extracted."""
    add_rows(b, status, matches)
    add_measure_status(b, matches)
    add_text_quality(b, status, report)
    return add_targets(b, status, matches, report)


def add_rows(b: GraphBuilder, status: StatusReport, matches: list[EditionMatch]) -> None:
    """One StatusRow node per row (``plan_change`` marks rows no measure matched)."""
    matched = {id(m.row) for m in matches if m.row is not None}
    for r in status.rows:
        name = clean_spaces(r.name.replace("\n", " "))
        flag, note = quality(name, "name")
        b.node(
            row_id(r),
            "StatusRow",
            r.src,
            no=r.no,
            name=name,
            name_quality=flag,
            name_quality_note=_note(note, r.name),
            url_broken=r.url_broken,
            url_raw=r.url_raw,
            ministries=r.ministries,
            url=r.url or "",
            plan_change="" if id(r) in matched else "dropped_after_2024",
        )


#: the display texts of a matched row on its Measure, each with a quality flag
DISPLAY_COLUMNS = ("summary", "goal", "achievement", "review")


def _note(reason: str, raw: str) -> str:
    """The reason for a flag, and whether stray spaces were removed from the raw text."""
    n = stray_spaces(raw)
    removed = f"{n} stray space(s) between Japanese characters removed" if n else ""
    return "; ".join(x for x in (reason, removed) if x)


def add_text_quality(b: GraphBuilder, status: StatusReport, report: QualityReport) -> None:
    """Counts of the display-text flags in the report's stats, and the garbled texts and the
    rows whose texts are all garbled listed as ``garbled_text``."""
    counts: dict[str, int] = {}
    for r in status.rows:
        texts = {"name": (r.name.replace("\n", " "), "name")}
        texts.update({c: (getattr(r, c), "prose") for c in DISPLAY_COLUMNS})
        flags = {}
        for field_name, (text, kind) in texts.items():
            flag, note = quality(text, kind)
            flags[field_name] = flag
            key = f"{field_name}_{flag}"
            counts[key] = counts.get(key, 0) + 1
            if flag == "garbled":
                report.add(
                    "garbled_text",
                    r.src,
                    f"No. {r.no} {field_name}: {note} (lines {r.lines[0]}–{r.lines[-1]})",
                    clean_spaces(text)[:80],
                )
    for key, n in sorted(counts.items()):
        report.stat("display", key, n)


def add_measure_status(b: GraphBuilder, matches: list[EditionMatch]) -> None:
    """The FY2024 fields on each matched measure, a STATUS_OF edge from its row, and
    ``plan_change`` = ``new_in_2026`` on measures no row matched."""
    with_row = set()
    for m in matches:
        mid = f"M{m.measure:03d}"
        with_row.add(mid)
        props = {
            "fy2024_no": m.fy2024_no,
            "fy2024_confidence": m.confidence,
            "fy2024_method": m.method,
            "fy2024_src": m.src,
        }
        if m.row is not None:
            r = m.row
            for col in DISPLAY_COLUMNS:
                raw = getattr(r, col)
                flag, note = quality(raw, "prose")
                props[col] = clean_spaces(raw)
                props[f"{col}_quality"] = flag
                props[f"{col}_quality_note"] = _note(note, raw)
            props.update(
                url=r.url or "",
                url_broken=r.url_broken,
                url_raw=r.url_raw,
            )
            b.edge(
                row_id(r),
                mid,
                "STATUS_OF",
                r.src,
                confidence=m.confidence,
                method=m.method,
                basis=m.basis,
            )
        b.node(mid, "Measure", b.graph.nodes[mid]["src"], **props)
    for mid, data in b.graph.nodes(data=True):
        if data["label"] == "Measure":
            data["plan_change"] = "" if mid in with_row else "new_in_2026"


def add_targets(
    b: GraphBuilder, status: StatusReport, matches: list[EditionMatch], report: QualityReport
) -> int:
    """TargetMetric nodes (HAS_TARGET) and ReportedFigure nodes for baselines and actuals
    (HAS_FIGURE, FIGURE_OF the target they measure) from each matched row; figures of
    unmatched rows and repeated figures are reported. Returns the number of targets."""
    matched = {id(m.row): m for m in matches if m.row is not None}
    count = 0
    kinds = {"target": 0, "baseline": 0, "actual": 0}
    for r in status.rows:
        m = matched.get(id(r))
        figs = row_figures(r)
        for d in figs.dropped:
            report.add("duplicate_figure", src(_file(r), d.figure.line), d.reason, d.figure.text)
        count += len(figs.targets)
        for f in figs.targets + figs.others:
            kinds[f.kind] += 1
        if m is None:
            for t in figs.targets:
                report.add(
                    "metric_without_measure",
                    src(_file(r), t.line),
                    f"2024 No. {r.no} is unmatched; target not in the graph",
                    t.text,
                )
            continue
        mid = f"M{m.measure:03d}"
        ids: dict[int, str] = {}
        for k, t in enumerate(figs.targets, start=1):
            tid = f"{mid}-K{k}"
            ids[id(t)] = tid
            b.node(tid, "TargetMetric", src(_file(r), t.line), **target_props(t, figs, r))
            b.edge(mid, tid, "HAS_TARGET", src(_file(r), t.line))
        counters = {"baseline": 0, "actual": 0}
        for f in figs.others:
            counters[f.kind] += 1
            fid = f"{mid}-{f.kind[0].upper()}{counters[f.kind]}"
            b.node(fid, "ReportedFigure", src(_file(r), f.line), **figure_props(f))
            b.edge(mid, fid, "HAS_FIGURE", src(_file(r), f.line))
            of = figs.of.get(id(f))
            if of is not None:
                b.edge(fid, ids[id(of)], "FIGURE_OF", src(_file(r), f.line))
    report.stat("status", "metrics_extracted", count)
    for kind, n in kinds.items():
        report.stat("status", f"figures_{kind}", n)
    report.stat(
        "status",
        "metrics_from_review",
        sum(
            1
            for _, d in b.graph.nodes(data=True)
            if d["label"] == "TargetMetric" and d.get("origin") == "review"
        ),
    )
    return count


def _is_increase(f: Figure) -> bool:
    """Whether a figure is stated as an increase (``3,062件増加``)."""
    tail = f.span[f.span.find(f.text) + len(f.text) :] if f.text in f.span else ""
    return tail.lstrip().startswith(("増加", "増"))


def _squash(text: str) -> str:
    return "".join(text.split())


def _file(r: StatusRow) -> str:
    return r.src.rsplit(":", 1)[0]


@dataclass(frozen=True)
class Dropped:
    """A figure not kept: an OCR repeat of a line, or a restatement in the same row."""

    figure: Figure
    kept: Figure
    reason: str


@dataclass
class RowFigures:
    """The figures of one row: targets (goal, then review), baselines and actuals, the
    target each baseline/actual measures (``of``, by object id) and what was dropped."""

    targets: list[Figure] = field(default_factory=list)
    others: list[Figure] = field(default_factory=list)
    of: dict[int, Figure] = field(default_factory=dict)
    dropped: list[Dropped] = field(default_factory=list)


def _cell_figures(r: StatusRow) -> list[Figure]:
    """The figures of a row's goal, achievement and review fragments, a unit-less target
    taking the first goal unit; figures still without a unit are left out."""
    figs: list[Figure] = []
    for col in COLUMNS:
        for line, text in r.fragments.get(col, []):
            figs.extend(figures_in(text, col, line))
    goal_units = [f.unit for f in figs if f.kind == "target" and f.column == "goal" and f.unit]
    figs = [
        replace(f, unit=goal_units[0]) if f.kind == "target" and not f.unit and goal_units else f
        for f in figs
    ]
    return [f for f in figs if f.unit]


def _drop_repeats(figs: list[Figure], dropped: list[Dropped]) -> list[Figure]:
    """``figs`` with each figure stated once: OCR repeats and restatements go to
    ``dropped``; a kept target takes the deadline of a restatement that names it."""
    kept: list[Figure] = []
    for f in figs:
        same = next(
            (k for k in kept if k.kind == f.kind and k.value == f.value and k.unit == f.unit),
            None,
        )
        if same is None:
            kept.append(f)
            continue
        if (
            same.line == f.line
            and same.column == f.column
            and same.deadline_stated == f.deadline_stated
            and _squash(same.before) != _squash(f.before)
        ):
            kept.append(f)  # two statements in one cell (都道府県においては全て, twice)
            continue
        # keep the statement with a deadline (a restatement may name the year a cut cell lost)
        better = same
        if f.kind == "target" and not same.deadline_stated and f.deadline_stated:
            if same.column == f.column:
                better = f
            else:
                better = replace(
                    same,
                    deadline_fy=f.deadline_fy,
                    annual=f.annual,
                    start_fy=f.start_fy,
                    deadline_stated=True,
                )
            kept[kept.index(same)] = better
        loser = f if better is not f else same
        reason = (
            f"OCR repeat of line {better.line}: {f.kind} {f.text} kept once"
            if loser.line != better.line and loser.column == better.column
            else f"{f.kind} {f.text} restated in the same row ({loser.column} column); kept once"
        )
        dropped.append(Dropped(loser, better, reason))
    return kept


def _with_schedule(kept: list[Figure], r: StatusRow) -> list[Figure]:
    """Goal targets with no deadline take the one implied by ``…1年前倒しで目標を達成``; of
    actuals of one counter for two years, the earlier ones become baselines."""
    ahead = ahead_of_schedule(r.achievement)
    if ahead is not None:
        kept = [
            replace(f, deadline_fy=ahead, deadline_stated=True)
            if f.kind == "target" and f.column == "goal" and f.deadline_fy is None and not f.annual
            else f
            for f in kept
        ]
    # achievement figures of one counter for two years: the earlier ones are baselines
    for f in list(kept):
        if f.kind == "actual" and f.year is not None:
            later = [
                g
                for g in kept
                if g.kind == "actual"
                and g.unit == f.unit
                and g.year is not None
                and g.year > f.year
            ]
            if later:
                kept[kept.index(f)] = replace(f, kind="baseline")
    return kept


def _link_to_targets(out: RowFigures) -> None:
    """``out.of``: each baseline/actual measures the target of its counter, in order of
    statement (a target of 新たにN, an increase, is measured by the figure of the increase)."""
    for kind in ("baseline", "actual"):
        used: set[int] = set()
        for f in out.others:
            if f.kind != kind:
                continue
            cand = [
                t
                for t in out.targets
                if comparable(t.unit, f.unit)
                and id(t) not in used
                and (kind == "actual" or t.line == f.line)
                and (kind == "baseline" or t.column == "goal")  # review targets are newer
            ]
            if f.column == "goal":
                cand = [t for t in cand if t.start > f.start]
            cand = [
                t for t in cand if ("新たに" in t.span or _is_increase(t)) == _is_increase(f)
            ] or ([] if any(_is_increase(g) for g in out.others if g.unit == f.unit) else cand)
            if cand:
                out.of[id(f)] = cand[0]
                used.add(id(cand[0]))


def row_figures(r: StatusRow) -> RowFigures:
    """Targets, baselines and actuals of one row, read from its goal, achievement and review
    fragments (each with its source line)."""
    out = RowFigures()
    kept = _with_schedule(_drop_repeats(_cell_figures(r), out.dropped), r)
    order = {"goal": 0, "review": 1, "achievement": 2}
    out.targets = sorted(
        (f for f in kept if f.kind == "target"), key=lambda f: (order[f.column], f.line, f.start)
    )
    out.others = [f for f in kept if f.kind != "target"]
    _link_to_targets(out)
    return out


def target_props(t: Figure, figs: RowFigures, r: StatusRow) -> dict:
    """The TargetMetric properties of a target: the figure's fields, the ``origin`` column
    (kept for compatibility), and the latest actual and baseline measuring it."""
    actuals = [f for f in figs.others if f.kind == "actual" and figs.of.get(id(f)) is t]
    baselines = [f for f in figs.others if f.kind == "baseline" and figs.of.get(id(f)) is t]
    actual = actuals[-1] if actuals else None
    baseline = baselines[-1] if baselines else None
    achieved = None
    if actual is not None:
        tail = r.achievement[r.achievement.find(actual.text) :][: len(actual.text) + 12]
        achieved = achieved_in(tail)
    if achieved is None and t.column == "goal":
        stated = achieved_in(r.achievement) if r.achievement else None
        stated = stated if stated is not None else achieved_in(r.review)
        if stated is not None and sum(1 for f in figs.targets if f.column == "goal") == 1:
            achieved = stated
    return {
        **_figure_fields(t),
        "deadline_fy": t.deadline_fy,
        "annual": t.annual,
        "start_fy": t.start_fy,
        "deadline_stated": t.deadline_stated,
        "origin": t.column,
        "actual": actual.value if actual else None,
        "actual_year": actual.year if actual else None,
        "actual_unit": actual.unit if actual else None,
        "actual_text": actual.text if actual else None,
        "baseline": baseline.value if baseline else None,
        "baseline_year": baseline.year if baseline else None,
        "achieved": achieved,
        "met": _met(t, actual),
    }


def _met(t: Figure, actual: Figure | None) -> bool | None:
    """Whether an actual in the target's unit reaches it (以下: at most; otherwise at least)."""
    if actual is None or not comparable(t.unit, actual.unit):
        return None
    value = actual.value / 100 if t.unit == "ratio" and actual.unit == "%" else actual.value
    if t.comparator in ("以下", "未満"):
        return value <= t.value
    return value >= t.value


def comparable(target_unit: str, figure_unit: str) -> bool:
    """Whether a figure in ``figure_unit`` can measure a target in ``target_unit``: the same
    counter, 人 and 名, or a percentage for a ratio share."""
    pairs = {("人", "名"), ("名", "人"), ("ratio", "%")}
    return target_unit == figure_unit or (target_unit, figure_unit) in pairs


def figure_props(f: Figure) -> dict:
    """The ReportedFigure properties of a baseline or actual."""
    return {**_figure_fields(f), "year": f.year}


def _figure_fields(f: Figure) -> dict:
    return {
        "kind": f.kind,
        "text": f.text,
        "value": f.value,
        "unit": f.unit,
        "comparator": f.comparator,
        "column": f.column,
        "line": f.line,
        "span": f.span,
        "qualitative": f.qualitative,
        "per": f.per,
        "numeric": f.numeric,
    }
