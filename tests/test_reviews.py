"""The review loop: reviews.yaml (file lock, atomic replace, stable order), decisions applied
by the build over the automatic links, the review queries, the CLI."""

from __future__ import annotations

import json
import multiprocessing as mp
import shutil
import threading
from pathlib import Path

import pytest
from conftest import CURATED_DIR, DATA_DIR
from typer.testing import CliRunner

from kodoku_graph.cli import app
from kodoku_graph.errors import ParameterError, SourceParseError
from kodoku_graph.graph import artifacts
from kodoku_graph.graph.reviews import (
    MAX_NOTE,
    REVIEWS_FILE,
    dump_reviews,
    load_reviews,
    record,
)
from kodoku_graph.graph.stores.embedded import EmbeddedStore
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import Settings

#: A gap whose best candidate is below the threshold: R4-T43-1 水道などライフラインの未払い
#: 情報から支援につながる例 (001, R4 theme 43) and No. 142 (best candidate, theme response,
#: confidence 0.67, evidence 地方版プラットフォーム; gap reason "below threshold").
GAP, GAP_MEASURE = "R4-T43-1", 142
#: An item linked only automatically, by the measures its response names: R6-T42-2 地方版
#: 官民連携プラットフォームに社協、民生委員・児童委員… → No. 116 and No. 142 (response, 0.93).
LIKELY, LIKELY_MEASURE, LIKELY_OTHER = "R6-T42-2", 116, 142


@pytest.fixture
def review_settings(tmp_path: Path) -> Settings:
    """Settings with a writable copy of data/curated and a fresh home."""
    curated = tmp_path / "curated"
    shutil.copytree(CURATED_DIR, curated)
    (curated / REVIEWS_FILE).unlink(missing_ok=True)
    return Settings(home=tmp_path / "home", data_dir=DATA_DIR, curated_dir=curated)


def run(settings: Settings, name: str, **params):
    store = EmbeddedStore(settings.store_path)
    try:
        return Catalog.load().run(store, name, params).records()
    finally:
        store.close()


def links(settings: Settings, rec: str) -> dict[int, str]:
    return {r["no"]: r["method"] for r in run(settings, "recommendation-measures", id=rec)}


def node(settings: Settings, rec: str) -> dict:
    return run(settings, "node", id=rec)[0]["node"]


def gap_ids(settings: Settings) -> set[str]:
    return {r["id"] for r in run(settings, "unaddressed-recommendations", year=0)}


# --------------------------------------------------------------------------- the file


def test_file_is_sorted_stable_and_keeps_history(tmp_path: Path) -> None:
    record(tmp_path, "R4-T23-2", 6, "reject", "theme link only", reviewer="b")
    record(tmp_path, "R3-T10-2", 126, "accept", "横展開 is No. 126", reviewer="a")
    record(tmp_path, "R3-T2-1", 43, "reject", "organisation ask", reviewer="a")
    record(tmp_path, "R3-T10-2", 126, "reject", "changed my mind", reviewer="c")
    text = (tmp_path / REVIEWS_FILE).read_text(encoding="utf-8")
    ds = load_reviews(tmp_path)
    # natural order of ids (T2 before T10), then measure, then time: history kept
    assert [(d.recommendation, d.decision) for d in ds] == [
        ("R3-T2-1", "reject"),
        ("R3-T10-2", "accept"),
        ("R3-T10-2", "reject"),
        ("R4-T23-2", "reject"),
    ]
    assert dump_reviews(ds) == text  # a re-dump changes nothing: stable
    assert text.count("\n- recommendation:") == 4
    lines = text.splitlines()
    assert all(lines[d.line - 1].startswith("- recommendation: " + d.recommendation) for d in ds)


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("R3-T10-2", 126, "maybe", "x"), "accept or reject"),
        (("R3-T10-2", 126, "accept", "  "), "note is required"),
        (("R3-T10-2", 126, "accept", "x" * (MAX_NOTE + 1)), "longer than 500"),
        (("'; DROP", 126, "accept", "x"), "recommendation id"),
        (("R3-T10-2", "abc", "accept", "x"), "measure"),
    ],
)
def test_bad_decisions_are_refused(tmp_path: Path, args: tuple, problem: str) -> None:
    with pytest.raises(ParameterError, match=problem):
        record(tmp_path, *args, reviewer="a")
    assert not (tmp_path / REVIEWS_FILE).exists()


def test_malformed_file_names_its_line(tmp_path: Path) -> None:
    record(tmp_path, "R3-T10-2", 126, "accept", "ok", reviewer="a")
    path = tmp_path / REVIEWS_FILE
    path.write_text(path.read_text().replace("decision: accept", "decision: perhaps"))
    with pytest.raises(SourceParseError, match=r"reviews.yaml:6: expected a valid decision"):
        load_reviews(tmp_path)


def _writer(curated: str, k: int, n: int) -> None:
    for i in range(n):
        record(
            Path(curated),
            f"R3-T{k}-{i + 1}",
            k * 10 + i + 1,
            "accept",
            f"w{k} {i}",
            reviewer=f"p{k}",
        )


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    """4 processes × 2 threads × 10 decisions at once: all 80 in the file."""
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), k, 10)) for k in (1, 2, 3, 4)]
    threads = [threading.Thread(target=_writer, args=(str(tmp_path), k, 10)) for k in (5, 6)]
    for p in procs:
        p.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    ds = load_reviews(tmp_path)
    assert len(ds) == 60
    assert {(d.recommendation, d.measure) for d in ds} == {
        (f"R3-T{k}-{i + 1}", k * 10 + i + 1) for k in range(1, 7) for i in range(10)
    }
    assert not list(tmp_path.glob(".reviews.yaml.*"))  # no temporary file left


