"""Loader for 001_2f5fa063d9a0fec4.txt, the LDP recommendation of 2025-05-22 (R7) and its
参考２ table of the earlier recommendations (R3–R6) with the government's responses.

**R7 (the body).** The bullets (○/〇) of section Ⅱ (``１ こどもの自殺対策``, ``２ 孤独・孤立
対策``) and the numbered proposals of the annex 「こどもの自殺・自死を防ぐために」
(``１．`` as one proposal, ``２．（１）``…``３．（６）`` one each). Lines of the body are
separated by blank lines, so a bullet runs until the next bullet or heading.

**参考２.** A table of 70 numbered themes with the columns 令和３年 / 令和４年 / 令和５年 /
令和６年 / 対応状況, flattened by the PDF extraction: a row starts with its number (alone on
a line, or before the first cell), the cells follow in column order, empty cells are
absent, cells wrap over lines, page numbers and repeated column headers interrupt. The
column of a cell is recovered from

* its wrap width (display width of its lines but the last): the columns wrap at about
  9 (R3), 11 (R4), 16 (R5, R6) and 22 (対応状況) full-width characters;
* a section reference of the R6 text (``Ⅲ２（４）①``, ``Ⅱ``, ``Ⅳ``) at its start: only R6
  items carry one, so a narrow-column item with one is R6 and one without is R5;
* the order of the cells: within a row, separate cells are in strictly increasing columns.

A single-line cell shorter than the narrow columns may fit several columns; if the
order leaves more than one, the earliest is taken and the item is marked
``year_uncertain`` (counted in the report's ``ldp`` stats and listed as
``uncertain_year`` problems). Cells after a row's response that are items again are
*displaced* (merged cells of the PDF printed after the last row of the page): each is
placed in the row of the same page that lacks that column and whose text it resembles
most, and reported as ``displaced_cell`` with the chosen row.

>>> display_width("・ＮＰＯ等 ab")
6.5
>>> section_ref("・Ⅲ２（４）①　ＮＰＯ等の運営")
('Ⅲ２（４）①', 4)
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pydantic import BaseModel, Field

from kodoku_graph.errors import SourceParseError
from kodoku_graph.loaders.ministries import MinistryRegistry
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.loaders.similarity import TextIndex
from kodoku_graph.loaders.sources import SOURCES, read_source
from kodoku_graph.loaders.text import reiwa_to_fy, src

FILE = SOURCES["ldp"].name

#: Column indices of the table: the four years, then the response.
YEARS = (3, 4, 5, 6)
RESPONSE = 7
#: Wrap widths (inclusive upper bounds of a column's line width, in full-width characters).
WRAP = {3: 9.5, 4: 12.5, 5: 17.0, 6: 17.0, RESPONSE: 23.0}

TABLE_TITLE_RE = re.compile(r"過去４か年の提言における主な指摘とその対応状況")
HEADER_RE = re.compile(r"令和３年\s*令和４年\s*令和５年\s*令和６年\s*対応状況")
ROW_RE = re.compile(r"^\s*(\d{1,2})(?:\s+(\S.*))?$")
BULLET_RE = re.compile(r"^・")
REF_RE = re.compile(r"^・?\s*(Ⅰ|Ⅱ|Ⅲ[１２３４]?(?:（[１-４]）)?[①-⑨]?|Ⅳ)(?=\s|　|[^\s（①-⑨１-４])")
PILLAR_OF_REF_RE = re.compile(r"^Ⅲ２（([１-４])）")

R7_SECTION_RE = re.compile(r"^\s*Ⅱ\s+令和７年度に特に取り組むべき事項")
R7_END_RE = re.compile(r"^\s*Ⅲ\s+結語")
R7_SUB_RE = re.compile(r"^\s*([１２])\s+(\S.*)$")
R7_BULLET_RE = re.compile(r"^\s*[○〇]\s*(.*)$")
ANNEX_TITLE_RE = re.compile(r"^\s*こどもの自殺・自死を防ぐために\s*$")
ANNEX_END_RE = re.compile(r"ヒアリング等における主な御意見")
ANNEX_PART_RE = re.compile(r"^\s*([１-９])．\s*(\S.*)$")
ANNEX_SUB_RE = re.compile(r"^\s*（([１-９])）\s*(\S.*)$")

FW_DIGITS = str.maketrans("１２３４５６７８９", "123456789")


def display_width(text: str) -> float:
    """Width of ``text`` in full-width characters (half-width characters count 0.5)."""
    return float(sum(1 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text.strip()))


def section_ref(text: str) -> tuple[str, int | None] | None:
    """The R6 section reference at the start of an item, and the pillar it names
    (``Ⅲ２（k）`` is basic policy (k)), or None."""
    m = REF_RE.match(text.strip())
    if not m:
        return None
    ref = m.group(1)
    p = PILLAR_OF_REF_RE.match(ref)
    return ref, int(p.group(1).translate(FW_DIGITS)) if p else None


class Item(BaseModel):
    """One recommendation item (a bullet of a 参考２ cell, or an R7 proposal)."""

    id: str = ""
    reiwa: int
    theme: int | None = None
    text: str
    section: str = ""
    pillars: list[int] = Field(default_factory=list)
    src: str
    year_uncertain: bool = False
    displaced: bool = False

    @property
    def year(self) -> int:
        """Calendar year of 令和N年 (the recommendations are dated by year, not fiscal year)."""
        return reiwa_to_fy(self.reiwa)


class Theme(BaseModel):
    """A row of 参考２: its items and the government's response."""

    row: int
    src: str
    items: list[Item] = Field(default_factory=list)
    response: str = ""
    response_src: str = ""
    response_lines: list[int] = Field(default_factory=list)
    page: int = 0

    def years(self) -> list[int]:
        return sorted({i.reiwa for i in self.items})


