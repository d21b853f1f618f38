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

import math
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

R7_INTRO_RE = re.compile(r"^\s*Ⅰ\s+はじめに")
R7_SECTION_RE = re.compile(r"^\s*Ⅱ\s+令和７年度に特に取り組むべき事項")
R7_END_RE = re.compile(r"^\s*Ⅲ\s+結語")
R7_SUB_RE = re.compile(r"^\s*([１２])\s+(\S.*)$")
R7_BULLET_RE = re.compile(r"^\s*[○〇]\s*(.*)$")
ANNEX_TITLE_RE = re.compile(r"^\s*こどもの自殺・自死を防ぐために\s*$")
ANNEX_END_RE = re.compile(r"ヒアリング等における主な御意見")
ANNEX_PART_RE = re.compile(r"^\s*([１-９])．\s*(\S.*)$")
#: A response paragraph that starts with the ministry answering (厚生労働省においては…).
MINISTRY_PARA_RE = re.compile(r"^[^、。\s]{1,10}(?:省|庁|府)において")
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
    #: ``item`` (a 参考２ bullet), ``ask`` (an R7 ask: one ask sentence or clause), ``proposal``
    #: (an R7 bullet or annex proposal holding several asks, split into its asks), or
    #: ``background`` (an R7 bullet that asks for nothing: facts, findings, a pointer).
    kind: str = "item"
    #: The proposal an ask was split from ('' otherwise).
    parent: str = ""

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
        #: the response chunks of each row (row -> chunks), for :meth:`relocate_responses`
        self.responses: dict[int, list[_Chunk]] = {}

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
        self.relocate_responses(themes)
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
        self.responses.setdefault(theme.row, []).append(c)

    def relocate_responses(self, themes: list[Theme]) -> None:
        """Give the ministry paragraphs printed at the end of a row's response to the earlier
        rows of the page that have no response, when they are about those rows.

        A merged response cell of several rows is printed after the last row of the page:
        the row's own answer, a blank line, then paragraphs that each start with the
        ministry answering (厚生労働省においては…, 環境省において…). Layout evidence decides:
        the run of ministry paragraphs after the first paragraph moves to the rows of the
        same page above it whose response column is empty, if its subject terms (the
        distinctive content nouns, weighted by rarity among all rows' items) occur in their
        items more than in the host row's; all such rows within half of the best score get
        it, and the empty rows adjacent to them within a quarter of it (one merged cell). Reported as ``displaced_response``."""
        from kodoku_graph.loaders.terms import distinctive, terms

        row_terms = {t.row: set(terms(" ".join(i.text for i in t.items))) for t in themes}
        df: dict[str, int] = {}
        for ts in row_terms.values():
            for w in ts:
                df[w] = df.get(w, 0) + 1
        n = len(themes)

        def subject(block: set[str], row: int) -> float:
            shared = distinctive(block & row_terms[row])
            return sum(math.log((n + 1) / (df.get(w, 0) + 0.5)) for w in shared)

        for host in themes:
            chunks = self.responses.get(host.row, [])
            groups: list[list[_Chunk]] = []
            for c in chunks:
                if groups and groups[-1][-1].group == c.group:
                    groups[-1].append(c)
                else:
                    groups.append([c])
            k = next(
                (j for j, g in enumerate(groups) if j and MINISTRY_PARA_RE.match(g[0].lines[0])),
                None,
            )
            if k is None:
                continue
            moved = [c for g in groups[k:] for c in g]
            block = set(terms("".join(c.text for c in moved)))
            cands = [
                t for t in themes if t.page == host.page and t.row < host.row and not t.response
            ]
            scores = {t.row: subject(block, t.row) for t in cands}
            own = subject(block, host.row)
            best = max(scores.values(), default=0.0)
            targets = [t for t in cands if scores[t.row] > own and scores[t.row] >= best / 2]
            # a merged cell spans adjacent rows: the empty rows next to a target that share
            # its subject too
            rows = {t.row for t in targets}
            for t in sorted(cands, key=lambda t: -t.row):
                if (t.row + 1 in rows or t.row - 1 in rows) and scores[t.row] > max(own, best / 4):
                    rows.add(t.row)
            targets = [t for t in cands if t.row in rows]
            if not targets:
                continue
            kept = [c for g in groups[:k] for c in g]
            host.response, host.response_src, host.response_lines = "", "", []
            self.responses[host.row] = []
            for c in kept:
                self.add_response(host, c)
            for t in targets:
                for c in moved:
                    self.add_response(t, c)
            self.report.add(
                "displaced_response",
                self.s(moved[0].line),
                f"ministry paragraphs at the end of row {host.row}'s response; placed in rows "
                + ", ".join(f"{t.row} (subject {scores[t.row]:.1f})" for t in targets)
                + f" (row {host.row}: {own:.1f})",
                "".join(c.text for c in moved)[:120],
            )

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


