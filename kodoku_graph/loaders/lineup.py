"""Loader for 000_ca8d1dac931cfc32.txt, the 2026-01-16 lineup of the plan's measures.

Structure of the text::

    (1) 孤独・孤立に至っても支援を求める声を上げやすい社会とする      <- pillar
    ①孤独・孤立の実態把握                                             <- policy area
    No. 001: 孤独・孤立の実態把握【内閣府】<TAB>32                     <- measure, page 32
    No. 006: (再掲) ホームページや…【内閣府】(前出(1)②: P. 37)       <- re-listing

Known traps handled here: a measure name cut by a page header (No. 080), a measure with
sub-items (No. 130, kept as ``components``), ``No. 125:`` without a space, headings with
trailing tabs, and (再掲) back-references that disagree with where the measure is defined
(reported as ``relisting_ref_mismatch``).

Every ``No.`` line becomes a measure, a re-listing or a reported problem.

>>> lines = ["(1) 声を上げやすい社会", "①実態把握", "No. 001: 実態把握【内閣府】\\t32"]
>>> lineup = parse_lineup(lines, registry=None, file="000.txt")
>>> lineup.measures[0].name, lineup.measures[0].ministries, lineup.measures[0].page
('実態把握', ['内閣府'], 32)
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, Field

from kodoku_graph.errors import SourceParseError
from kodoku_graph.loaders.ministries import MinistryRegistry
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.loaders.sources import SOURCES, read_source
from kodoku_graph.loaders.text import circled, reiwa_date, src, to_circled

FILE = SOURCES["lineup"].name

PILLAR_RE = re.compile(r"^\((\d+)\)\s*(\S.*)$")
AREA_RE = re.compile(r"^([\u2460-\u2473])\s*(\S.*)$")
PAGE_HEADER_RE = re.compile(r"^「孤独・孤立対策重点計画」具体的施策\(\d+\)$")
NO_RE = re.compile(r"^No\.\s*(\d+)\s*[:：]\s*(.*)$")
COMPONENT_RE = re.compile(r"^[・･]\s*(\S.*)$")
# name【ministries】 then optionally the back-reference and the page.
BODY_RE = re.compile(r"^(?P<name>.+?)【(?P<min>[^】]*)】(?P<rest>.*)$")
RELISTED_RE = re.compile(r"^\(再掲\)\s*")
REF_RE = re.compile(
    r"\(前出\((?P<pillar>\d+)\)(?P<areas>[\u2460-\u2473]+)\s*[:：]\s*P\.\s*(?P<page>\d+)\)"
)
PAGE_RE = re.compile(r"^\s*(\d+)\s*$")
DATE_RE = re.compile(r"^令和(\d+)年(\d+)月(\d+)日$")


class Pillar(BaseModel):
    """A basic policy (基本方針) of the plan, ``(1)``–``(4)``."""

    no: int
    title: str
    src: str

    @property
    def id(self) -> str:
        return f"P{self.no}"


class PolicyArea(BaseModel):
    """A policy area ①–⑤ under a pillar."""

    pillar: int
    area: int
    title: str
    src: str

    @property
    def id(self) -> str:
        return f"P{self.pillar}-{self.area}"


class Component(BaseModel):
    """A sub-item of a measure (e.g. the four programmes of No. 130)."""

    name: str
    ministries: list[str]
    page: int | None
    src: str


class Measure(BaseModel):
    """A measure (施策) as defined in the lineup."""

    no: int
    name: str
    ministries: list[str]
    page: int | None
    pillar: int
    area: int
    src: str
    components: list[Component] = Field(default_factory=list)

    @property
    def id(self) -> str:
        return f"M{self.no:03d}"


class Relisting(BaseModel):
    """A (再掲) line: measure ``no`` listed again under another area."""

    no: int
    name: str
    ministries: list[str]
    pillar: int
    area: int
    ref_pillar: int | None
    ref_areas: list[int]
    ref_page: int | None
    src: str


class Lineup(BaseModel):
    """Everything the lineup defines."""

    title: str = ""
    date: str | None = None
    pillars: list[Pillar] = Field(default_factory=list)
    areas: list[PolicyArea] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    relistings: list[Relisting] = Field(default_factory=list)


class _Parser:
    def __init__(
        self, lines: list[str], file: str, registry: MinistryRegistry | None, report: QualityReport
    ) -> None:
        self.lines = [line.rstrip() for line in lines]
        self.file = file
        self.registry = registry
        self.report = report
        self.out = Lineup()
        self.pillar: Pillar | None = None
        self.area: PolicyArea | None = None
        self.i = 0

    def s(self, i: int) -> str:
        return src(self.file, i + 1)

    def ministries(self, text: str, i: int) -> list[str]:
        if self.registry is None:
            return [p for p in re.split(r"[、・]", text) if p]
        return self.registry.split_reported(text, self.s(i), self.report)

    def run(self) -> Lineup:
        n = len(self.lines)
        while self.i < n:
            line = self.lines[self.i].strip()
            i = self.i
            self.i += 1
            if not line or PAGE_HEADER_RE.match(line):
                continue
            if m := NO_RE.match(line):
                self.measure_line(int(m.group(1)), m.group(2).strip(), i)
            elif m := PILLAR_RE.match(line):
                self.pillar = Pillar(no=int(m.group(1)), title=m.group(2).strip(), src=self.s(i))
                self.area = None
                if any(p.no == self.pillar.no for p in self.out.pillars):
                    self.report.add(
                        "duplicate_pillar", self.s(i), f"pillar ({self.pillar.no}) again", line
                    )
                else:
                    self.out.pillars.append(self.pillar)
            elif (m := AREA_RE.match(line)) and self.pillar is not None:
                self.area = PolicyArea(
                    pillar=self.pillar.no,
                    area=circled(m.group(1)),
                    title=m.group(2).strip(),
                    src=self.s(i),
                )
                self.out.areas.append(self.area)
            elif self.pillar is None:
                self.preamble(line)
            else:
                self.report.add(
                    "unplaced_line", self.s(i), "line is not a heading or a measure", line
                )
        return self.out

    def preamble(self, line: str) -> None:
        if not self.out.title and line.startswith("「"):
            self.out.title = line
        elif m := DATE_RE.match(line):
            self.out.date = reiwa_date(*m.groups())

    def next_content(self) -> tuple[int, str] | None:
        """The next non-blank line that is not a page header, without consuming it."""
        j = self.i
        while j < len(self.lines):
            line = self.lines[j].strip()
            if line and not PAGE_HEADER_RE.match(line):
                return j, line
            j += 1
        return None

    def measure_line(self, no: int, body: str, i: int) -> None:
        if self.area is None:
            self.report.add(
                "measure_outside_area", self.s(i), f"No. {no:03d} precedes any policy area", body
            )
            return
        if RELISTED_RE.match(body):
            self.relisting(no, RELISTED_RE.sub("", body), i)
            return
        page: int | None = None
        if "\t" in self.lines[i]:
            head, _, tail = self.lines[i].strip().rpartition("\t")
            if PAGE_RE.match(tail):
                page = int(tail)
                body = NO_RE.match(head.strip()).group(2).strip()  # type: ignore[union-attr]
        if "【" not in body and page is None:
            body, page = self.join_continuation(no, body, i)
        if m := BODY_RE.match(body):
            name, ministries = m.group("name").strip(), self.ministries(m.group("min"), i)
            if m.group("rest").strip():
                self.report.add(
                    "unplaced_text",
                    self.s(i),
                    f"text after No. {no:03d}'s ministries",
                    m.group("rest"),
                )
            components: list[Component] = []
        elif page is not None:
            name, components = body, self.components(i)
            ministries = []
            for c in components:
                ministries += [x for x in c.ministries if x not in ministries]
            if not components:
                self.report.add("no_ministries", self.s(i), f"No. {no:03d} names no ministry", body)
        else:
            self.report.add(
                "unparsed_measure",
                self.s(i),
                f"No. {no:03d}: expected 'name【ministries】 page'",
                body,
            )
            return
        if any(x.no == no for x in self.out.measures):
            self.report.add("duplicate_measure", self.s(i), f"No. {no:03d} is defined twice", body)
            return
        self.out.measures.append(
            Measure(
                no=no,
                name=name,
                ministries=ministries,
                page=page,
                pillar=self.area.pillar,
                area=self.area.area,
                src=self.s(i),
                components=components,
            )
        )

    def join_continuation(self, no: int, body: str, i: int) -> tuple[str, int | None]:
        """Join a measure line cut by a page break with its continuation."""
        nxt = self.next_content()
        if nxt is None:
            return body, None
        j, line = nxt
        if NO_RE.match(line) or PILLAR_RE.match(line) or AREA_RE.match(line) or "【" not in line:
            return body, None
        head, _, tail = line.rpartition("\t")
        page = int(tail) if PAGE_RE.match(tail) else None
        joined = body + (head if page is not None else line).strip()
        self.report.add(
            "repaired_split_line",
            self.s(i),
            f"No. {no:03d}'s name continues on line {j + 1} after a page break; joined",
            joined,
        )
        self.i = j + 1
        return joined, page

    def components(self, i: int) -> list[Component]:
        out: list[Component] = []
        while (nxt := self.next_content()) is not None:
            j, line = nxt
            m = COMPONENT_RE.match(line)
            if not m:
                break
            self.i = j + 1
            head, _, tail = line.rpartition("\t")
            page = int(tail) if PAGE_RE.match(tail) else None
            text = COMPONENT_RE.match(head.strip() if page is not None else line).group(1)  # type: ignore[union-attr]
            if bm := BODY_RE.match(text):
                out.append(
                    Component(
                        name=bm.group("name").strip(),
                        ministries=self.ministries(bm.group("min"), j),
                        page=page,
                        src=self.s(j),
                    )
                )
            else:
                self.report.add(
                    "unparsed_component", self.s(j), "expected '・name【ministries】'", line
                )
        return out

    def relisting(self, no: int, body: str, i: int) -> None:
        assert self.area is not None
        ref = REF_RE.search(body)
        text = REF_RE.sub("", body).strip()
        m = BODY_RE.match(text)
        if m is None:
            self.report.add(
                "unparsed_relisting",
                self.s(i),
                f"No. {no:03d}: expected '(再掲) name【ministries】(前出…)'",
                body,
            )
            return
        if ref is None:
            self.report.add(
                "relisting_without_ref", self.s(i), f"No. {no:03d}: (再掲) without (前出…)", body
            )
        self.out.relistings.append(
            Relisting(
                no=no,
                name=m.group("name").strip(),
                ministries=self.ministries(m.group("min"), i),
                pillar=self.area.pillar,
                area=self.area.area,
                ref_pillar=int(ref.group("pillar")) if ref else None,
                ref_areas=[circled(c) for c in ref.group("areas")] if ref else [],
                ref_page=int(ref.group("page")) if ref else None,
                src=self.s(i),
            )
        )


def check_relistings(lineup: Lineup, report: QualityReport) -> None:
    """Report every (再掲) line whose back-reference, name or ministries disagree with the
    measure's definition, and re-listings of measures never defined."""
    by_no = {m.no: m for m in lineup.measures}
    for r in lineup.relistings:
        m = by_no.get(r.no)
        if m is None:
            report.add(
                "relisting_of_undefined",
                r.src,
                f"No. {r.no:03d} is re-listed but never defined",
                r.name,
            )
            continue
        defined = f"({m.pillar}){to_circled(m.area)}: P. {m.page}"
        cited = (
            f"({r.ref_pillar}){''.join(map(to_circled, r.ref_areas))}: P. {r.ref_page}"
            if r.ref_pillar is not None
            else "nothing"
        )
        if r.ref_pillar is not None and (
            r.ref_pillar != m.pillar or r.ref_areas != [m.area] or r.ref_page != m.page
        ):
            report.add(
                "relisting_ref_mismatch",
                r.src,
                f"No. {r.no:03d}: (再掲) cites 前出{cited} but the measure is defined at {defined} ({m.src})",
                f"前出{cited}",
            )
        if r.name != m.name:
            report.add(
                "relisting_name_mismatch",
                r.src,
                f"No. {r.no:03d}: re-listed name differs from {m.src}",
                r.name,
            )
        if r.ministries != m.ministries:
            report.add(
                "relisting_ministries_mismatch",
                r.src,
                f"No. {r.no:03d}: re-listed ministries {r.ministries} differ from {m.ministries} ({m.src})",
            )


