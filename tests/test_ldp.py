"""The LDP loader (001) on the real source: themes, items per year, rows in detail, R7."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kodoku_graph.errors import SourceParseError
from kodoku_graph.loaders.ldp import FILE, Ldp, load_ldp, parse_ldp
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.settings import PROJECT_ROOT

DATA_DIR = PROJECT_ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def loaded() -> tuple[Ldp, QualityReport]:
    report = QualityReport()
    return load_ldp(DATA_DIR, None, report), report


def items_by_year(ldp: Ldp, row: int) -> dict[int, list[str]]:
    theme = next(t for t in ldp.themes if t.row == row)
    out: dict[int, list[str]] = {}
    for it in theme.items:
        out.setdefault(it.reiwa, []).append(it.text)
    return out


def test_seventy_themes_in_order(loaded):
    ldp, _ = loaded
    assert [t.row for t in ldp.themes] == list(range(1, 71))


def test_items_per_year(loaded):
    ldp, report = loaded
    per_year: dict[int, int] = {}
    for it in ldp.items():
        per_year[it.reiwa] = per_year.get(it.reiwa, 0) + 1
    # R7: 21 bullets and proposals (R7-I-1 new) + 55 asks split from 13 of them
    assert per_year == {3: 44, 4: 59, 5: 58, 6: 58, 7: 76}
    assert report.stats["ldp"]["items_R6"] == 58


def test_uncertain_years_are_flagged_and_reported(loaded):
    ldp, report = loaded
    uncertain = sorted(i.id for i in ldp.items() if i.year_uncertain)
    # one-line cells that fit two columns: ・ＮＰＯ等への情報提供, ・積極的な広報, ・地方財源の継続的な確保
    assert uncertain == ["R3-T22-1", "R4-T62-1", "R4-T7-1"]
    assert [p.src for p in report.of_kind("uncertain_year")] == [
        f"{FILE}:869",
        f"{FILE}:1290",
        f"{FILE}:2235",
    ]


def test_r6_items_carry_their_section_and_only_r6(loaded):
    ldp, _ = loaded
    for it in ldp.items():
        if it.reiwa == 6:
            assert it.section, it.id
        elif it.reiwa in (3, 4, 5):
            assert not it.section, it.id
    it = next(i for i in ldp.items() if i.id == "R6-T52-2")
    assert it.section == "Ⅲ２（４）①" and it.pillars == [4]


def test_row_11(loaded):
    ldp, _ = loaded
    assert items_by_year(ldp, 11) == {
        5: ["・サポーター養成の仕組みの検討"],
        6: ["・Ⅱつながりサポーター養成の本格実施に伴う取組の発信や啓発、働きかけが必要。"],
    }
    t = next(t for t in ldp.themes if t.row == 11)
    assert t.response.startswith("孤独・孤立対策官民連携プラットフォーム分科会１での検討を踏まえ")
    assert "「つながりサポーター養成講座」を本格実施" in t.response
    assert t.response.endswith("継続的に取組を行う。")


def test_row_56(loaded):
    ldp, _ = loaded
    assert items_by_year(ldp, 56) == {5: ["・休眠預金等活用制度を活用"]}
    t = next(t for t in ldp.themes if t.row == 56)
    assert t.response.startswith("内閣府（共生・共助）において、本制度の枠組み")
    assert t.response_src == f"{FILE}:2125"


def test_row_67(loaded):
    ldp, _ = loaded
    got = items_by_year(ldp, 67)
    assert {y: len(v) for y, v in got.items()} == {3: 2, 4: 1, 5: 1, 6: 1}
    assert got[3] == [
        "・各種施策のロードマップ、PDCAサイクルの確立",
        "・法的な枠組みの必要性の議論",
    ]
    assert got[4] == ["・孤独・孤立対策の法制化等の検討"]
    assert got[6][0].startswith("・Ⅲ２（４）③　現場の意見を聴きながら")
    t = next(t for t in ldp.themes if t.row == 67)
    assert t.response.startswith("孤独・孤立対策推進法の成立・施行。")
    assert t.response.endswith("横展開に取り組む必要。")


def test_a_theme_raised_in_all_four_years(loaded):
    ldp, _ = loaded
    all_four = [t.row for t in ldp.themes if t.years() == [3, 4, 5, 6]]
    assert 12 in all_four and 67 in all_four
    assert len(all_four) == 10


def test_displaced_cells_are_placed_and_reported(loaded):
    ldp, report = loaded
    displaced = report.of_kind("displaced_cell")
    assert len(displaced) == 15
    assert displaced[0].src == f"{FILE}:941" and "placed in row 1" in displaced[0].message
    moved = next(i for i in ldp.items() if i.src == f"{FILE}:1695")
    assert moved.id.startswith("R6-T35-") and moved.displaced


def test_r7_items(loaded):
    ldp, _ = loaded
    # proposals keep their ids; R7-I-1 (section Ⅰ: a dedicated minister) is new
    ids = [i.id for i in ldp.r7 if not i.parent]
    assert len(ids) == 21
    assert ids[:5] == ["R7-I-1", "R7-II1-1", "R7-II1-2", "R7-II1-3", "R7-II1-4"]
    assert sum(i.startswith("R7-II2-") for i in ids) == 6
    assert [i for i in ids if i.startswith("R7-A")] == [
        "R7-A1",
        "R7-A2-1",
        "R7-A2-2",
        "R7-A2-3",
        "R7-A3-1",
        "R7-A3-2",
        "R7-A3-3",
        "R7-A3-4",
        "R7-A3-5",
        "R7-A3-6",
    ]
    a34 = next(i for i in ldp.r7 if i.id == "R7-A3-4")
    assert a34.section == "別添３．（４）" and a34.text.startswith(
        "CDR：チャイルド・デス・レビュー"
    )
    assert all(i.reiwa == 7 and i.year == 2025 and i.theme is None for i in ldp.r7)


def test_r7_asks_and_background(loaded):
    ldp, report = loaded
    kinds = {i.id: i.kind for i in ldp.r7}
    # section Ⅱ１'s bullets are facts, the PT's set-up, hearing findings and a pointer
    assert [kinds[f"R7-II1-{k}"] for k in range(1, 5)] == ["background"] * 4
    assert len(report.of_kind("r7_background")) == 4
    assert kinds["R7-II2-3"] == kinds["R7-II2-4"] == kinds["R7-A3-3"] == "ask"
    asks = {i.id: i for i in ldp.r7 if i.parent}
    assert len(asks) == 55 and sum(k == "proposal" for k in kinds.values()) == 13
    assert sum(1 for a in asks.values() if a.parent == "R7-A1") == 15
    assert sum(1 for a in asks.values() if a.parent == "R7-A3-2") == 7
    a = asks["R7-A1.7"]
    assert a.text.endswith("24 時間相談できる SNS 相談窓口等を拡充・周知する必要がある。")
    assert a.src == f"{FILE}:261" and a.section == "別添１．"
    # two asks in one sentence: 「…取り組むとともに、…支援するべき。」
    assert asks["R7-II2-2.2"].text == "つながりサポーターを通じた啓発に引き続き取り組むとともに、"
    assert asks["R7-II2-2.3"].text.endswith("NPO 等の取組をしっかりと支援するべき。")
    minister = next(i for i in ldp.r7 if i.id == "R7-I-1")
    assert minister.section == "Ⅰ" and minister.src == f"{FILE}:27"
    assert "大臣の発令を行う" in minister.text


def test_every_item_has_its_source_line(loaded):
    ldp, _ = loaded
    lines = (DATA_DIR / FILE).read_text(encoding="utf-8").splitlines()
    for it in ldp.items():
        n = int(it.src.rsplit(":", 1)[1])
        if it.parent:  # an ask begins on its line, maybe mid-line
            squeezed = re.sub(r"\s+", "", lines[n - 1])
            assert re.sub(r"\s+", "", it.text)[:2] in squeezed, (it.id, lines[n - 1])
            continue
        first = re.sub(r"^(\d+\s|[○〇]|[１-９]．|（[１-９]）)\s*", "", lines[n - 1].strip())
        assert first[:4] in it.text, (it.id, first)


def test_missing_table_is_a_clear_error():
    lines = (DATA_DIR / FILE).read_text(encoding="utf-8").splitlines()
    cut = next(i for i, s in enumerate(lines) if "過去４か年の提言" in s)
    with pytest.raises(SourceParseError, match=rf"{FILE}:1: expected the 参考２ table"):
        parse_ldp(lines[:cut], None, QualityReport())


def test_missing_file_is_a_clear_error(tmp_path: Path):
    from kodoku_graph.errors import DataDirError

    with pytest.raises(DataDirError, match="source file missing"):
        load_ldp(tmp_path, None, QualityReport())
