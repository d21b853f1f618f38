"""Integrity of the hand-made gold list tests/targets_002.yaml (targets, baselines and
actuals stated in 002). Checks the file only: line numbers, verbatim spans, allowed values,
cross-references and the measure ids against the built graph — not any extractor."""

from __future__ import annotations

import re

import targets_gold
import yaml
from targets_gold import GOLD, squash

#: the gold list and 002's lines (module fixtures of tests/targets_gold.py)
gold, source_lines = targets_gold.gold, targets_gold.source_lines

KINDS = {"target", "baseline", "actual"}
COLUMNS = {"goal", "review", "achievement", "summary"}
COMPARATORS = {"以上", "以下", "程度", "未満", None}
KEYS = [
    "id",
    "line",
    "row",
    "measure",
    "kind",
    "value",
    "unit",
    "comparator",
    "deadline_fy",
    "annual",
    "start_fy",
    "year",
    "column",
    "span",
    "qualitative",
    "note",
]
OPTIONAL = {"of", "per", "numeric", "deadline_stated", "achieved"}
MEASURE_ID = re.compile(r"^M\d{3}$")
ENTRY_ID = re.compile(r"^(M\d{3}|R\d{3})-[TBA]\d+$")
ID_LETTER = {"target": "T", "baseline": "B", "actual": "A"}


def span_found(lines: list[str], line: int, span: str) -> bool:
    """``span`` (whitespace ignored, … matching any text in between) on ``line`` or across
    ``line`` and the next."""
    parts = [squash(p) for p in span.split("…")]
    here = squash(lines[line - 1])
    nxt = squash(lines[line]) if line < len(lines) else ""
    for hay in (here, here + nxt):
        pos = 0
        for part in parts:
            i = hay.find(part, pos)
            if i < 0:
                break
            pos = i + len(part)
        else:
            return True
    return False


def test_top_comment_and_sections():
    text = GOLD.read_text(encoding="utf-8")
    assert text.startswith("#"), "the file opens with a comment explaining fields and decisions"
    data = yaml.safe_load(text)
    assert set(data) == {"entries", "duplicates", "garbled_rows", "unsure"}
    assert data["entries"]


def test_entry_fields(gold):
    for e in gold["entries"]:
        assert list(e)[: len(KEYS)] == KEYS, e.get("id")
        assert set(e) - set(KEYS) <= OPTIONAL, e["id"]


def test_ids_unique_and_shaped(gold):
    ids = [e["id"] for e in gold["entries"]]
    assert len(ids) == len(set(ids))
    for e in gold["entries"]:
        m = ENTRY_ID.match(e["id"])
        assert m, e["id"]
        assert e["id"].split("-")[1][0] == ID_LETTER[e["kind"]], e["id"]
        assert m.group(1) == (e["measure"] or f"R{e['row']:03d}"), e["id"]


def test_lines_in_range_and_spans_verbatim(gold, source_lines):
    for e in gold["entries"]:
        assert isinstance(e["line"], int) and 1 <= e["line"] <= len(source_lines), e["id"]
        assert isinstance(e["span"], str) and e["span"].strip(), e["id"]
        assert span_found(source_lines, e["line"], e["span"]), (e["id"], e["line"], e["span"])


def test_allowed_values(gold):
    for e in gold["entries"]:
        assert e["kind"] in KINDS, e["id"]
        assert e["column"] in COLUMNS, e["id"]
        assert e["comparator"] in COMPARATORS, e["id"]
        assert isinstance(e["value"], (int, float)) and not isinstance(e["value"], bool), e["id"]
        assert isinstance(e["unit"], str) and e["unit"], e["id"]
        assert isinstance(e["annual"], bool), e["id"]
        for key in ("deadline_fy", "start_fy", "year"):
            v = e[key]
            assert v is None or (isinstance(v, int) and 2000 <= v <= 2040), (e["id"], key)
        if e["unit"] == "ratio":
            assert 0 < e["value"] <= 1, e["id"]
        if e["measure"] is not None:
            assert MEASURE_ID.match(e["measure"]), e["id"]
        for key in ("numeric", "deadline_stated", "achieved"):
            if key in e:
                assert isinstance(e[key], bool), (e["id"], key)


def test_targets_have_a_deadline_or_are_annual(gold):
    for e in gold["entries"]:
        if e["kind"] == "target":
            if e["annual"]:
                assert e["start_fy"] is not None and e["deadline_fy"] is None, e["id"]
            elif e["deadline_fy"] is None:
                # Only where the year is illegible in 002, and then said so explicitly.
                assert e.get("deadline_stated") is False, e["id"]
            else:
                assert e.get("deadline_stated", True) is True, e["id"]
            assert e["year"] is None, e["id"]
            assert "of" not in e, e["id"]
        else:
            assert e["deadline_fy"] is None and not e["annual"] and e["start_fy"] is None, e["id"]
            assert "of" in e, e["id"]


def test_cross_references(gold, source_lines):
    entries = {e["id"]: e for e in gold["entries"]}
    for e in gold["entries"]:
        if e.get("of") is not None:
            target = entries[e["of"]]
            assert target["kind"] == "target", e["id"]
            assert target["row"] == e["row"], e["id"]
    for d in gold["duplicates"]:
        assert d["of"] in entries
        assert 1 <= d["line"] <= len(source_lines)
        assert span_found(source_lines, d["line"], d["span"]), d
        assert d["reason"]
    for g in gold["garbled_rows"]:
        first, last = g["lines"]
        assert 1 <= first <= last <= len(source_lines), g
        assert g["why"]
    for u in gold["unsure"]:
        assert u["decision"]
        for ref in u["entries"]:
            assert ref in entries, (u["case"], ref)


def test_one_entry_per_number_and_place(gold):
    seen = set()
    for e in gold["entries"]:
        key = (e["line"], e["kind"], e["value"], e["column"], squash(e["span"]))
        assert key not in seen, e["id"]
        seen.add(key)


def test_measures_match_the_built_graph(gold, built):
    """Measure ids exist, and each row's measure is the one the build's STATUS_OF gives."""
    graph = built.graph
    status_of = {}
    for u, v, d in graph.edges(data=True):
        if d.get("type") == "STATUS_OF":
            status_of[graph.nodes[u]["no"]] = v
    for e in gold["entries"]:
        if e["measure"] is not None:
            assert e["measure"] in graph, e["id"]
            assert graph.nodes[e["measure"]]["label"] == "Measure", e["id"]
        assert status_of.get(e["row"]) == e["measure"], e["id"]
    for g in gold["garbled_rows"]:
        if g["row"] is not None:
            assert status_of.get(g["row"]) == g["measure"], g