#: The end of a sentence that asks for something (…べき, …必要, …求める, …こと, …を行う,
#: …重要, …急務, …ならない, …拡充する …): the committee's sentence form for an ask.
ASK_END_RE = re.compile(
    r"(?:べき(?:である)?|必要(?:である|がある)?|求める|求められる|こと|を行う|重要(?:である)?"
    r"|急務(?:である)?|不可欠である|大事である|ならない|拡充する|推進する|図る)$"
)
#: A bullet that only points to the annex (別添のとおり…) carries no ask of its own.
POINTER_RE = re.compile(r"別添のとおり")
#: Two asks joined in one sentence: 「Aするとともに、Bすべき」.
CLAUSE_RE = re.compile(r"(?<=とともに、)")
#: A clause shorter than this is a noun phrase (こどもの居場所とともに、…), not an ask.
MIN_CLAUSE = 15


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (split after 。), stripped, without empty ones.

    >>> sentences("居場所を作る必要がある。なお、きっかけとなり得る。")
    ['居場所を作る必要がある。', 'なお、きっかけとなり得る。']
    """
    return [s.strip() for s in re.split(r"(?<=。)", text) if s.strip()]


def is_ask(sentence: str) -> bool:
    """Whether a sentence has the form of an ask (see :data:`ASK_END_RE`).

    >>> is_ask("伴走支援を行うべき。"), is_ask("自殺者数が過去最多となった。")
    (True, False)
    """
    return bool(ASK_END_RE.search(sentence.rstrip("。 　")))


def split_asks(text: str) -> list[str]:
    """The asks of an R7 text: its ask sentences (background sentences dropped), each split
    at 「…とともに、」 into its clauses when both are long enough to be asks.

    >>> split_asks("つながりサポーターを通じた啓発に取り組むとともに、NPO 等の取組をしっかりと"
    ...            "支援するべき。評価も課題である。")
    ['つながりサポーターを通じた啓発に取り組むとともに、', 'NPO 等の取組をしっかりと支援するべき。']
    """
    out: list[str] = []
    for s in sentences(text):
        if not is_ask(s):
            continue
        parts = [p for p in CLAUSE_RE.split(s) if p]
        merged: list[str] = []
        for p in parts:
            if merged and (len(merged[-1]) < MIN_CLAUSE or len(p) < MIN_CLAUSE):
                merged[-1] += p
            else:
                merged.append(p)
        out += merged
    return out


def ask_line(lines: list[str], start: int, text: str) -> int:
    """The 0-based index of the line, from ``start`` on, where ``text`` begins (compared
    without whitespace, across line wraps); ``start`` if not found."""
    head = re.sub(r"\s+", "", text)[:8]
    joined, owner = "", []
    for i in range(start, min(start + 200, len(lines))):
        part = re.sub(r"\s+", "", lines[i])
        joined += part
        owner += [i] * len(part)
    k = joined.find(head)
    return owner[k] if k >= 0 else start


def add_asks(
    items: list[Item], report: QualityReport, lines: list[str] | None = None, file: str = FILE
) -> list[Item]:
    """Mark each R7 item as ``background`` (no ask sentence, or a pointer to the annex) or
    split it into its asks (``{id}.{k}``, kind ``ask``, parent = the item, which becomes a
    ``proposal``; ``src`` = the line where the ask begins) when it holds more than one; an
    item with one ask is itself the ask."""
    out: list[Item] = []
    for it in items:
        body = it.text.split("：", 1)[1] if it.section.startswith("別添") else it.text
        asks = [] if POINTER_RE.search(body) else split_asks(body)
        out.append(it)
        if not asks:
            it.kind = "background"
            report.add(
                "r7_background", it.src, f"{it.id}: no ask sentence; kept as background", it.text
            )
        elif len(asks) == 1:
            it.kind = "ask"
        else:
            it.kind = "proposal"
            first = int(it.src.rsplit(":", 1)[1]) - 1
            for k, a in enumerate(asks, start=1):
                line = ask_line(lines, first, a) if lines else first
                out.append(
                    Item(
                        id=f"{it.id}.{k}",
                        reiwa=7,
                        text=a,
                        section=it.section,
                        src=src(file, line + 1),
                        kind="ask",
                        parent=it.id,
                    )
                )
    report.stat("ldp", "r7_asks", sum(i.kind == "ask" for i in out))
    report.stat("ldp", "r7_proposals", sum(i.kind == "proposal" for i in out))
    report.stat("ldp", "r7_background", sum(i.kind == "background" for i in out))
    return out


def parse_r7_intro(lines: list[str], file: str = FILE) -> list[Item]:
    """The asks of section Ⅰ (はじめに): its bullets of ask form, ``R7-I-{n}`` numbered
    among the asks (the bullets reviewing past work are not recommendations)."""
    n = len(lines)
    start = next((i for i in range(n) if R7_INTRO_RE.match(lines[i])), None)
    end = next((i for i in range(n) if R7_SECTION_RE.match(lines[i])), None)
    if start is None or end is None:
        return []
    bullets: list[tuple[int, str]] = []
    for i, s in _joined(lines, start + 1, end):
        if m := R7_BULLET_RE.match(s):
            bullets.append((i, m.group(1).strip()))
        elif bullets:
            bullets[-1] = (bullets[-1][0], bullets[-1][1] + s)
    out = []
    for i, text in bullets:
        if any(is_ask(x) for x in sentences(text)):
            out.append(
                Item(
                    id=f"R7-I-{len(out) + 1}", reiwa=7, text=text, section="Ⅰ", src=src(file, i + 1)
                )
            )
    return out


def parse_r7(lines: list[str], report: QualityReport, file: str = FILE) -> list[Item]:
    """The R7 items: the asks of section Ⅰ, bullets of section Ⅱ and the numbered proposals
    of the annex, each followed by its asks when it holds several (:func:`add_asks`)."""
    n = len(lines)
    start = next((i for i in range(n) if R7_SECTION_RE.match(lines[i])), None)
    if start is None:
        raise SourceParseError(file, 1, "section 'Ⅱ 令和７年度に特に取り組むべき事項'")
    end = next((i for i in range(start, n) if R7_END_RE.match(lines[i])), None)
    if end is None:
        raise SourceParseError(file, start + 1, "section 'Ⅲ 結語' after section Ⅱ")
    items = _r7_bullets(lines, start, end, report, file)
    items += _r7_annex(lines, end, file)
    return add_asks(parse_r7_intro(lines, file) + items, report, lines, file)


def _r7_bullets(
    lines: list[str], start: int, end: int, report: QualityReport, file: str
) -> list[Item]:
    """The bullets of R7 section Ⅱ (lines ``start``…``end``), by subsection １/２."""
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
    return items


def _r7_annex(lines: list[str], end: int, file: str) -> list[Item]:
    """The numbered proposals of the R7 annex (after line ``end``): a part is one proposal
    unless it has subsections, which replace it; each text is ``heading：body``."""
    n = len(lines)
    a_start = next((i for i in range(end, n) if ANNEX_TITLE_RE.match(lines[i])), None)
    if a_start is None:
        raise SourceParseError(file, end + 1, "the annex 'こどもの自殺・自死を防ぐために'")
    a_end = next((i for i in range(a_start, n) if ANNEX_END_RE.search(lines[i])), n)
    items: list[Item] = []
    part = ""
    cur: Item | None = None
    heads: dict[str, str] = {}  # id -> heading, joined to the body with "："
    for i, s in _joined(lines, a_start + 1, a_end):
        part_m = ANNEX_PART_RE.match(s)
        sub_m = None if part_m or not part else ANNEX_SUB_RE.match(s)
        if part_m:
            part = part_m.group(1).translate(FW_DIGITS)
            item_id, section = f"R7-A{part}", f"別添{part_m.group(1)}．"
        elif sub_m:
            if cur is not None and cur.id == f"R7-A{part}" and not cur.text:
                items.remove(cur)  # the part heading only groups its subsections
            item_id = f"R7-A{part}-{sub_m.group(1).translate(FW_DIGITS)}"
            section = f"別添{'１２３４５６７８９'[int(part) - 1]}．（{sub_m.group(1)}）"
        else:
            # before the first part: the annex's title page and 趣旨 (purpose), not proposals
            if part and cur is not None:
                cur.text += s
            continue
        cur = Item(id=item_id, reiwa=7, text="", section=section, src=src(file, i + 1))
        heads[cur.id] = (part_m or sub_m).group(2).strip()
        items.append(cur)
    for it in items:
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
