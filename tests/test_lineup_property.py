"""Property: the lineup loader accounts for every ``No.`` line of any input.

Each ``No.`` line becomes a measure, a re-listing, or a reported problem located at its
line — never nothing.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kodoku_graph.loaders.lineup import NO_RE, parse_lineup
from kodoku_graph.loaders.ministries import MinistryRegistry, default_registry_path
from kodoku_graph.loaders.quality import QualityReport

REGISTRY = MinistryRegistry.load(default_registry_path())

names = st.text(alphabet="孤独立対策支援の推進地域こども相談・、()", min_size=0, max_size=12)
ministries = st.lists(st.sampled_from(["内閣府", "法務省", "厚生労働省", "未知省", ""]), max_size=3)
numbers = st.integers(min_value=0, max_value=999)


@st.composite
def no_line(draw: st.DrawFn) -> str:
    no = draw(numbers)
    sep = draw(st.sampled_from([": ", ":", "： ", " : "]))
    name = draw(names)
    kind = draw(st.sampled_from(["def", "relist", "nominist", "garbage", "cut"]))
    mins = "、".join(draw(ministries))
    page = draw(st.one_of(st.none(), st.integers(1, 300)))
    tail = f"\t{page}" if page is not None else "\t"
    if kind == "def":
        body = f"{name}【{mins}】{tail}"
    elif kind == "relist":
        ref = draw(st.sampled_from(["(前出(1)①: P. 32)", "(前出(4)②③:P.197)", "", "(前出"]))
        body = f"(再掲) {name}【{mins}】{ref}\t"
    elif kind == "nominist":
        body = f"{name}{tail}"
    elif kind == "cut":
        body = name
    else:
        body = draw(st.text(max_size=20))
    return f"No. {no:03d}{sep}{body}"


other_lines = st.sampled_from(
    [
        "",
        "(2) 柱の題",
        "②分野の題\t",
        "「孤独・孤立対策重点計画」具体的施策(2)",
        "・補助項目【厚生労働省】\t5",
        "ただの文",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(no_line(), other_lines), min_size=1, max_size=30))
def test_every_no_line_is_accounted_for(body: list[str]) -> None:
    lines = ["(1) 最初の柱", "①最初の分野", *body, "No. 999: 最後【内閣府】\t1"]
    report = QualityReport()
    lineup = parse_lineup(lines, REGISTRY, report, file="p.txt")
    placed = {m.src for m in lineup.measures} | {r.src for r in lineup.relistings}
    reported = {p.src for p in report.problems}
    for i, line in enumerate(lines, start=1):
        if NO_RE.match(line.strip()):
            here = f"p.txt:{i}"
            # A measure cut by a page break may absorb the next line: it is then reported
            # at the cut line, and the absorbed line is part of that measure.
            absorbed = any(
                p.kind == "repaired_split_line" and f"continues on line {i} " in p.message
                for p in report.problems
            )
            assert here in placed or here in reported or absorbed, f"line {i} lost: {line!r}"
