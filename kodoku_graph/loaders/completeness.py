"""Is each source document complete? Checks of the parsed documents against their structure.

A loader reads whatever text it is given: a source cut short yields fewer measures, rows
or statements, an extended one more, and both would build a smaller or larger graph
without complaint. The functions here look at a parsed document (and its lines) and
return one :class:`Finding` per way it is incomplete or extended:

* numbering without gaps or strays: measures No. 001–143 of 000 defined in order, the
  FY2024 rows of 002, the 参考２ rows of 001, the R7 bullets and annex items of 001, the
  page numbers of 003, the statements and agenda items of 004;
* where each document ends (its last number) and its closing section present, with
  nothing numbered after it.

Where each document ends, and the gaps the real sources are known to have (each with its
reason), are declared in ``data/curated/completeness.yaml`` (:class:`Extents`), not here.
The build stages (:mod:`kodoku_graph.graph.pipeline`) put every finding in the report and
fail on the first unless the build allows incomplete sources.

>>> from kodoku_graph.loaders.lineup import parse_lineup
>>> lines = ["(1) 声を上げやすい社会", "①実態把握", "No. 001: 実態把握【内閣府】\\t32",
...          "No. 150: 架空の施策【内閣府】\\t40"]
>>> extent = LineupExtent(last_measure=2, areas={1: 1}, closing="実態把握")
>>> [f.message for f in check_lineup(parse_lineup(lines), lines, extent, file="000.txt")]
['No. 150 is beyond the last measure No. 002 (a stray or an extended source)', 'the lineup ends after No. 001: No. 002 is missing (cut short?)']
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from kodoku_graph.errors import DataDirError
from kodoku_graph.loaders.ldp import Ldp
from kodoku_graph.loaders.lineup import Lineup
from kodoku_graph.loaders.meeting import Meeting
from kodoku_graph.loaders.outline import Outline
from kodoku_graph.loaders.sources import SOURCES
from kodoku_graph.loaders.status_report import StatusReport
from kodoku_graph.loaders.text import match_key, nfkc, src

#: The report kinds of completeness findings.
KINDS = ("source_cut_short", "numbering_gap", "stray_number", "closing_missing")


class Finding(BaseModel):
    """One way a source document is incomplete or extended, at ``file:line``."""

    kind: str
    file: str
    line: int
    message: str
    text: str = ""
    #: the stray number (measure, row, …) the finding is about, if any
    number: int | None = None

    @property
    def src(self) -> str:
        return src(self.file, self.line)


class LineupExtent(BaseModel):
    """000: the last measure number, policy areas per pillar, the closing heading."""

    last_measure: int
    areas: dict[int, int]
    closing: str


class StatusExtent(BaseModel):
    """002: the last row number, the last section heading, the rows known to be absent."""

    last_row: int
    closing: str
    gaps: dict[int, str] = Field(default_factory=dict)


class LdpExtent(BaseModel):
    """001: the last 参考２ row, R7 bullets per subsection, annex subsections per part."""

    last_theme: int
    r7_bullets: dict[int, int]
    annex: dict[int, int]
    annex_closing: str


class OutlineExtent(BaseModel):
    """003: the last page number and the page numbers known to be absent."""

    last_page: int
    gaps: dict[int, str] = Field(default_factory=dict)


class MeetingExtent(BaseModel):
    """004: statements, agenda items, and the closing turn (a regular expression)."""

    statements: int
    agenda: int
    closing: str


class Extents(BaseModel):
    """The declared extent of every source document (``completeness.yaml``)."""

    lineup: LineupExtent
    status: StatusExtent
    ldp: LdpExtent
    outline: OutlineExtent
    meeting: MeetingExtent


def load_extents(path: Path) -> Extents:
    """Read ``completeness.yaml``; a missing or malformed file is a :class:`DataDirError`."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return Extents.model_validate(doc)
    except OSError as exc:
        raise DataDirError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise DataDirError(f"{path}: not valid YAML: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataDirError(f"{path}: {where}: {first['msg']}") from None


def last_line(lines: list[str]) -> int:
    """The 1-based number of the last non-blank line (1 for an empty text)."""
    for i in range(len(lines), 0, -1):
        if lines[i - 1].strip():
            return i
    return 1


def _line(source: str) -> int:
    """The line number of a ``file:line`` provenance."""
    return int(source.rsplit(":", 1)[1])


def _span(a: int, b: int, fmt: str = "{}") -> str:
    """``No. 005`` or ``No. 005–009`` style ranges.

    >>> _span(5, 9, "No. {:03d}"), _span(7, 7, "row {}")
    ('No. 005–009', 'row 7')
    """
    return fmt.format(a) if a == b else f"{fmt.format(a)}–{fmt[fmt.index('{') :].format(b)}"


class _Sequence:
    """Numbers read in document order, checked against 1…last with known gaps."""

    def __init__(self, file: str, what: str, last: int, fmt: str, gaps: set[int]) -> None:
        self.file, self.what, self.last, self.fmt, self.gaps = file, what, last, fmt, gaps
        self.findings: list[Finding] = []
        self.expected = 1
        self.seen: set[int] = set()

    def _skip_gaps(self) -> None:
        while self.expected in self.gaps and self.expected <= self.last:
            self.expected += 1

    def add(self, no: int, line: int, text: str = "") -> None:
        """Number ``no`` read at ``line``."""
        self._skip_gaps()
        f = self.fmt.format
        if no > self.last:
            self.findings.append(
                Finding(
                    kind="stray_number",
                    file=self.file,
                    line=line,
                    message=f"{f(no)} is beyond the last {self.what} {f(self.last)}"
                    " (a stray or an extended source)",
                    text=text,
                    number=no,
                )
            )
            return
        if no in self.seen or no < self.expected:
            return  # a duplicate or a number out of order: the loader reports those
        if no > self.expected:
            missing = [n for n in range(self.expected, no) if n not in self.gaps]
            if missing:
                self.findings.append(
                    Finding(
                        kind="numbering_gap",
                        file=self.file,
                        line=line,
                        message=f"{f(no)} follows {f(self.expected - 1)}:"
                        f" {_span(missing[0], missing[-1], self.fmt)} missing",
                        text=text,
                    )
                )
        self.seen.add(no)
        self.expected = no + 1

    def end(self, line: int, what_doc: str) -> list[Finding]:
        """Close the sequence at ``line`` (the end of the document or section)."""
        self._skip_gaps()
        if self.expected <= self.last:
            missing = [n for n in range(self.expected, self.last + 1) if n not in self.gaps]
            self.findings.append(
                Finding(
                    kind="source_cut_short",
                    file=self.file,
                    line=line,
                    message=f"{what_doc} ends after {self.fmt.format(self.expected - 1)}:"
                    f" {_span(missing[0], missing[-1], self.fmt)}"
                    f" {'is' if len(missing) == 1 else 'are'} missing (cut short?)",
                )
            )
        return self.findings


def _stray(file: str, source: str, number: int, message: str, text: str) -> Finding:
    """A ``stray_number`` finding on a parsed item (``source``: its ``file:line``)."""
    return Finding(
        kind="stray_number",
        file=file,
        line=_line(source),
        message=message,
        text=text,
        number=number,
    )


def check_lineup(
    lineup: Lineup, lines: list[str], extent: LineupExtent, file: str = SOURCES["lineup"].name
) -> list[Finding]:
    """000: measures defined No. 001…last in order, re-listings of defined numbers only,
    pillars and policy areas numbered without gaps, the closing heading present."""
    end = last_line(lines)
    seq = _Sequence(file, "measure", extent.last_measure, "No. {:03d}", set())
    numbered = [(m.no, _line(m.src), m.name) for m in lineup.measures]
    for r in lineup.relistings:
        if r.no > extent.last_measure:
            numbered.append((r.no, _line(r.src), r.name))
    for no, line, name in sorted(numbered, key=lambda x: x[1]):
        seq.add(no, line, name)
    findings = seq.end(end, "the lineup")
    closing_line: int | None = None
    for pillar in range(1, len(extent.areas) + 1):
        if (line := _check_pillar(lineup, extent, pillar, file, end, findings)) is not None:
            closing_line = line
    for p in lineup.pillars:
        if p.no > len(extent.areas):
            message = f"pillar ({p.no}) is beyond the last, ({len(extent.areas)})"
            findings.append(_stray(file, p.src, p.no, message, p.title))
    if closing_line is None:
        findings.append(
            Finding(
                kind="closing_missing",
                file=file,
                line=end,
                message=f"the lineup's last heading {extent.closing!r} is missing",
            )
        )
    return _sorted(findings)


def _check_pillar(
    lineup: Lineup,
    extent: LineupExtent,
    pillar: int,
    file: str,
    end: int,
    findings: list[Finding],
) -> int | None:
    """Findings on one pillar of the lineup and its policy areas (added to ``findings``);
    the line of the closing heading where it is the last pillar's last area."""
    areas = [a for a in lineup.areas if a.pillar == pillar]
    want = extent.areas.get(pillar, 0)
    if not any(p.no == pillar for p in lineup.pillars):
        findings.append(
            Finding(
                kind="source_cut_short",
                file=file,
                line=end,
                message=f"the lineup ends without pillar ({pillar})",
            )
        )
        return None
    got = [a.area for a in areas]
    in_order = got == list(range(1, len(got) + 1))
    if not in_order or len(got) < want:
        findings.append(
            Finding(
                kind="source_cut_short" if in_order else "numbering_gap",
                file=file,
                line=end if in_order or not areas else _line(areas[-1].src),
                message=f"pillar ({pillar}) has policy areas {got}, expected 1–{want}",
            )
        )
    for a in areas[want:]:
        message = f"policy area {a.area} of pillar ({pillar}) is beyond its last, {want}"
        findings.append(_stray(file, a.src, a.area, message, a.title))
    if pillar == len(extent.areas) and len(areas) >= want > 0:
        last = areas[want - 1]
        if match_key(last.title) == match_key(extent.closing):
            return _line(last.src)
    return None


def check_status_report(
    status: StatusReport,
    lines: list[str],
    extent: StatusExtent,
    file: str = SOURCES["status"].name,
) -> list[Finding]:
    """002: rows No. 1…last without gaps (but the known ones), the last heading present."""
    seq = _Sequence(file, "row", extent.last_row, "No. {}", set(extent.gaps))
    for r in status.rows:
        if r.no is not None:
            seq.add(r.no, _line(r.src), r.name.split("\n")[0])
    findings = seq.end(last_line(lines), "the status report")
    if not any(match_key(extent.closing) in match_key(h.text) for h in status.headings):
        findings.append(
            Finding(
                kind="closing_missing",
                file=file,
                line=last_line(lines),
                message=f"the last section heading ({extent.closing!r}) is missing",
            )
        )
    return _sorted(findings)


R7_SECTION_RE = re.compile(r"^\s*Ⅱ\s+令和７年度に特に取り組むべき事項")
R7_END_RE = re.compile(r"^\s*Ⅲ\s+結語")
R7_SUB_RE = re.compile(r"^\s*([１-９])\s+\S")
R7_BULLET_RE = re.compile(r"^\s*[○〇]")
ANNEX_TITLE_RE = re.compile(r"^\s*こどもの自殺・自死を防ぐために\s*$")
ANNEX_PART_RE = re.compile(r"^\s*([１-９])．\s*\S")
ANNEX_SUB_RE = re.compile(r"^\s*（([１-９])）\s*\S")
#: How a complete sentence of the sources ends.
SENTENCE_ENDS = ("。", "。」", "。）")
FW = str.maketrans("１２３４５６７８９", "123456789")


def _outline_of(
    lines: list[str], a: int, b: int, head: re.Pattern[str], sub: re.Pattern[str]
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(number, line, [(sub-number or 0, line)]) of the ``head`` lines in ``lines[a:b]``."""
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    for i in range(a, b):
        if m := head.match(lines[i]):
            out.append((int(m.group(1).translate(FW)), i + 1, []))
        elif out and (m := sub.match(lines[i])):
            n = int(m.group(1).translate(FW)) if m.groups() else 0
            out[-1][2].append((n, i + 1))
    return out


def _check_outline_numbers(
    file: str,
    what: str,
    parts: list[tuple[int, int, list[tuple[int, int]]]],
    declared: dict[int, int],
    end_line: int,
    numbered_subs: bool,
) -> list[Finding]:
    """Parts 1…k as declared, each with its declared number of sub-items."""
    findings: list[Finding] = []
    got = [p for p, _, _ in parts]
    if got != sorted(declared):
        findings.append(
            Finding(
                kind="numbering_gap" if len(got) >= len(declared) else "source_cut_short",
                file=file,
                line=parts[-1][1] if parts else end_line,
                message=f"{what}: parts {got}, expected {sorted(declared)}",
            )
        )
    for p, line, subs in parts:
        want = declared.get(p, 0)
        nums = [n for n, _ in subs]
        expected = list(range(1, want + 1)) if numbered_subs else [0] * want
        if nums != expected:
            extra = subs[want] if len(subs) > want else None
            findings.append(
                Finding(
                    kind="stray_number" if extra else "numbering_gap",
                    file=file,
                    line=extra[1] if extra else (subs[-1][1] if subs else line),
                    message=f"{what} {p}: {len(subs)} items {nums if numbered_subs else ''}"
                    f" where {want} are expected".replace("  ", " "),
                    number=extra[0] if extra else None,
                )
            )
    return findings


def check_ldp(
    ldp: Ldp, lines: list[str], extent: LdpExtent, file: str = SOURCES["ldp"].name
) -> list[Finding]:
    """001: 参考２ rows 1…last with the last row's response; R7 section Ⅱ bullets per
    subsection and the annex's parts and subsections as declared; the annex's closing."""
    end = last_line(lines)
    seq = _Sequence(file, "参考２ row", extent.last_theme, "row {}", set())
    for t in ldp.themes:
        seq.add(t.row, _line(t.src))
    findings = seq.end(end, "参考２")
    last = next((t for t in ldp.themes if t.row == extent.last_theme), None)
    if last is not None and not last.response.rstrip().endswith(SENTENCE_ENDS):
        findings.append(
            Finding(
                kind="closing_missing",
                file=file,
                line=end,
                message=f"参考２ row {last.row} ({last.src}): its 対応状況 (response) cell is"
                " missing or ends mid-sentence (cut short?)",
                text=last.response[-40:],
            )
        )
    n = len(lines)
    start = next((i for i in range(n) if R7_SECTION_RE.match(lines[i])), None)
    stop = next((i for i in range(start or 0, n) if R7_END_RE.match(lines[i])), None)
    if start is not None and stop is not None:
        parts = _outline_of(lines, start + 1, stop, R7_SUB_RE, R7_BULLET_RE)
        findings += _check_outline_numbers(
            file, "R7 section Ⅱ", parts, extent.r7_bullets, stop + 1, numbered_subs=False
        )
    a_start = next((i for i in range(stop or 0, n) if ANNEX_TITLE_RE.match(lines[i])), None)
    if a_start is not None:
        a_end = next((i for i in range(a_start, n) if extent.annex_closing in lines[i]), None)
        if a_end is None:
            findings.append(
                Finding(
                    kind="closing_missing",
                    file=file,
                    line=end,
                    message=f"the section after the annex ({extent.annex_closing!r}) is missing",
                )
            )
        parts = _outline_of(lines, a_start + 1, a_end or n, ANNEX_PART_RE, ANNEX_SUB_RE)
        findings += _check_outline_numbers(
            file, "R7 annex part", parts, extent.annex, a_end or end, numbered_subs=True
        )
    return _sorted(findings)


def check_outline(
    outline: Outline, lines: list[str], extent: OutlineExtent, file: str = SOURCES["outline"].name
) -> list[Finding]:
    """003: page numbers 1…last (but the known gaps), nothing after the last page number.
    (The loader itself requires the four basic policies and the council.)"""
    seq = _Sequence(file, "page", extent.last_page, "page {}", set(extent.gaps))
    page_lines = []
    for i, line in enumerate(lines):
        text = nfkc(line)
        if text.isdigit() and len(text) <= 3:
            seq.add(int(text), i + 1)
            page_lines.append(i + 1)
    end = last_line(lines)
    findings = seq.end(end, "the outline")
    if page_lines and int(nfkc(lines[page_lines[-1] - 1])) == extent.last_page:
        after = [i + 1 for i in range(page_lines[-1], len(lines)) if lines[i].strip()]
        if after:
            findings.append(
                Finding(
                    kind="stray_number",
                    file=file,
                    line=after[0],
                    message=f"text after the last page number {extent.last_page}"
                    f" (line {page_lines[-1]})",
                    text=lines[after[0] - 1].strip()[:80],
                )
            )
    return _sorted(findings)


def check_meeting(
    meeting: Meeting, lines: list[str], extent: MeetingExtent, file: str = SOURCES["meeting"].name
) -> list[Finding]:
    """004: agenda items (1)…(k), the declared number of statements, the closing turn
    present and last."""
    findings: list[Finding] = []
    end = last_line(lines)
    closing = re.compile(extent.closing)
    agenda = [int(m.group(1)) for a in meeting.agenda if (m := re.match(r"\((\d+)\)", nfkc(a)))]
    if agenda != list(range(1, extent.agenda + 1)):
        findings.append(
            Finding(
                kind="numbering_gap",
                file=file,
                line=_line(meeting.statements[0].src) if meeting.statements else end,
                message=f"agenda items {agenda}, expected (1)–({extent.agenda})",
            )
        )
    at = next((k for k, s in enumerate(meeting.statements) if closing.search(nfkc(s.text))), None)
    if at is None:
        findings.append(
            Finding(
                kind="source_cut_short",
                file=file,
                line=end,
                message="the minutes end without their closing turn"
                f" ({extent.closing.split('.*')[0]}…);"
                f" {len(meeting.statements)} of {extent.statements} statements read (cut short?)",
            )
        )
        return findings
    for s in meeting.statements[at + 1 :]:
        message = (
            f"statement {s.no} ({s.speaker}) after the closing turn ({meeting.statements[at].src})"
        )
        findings.append(_stray(file, s.src, s.no, message, s.text[:80]))
    if at + 1 != extent.statements:
        findings.append(
            Finding(
                kind="numbering_gap" if at + 1 < extent.statements else "stray_number",
                file=file,
                line=_line(meeting.statements[at].src),
                message=f"{at + 1} statements up to the closing turn, expected {extent.statements}",
            )
        )
    return _sorted(findings)


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.line)