class Ldp(BaseModel):
    """Everything 001 yields."""

    themes: list[Theme] = Field(default_factory=list)
    r7: list[Item] = Field(default_factory=list)

    def items(self) -> list[Item]:
        return [i for t in self.themes for i in t.items] + self.r7


# --------------------------------------------------------------------------- 参考２


class _Chunk(BaseModel):
    """A bullet (or a paragraph) of a cell: its lines, first line number, group number."""

    lines: list[str]
    line: int  # 0-based index of the first line
    group: int  # blank-separated group within the row
    cols: list[int] = Field(default_factory=list)  # the columns it can be in

    @property
    def text(self) -> str:
        return "".join(s.strip() for s in self.lines)


def _columns(chunk: _Chunk) -> list[int]:
    """The columns a chunk can be in, from its wrap width and its section reference."""
    widths = [display_width(s) for s in chunk.lines]
    wrap = max(widths[:-1]) if len(widths) > 1 else 0.0
    low = max(widths)
    ref = section_ref(chunk.lines[0]) is not None
    out = []
    for col in (3, 4, 5, 6, RESPONSE):
        top = WRAP[col]
        lo = {3: 0.0, 4: WRAP[3], 5: WRAP[4], 6: WRAP[4], RESPONSE: WRAP[5]}[col]
        if low > top:
            continue
        if wrap and not (lo < wrap <= top):
            continue
        if col == 6 and not ref or col in (3, 4, 5) and ref:
            continue
        if col == RESPONSE and ref:
            continue
        out.append(col)
    return out


def _split_chunks(body: list[tuple[int, str]]) -> list[_Chunk]:
    """Split a row's lines (index, text; blank lines kept) into bullet/paragraph chunks."""
    chunks: list[_Chunk] = []
    group = 0
    cur: _Chunk | None = None
    for i, line in body:
        s = line.strip()
        if not s:
            if cur is not None:
                group += 1
            cur = None
            continue
        starts = BULLET_RE.match(s) or section_ref(s) is not None
        if cur is None or starts:
            cur = _Chunk(lines=[s], line=i, group=group)
            chunks.append(cur)
        else:
            # a continuation line wider than the chunk's column so far starts a response
            w = display_width(s)
            if (
                w > WRAP[5]
                and max(display_width(x) for x in cur.lines) <= WRAP[5]
                and BULLET_RE.match(cur.lines[0])
            ):
                cur = _Chunk(lines=[s], line=i, group=group)
                chunks.append(cur)
            else:
                cur.lines.append(s)
    for c in chunks:
        c.cols = _columns(c)
    return chunks


def _cells(chunks: list[_Chunk]) -> list[list[_Chunk]]:
    """Runs of chunks of one blank-separated group that share a possible column; each
    run is a cell, its chunks narrowed to the shared columns."""
    cells: list[list[_Chunk]] = []
    for c in chunks:
        bullets_only = bool(cells) and all(BULLET_RE.match(d.lines[0]) for d in cells[-1])
        if (
            cells
            and cells[-1][0].group == c.group
            and not (bullets_only and not BULLET_RE.match(c.lines[0]))
        ):
            shared = [x for x in cells[-1][0].cols if x in c.cols]
            if shared:
                for d in cells[-1]:
                    d.cols = shared
                c.cols = shared
                cells[-1].append(c)
                continue
        cells.append([c])
    return cells


