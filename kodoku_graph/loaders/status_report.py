"""Loader for 002_e2656c87001df674.txt, the FY2024 (令和6年度) status report of the 2024 plan.

The text is a tab-separated PDF extraction, one table line per text line, with columns::

    No. | 施策名 | 施策の概要 | 目標及び達成の期間 | 目標の達成状況 | 見直し方針 | 関連URL | 担当府省庁

Most rows are one line whose cells hold a cut-out part of each column. The noise handled:

* lines with 7 cells (one column lost: either the URL, or the No./name merged) and 9 cells
  (a trailing empty cell, or a block whose first cell is text overflowing from the left);
* rows whose number is missing or garbled (``0.2``, ``②人 ⁴``, ``39`` for 139): a missing
  number is inferred from the gap between its numbered neighbours;
* continuation lines (no number, no ministry) that belong to the row above, repeated text;
* garbled section headings (``3関 | 車施策の推進``) and stray fragments (``73 - 233 143 14``);
* ministry misspellings (resolved through the registry; unknown strings are reported);
* URLs broken by inserted whitespace (removed; a URL that still looks wrong is marked).

Every line becomes part of a row, a heading, or a reported problem.

>>> rows = parse_status_report(["5\\t名\\t概要\\t目標\\t状況\\t方針\\thttps://a.go. jp/\\t内閣府"])
>>> rows.rows[0].no, rows.rows[0].url, rows.rows[0].ministries
(5, 'https://a.go.jp/', ['内閣府'])
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, Field

from kodoku_graph.errors import SourceParseError
from kodoku_graph.loaders.ministries import MinistryRegistry
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.loaders.sources import SOURCES, read_source
from kodoku_graph.loaders.text import src

FILE = SOURCES["status"].name

#: The column names of a row, in table order (``no`` is parsed separately).
COLUMNS = ("name", "summary", "goal", "achievement", "review", "url", "ministry")
HEADER_RE = re.compile(r"^施策\s*No")
NUMBER_RE = re.compile(r"^\s*(\d{1,3})\s*$")
#: A heading starts with (N), a circled digit, or a digit glued to a kanji/kana/letter.
HEADING_RE = re.compile(r"^\s*(\(\d\)|[\u2460-\u2473]|\d[^\d\s.,])")
JAPANESE_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
URL_START_RE = re.compile(r"(?:h|H|T|11|I)?t?tps?[:3]\s*[./]\s*/", re.IGNORECASE)
HOST_RE = re.compile(r"^https?://([A-Za-z0-9.-]+)(/|$)")
URL_CHARS_RE = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
GOOD_TLDS = {"jp", "com", "net", "org"}
#: Endings that show a URL was cut by the cell (``.pd`` for ``.pdf``, ``.ht`` for ``.html``).
CUT_ENDINGS = (".pd", ".ht", ".h", ".", "-", "_")


class StatusRow(BaseModel):
    """One measure row of the status report. Column texts keep the original characters;
    fragments from several lines are joined with a newline. ``lines`` are 1-based."""

    no: int | None
    no_printed: str
    no_inferred: bool = False
    name: str = ""
    summary: str = ""
    goal: str = ""
    achievement: str = ""
    review: str = ""
    url: str | None = None
    url_raw: str = ""
    url_broken: bool = False
    url_problem: str = ""
    ministries: list[str] = Field(default_factory=list)
    ministry_raw: str = ""
    src: str
    lines: list[int] = Field(default_factory=list)
    #: the goal/achievement/review fragments with their line, for exact source spans
    fragments: dict[str, list[tuple[int, str]]] = Field(default_factory=dict)

    def text(self) -> str:
        """All the row's text (name, summary, goal, achievement, review, and the URL cell,
        which sometimes names the programme) in one string."""
        return "\n".join(
            [self.name, self.summary, self.goal, self.achievement, self.review, self.url_raw]
        )


class Heading(BaseModel):
    """A (possibly garbled) pillar or policy-area heading line."""

    text: str
    src: str


class StatusReport(BaseModel):
    """Everything the status report yields."""

    rows: list[StatusRow] = Field(default_factory=list)
    headings: list[Heading] = Field(default_factory=list)
    #: row numbers that never appear (neither printed nor inferable), with the line near the gap
    missing: dict[int, str] = Field(default_factory=dict)


def layout(cells: list[str], block_trailing: bool) -> tuple[str, dict[str, str], str]:
    """Split the cells of one line into (number cell, columns, overflow text).

    ``block_trailing``: for 9-cell lines, whether this line's block of 9-cell lines has an
    empty trailing cell (then the first 8 cells are the table) rather than left overflow.
    """
    cells = cells + [""] * (7 - len(cells)) if len(cells) < 7 else cells
    if len(cells) == 9:
        if block_trailing:
            cells = cells[:8]
        else:
            return cells[1], dict(zip(COLUMNS, cells[2:9], strict=True)), cells[0]
    if len(cells) == 8:
        return cells[0], dict(zip(COLUMNS, cells[1:8], strict=True)), ""
    if len(cells) == 7:
        if looks_like_url(cells[5]) or not cells[5].strip():
            # the No./name cell is merged: [no-or-name, summary, goal, achievement, review, url, ministry]
            first = cells[0]
            no, name = (first, "") if NUMBER_RE.match(first) or not first.strip() else ("", first)
            cols = dict(zip(COLUMNS[1:], cells[1:7], strict=True))
            cols["name"] = name
            return no, cols, ""
        # the URL column is lost: [no, name, summary, goal, achievement, review, ministry]
        cols = dict(
            zip(("name", "summary", "goal", "achievement", "review"), cells[1:6], strict=True)
        )
        cols.update(url="", ministry=cells[6])
        return cells[0], cols, ""
    raise SourceParseError(FILE, 0, "7 to 9 tab-separated cells", "\t".join(cells)[:40])


def looks_like_url(text: str) -> bool:
    """Whether a cell holds (a piece of) a URL.

    >>> looks_like_url("https://www.soumu.go. jp/"), looks_like_url("/j/syokuiku/ko u"), looks_like_url("厚生")
    (True, True, False)
    """
    t = text.strip()
    return bool(t) and (
        "http" in t or "ttp" in t or ".jp" in t or ".go." in t or t.startswith("/") or "<u>" in t
    )


def repair_url(raw: str) -> tuple[str | None, bool, str]:
    """``(url, broken, problem)`` for a URL cell: the first URL with the whitespace the PDF
    inserted removed. No character is added; a URL that still looks wrong is marked broken.

    >>> repair_url("https://www.cao.go.jp/ kodoku koritsu/torikum i/zenkokuchousa.html")
    ('https://www.cao.go.jp/kodokukoritsu/torikumi/zenkokuchousa.html', False, '')
    >>> repair_url("https://www.soumu.go. ip/main_sosiki/")
    ('https://www.soumu.go.ip/main_sosiki/', True, 'host www.soumu.go.ip has no known top-level domain')
    >>> repair_url("11ttp3.// www.iiioj.go.jp/")[1:]
    (True, 'scheme is not http(s)://')
    """
    m = URL_START_RE.search(raw)
    if m is None:
        text = raw.strip()
        if not text:
            return None, False, ""
        if text.startswith("/"):
            url = re.split(r"[\u3000-\u9fff（）()]", re.sub(r"\s+", "", text))[0]
            return url, True, "only a path: the host was cut"
        return None, False, ""
    rest = raw[m.start() :]
    # the URL ends at the first Japanese character, bracket or a second URL
    end = re.search(r"[\u3000-\u9fff\uff00-\uffef（）)]|\s(?:https?://|①|②|○)", rest[1:])
    piece = rest[: end.start() + 1] if end else rest
    piece = re.sub(r"<[^>]*>", "", piece)
    url = re.sub(r"\s+", "", piece).rstrip("!")
    if not url.startswith(("http://", "https://")):
        return url, True, "scheme is not http(s)://"
    if not URL_CHARS_RE.match(url):
        return url, True, "characters that cannot be in a URL"
    host = HOST_RE.match(url)
    if host is None:
        return url, True, "no host"
    tld = host.group(1).rstrip(".").rsplit(".", 1)[-1].lower()
    if tld not in GOOD_TLDS or (".go." in host.group(1) and tld != "jp"):
        return url, True, f"host {host.group(1)} has no known top-level domain"
    if host.group(2) == "" and "." not in host.group(1).rstrip("."):
        return url, True, "host cut"
    if url.endswith(CUT_ENDINGS):
        return url, True, "cut at the end of the cell"
    return url, False, ""


class _Parser:
    def __init__(
        self, lines: list[str], file: str, registry: MinistryRegistry | None, report: QualityReport
    ) -> None:
        self.lines = lines
        self.file = file
        self.registry = registry
        self.report = report
        self.out = StatusReport()
        self.row: StatusRow | None = None
        self.trailing = self.trailing_blocks()
        self.numbers = self.printed_numbers()

    def s(self, i: int) -> str:
        return src(self.file, i + 1)

    def printed_numbers(self) -> list[tuple[int, int]]:
        """(line index, number) of every line whose number cell is a plausible row number."""
        out: list[tuple[int, int]] = []
        last = 0
        for i, line in enumerate(self.lines):
            cells = line.split("\t")
            if len(cells) < 7 or HEADER_RE.match(cells[0]):
                continue
            no, _, _ = layout(cells, self.trailing.get(i, True))
            if m := NUMBER_RE.match(no):
                n = int(m.group(1))
                if n < last and n + 100 > last and n >= 10:
                    n += 100
                out.append((i, n))
                last = max(last, n)
        return out

    def trailing_blocks(self) -> dict[int, bool]:
        """For each 9-cell line: does its block of consecutive 9-cell lines (blank lines do not
        break a block) always have an empty last cell?"""
        out: dict[int, bool] = {}
        block: list[int] = []
        for i, line in enumerate(self.lines + ["\t" * 7]):
            n = len(line.split("\t"))
            if n == 9:
                block.append(i)
            elif line.strip() or i == len(self.lines):
                ok = all(not self.lines[j].split("\t")[8].strip() for j in block)
                out.update({j: ok for j in block})
                block = []
        return out

    def ministries(self, text: str, i: int) -> list[str]:
        if self.registry is None:
            return [p for p in re.split(r"[、・\s]+", text) if p]
        return self.registry.split_reported(text, self.s(i), self.report)

    def next_number_after(self, i: int) -> int | None:
        return next((n for j, n in self.numbers if j > i), None)

    def last_no(self) -> int:
        return max((r.no for r in self.out.rows if r.no is not None), default=0)

    def run(self) -> StatusReport:
        trailing = self.trailing
        for i, line in enumerate(self.lines):
            cells = line.split("\t")
            if not line.strip():
                continue
            if len(cells) == 1:
                self.single(line.strip(), i)
                continue
            if HEADER_RE.match(cells[0]):
                continue
            no_cell, cols, overflow = layout(cells, trailing.get(i, True))
            self.table_line(i, no_cell, cols, overflow, not trailing.get(i, True))
        self.check_sequence()
        return self.out

    def single(self, text: str, i: int) -> None:
        if i < 4:
            return  # title and 参考資料
        if HEADING_RE.match(text):
            self.out.headings.append(Heading(text=text, src=self.s(i)))
        else:
            self.report.add("stray_fragment", self.s(i), "a one-cell line that is no row", text)

    def table_line(
        self, i: int, no_cell: str, cols: dict[str, str], overflow: str, overflow_block: bool
    ) -> None:
        """Place one table line: a heading, a stray fragment, a numbered row (new, or the
        current one printed again), or an unnumbered line (:meth:`unnumbered_line`)."""
        text_cells = [cols[c] for c in COLUMNS if c not in ("url", "ministry")]
        japanese = len(JAPANESE_RE.findall("".join(text_cells)))
        has_status = bool(cols["achievement"].strip() or cols["review"].strip())
        ministry_text = cols["ministry"].strip()
        known = self.registry is None or (
            ministry_text and not self.registry.split(ministry_text)[1]
        )
        number = int(m.group(1)) if (m := NUMBER_RE.match(no_cell)) else None
        if overflow.strip():
            self.report.add(
                "overflow_text",
                self.s(i),
                "text left of the No. column (overlapping page)",
                overflow,
            )
        # a heading: (N)…, ①…, 3関… or a title text in the name column; no status, no ministry
        if (
            number is None
            and not has_status
            and not (known and ministry_text)
            and not overflow_block
            and self.heading(i, no_cell, cols, text_cells, japanese)
        ):
            return
        if japanese < 5:
            self.report.add(
                "stray_fragment",
                self.s(i),
                "a line with no Japanese text: not a row",
                "\t".join([no_cell, *cols.values()]).strip(),
            )
            return
        if number is not None:
            number = self.fix_number(number, i)
            if self.row is not None and self.row.no == number:
                self.merge(i, cols)
                return
            self.start(i, number, no_cell, False, cols)
            return
        self.unnumbered_line(i, no_cell, cols, bool(known), has_status)

    def heading(
        self, i: int, no_cell: str, cols: dict[str, str], text_cells: list[str], japanese: int
    ) -> bool:
        """Record the line as a heading if it looks like one; whether it did."""
        if not (
            japanese < 5
            or HEADING_RE.match(no_cell)
            or (not no_cell.strip() and cols["name"].strip() and not cols["url"].strip())
        ):
            return False
        self.out.headings.append(
            Heading(
                text=" ".join(x.strip() for x in [no_cell, *text_cells] if x.strip()),
                src=self.s(i),
            )
        )
        if ministry_text := cols["ministry"].strip():
            self.ministries(ministry_text, i)
        return True

    def unnumbered_line(
        self, i: int, no_cell: str, cols: dict[str, str], known: bool, has_status: bool
    ) -> None:
        """A line without a number: a new row if numbers are missing before the next
        numbered row and no more unnumbered candidates wait than numbers are missing;
        else a continuation of the current row, or a reported problem."""
        ministry_text = cols["ministry"].strip()
        missing = (self.next_number_after(i) or self.last_no() + 2) - self.last_no() - 1
        waiting = self.pending_unnumbered(i) + 1
        stub = self.row is not None and not self.row.ministries
        same = (
            self.row is not None
            and ministry_text
            and self.registry is not None
            and (self.registry.split(ministry_text)[0] == self.row.ministries)
        )
        if self.row is not None and self.repeats(cols):
            self.merge(i, cols)
        elif known and ministry_text and not stub:
            if 0 < waiting <= missing:
                self.start(i, self.last_no() + 1, no_cell, True, cols)
            elif same:
                self.merge(i, cols)
            else:
                self.start(i, None, no_cell, False, cols)
        elif self.row is not None and (stub or missing <= 0 or not has_status):
            self.merge(i, cols)
        elif missing > 0:
            self.start(i, self.last_no() + 1, no_cell, True, cols)
        else:
            self.report.add(
                "unplaced_line",
                self.s(i),
                "a line that is neither a row nor a continuation",
                "\t".join(cols.values())[:80],
            )

    def repeats(self, cols: dict[str, str]) -> bool:
        """Whether every text cell of a line repeats text the current row already has."""
        assert self.row is not None
        pieces = [
            cols[c].strip()
            for c in ("name", "summary", "goal", "achievement", "review")
            if cols[c].strip()
        ]
        return bool(pieces) and all(
            p in getattr(self.row, c)
            for c, p in zip(
                [
                    c
                    for c in ("name", "summary", "goal", "achievement", "review")
                    if cols[c].strip()
                ],
                pieces,
                strict=True,
            )
        )

    def pending_unnumbered(self, i: int) -> int:
        """Unnumbered lines with a known ministry between line ``i`` (exclusive) and the next
        numbered line: each of them will claim one of the missing numbers."""
        nxt = next((j for j, _ in self.numbers if j > i), len(self.lines))
        count = 0
        for j in range(i + 1, nxt):
            cells = self.lines[j].split("\t")
            if len(cells) < 7:
                continue
            no, cols, _ = layout(cells, self.trailing.get(j, True))
            m = cols["ministry"].strip()
            if (
                not NUMBER_RE.match(no)
                and m
                and (self.registry is None or not self.registry.split(m)[1])
            ):
                count += 1
        return count

    def fix_number(self, number: int, i: int) -> int:
        """A printed number smaller than the previous one lost its leading digit (``39`` for 139)."""
        last = self.last_no()
        if number < last and number + 100 > last and number >= 10:
            fixed = number + 100
            self.report.add(
                "garbled_number",
                self.s(i),
                f"No. {number} after No. {last}: read as {fixed}",
                str(number),
            )
            return fixed
        return number

    def start(
        self, i: int, number: int | None, printed: str, inferred: bool, cols: dict[str, str]
    ) -> None:
        if inferred:
            self.report.add(
                "missing_number",
                self.s(i),
                f"row number missing or garbled ({printed.strip()!r}); inferred No. {number} from its neighbours",
                printed.strip(),
            )
        elif number is None:
            self.report.add(
                "missing_number", self.s(i), "row number missing and not inferable", printed.strip()
            )
        self.row = StatusRow(
            no=number, no_printed=printed.strip(), no_inferred=inferred, src=self.s(i)
        )
        self.out.rows.append(self.row)
        self.merge(i, cols)

    def merge(self, i: int, cols: dict[str, str]) -> None:
        row = self.row
        assert row is not None
        row.lines.append(i + 1)
        prev = self.out.rows[-2] if len(self.out.rows) > 1 else None
        repeated = 0
        for col in ("name", "summary", "goal", "achievement", "review"):
            piece = cols[col].strip()
            if not piece:
                continue
            current = getattr(row, col)
            if piece in current or (prev is not None and piece in getattr(prev, col)):
                repeated += 1
                continue
            setattr(row, col, f"{current}\n{piece}" if current else piece)
            row.fragments.setdefault(col, []).append((i + 1, cols[col]))
        if repeated and len(row.lines) > 1:
            self.report.add(
                "repeated_text",
                self.s(i),
                f"{repeated} cell(s) repeat text already read; kept once",
            )
        url = cols["url"].strip()
        if url and looks_like_url(url):
            row.url_raw = (
                f"{row.url_raw} {url}".strip()
                if row.url_raw and not url.startswith("http")
                else (row.url_raw or url)
            )
        elif url:
            row.ministry_raw = f"{row.ministry_raw} {url}".strip()
        ministry = cols["ministry"].strip()
        if ministry:
            if not row.ministries:
                # a ministry name split over the URL and ministry cells (厚生 | 生労働省)
                found = self.ministries(ministry, i)
                row.ministries = found
            else:
                for m in self.ministries(ministry, i):
                    if m not in row.ministries:
                        row.ministries.append(m)
            row.ministry_raw = f"{row.ministry_raw} {ministry}".strip()
        if row.url_raw:
            row.url, row.url_broken, row.url_problem = repair_url(row.url_raw)

    def check_sequence(self) -> None:
        seen = sorted(r.no for r in self.out.rows if r.no is not None)
        for r in self.out.rows:
            if r.url_broken:
                self.report.add(
                    "broken_url",
                    r.src,
                    f"No. {r.no}: URL still looks broken ({r.url_problem})",
                    r.url or "",
                )
            if not r.ministries:
                self.report.add(
                    "no_ministries", r.src, f"No. {r.no}: no ministry could be read", r.ministry_raw
                )
        if not seen:
            return
        counts: dict[int, int] = {}
        for n in seen:
            counts[n] = counts.get(n, 0) + 1
        for n, c in counts.items():
            if c > 1:
                self.report.add(
                    "duplicate_number",
                    next(r.src for r in self.out.rows if r.no == n),
                    f"No. {n} used by {c} rows",
                )
        for n in range(1, seen[-1] + 1):
            if n not in counts:
                after = max(
                    (r for r in self.out.rows if r.no is not None and r.no < n),
                    key=lambda r: r.no,
                    default=None,
                )
                where = after.src if after else self.s(0)
                self.out.missing[n] = where
                self.report.add(
                    "missing_row", where, f"no row No. {n} could be read (after this line's row)"
                )


def parse_status_report(
    lines: list[str],
    registry: MinistryRegistry | None = None,
    report: QualityReport | None = None,
    file: str = FILE,
) -> StatusReport:
    """Parse the status report text. A text with no table line at all raises
    :class:`SourceParseError`."""
    report = report if report is not None else QualityReport()
    if not any(len(line.split("\t")) >= 7 for line in lines):
        raise SourceParseError(file, 1, "tab-separated table lines (No., 施策名, …, 担当府省庁)")
    for i, line in enumerate(lines):
        n = len(line.split("\t"))
        if line.strip() and n not in (1, 7, 8, 9):
            raise SourceParseError(file, i + 1, "7 to 9 tab-separated cells", f"{n} cells")
    parsed = _Parser(lines, file, registry, report).run()
    report.stat("status", "rows_read", len(parsed.rows))
    report.stat("status", "rows_number_inferred", sum(1 for r in parsed.rows if r.no_inferred))
    report.stat("status", "rows_missing", len(parsed.missing))
    report.stat("status", "headings", len(parsed.headings))
    report.stat("status", "urls", sum(1 for r in parsed.rows if r.url))
    report.stat("status", "urls_broken", sum(1 for r in parsed.rows if r.url_broken))
    return parsed


def load_status_report(
    data_dir: Path, registry: MinistryRegistry, report: QualityReport
) -> StatusReport:
    """Read and parse ``002_e2656c87001df674.txt`` from ``data_dir``."""
    return parse_status_report(read_source(data_dir, "status"), registry, report)
