"""Facts of the 2026 lineup (000) as loaded, and the loader's handling of its traps."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import M127_MINISTRIES

from kodoku_graph.errors import SourceParseError
from kodoku_graph.graph.pipeline import BuildResult
from kodoku_graph.loaders.lineup import FILE, parse_lineup
from kodoku_graph.loaders.quality import QualityReport


@pytest.fixture(scope="module")
def lineup(built: BuildResult):
    return built.records.lineup


def measure(lineup, no: int):
    return next(m for m in lineup.measures if m.no == no)


def test_counts(lineup) -> None:
    assert len(lineup.measures) == 143
    assert [m.no for m in lineup.measures] == list(range(1, 144))
    assert len(lineup.relistings) == 54
    assert len(lineup.pillars) == 4
    assert Counter(a.pillar for a in lineup.areas) == {1: 3, 2: 3, 3: 5, 4: 5}
    assert lineup.date == "2026-01-16"


def test_measures_with_several_ministries(lineup) -> None:
    several = sorted(m.no for m in lineup.measures if len(m.ministries) >= 2)
    assert several == [24, 25, 65, 116, 127, 129, 130, 143]


def test_no_080_name_cut_by_page_header(lineup) -> None:
    m = measure(lineup, 80)
    assert m.name == (
        "原発避難者特例法に基づく避難先での行政サービスの提供及び地方自治体が行う"
        "原発避難者特例法上の指定市町村と避難住民等との関係の維持に資する事業に対する震災復興特別交付税措置"
    )
    assert m.ministries == ["総務省"]
    assert m.page == 122
    assert m.src == f"{FILE}:146"


def test_no_125_without_space(lineup) -> None:
    m = measure(lineup, 125)
    assert (m.name, m.ministries, m.page) == ("外国人のための日本語教育の推進", ["文部科学省"], 176)
    assert (m.pillar, m.area) == (3, 4)


def test_no_127_nine_ministries(lineup) -> None:
    m = measure(lineup, 127)
    assert m.name == "高齢者等終身サポート事業者ガイドラインについて"
    assert m.ministries == M127_MINISTRIES


def test_no_130_components(lineup) -> None:
    m = measure(lineup, 130)
    assert m.name == "難聴者のための聴覚補助機器の利用による社会参加の推進"
    assert [c.name for c in m.components] == [
        "補装具費支給制度",
        "補聴器販売者の技能向上研修等事業",
        "適切に補聴器を購入・利用するための注意喚起",
        "難聴高齢者の早期発見・早期対応",
    ]
    assert m.components[2].ministries == ["厚生労働省", "消費者庁"]
    assert m.ministries == ["厚生労働省", "消費者庁"]
    assert (m.page, m.pillar, m.area) == (183, 3, 5)


def test_no_142_and_143(lineup) -> None:
    m142 = measure(lineup, 142)
    assert (m142.name, m142.ministries, m142.pillar, m142.area) == (
        "地方における孤独・孤立対策官民連携プラットフォームの整備の推進",
        ["内閣府"],
        4,
        3,
    )
    m143 = measure(lineup, 143)
    assert m143.name == "就職氷河期世代等への支援"
    assert len(m143.ministries) == 10
    assert m143.ministries[0] == "内閣官房" and m143.ministries[-1] == "国土交通省"


def test_area_titles_have_no_trailing_tabs(lineup) -> None:
    titles = {a.id: a.title for a in lineup.areas}
    assert titles["P3-2"] == "アウトリーチ型支援体制の構築"
    assert all(t == t.strip() for t in titles.values())


def test_relisting_disagreement_reported(built: BuildResult) -> None:
    mismatches = built.report.of_kind("relisting_ref_mismatch")
    assert [p.src for p in mismatches] == [f"{FILE}:266"]
    assert "前出(4)②③" in mismatches[0].message and "(4)③" in mismatches[0].message


def test_split_line_repair_reported(built: BuildResult) -> None:
    repaired = [
        p.src for p in built.report.of_kind("repaired_split_line") if p.src.startswith(FILE)
    ]
    assert repaired == [f"{FILE}:146"]


def test_no_unknown_ministries_in_lineup(built: BuildResult) -> None:
    assert [p for p in built.report.of_kind("unknown_ministry") if p.src.startswith(FILE)] == []


def test_unknown_ministry_is_reported_not_created(built: BuildResult) -> None:
    registry = built.records.registry
    report = QualityReport()
    lines = ["(1) 柱", "①分野", "No. 001: 施策【内閣府、未来省】\t3"]
    lineup = parse_lineup(lines, registry, report, file="x.txt")
    assert lineup.measures[0].ministries == ["内閣府"]
    assert [(p.kind, p.src, p.text) for p in report.problems] == [
        ("unknown_ministry", "x.txt:3", "未来省")
    ]


def test_not_a_lineup_raises_with_file_and_line() -> None:
    with pytest.raises(SourceParseError) as exc:
        parse_lineup(["hello", "world"], file="bad.txt")
    assert str(exc.value).startswith("bad.txt:1: expected")
    with pytest.raises(SourceParseError) as exc:
        parse_lineup(["", "No. 001: x【内閣府】\t1"], file="bad.txt")
    assert str(exc.value).startswith("bad.txt:2: expected a pillar heading")