def _next_certain(cells: list[list[_Chunk]]) -> int | None:
    """The column of the next cell whose column is certain (the following cell only)."""
    if cells and len(cells[0][0].cols) == 1:
        return cells[0][0].cols[0]
    return None


class _TableParser:
    def __init__(self, lines: list[str], report: QualityReport, file: str = FILE) -> None:
        self.file = file
        self.lines = lines
        self.report = report

    def s(self, i: int) -> str:
        return src(self.file, i + 1)

    def rows(self, start: int) -> list[tuple[int, int, int, list[tuple[int, str]]]]:
        """(row, first line, page, body lines) for each numbered row after ``start``."""
        out: list[tuple[int, int, int, list[tuple[int, str]]]] = []
        expected = 1
        page = 1
        cur: list[tuple[int, str]] | None = None
        for i in range(start, len(self.lines)):
            line = self.lines[i]
            if HEADER_RE.search(line):
                if out:
                    page += 1
                continue
            m = ROW_RE.match(line)
            if m and int(m.group(1)) == expected:
                cur = []
                out.append((expected, i, page, cur))
                expected += 1
                if m.group(2):
                    cur.append((i, m.group(2)))
                continue
            if m and not m.group(2):
                self.report.stat(
                    "ldp",
                    "page_numbers_skipped",
                    self.report.stats.get("ldp", {}).get("page_numbers_skipped", 0) + 1,
                )
                continue  # a page number
            if cur is None:
                if line.strip() and not TABLE_TITLE_RE.search(line) and line.strip() not in ("　",):
                    self.report.add(
                        "unplaced_line",
                        self.s(i),
                        "text before the first row of 参考２",
                        line.strip(),
                    )
                continue
            cur.append((i, line))
        return out

    def parse(self, start: int) -> list[Theme]:
        themes: list[Theme] = []
        displaced: list[tuple[Theme, list[_Chunk], int]] = []
        for row, first, page, body in self.rows(start):
            theme = Theme(row=row, src=self.s(first), page=page)
            themes.append(theme)
            self.place_row(theme, _split_chunks(body), displaced)
        self.place_displaced(themes, displaced)
        return themes

    def place_row(
        self, theme: Theme, chunks: list[_Chunk], displaced: list[tuple[Theme, list[_Chunk], int]]
    ) -> None:
        """Assign columns to the cells of one row (cells in increasing column order)."""
        for c in chunks:
            if not c.cols:
                self.report.add(
                    "unplaced_cell",
                    self.s(c.line),
                    f"row {theme.row}: a cell whose width fits no column; kept as response text",
                    c.text,
                )
                c.cols = [RESPONSE]
        cells = _cells(chunks)
        last = 0
        seen_response = False
        out_of_row = False
        for idx, cell in enumerate(cells):
            cols = cell[0].cols
            if not out_of_row and seen_response and RESPONSE not in cols:
                out_of_row = True
            if out_of_row:
                col = (
                    RESPONSE
                    if cols == [RESPONSE]
                    else next(x for x in reversed(cols) if x != RESPONSE)
                )
                if (
                    col == RESPONSE
                    and displaced
                    and displaced[-1][2] == RESPONSE
                    and displaced[-1][0] is theme
                ):
                    displaced[-1][1].extend(cell)  # more paragraphs of one displaced response
                else:
                    displaced.append((theme, list(cell), col))
                continue
            later = [x for x in cols if x >= last]
            if not later:
                self.report.add(
                    "column_order",
                    self.s(cell[0].line),
                    f"row {theme.row}: cell out of column order; kept as {'response' if cols[-1] == RESPONSE else f'R{cols[-1]}'}",
                    cell[0].text,
                )
                later = cols[-1:]
            items = [x for x in later if x != RESPONSE]
            nxt = _next_certain(cells[idx + 1 :])
            if nxt is not None and nxt != RESPONSE:
                items = [x for x in items if x < nxt] or [x for x in items if x <= nxt] or items
            strict = [x for x in items if x > last] or items
            first = cell[0].lines[0]
            if RESPONSE in later and (
                not strict or not BULLET_RE.match(first) and display_width(first) > WRAP[4]
            ):
                col = RESPONSE
            else:
                col = strict[0]
            uncertain = col != RESPONSE and len(strict) > 1
            last = col
            if col == RESPONSE:
                seen_response = True
                for c in cell:
                    self.add_response(theme, c)
            else:
                for c in cell:
                    theme.items.append(self.item(theme.row, col, c, uncertain))

    def item(self, row: int, col: int, c: _Chunk, uncertain: bool, displaced: bool = False) -> Item:
        text = c.text
        ref = section_ref(text)
        section, pillars = "", []
        if ref:
            section = ref[0]
            pillars = [ref[1]] if ref[1] else []
        it = Item(
            reiwa=col,
            theme=row,
            text=text,
            section=section,
            pillars=pillars,
            src=self.s(c.line),
            year_uncertain=uncertain,
            displaced=displaced,
        )
        if uncertain:
            self.report.add(
                "uncertain_year",
                self.s(c.line),
                f"row {row}: a one-line cell that fits several columns; taken as 令和{col}年",
                text,
            )
        return it

    def add_response(self, theme: Theme, c: _Chunk) -> None:
        text = c.text
        if theme.response:
            theme.response += "\n" + text
        else:
            theme.response = text
            theme.response_src = self.s(c.line)
        theme.response_lines.append(c.line)

    def place_displaced(
        self, themes: list[Theme], displaced: list[tuple[Theme, list[_Chunk], int]]
    ) -> None:
        """Move each displaced cell to the row of its page that lacks its column and whose
        text it resembles most (the row it was printed in when no row of the page fits)."""
        by_page: dict[int, list[Theme]] = {}
        for t in themes:
            by_page.setdefault(t.page, []).append(t)
        filled: set[tuple[int, int]] = set()
        last_item: tuple[Theme, Theme] | None = (
            None  # (host, target) of the last displaced item cell
        )
        for host, cell, col in displaced:
            page_rows = [t for t in by_page[host.page] if t.row <= host.row]
            if col == RESPONSE:
                cands = [t for t in page_rows if not t.response and (t.row, col) not in filled]
            else:
                cands = [
                    t for t in page_rows if col not in t.years() and (t.row, col) not in filled
                ]
            text = "".join(c.text for c in cell)
            target = host
            score = 0.0
            if col == RESPONSE and last_item is not None and last_item[0] is host:
                target = last_item[1]  # the response printed beside a displaced cell
                cands = []
            if cands:
                docs = {
                    str(t.row): " ".join([i.text for i in t.items] + [t.response]) for t in cands
                }
                hits = TextIndex(docs).search(text, top=1)
                if hits:
                    target = next(t for t in cands if str(t.row) == hits[0].id)
                    score = hits[0].score
            filled.add((target.row, col))
            last_item = (host, target) if col != RESPONSE else None
            what = "response" if col == RESPONSE else f"令和{col}年 cell"
            self.report.add(
                "displaced_cell",
                self.s(cell[0].line),
                f"{what} printed after row {host.row}'s response; placed in row {target.row} "
                f"(similarity {score:.2f})",
                text,
            )
            for c in cell:
                if col == RESPONSE:
                    self.add_response(target, c)
                else:
                    target.items.append(self.item(target.row, col, c, False, displaced=True))


