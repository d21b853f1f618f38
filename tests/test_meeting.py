"""003 (2021 outline, 連絡調整会議 members) and 004 (2025-02-07 推進会議): real facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kodoku_graph.errors import SourceParseError
from kodoku_graph.graph.pipeline import BuildResult
from kodoku_graph.graph.stores.embedded import EmbeddedStore
from kodoku_graph.loaders.meeting import parse_meeting
from kodoku_graph.loaders.ministries import MinistryRegistry, default_registry_path
from kodoku_graph.loaders.outline import parse_outline, position_ministry
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.queries import Catalog

OUTLINE = "003_9884ae59643bee2a.txt"
MINUTES = "004_e27298129e6a9c3e.txt"


@pytest.fixture(scope="module")
def registry() -> MinistryRegistry:
    return MinistryRegistry.load(default_registry_path())


# --- 003: the council and the 2021 wording -------------------------------------------


def test_council_members(built: BuildResult) -> None:
    council = built.records.outline.council
    assert council.name == "孤独・孤立対策に関する連絡調整会議"
    assert council.established == "2021-03-12" and council.decision == "内閣総理大臣決裁"
    assert council.secretariat == "内閣官房"
    # one chair and 16 members, 17 ministries (each position stands for a different one)
    assert [m.role for m in council.members].count("議長") == 1
    assert len(council.members) == 17
    assert sorted(m.ministry for m in council.members) == sorted(
        [
            "内閣官房", "内閣府", "金融庁", "消費者庁", "復興庁", "総務省", "法務省", "外務省", "財務省",
            "文部科学省", "厚生労働省", "農林水産省", "経済産業省", "国土交通省", "環境省", "防衛省", "警察庁",
        ]
    )  # fmt: skip
    g = built.graph
    member_of = [(s, d["role"]) for s, t, d in g.edges(data=True) if d["type"] == "MEMBER_OF"]
    assert len(member_of) == 17 and ("内閣官房", "議長") in member_of
    # not on the 2021 council: agencies founded later (こども家庭庁 2023, デジタル庁 2021-09)
    assert {"こども家庭庁", "デジタル庁", "人事院", "出入国在留管理庁"}.isdisjoint(
        s for s, _ in member_of
    )


@pytest.mark.parametrize(
    ("position", "ministry"),
    [
        ("孤独・孤立対策に関する事務の調整を担当する大臣", "内閣官房"),
        ("孤独・孤立対策に関する事務の調整を担当する大臣を補佐する内閣府副大臣", "内閣府"),
        ("内閣府特命担当大臣（金融）を補佐する内閣府副大臣", "金融庁"),
        ("内閣府特命担当大臣（消費者及び食品安全）を補佐する内閣府副大臣", "消費者庁"),
        ("復興大臣の指名する復興副大臣", "復興庁"),
        ("法務副大臣", "法務省"),
        ("警察庁次長", "警察庁"),
        ("宇宙大臣の指名する宇宙副大臣", None),
    ],
)
def test_position_ministry(registry: MinistryRegistry, position: str, ministry: str | None) -> None:
    assert position_ministry(position, registry) == ministry


def test_unknown_position_reported(registry: MinistryRegistry) -> None:
    lines = (
        Path(__file__)
        .resolve()
        .parent.parent.joinpath("data", "raw", OUTLINE)
        .read_text()
        .splitlines()
    )
    lines[89] = "宇宙大臣の指名する宇宙副大臣"  # line 90, 警察庁次長
    report = QualityReport()
    outline = parse_outline(lines, registry, report)
    assert len(outline.council.members) == 17
    [p] = report.of_kind("unknown_ministry")
    assert p.src == f"{OUTLINE}:90" and "宇宙副大臣" in p.message


def test_outline_without_policies_is_an_error(registry: MinistryRegistry) -> None:
    with pytest.raises(SourceParseError, match="four basic policies"):
        parse_outline(["孤独・孤立対策の重点計画について", "議 長 法務副大臣"], registry)


def test_2021_wording_kept_and_linked_to_the_same_pillar(built: BuildResult) -> None:
    g = built.graph
    e = g.nodes["P3@2021"]
    # the wrapped title (lines 30 and 32) is joined
    assert (
        e["title"]
        == "見守り・交流の場や居場所づくりを確保し、人と人との「つながり」を実感できる地域づくりを推進する"
    )
    assert e["src"] == f"{OUTLINE}:30" and e["year"] == 2021
    assert e["focus"].startswith("居場所の確保、アウトリーチ型支援体制の構築")
    for no in range(1, 5):
        for year in (2021, 2026):
            [(_, target, d)] = [x for x in g.out_edges(f"P{no}@{year}", data=True)]
            assert target == f"P{no}" and d["type"] == "EDITION_OF"
    assert g.nodes["P1@2026"]["title"] == g.nodes["P1"]["title"]
    [(_, _, d)] = g.out_edges("P1@2021", data=True)
    assert d["changes"] == ["陥→至", "あ→上"]  # 陥っても → 至っても, あげやすい → 上げやすい
    [(_, _, d)] = g.out_edges("P4@2021", data=True)
    assert d["changes"] == []  # ＮＰＯ vs NPO is only a width difference


# --- 004: attendance ----------------------------------------------------------------


def test_attendees_and_proxies(built: BuildResult) -> None:
    meeting = built.records.meeting
    assert (
        meeting.date == "2025-02-07"
        and meeting.no == 2
        and meeting.council == "孤独・孤立対策推進会議"
    )
    assert len(meeting.attendees) == 23
    proxies = [(a.ministry, a.person) for a in meeting.attendees if a.proxy]
    assert proxies == [
        ("消費者庁", "尾原 知明"),
        ("復興庁", "大場 寛之"),
        ("文部科学省", "江﨑 典宏"),  # 【代理出席】 alone on the next line
        ("厚生労働省", "宮本 直樹"),  # title wrapped, mark on the next line
        ("農林水産省", "坂田 進"),
        ("経済産業省", "江澤 正名"),
        ("環境省", "中尾 豊"),
    ]
    assert len({a.ministry for a in meeting.attendees}) == 19
    by_person = {a.person: a for a in meeting.attendees}
    assert (
        by_person["宮本 直樹"].title == "厚生労働省大臣官房審議官（健康、生活衛生、総合政策担当）"
    )
    assert by_person["弓 信幸"].ministry == "財務省"  # two spaces in the source
    assert by_person["田中 聖也"].ministry == "内閣官房"
    attended = [d for _, _, d in built.graph.edges(data=True) if d["type"] == "ATTENDED"]
    assert len(attended) == 23 and sum(d["proxy"] for d in attended) == 7


def test_attendance_query(store: EmbeddedStore, catalog: Catalog) -> None:
    res = catalog.run(store, "meeting-attendance", {"proxy_only": "true"})
    assert [r["ministry"] for r in res.records()] == [
        "消費者庁", "復興庁", "文部科学省", "厚生労働省", "農林水産省", "経済産業省", "環境省",
    ]  # fmt: skip
    assert res.records()[2]["src"] == f"{MINUTES}:44"
    assert len(catalog.run(store, "meeting-attendance", {}).rows) == 23


def test_statements(built: BuildResult) -> None:
    meeting = built.records.meeting
    assert len(meeting.statements) == 37
    reports = [s.ministry for s in meeting.statements if s.kind == "ministry"]
    # 16 ministry reports, in the order of the minutes; 内閣府 speaks through 男女共同参画局
    assert len(reports) == 16 and reports[:2] == ["内閣府", "警察庁"]
    s4 = meeting.statements[3]
    assert (s4.speaker, s4.src) == ("警察庁", f"{MINUTES}:161")
    assert "＃8103" in s4.text and "\n" not in s4.text
    assert [x.src for x in s4.sentences] == [f"{MINUTES}:{n}" for n in (161, 169, 173, 177, 181)]
    minister = meeting.statements[34]
    assert minister.speaker == "三原内閣府特命担当大臣" and minister.ministry == "内閣府"
    assert not any(
        "（プレス入室）" in s.text or "（プレス退室）" in s.text for s in meeting.statements
    )
    stated = [d for _, _, d in built.graph.edges(data=True) if d["type"] == "STATED"]
    assert len(stated) == 37


# --- 004: statement → measure links, checked by hand ----------------------------------


def mentions(built: BuildResult) -> dict[tuple[str, str], dict]:
    g = built.graph
    return {
        (g.nodes[s]["ministry"], t): d for s, t, d in g.edges(data=True) if d["type"] == "MENTIONS"
    }


@pytest.mark.parametrize(
    ("ministry", "measure", "line", "term"),
    [
        # 警察庁: "ストーカー・DV事案の被害者…一時避難などの支援" → No. 088 DV被害者等の緊急・一時的避難措置
        ("警察庁", "M088", 169, "被害者"),
        # 警察庁: "非行少年を生まない社会づくりとして…" → No. 090 非行少年を生まない社会づくり
        ("警察庁", "M090", 173, "非行少年を生まない社会づくり"),
        # 警察庁: "#8103 … 犯罪被害者等に対するカウンセリング体制の整備" → No. 041 犯罪被害者等支援の推進
        ("警察庁", "M041", 161, "犯罪被害者等"),
        # 環境省: "家庭で余った食品を回収し…フードドライブの取組" → No. 110 フードドライブの推進
        ("環境省", "M110", 506, "フードドライブ"),
        # 厚生労働省: one sentence listing four programmes → No. 072 認知症カフェの普及・促進
        ("厚生労働省", "M072", 400, "認知症カフェの普及促進"),
    ],
)
def test_hand_checked_mentions(
    built: BuildResult, ministry: str, measure: str, line: int, term: str
) -> None:
    d = mentions(built)[(ministry, measure)]
    assert d["src"] == f"{MINUTES}:{line}"
    assert term in d["terms"]
    assert 0 < d["score"] <= 1 and d["evidence"].endswith("。")


def test_no_cross_ministry_false_links(built: BuildResult) -> None:
    m = mentions(built)
    # 総務省 and 内閣府 speak of 相談支援体制の充実・強化, the wording of 厚労省's No. 031
    assert ("総務省", "M031") not in m and ("内閣府", "M031") not in m
    # 環境省's 国立公園 is its own No. 106, not 国交省's 都市公園 No. 107
    assert ("環境省", "M106") in m and ("環境省", "M107") not in m
    # the moderator's hand-overs ("続きまして、デジタル庁から…") link nothing
    g = built.graph
    assert all(g.nodes[s]["kind"] == "ministry" or g.nodes[s]["no"] in (1, 33, 35)
               for s, _, d in g.edges(data=True) if d["type"] == "MENTIONS")  # fmt: skip
    assert sum(d["type"] == "MENTIONS" for _, _, d in g.edges(data=True)) == 53


def test_statement_mentions_query(store: EmbeddedStore, catalog: Catalog) -> None:
    res = catalog.run(store, "statement-mentions", {"ministry": "警察庁"})
    assert [(r["measure"], r["own"]) for r in res.records()] == [
        ("M041", True),
        ("M088", True),
        ("M090", True),
    ]


def test_minutes_without_attendees_is_an_error(registry: MinistryRegistry) -> None:
    with pytest.raises(SourceParseError, match="attendee list"):
        parse_meeting(
            ["第２回 孤独・孤立対策推進会議", "１．開催日時：令和７年２月７日（金）17:15～17:45"],
            registry,
        )
