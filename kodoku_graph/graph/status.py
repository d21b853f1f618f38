"""The FY2024 status report in the graph: StatusRow nodes, the FY2024 fields and STATUS_OF
edges of matched measures (matching: :mod:`kodoku_graph.graph.editions`), and the
TargetMetric nodes extracted from each row's goal and review text."""

from __future__ import annotations

from kodoku_graph.graph.build import GraphBuilder
from kodoku_graph.graph.editions import EditionMatch
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.loaders.status_report import StatusReport, StatusRow
from kodoku_graph.loaders.targets import find_targets, new_targets, outcome
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
    return add_targets(b, status, matches, report)


def add_rows(b: GraphBuilder, status: StatusReport, matches: list[EditionMatch]) -> None:
    """One StatusRow node per row (``plan_change`` marks rows no measure matched)."""
    matched = {id(m.row) for m in matches if m.row is not None}
    for r in status.rows:
        b.node(
            row_id(r),
            "StatusRow",
            r.src,
            no=r.no,
            name=r.name.replace("\n", " "),
            ministries=r.ministries,
            url=r.url or "",
            plan_change="" if id(r) in matched else "dropped_after_2024",
        )


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
            props.update(
                summary=r.summary,
                goal=r.goal,
                achievement=r.achievement,
                review=r.review,
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
    """TargetMetric nodes with HAS_TARGET from each matched row's goal and review text;
    targets of unmatched rows are reported. Returns the number of targets extracted."""
    matched = {id(m.row): m for m in matches if m.row is not None}
    count = 0
    for r in status.rows:
        m = matched.get(id(r))
        targets = row_targets(r)
        count += len(targets)
        if m is None:
            for t in targets:
                report.add(
                    "metric_without_measure",
                    t["src"],
                    f"2024 No. {r.no} is unmatched; target not in the graph",
                    t["text"],
                )
            continue
        mid = f"M{m.measure:03d}"
        for k, t in enumerate(targets, start=1):
            tid = f"{mid}-K{k}"
            b.node(tid, "TargetMetric", t.pop("src"), **t)
            b.edge(mid, tid, "HAS_TARGET", b.graph.nodes[tid]["src"])
    report.stat("status", "metrics_extracted", count)
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


def row_targets(r: StatusRow) -> list[dict]:
    """The TargetMetric properties of one row: goal-column targets, then targets newly set in
    the review column; ``text`` is an exact substring of the source line named by ``src``."""
    out: list[dict] = []
    file = r.src.rsplit(":", 1)[0]
    for line, text in r.fragments.get("goal", []):
        for t in find_targets(text):
            out.append(
                {
                    "text": t.text,
                    "value": t.value,
                    "unit": t.unit,
                    "deadline_fy": t.deadline_fy,
                    "origin": "goal",
                    "src": src(file, line),
                }
            )
    goal_units = [t["unit"] for t in out]
    for line, text in r.fragments.get("review", []):
        for t in new_targets(text):
            unit = t.unit or (goal_units[0] if goal_units else "")
            out.append(
                {
                    "text": t.text,
                    "value": t.value,
                    "unit": unit,
                    "deadline_fy": t.deadline_fy,
                    "origin": "review",
                    "src": src(file, line),
                }
            )
    seen: set[tuple] = set()
    unique = []
    for t in out:
        key = (t["value"], t["unit"], t["deadline_fy"], t["origin"])
        if key not in seen:
            seen.add(key)
            unique.append(t)
    out = unique
    for t in out:
        actual, achieved = (
            outcome(r.achievement, t["unit"]) if t["origin"] == "goal" else (None, None)
        )
        t["actual"], t["achieved"] = actual, achieved
    return out