def number_items(themes: list[Theme]) -> None:
    """Ids ``R{reiwa}-T{row}-{n}``, numbered per row and year in reading order."""
    for t in themes:
        t.items.sort(key=lambda i: (i.reiwa, int(i.src.rsplit(":", 1)[1])))
        n: dict[int, int] = {}
        for i in t.items:
            n[i.reiwa] = n.get(i.reiwa, 0) + 1
            i.id = f"R{i.reiwa}-T{t.row}-{n[i.reiwa]}"


# --------------------------------------------------------------------------- R7 body


def _joined(lines: list[str], a: int, b: int) -> list[tuple[int, str]]:
    """Non-blank lines of [a, b) with their indices."""
    return [(i, lines[i].strip()) for i in range(a, b) if lines[i].strip()]


def parse_r7(lines: list[str], report: QualityReport, file: str = FILE) -> list[Item]:
    """The R7 items: bullets of section Ⅱ and the numbered proposals of the annex."""
    n = len(lines)
    start = next((i for i in range(n) if R7_SECTION_RE.match(lines[i])), None)
    if start is None:
        raise SourceParseError(file, 1, "section 'Ⅱ 令和７年度に特に取り組むべき事項'")
    end = next((i for i in range(start, n) if R7_END_RE.match(lines[i])), None)
    if end is None:
        raise SourceParseError(file, start + 1, "section 'Ⅲ 結語' after section Ⅱ")
    items: list[Item] = []
    sub = ""
    count: dict[str, int] = {}
    cur: Item | None = None
    for i, s in _joined(lines, start + 1, end):
        if m := R7_SUB_RE.match(s):
            sub = m.group(1).translate(FW_DIGITS)
            cur = None
            continue
        if m := R7_BULLET_RE.match(s):
            if not sub:
                report.add(
                    "unplaced_line", src(file, i + 1), "R7 bullet before subsection １/２", s
                )
                continue
            count[sub] = count.get(sub, 0) + 1
            cur = Item(
                id=f"R7-II{sub}-{count[sub]}",
                reiwa=7,
                text=m.group(1).strip(),
                section=f"Ⅱ{'１２'[int(sub) - 1]}",
                src=src(file, i + 1),
            )
            items.append(cur)
        elif cur is not None:
            cur.text += s
        else:
            report.add("unplaced_line", src(file, i + 1), "R7 section Ⅱ text outside a bullet", s)
    a_start = next((i for i in range(end, n) if ANNEX_TITLE_RE.match(lines[i])), None)
    if a_start is None:
        raise SourceParseError(file, end + 1, "the annex 'こどもの自殺・自死を防ぐために'")
    a_end = next((i for i in range(a_start, n) if ANNEX_END_RE.search(lines[i])), n)
    part = ""
    cur = None
    heads: dict[str, str] = {}  # id -> heading, joined to the body with "："
    for i, s in _joined(lines, a_start + 1, a_end):
        if m := ANNEX_PART_RE.match(s):
            part = m.group(1).translate(FW_DIGITS)
            # a part is one proposal unless it has subsections, which replace it
            cur = Item(
                id=f"R7-A{part}",
                reiwa=7,
                text="",
                section=f"別添{m.group(1)}．",
                src=src(file, i + 1),
            )
            heads[cur.id] = m.group(2).strip()
            items.append(cur)
            continue
        if not part:
            continue  # the annex's title page and 趣旨 (purpose), not proposals
        if m := ANNEX_SUB_RE.match(s):
            if cur is not None and cur.id == f"R7-A{part}" and not cur.text:
                items.remove(cur)  # the part heading only groups its subsections
            cur = Item(
                id=f"R7-A{part}-{m.group(1).translate(FW_DIGITS)}",
                reiwa=7,
                text="",
                section=f"別添{'１２３４５６７８９'[int(part) - 1]}．（{m.group(1)}）",
                src=src(file, i + 1),
            )
            heads[cur.id] = m.group(2).strip()
            items.append(cur)
            continue
        if cur is not None:
            cur.text += s
    for it in items:
        if it.id in heads:
            it.text = f"{heads[it.id]}：{it.text}"
    return items