def parse_lineup(
    lines: list[str],
    registry: MinistryRegistry | None = None,
    report: QualityReport | None = None,
    file: str = FILE,
) -> Lineup:
    """Parse the lineup text. Problems go to ``report``; a text with no pillar heading or
    no ``No.`` line at all is not a lineup and raises :class:`SourceParseError`."""
    report = report if report is not None else QualityReport()
    if not any(NO_RE.match(line.strip()) for line in lines):
        raise SourceParseError(file, 1, "at least one 'No. NNN: name【ministry】 page' line")
    first_no = next(i for i, line in enumerate(lines) if NO_RE.match(line.strip()))
    if not any(PILLAR_RE.match(line.strip()) for line in lines[:first_no]):
        raise SourceParseError(
            file, first_no + 1, "a pillar heading '(N) title' before the first measure"
        )
    lineup = _Parser(lines, file, registry, report).run()
    check_relistings(lineup, report)
    report.stat("lineup", "no_lines", sum(1 for line in lines if NO_RE.match(line.strip())))
    report.stat("lineup", "measures", len(lineup.measures))
    report.stat("lineup", "relistings", len(lineup.relistings))
    report.stat("lineup", "pillars", len(lineup.pillars))
    report.stat("lineup", "areas", len(lineup.areas))
    return lineup


def load_lineup(data_dir: Path, registry: MinistryRegistry, report: QualityReport) -> Lineup:
    """Read and parse ``000_ca8d1dac931cfc32.txt`` from ``data_dir``."""
    return parse_lineup(read_source(data_dir, "lineup"), registry, report)
