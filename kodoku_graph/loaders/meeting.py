"""Loader for 004_e27298129e6a9c3e.txt: minutes (議事要旨) of the 2nd 孤独・孤立対策推進会議,
2025-02-07.

What it reads::

     第２回 孤独・孤立対策推進会議                             <- meeting number and council
    １．開催日時：令和７年２月７日（金）17:15～17:45           <- date and time
    ２．場 所： 中央合同庁舎第８号館６階623会議室
    ３．出席者：
    尾原 知明  消費者庁審議官【代理出席】                     <- person, title, proxy
    江﨑 典宏 文部科学省大臣官房審議官（総合教育政策局担当）
    【代理出席】                                               <- proxy mark on the next line
    宮本 直樹 厚生労働省大臣官房審議官（健康、生活衛生、総合
    政策担当）【代理出席】                                     <- a title wrapped onto the next line
    （議事次第）
    （１）孤独・孤立対策の令和７年度予算案・…                   <- agenda items
    ○警察庁 警察庁では、…                                     <- a statement (one speaker's turn)
    ○江浪室長 ありがとうございます。…                          <- a named official's turn

Every attendee line becomes an :class:`Attendee` (ministry from the start of the title,
through the registry); every ``○`` turn a :class:`Statement` (ministry from the speaker: a
ministry or bureau name, or the surname of an attendee). The text of a turn is its lines
joined without line breaks; each sentence (up to ``。``) keeps the line it starts on, so a
link from a sentence to a measure can cite ``file:line``. Stage directions such as
``（プレス入室）`` are counted, not kept in any statement.

>>> from kodoku_graph.loaders.ministries import default_registry_path
>>> split_attendee("尾原 知明  消費者庁審議官【代理出席】",
...                MinistryRegistry.load(default_registry_path()))
('尾原 知明', '消費者庁審議官【代理出席】')
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, Field

from kodoku_graph.errors import SourceParseError
from kodoku_graph.loaders.ministries import MinistryRegistry
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.loaders.sources import SOURCES, read_source
from kodoku_graph.loaders.text import nfkc, reiwa_date, src

FILE = SOURCES["meeting"].name

TITLE_RE = re.compile(r"^第\s*(\d+)\s*回\s*(\S+会議)$")
DATE_RE = re.compile(r"^\d\.\s*開催日時\s*:\s*令和(\d+)年(\d+)月(\d+)日(?:\(.\))?\s*(\S*)$")
PLACE_RE = re.compile(r"^\d\.\s*場\s*所\s*:\s*(\S.*)$")
ATTENDEES_HEAD_RE = re.compile(r"^\d\.\s*出席者\s*:?$")
AGENDA_HEAD_RE = re.compile(r"^\(議事次第\)$")
AGENDA_ITEM_RE = re.compile(r"^\((\d+)\)\s*(\S.*)$")
TURN_RE = re.compile(r"^○(\S+)\s*(.*)$")
STAGE_RE = re.compile(r"^\(.+(入室|退室)\)$")
PAGE_NO_RE = re.compile(r"^\d+$")
PROXY = "【代理出席】"
SENTENCE_RE = re.compile(r"[^。]+。?")


def split_attendee(line: str, registry: MinistryRegistry) -> tuple[str, str] | None:
    """``(person, title)`` of an attendee line, split before the first token that starts
    with a ministry name of ``registry`` (:meth:`MinistryRegistry.prefix`); ``None`` if no
    such token follows a name."""
    tokens = line.split()
    for k in range(1, len(tokens)):
        if registry.prefix(tokens[k]) is not None:
            return " ".join(tokens[:k]), " ".join(tokens[k:])
    return None


class Attendee(BaseModel):
    """One person at the meeting: name, title, ministry, and whether a proxy (代理出席)."""

    person: str
    title: str
    ministry: str | None
    proxy: bool
    order: int
    src: str


class Sentence(BaseModel):
    """A sentence of a statement, with the line it starts on."""

    text: str
    src: str


class Statement(BaseModel):
    """One speaker's turn (○…) in the minutes."""

    no: int
    speaker: str
    ministry: str | None
    #: ``ministry`` when the speaker is a ministry or bureau, ``official`` when a named person
    kind: str
    text: str
    sentences: list[Sentence]
    src: str