# --------------------------------------------------------------------------- entry point


def parse_ldp(
    lines: list[str],
    registry: MinistryRegistry | None = None,
    report: QualityReport | None = None,
    file: str = FILE,
) -> Ldp:
    """Parse the lines of 001 (R7 body and 参考２); problems go to ``report``. ``registry``
    is not used (001 names no ministry) and is taken for the loaders' common signature."""
    report = report if report is not None else QualityReport()
    start = next((i for i, line in enumerate(lines) if TABLE_TITLE_RE.search(line)), None)
    if start is None:
        raise SourceParseError(
            file, 1, "the 参考２ table '過去４か年の提言における主な指摘とその対応状況'"
        )
    themes = _TableParser(lines, report, file).parse(start + 1)
    if not themes:
        raise SourceParseError(file, start + 1, "numbered rows of 参考２")
    number_items(themes)
    doc = Ldp(themes=themes, r7=parse_r7(lines, report, file))
    per_year: dict[int, int] = {}
    for it in doc.items():
        per_year[it.reiwa] = per_year.get(it.reiwa, 0) + 1
    report.stat("ldp", "themes", len(themes))
    for r in sorted(per_year):
        report.stat("ldp", f"items_R{r}", per_year[r])
    report.stat("ldp", "items_year_uncertain", sum(i.year_uncertain for i in doc.items()))
    report.stat("ldp", "items_displaced", sum(i.displaced for i in doc.items()))
    report.stat("ldp", "themes_with_response", sum(bool(t.response) for t in themes))
    return doc


def load_ldp(data_dir: Path, registry: MinistryRegistry, report: QualityReport) -> Ldp:
    """Read and parse 001 from ``data_dir``."""
    return parse_ldp(read_source(data_dir, "ldp"), registry, report)
