"""Display texts of 002 shown for what they are: quality flags by rule, stray spaces removed,
and the explorer marking fragments, hiding empties and showing a broken URL as broken."""

from __future__ import annotations

from kodoku_graph.loaders.display import clean_spaces, quality


def test_issue_cases_flags(built):
    g = built.graph.nodes
    assert g["S2024-022"]["name"] == "推進" and g["S2024-022"]["name_quality"] == "fragment"
    assert g["S2024-125"]["name_quality"] == "fragment"  # ンについて
    assert g["S2024-045"]["name_quality"] == "garbled"
    m = g["M127"]
    assert m["summary"].startswith("してきている。") and m["summary_quality"] == "fragment"
    assert "starts mid-word" in m["summary_quality_note"]
    assert m["goal_quality"] == "fragment"
    assert m["url_broken"] is True and m["url_raw"] == "/content/001262630.pd"


def test_flag_counts(built):
    """The counts as measured (report stats ``display``)."""
    d = built.report.stats["display"]
    assert (d["name_clean"], d["name_fragment"], d["name_empty"], d["name_garbled"]) == (
        106,
        7,
        25,
        1,
    )
    assert d["summary_fragment"] == 33 and d["summary_empty"] == 15
    garbled = [p for p in built.report.problems if p.kind == "garbled_text"]
    assert len(garbled) == sum(v for k, v in d.items() if k.endswith("_garbled"))


def test_stray_spaces_removed():
    assert clean_spaces("つながりサポー ター 養成") == "つながりサポーター養成"
    assert clean_spaces("NPO 等 2024 年") == "NPO 等 2024 年"
    assert quality("利用者が安", "prose") == ("fragment", "ends mid-sentence")
    assert quality("表記を表記を表記を表記を表記を", "prose")[0] == "garbled"
    assert quality("   ", "prose")[0] == "empty"


def test_no_stray_spaces_left_in_names(built):
    for n, d in built.graph.nodes(data=True):
        if d["label"] == "StatusRow":
            assert clean_spaces(d["name"]) == d["name"], n


def test_explorer_marks_fragments_and_broken_url(client):
    html = client.get("/explore/measures/127").text
    assert "「…してきている。" in html and "fragment: starts mid-word" in html
    assert "broken URL" in html and "<code>/content/001262630.pd</code>" in html
    assert 'href="/content/001262630.pd"' not in html


def test_explorer_hides_empty_texts(client, built):
    empty = next(
        d["no"]
        for _, d in built.graph.nodes(data=True)
        if d["label"] == "Measure" and d.get("review_quality") == "empty"
    )
    html = client.get(f"/explore/measures/{empty}").text
    assert "<dt>review</dt>" not in html