# --------------------------------------------------------------------------- the build


def test_round_trip_accept_and_reject(review_settings: Settings) -> None:
    s = review_settings
    artifacts.build(s)
    assert GAP in gap_ids(s) and links(s, GAP) == {}
    assert links(s, LIKELY) == {LIKELY_MEASURE: "response", LIKELY_OTHER: "response"}
    assert node(s, LIKELY)["status"] == "addressed"
    pending = run(s, "review-candidates", pending=True, year=0, theme=0, ministry="")
    assert (GAP, GAP_MEASURE) in {(r["recommendation"], r["measure"]) for r in pending}

    record(
        s.curated_dir, GAP, GAP_MEASURE, "accept", "水道事業者 join the PF of No. 142", reviewer="t"
    )
    record(
        s.curated_dir,
        LIKELY,
        LIKELY_MEASURE,
        "reject",
        "not 民生委員 activity support",
        reviewer="t",
    )
    record(s.curated_dir, LIKELY, LIKELY_OTHER, "reject", "who joins is not set up", reviewer="u")
    for _ in range(2):  # the review build, then a second plain build: the same
        out = artifacts.build(s)
        assert links(s, GAP) == {GAP_MEASURE: "reviewed"}
        r = node(s, GAP)
        assert (r["status"], r["best_measure"], r["confidence"], r["gap_reason"]) == (
            "addressed", "M142", 1.0, "",
        )  # fmt: skip
        assert GAP not in gap_ids(s)
        assert links(s, LIKELY) == {}
        r = node(s, LIKELY)
        assert r["status"] == "responded" and r["best_measure"] not in ("M116", "M142")
        assert LIKELY in gap_ids(s)
        assert out.result.report.stats["linking"]["addressed_by_reviewed"] == 1
        assert out.result.report.stats["linking"]["reviews_rejected"] == 2
    pending = run(s, "review-candidates", pending=True, year=0, theme=0, ministry="")
    assert (GAP, GAP_MEASURE) not in {(r["recommendation"], r["measure"]) for r in pending}
    dis = run(s, "review-disagreements", decision="")
    assert {(r["recommendation"], r["measure"], r["decision"]) for r in dis} == {
        (GAP, GAP_MEASURE, "accept"),
        (LIKELY, LIKELY_MEASURE, "reject"),
        (LIKELY, LIKELY_OTHER, "reject"),
    }
    # the reviewed edge carries its provenance: the decision's line in reviews.yaml
    graph = json.loads(s.graph_json.read_text(encoding="utf-8"))
    [edge] = [e for e in graph["edges"] if e["type"] == "ADDRESSED_BY" and e["source"] == GAP]
    assert edge["properties"]["src"] == "reviews.yaml:6"  # after the header
    assert edge["properties"]["evidence"] == "t: 水道事業者 join the PF of No. 142"


def test_decision_about_a_vanished_id_goes_to_the_report(review_settings: Settings) -> None:
    s = review_settings
    record(s.curated_dir, "R3-T99-1", 126, "accept", "gone", reviewer="t")
    record(s.curated_dir, GAP, 999, "reject", "no such measure", reviewer="t")
    record(s.curated_dir, "R7-A1", 1, "accept", "a proposal", reviewer="t")
    out = artifacts.build(s)
    found = {
        (p.kind, p.src, p.message.split(": ")[-1])
        for p in out.result.report.problems
        if p.kind.startswith("review_")
    }
    assert found == {
        ("review_unknown_id", "reviews.yaml:6", "recommendation R3-T99-1 not in the graph; not applied"),
        ("review_unknown_id", "reviews.yaml:13", "measure M999 not in the graph; not applied"),
        ("review_not_linkable", "reviews.yaml:20",
         "R7-A1 is an R7 proposal, which is not linked (decide its asks); not applied"),
    }  # fmt: skip
    report = json.loads(s.report_json.read_text(encoding="utf-8"))
    assert report["problems_by_kind"]["review_unknown_id"] == 2


# --------------------------------------------------------------------------- the CLI


def test_cli_review_accept_list_reject(review_settings: Settings, monkeypatch) -> None:
    s = review_settings
    monkeypatch.setenv("KODOKU_HOME", str(s.home))
    monkeypatch.setenv("KODOKU_CURATED_DIR", str(s.curated_dir))
    artifacts.build(s)
    runner = CliRunner()
    res = runner.invoke(app, ["review", "list", "--pending", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)["rows"]
    confs = [r["confidence"] for r in rows]
    assert confs == sorted(confs, reverse=True) and rows and all(r["decision"] == "" for r in rows)
    res = runner.invoke(
        app, ["review", "accept", GAP, str(GAP_MEASURE), "--note", "水道", "--reviewer", "sato"]
    )
    assert res.exit_code == 0, res.output
    assert "accepted R4-T43-1 → No. 142" in res.output
    assert GAP not in gap_ids(s)  # the CLI rebuilt
    res = runner.invoke(app, ["review", "list", "--format", "csv"])
    assert f"{GAP},2022,43" in res.output and "accept,sato,水道" in res.output
    res = runner.invoke(app, ["review", "reject", GAP, "142", "--note", "  "])
    assert res.exit_code == 1 and "a note is required" in res.output
