"""Loader for 003_9884ae59643bee2a.txt: the 2021 outline of the priority plan and the
membership of the 孤独・孤立対策に関する連絡調整会議 (liaison council, 2021-03-12).

What it reads::

    ３ 孤独・孤立対策の基本方針                           <- the four basic policies of 2021
    （１）孤独・孤立に陥っても支援を求める声をあげやすい社会とする
    （３）見守り・交流の場や居場所づくりを確保し、…地域づくりを
                                                           <- a wrapped title: blank line, then
    推進する                                               <- its continuation
    ４ 具体的な施策 …
    （１）について                                         <- the focus of each basic policy
    孤独・孤立の実態把握、タイムリーな情報発信、…
    孤独・孤立対策に関する連絡調整会議の開催について
    （令和 3 年 3 月 1 2 日内閣総理大臣決裁）               <- the council's founding decision
    議 長 孤独・孤立対策に関する事務の調整を担当する大臣   <- the chair
    構成員 …を補佐する内閣府副大臣                          <- first member, then one per line
    総務大臣の指名する総務副大臣
    警察庁次長
    3．連絡調整会議の庶務は、…内閣官房において処理する。   <- the secretariat

Each member is a *position* (総務大臣の指名する総務副大臣, 警察庁次長 …), mapped to a
canonical ministry by :func:`position_ministry` through the ministry registry. Lines of
the other parts (the schedule, the table of contents, the 骨太の方針2021 excerpt) are
context: counted in the report's statistics, not turned into nodes. A line in no known
part is reported as ``unplaced_line``; a position that maps to no ministry as
``unknown_ministry``.

>>> reg = MinistryRegistry.load(default_registry_path())
>>> position_ministry("総務大臣の指名する総務副大臣", reg)
'総務省'
>>> position_ministry("内閣府特命担当大臣（金融）を補佐する内閣府副大臣", reg)
'金融庁'
>>> position_ministry("警察庁次長", reg)
'警察庁'
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, Field

from kodoku_graph.errors import SourceParseError
from kodoku_graph.loaders.ministries import MinistryRegistry, default_registry_path  # noqa: F401 (doctests)
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.loaders.sources import SOURCES, read_source
from kodoku_graph.loaders.text import nfkc, reiwa_date, src

FILE = SOURCES["outline"].name
#: The year of the outline (令和3年, the year of the first priority plan).
YEAR = 2021

POLICIES_HEAD_RE = re.compile(r"^\d\s*孤独・孤立対策の基本方針$")
MEASURES_HEAD_RE = re.compile(r"^\d\s*具体的な施策")
POLICY_RE = re.compile(r"^\((\d)\)\s*(\S.*)$")
#: The ``（１）`` prefix of a basic policy in the original (not normalised) text.
ORIG_POLICY_RE = re.compile(r"^[（(][0-9０-９][）)]\s*")
#: The ``議 長`` / ``構成員`` prefix of a council line in the original text.
ORIG_ROLE_RE = re.compile(r"^(議\s*長|構成員)\s+")
FOCUS_RE = re.compile(r"^\((\d)\)\s*について$")
COUNCIL_HEAD_RE = re.compile(r"^(孤独・孤立対策に関する連絡調整会議)の開催について$")
DECISION_RE = re.compile(r"^\(令和\s*(\d+)\s*年\s*(\d+)\s*月\s*([\d\s]+)\s*日\s*(\S+?)\)$")
CHAIR_RE = re.compile(r"^議\s*長\s+(\S.*)$")
MEMBER_FIRST_RE = re.compile(r"^構成員\s+(\S.*)$")
NUMBERED_RE = re.compile(r"^\d\s*\.\s*(.*)$")
SECRETARIAT_RE = re.compile(r"庶務は.*?(内閣官房|内閣府)において処理する")
#: A page number alone on a line.
PAGE_NO_RE = re.compile(r"^\d+$")
#: Headings of the parts kept as context only.
CONTEXT_HEADS = (
    re.compile(r"今後のスケジュール$"),
    re.compile(r"項目\(案\)$"),
    re.compile(r"^参考資料$"),
    re.compile(r"^経済財政運営と改革の基本方針"),
)
#: ``内閣府特命担当大臣（X）を補佐する…``: the member stands for the minister's portfolio.
PORTFOLIO_RE = re.compile(r"^(内閣府特命担当大臣\(.+?\))を補佐する")
NOMINATED_RE = re.compile(r"^.+?の指名する(.+)$")
ASSISTS_RE = re.compile(r"^.+?を補佐する(.+)$")
POST_SUFFIX_RE = re.compile(r"(副大臣|大臣政務官|大臣|次長|長官|審議官)$")


class PolicyEdition(BaseModel):
    """A basic policy (基本方針) as worded in one edition of the plan."""

    pillar: int
    year: int
    title: str
    focus: str = ""
    src: str
    focus_src: str = ""

    @property
    def id(self) -> str:
        return f"P{self.pillar}@{self.year}"


class CouncilMember(BaseModel):
    """A position on a council and the ministry it stands for."""

    position: str
    role: str  # 議長 (chair) or 構成員 (member)
    ministry: str | None
    src: str


class Council(BaseModel):
    """A coordination council of the ministries, with its founding decision."""

    id: str
    name: str
    established: str | None = None
    decision: str = ""
    secretariat: str | None = None
    src: str
    members: list[CouncilMember] = Field(default_factory=list)


class Outline(BaseModel):
    """Everything the 2021 outline defines."""

    title: str = ""
    policies: list[PolicyEdition] = Field(default_factory=list)
    council: Council | None = None


#: The id of the liaison council of 2021.
LIAISON_COUNCIL_ID = "CNL-renraku"


def position_ministry(position: str, registry: MinistryRegistry) -> str | None:
    """The canonical ministry a council position stands for, or ``None``.

    Rules, in order: a position that is itself a registry name or alias (the chair, whose
    alias is in ministries.yaml); ``内閣府特命担当大臣（X）を補佐する…`` → the portfolio X (an
    alias in ministries.yaml, e.g. 金融 → 金融庁); ``…の指名する P`` and ``…を補佐する P`` → P;
    then P without its post (副大臣, 次長 …) as a name, or with 省 or 庁 appended
    (総務副大臣 → 総務省, 復興副大臣 → 復興庁, 警察庁次長 → 警察庁).
    """
    text = nfkc(position)
    if (name := registry.resolve(text)) is not None:
        return name
    if (m := PORTFOLIO_RE.match(text)) and (name := registry.resolve(m.group(1))):
        return name
    for rule in (NOMINATED_RE, ASSISTS_RE):
        if m := rule.match(text):
            text = m.group(1)
            break
    stem = POST_SUFFIX_RE.sub("", text)
    for candidate in (stem, stem + "省", stem + "庁"):
        if (name := registry.resolve(candidate)) is not None:
            return name
    return None


class _Parser:
    def __init__(
        self, lines: list[str], file: str, registry: MinistryRegistry, report: QualityReport
    ) -> None:
        self.raw = lines
        self.lines = [nfkc(line) for line in lines]
        self.file = file
        self.registry = registry
        self.report = report
        self.out = Outline()
        self.part = "preamble"
        self.context_lines = 0

    def s(self, i: int) -> str:
        return src(self.file, i + 1)

    def run(self) -> Outline:
        i = 0
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            if not line or PAGE_NO_RE.match(line):
                i += 1
                continue
            i = self.dispatch(line, i)
        return self.out

    def dispatch(self, line: str, i: int) -> int:
        """Handle line ``i``; return the index of the next line to read."""
        if POLICIES_HEAD_RE.match(line):
            self.part = "policies"
        elif MEASURES_HEAD_RE.match(line):
            self.part = "focus"
        elif COUNCIL_HEAD_RE.match(line):
            self.start_council(line, i)
        elif any(h.search(line) for h in CONTEXT_HEADS):
            self.part = "context"
            self.context_lines += 1
        elif self.part == "preamble":
            if not self.out.title:
                self.out.title = line
            else:
                self.context_lines += 1
        elif self.part == "policies":
            return self.policy(line, i)
        elif self.part == "focus":
            return self.focus(line, i)
        elif self.part == "council":
            self.council_line(line, i)
        elif self.part == "context":
            self.context_lines += 1
        else:  # pragma: no cover - every part is handled above
            self.report.add(
                "unplaced_line", self.s(i), "line is in no known part of the outline", line
            )
        return i + 1

    def continuation(self, i: int, stop: re.Pattern[str]) -> tuple[list[str], int]:
        """The non-blank lines after ``i`` up to (not including) one matching ``stop`` or a
        heading; returns them (original text) and the index of the first line not consumed."""
        parts: list[str] = []
        j = i + 1
        while j < len(self.lines):
            nxt = self.lines[j]
            if nxt and (
                stop.match(nxt)
                or POLICY_RE.match(nxt)
                or MEASURES_HEAD_RE.match(nxt)
                or COUNCIL_HEAD_RE.match(nxt)
            ):
                break
            if nxt and any(h.search(nxt) for h in CONTEXT_HEADS):
                break
            if nxt and not PAGE_NO_RE.match(nxt):
                parts.append(self.raw[j].strip())
            j += 1
        return parts, j

    def policy(self, line: str, i: int) -> int:
        m = POLICY_RE.match(line)
        if m is None:
            self.report.add("unplaced_line", self.s(i), "expected a basic policy '(N) title'", line)
            return i + 1
        rest, j = self.continuation(i, POLICY_RE)
        title = ORIG_POLICY_RE.sub("", self.raw[i].strip()) + "".join(rest)
        if rest:
            self.report.add(
                "repaired_split_line",
                self.s(i),
                f"basic policy ({m.group(1)}) continues on the next line(s); joined",
                title,
            )
        self.out.policies.append(
            PolicyEdition(pillar=int(m.group(1)), year=YEAR, title=title, src=self.s(i))
        )
        return j

    def focus(self, line: str, i: int) -> int:
        m = FOCUS_RE.match(line)
        if m is None:
            self.report.add(
                "unplaced_line", self.s(i), "expected '(N)について' of a basic policy", line
            )
            return i + 1
        rest, j = self.continuation(i, FOCUS_RE)
        no = int(m.group(1))
        policy = next((p for p in self.out.policies if p.pillar == no), None)
        if policy is None:
            self.report.add(
                "focus_without_policy", self.s(i), f"'({no})について' names no basic policy", line
            )
        else:
            policy.focus = "".join(rest)
            policy.focus_src = self.s(i)
        return j

    def start_council(self, line: str, i: int) -> None:
        m = COUNCIL_HEAD_RE.match(line)
        assert m is not None
        if self.out.council is None:
            self.out.council = Council(id=LIAISON_COUNCIL_ID, name=m.group(1), src=self.s(i))
        self.part = "council"

    def council_line(self, line: str, i: int) -> None:
        council = self.out.council
        assert council is not None
        if m := DECISION_RE.match(line):
            day = int(m.group(3).replace(" ", ""))
            council.established = reiwa_date(m.group(1), m.group(2), day)
            council.decision = m.group(4)
        elif m := CHAIR_RE.match(line):
            self.member(m.group(1), "議長", i)
        elif m := MEMBER_FIRST_RE.match(line):
            self.member(m.group(1), "構成員", i)
        elif m := NUMBERED_RE.match(line):
            if sm := SECRETARIAT_RE.search(m.group(1)):
                council.secretariat = self.registry.resolve(sm.group(1))
            # the other numbered clauses (purpose, composition, procedure) are prose
            self.context_lines += 1
        elif council.members and not line.endswith("。"):
            self.member(line, "構成員", i)
        else:
            self.context_lines += 1  # the purpose clause continued

    def member(self, position: str, role: str, i: int) -> None:
        council = self.out.council
        assert council is not None
        position = ORIG_ROLE_RE.sub("", self.raw[i].strip())  # original text, for display
        ministry = position_ministry(position, self.registry)
        if ministry is None:
            self.report.add(
                "unknown_ministry",
                self.s(i),
                f"council position {position!r} maps to no ministry",
                position,
            )
        council.members.append(
            CouncilMember(position=position, role=role, ministry=ministry, src=self.s(i))
        )


def parse_outline(
    lines: list[str],
    registry: MinistryRegistry,
    report: QualityReport | None = None,
    file: str = FILE,
) -> Outline:
    """Parse the outline's lines; problems go to ``report``."""
    report = report if report is not None else QualityReport()
    parser = _Parser(lines, file, registry, report)
    out = parser.run()
    if len(out.policies) != 4:
        raise SourceParseError(file, 1, "four basic policies (1)-(4)", f"{len(out.policies)} found")
    if out.council is None or not out.council.members:
        raise SourceParseError(file, len(lines), "the 連絡調整会議 membership", "none")
    report.stat("outline", "basic_policies", len(out.policies))
    report.stat("outline", "council_positions", len(out.council.members))
    report.stat(
        "outline",
        "council_ministries",
        len({m.ministry for m in out.council.members if m.ministry}),
    )
    report.stat("outline", "context_lines", parser.context_lines)
    return out


def load_outline(data_dir: Path, registry: MinistryRegistry, report: QualityReport) -> Outline:
    """Read and parse 003 from ``data_dir``."""
    return parse_outline(read_source(data_dir, "outline"), registry, report)