class Meeting(BaseModel):
    """A meeting of a council, with its attendees and statements."""

    no: int
    council: str
    name: str
    date: str | None = None
    time: str = ""
    place: str = ""
    agenda: list[str] = Field(default_factory=list)
    attendees: list[Attendee] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    src: str

    @property
    def id(self) -> str:
        return f"MTG-suishin-{self.no}"


#: The id of the council whose meeting 004 records.
PROMOTION_COUNCIL_ID = "CNL-suishin"


class _Parser:
    def __init__(
        self, lines: list[str], file: str, registry: MinistryRegistry, report: QualityReport
    ) -> None:
        self.raw = [line.strip() for line in lines]
        self.lines = [nfkc(line) for line in lines]
        self.file = file
        self.registry = registry
        self.report = report
        self.stage_directions = 0

    def s(self, i: int) -> str:
        return src(self.file, i + 1)

    def run(self) -> Meeting:
        meeting = self.header()
        i = self.attendees(meeting)
        i = self.agenda(meeting, i)
        self.turns(meeting, i)
        return meeting

    def header(self) -> Meeting:
        first = next((i for i, line in enumerate(self.lines) if line), None)
        m = TITLE_RE.match(self.lines[first]) if first is not None else None
        if m is None:
            raise SourceParseError(
                self.file,
                (first or 0) + 1,
                "'第N回 …会議'",
                self.lines[first or 0] if self.lines else "",
            )
        meeting = Meeting(
            no=int(m.group(1)), council=m.group(2), name=self.raw[first], src=self.s(first)
        )
        for i, line in enumerate(self.lines):
            if dm := DATE_RE.match(line):
                meeting.date = reiwa_date(dm.group(1), dm.group(2), dm.group(3))
                meeting.time = self.raw[i].rpartition("）")[2].strip() or dm.group(
                    4
                )  # original text
            elif PLACE_RE.match(line):
                meeting.place = re.split(r"[:：]", self.raw[i], maxsplit=1)[1].strip()
            if ATTENDEES_HEAD_RE.match(line):
                break
        if meeting.date is None:
            raise SourceParseError(
                self.file, first + 1, "'開催日時：令和N年M月D日' before the attendees"
            )
        return meeting

    def attendees(self, meeting: Meeting) -> int:
        """Parse the attendee list; return the index of the agenda heading."""
        start = next(
            (i for i, line in enumerate(self.lines) if ATTENDEES_HEAD_RE.match(line)), None
        )
        if start is None:
            raise SourceParseError(self.file, 1, "the attendee list '３．出席者：'")
        i = start + 1
        current: Attendee | None = None
        while i < len(self.lines):
            line, raw = self.lines[i], self.raw[i]
            if AGENDA_HEAD_RE.match(line):
                return i
            if not line:
                i += 1
                continue
            split = split_attendee(raw, self.registry)
            if split is not None:
                person, title = split
                current = Attendee(
                    person=person,
                    title=title.replace(PROXY, "").strip(),
                    ministry=self.registry.prefix(title),
                    proxy=PROXY in title,
                    order=len(meeting.attendees) + 1,
                    src=self.s(i),
                )
                if current.ministry is None:  # pragma: no cover - split_attendee found one
                    self.report.add(
                        "unknown_ministry", self.s(i), "attendee's title names no ministry", raw
                    )
                meeting.attendees.append(current)
            elif current is not None:
                # the title wrapped, or the proxy mark sits alone on the next line
                rest = raw.replace(PROXY, "").strip()
                current.title += rest
                current.proxy = current.proxy or PROXY in raw
                self.report.add(
                    "repaired_split_line",
                    self.s(i),
                    f"attendee {current.person} ({current.src}) continues on this line; joined",
                    raw,
                )
            else:
                self.report.add(
                    "unplaced_line", self.s(i), "attendee line without a person and ministry", raw
                )
            i += 1
        raise SourceParseError(self.file, len(self.lines), "'（議事次第）' after the attendees")

    def agenda(self, meeting: Meeting, i: int) -> int:
        """Parse the agenda items; return the index of the first turn."""
        i += 1
        while i < len(self.lines):
            line = self.lines[i]
            if TURN_RE.match(line):
                return i
            if AGENDA_ITEM_RE.match(line):
                meeting.agenda.append(self.raw[i])
            elif line and not PAGE_NO_RE.match(line):
                self.report.add(
                    "unplaced_line",
                    self.s(i),
                    "line between the agenda and the first statement",
                    self.raw[i],
                )
            i += 1
        raise SourceParseError(self.file, len(self.lines), "a statement '○speaker text'")

    def speaker_ministry(self, speaker: str, meeting: Meeting) -> tuple[str | None, str]:
        if (name := self.registry.prefix(speaker)) is not None:
            return name, "ministry"
        for a in meeting.attendees:
            surname = a.person.split()[0]
            if speaker.startswith(surname):
                return a.ministry, "official"
        return None, "official"

    def turns(self, meeting: Meeting, i: int) -> None:
        lines: list[tuple[int, str]] = []
        head: tuple[int, str] | None = None

        def flush() -> None:
            if head is not None:
                meeting.statements.append(self.statement(meeting, head, lines))

        while i < len(self.lines):
            line = self.lines[i]
            if m := TURN_RE.match(line):
                flush()
                head = (i, m.group(1))
                rest = TURN_RE.match(self.raw[i])
                lines = [(i, rest.group(2) if rest else "")]
            elif STAGE_RE.match(line):
                self.stage_directions += 1
            elif line and not PAGE_NO_RE.match(line):
                lines.append((i, self.raw[i]))
            i += 1
        flush()

    def statement(
        self, meeting: Meeting, head: tuple[int, str], lines: list[tuple[int, str]]
    ) -> Statement:
        i, speaker = head
        ministry, kind = self.speaker_ministry(speaker, meeting)
        if ministry is None:
            self.report.add(
                "unknown_speaker",
                self.s(i),
                f"speaker {speaker!r} is no ministry and no attendee",
                speaker,
            )
        text = ""
        starts: list[tuple[int, int]] = []  # (offset in text, line index)
        for j, part in lines:
            starts.append((len(text), j))
            text += part.strip()
        sentences = []
        for m in SENTENCE_RE.finditer(text):
            sentence = m.group(0).strip()
            if not sentence:
                continue
            line = max(j for off, j in starts if off <= m.start())
            sentences.append(Sentence(text=sentence, src=self.s(line)))
        return Statement(
            no=len(meeting.statements) + 1,
            speaker=speaker,
            ministry=ministry,
            kind=kind,
            text=text,
            sentences=sentences,
            src=self.s(i),
        )


def parse_meeting(
    lines: list[str],
    registry: MinistryRegistry,
    report: QualityReport | None = None,
    file: str = FILE,
) -> Meeting:
    """Parse the minutes' lines; problems go to ``report``."""
    report = report if report is not None else QualityReport()
    parser = _Parser(lines, file, registry, report)
    meeting = parser.run()
    if not meeting.attendees:
        raise SourceParseError(file, 1, "at least one attendee")
    report.stat("meeting", "attendees", len(meeting.attendees))
    report.stat("meeting", "proxies", sum(a.proxy for a in meeting.attendees))
    report.stat(
        "meeting",
        "attending_ministries",
        len({a.ministry for a in meeting.attendees if a.ministry}),
    )
    report.stat("meeting", "statements", len(meeting.statements))
    report.stat("meeting", "sentences", sum(len(s.sentences) for s in meeting.statements))
    report.stat("meeting", "stage_directions", parser.stage_directions)
    return meeting


def load_meeting(data_dir: Path, registry: MinistryRegistry, report: QualityReport) -> Meeting:
    """Read and parse 004 from ``data_dir``."""
    return parse_meeting(read_source(data_dir, "meeting"), registry, report)
