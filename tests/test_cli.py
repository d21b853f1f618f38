"""The ``kodoku`` CLI end to end (in-process with typer's runner), including every error
case of the foundation issue: one clear line and a non-zero exit code."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kodoku_graph.cli import app
from kodoku_graph.settings import Settings

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def home_env(settings: Settings, built) -> dict[str, str]:
    """Environment pointing at the session's built home."""
    return {"KODOKU_HOME": str(settings.home)}


def test_build_writes_store_json_and_report(tmp_path: Path) -> None:
    res = run("build", "--home", str(tmp_path / "h"), "--quiet")
    assert res.exit_code == 0, res.output
    # lineup 184 nodes / 442 edges; status report +139 StatusRow, +42 TargetMetric,
    # +77 ReportedFigure, +137 STATUS_OF, +42 HAS_TARGET, +77 HAS_FIGURE, +22 FIGURE_OF; LDP
    # +70 themes, +295 recommendations (R7-I-1 and 55 R7 asks among them), +61 responses and
    # their ON_THEME, ANSWERED_BY, FOLLOWS_UP, CITES, ADDRESSED_BY, PART_OF, CONCERNS edges;
    # 003/004 +48 nodes (8 PolicyEdition, 2 Council, 1 Meeting, 37 Statement) and +347 edges;
    # +505 CANDIDATE edges (the review queue: candidates with confidence >= 0.2)
    assert "built 916 nodes and 2437 relationships" in res.output
    assert (tmp_path / "h" / "current" / "store.lbdb").is_file()
    doc = json.loads((tmp_path / "h" / "current" / "graph.json").read_text(encoding="utf-8"))
    assert doc["meta"]["counts"]["nodes"]["Measure"] == 143
    report = json.loads((tmp_path / "h" / "current" / "report.json").read_text(encoding="utf-8"))
    assert report["problems_by_kind"]["relisting_ref_mismatch"] == 1


def test_export_json_design_format(tmp_path: Path) -> None:
    out = tmp_path / "g.json"
    res = run("export", "--format", "json", "-o", str(out))
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert set(doc) == {"meta", "nodes", "edges"}
    assert all(set(n) == {"id", "label", "properties"} for n in doc["nodes"])
    assert all(set(e) == {"source", "target", "type", "properties"} for e in doc["edges"])
    labels = [n["label"] for n in doc["nodes"]]
    assert labels.count("Measure") == 143 and labels.count("Pillar") == 4
    assert labels.count("PolicyArea") == 16
    types = [e["type"] for e in doc["edges"]]
    assert types.count("RELISTED_IN") == 54 and types.count("LISTED_IN") == 143
    assert all("src" in n["properties"] for n in doc["nodes"])
    assert all("src" in e["properties"] for e in doc["edges"])
    m127 = next(n for n in doc["nodes"] if n["id"] == "M127")
    assert m127["properties"]["ministries"][0] == "内閣官房"
    order = [
        e["properties"]["order"]
        for e in doc["edges"]
        if e["type"] == "RESPONSIBLE_FOR" and e["target"] == "M127"
    ]
    assert sorted(order) == list(range(1, 10))


def test_export_graphml_and_csv(tmp_path: Path) -> None:
    res = run("export", "--format", "graphml", "-o", str(tmp_path / "g.graphml"))
    assert res.exit_code == 0, res.output
    text = (tmp_path / "g.graphml").read_text(encoding="utf-8")
    assert "就職氷河期世代等への支援" in text
    res = run("export", "--format", "csv", "-o", str(tmp_path / "csv"))
    assert res.exit_code == 0, res.output
    with (tmp_path / "csv" / "nodes-Measure.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 143 and rows[0]["id"] == "M001"
    with (tmp_path / "csv" / "edges-CO_RESPONSIBLE.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 63


def test_query_table_json_csv(home_env: dict[str, str]) -> None:
    res = run("query", "ministry-co-responsibility", env=home_env)
    assert res.exit_code == 0, res.output
    assert "63 rows" in res.output and "文部科学省" in res.output
    res = run("query", "measure", "--param", "no=12", "--format", "json", env=home_env)
    doc = json.loads(res.output)
    assert doc["rows"][0]["name"] == "「つながりサポーター」の養成に向けた取組"
    res = run("query", "measures-by-ministry", "-p", "ministry=防衛省", "-f", "csv", env=home_env)
    assert res.output.splitlines()[0] == "ministry,no,id,name,position,ministries"
    assert [line.split(",")[1] for line in res.output.splitlines()[1:]] == ["36", "47"]


def test_report_lists_problems_with_file_and_line() -> None:
    res = run("report")
    assert res.exit_code == 0, res.output
    assert "000_ca8d1dac931cfc32.txt:266: [relisting_ref_mismatch]" in res.output
    assert "000_ca8d1dac931cfc32.txt:146: [repaired_split_line]" in res.output
    assert "Measure" in res.output and "RELISTED_IN" in res.output


def one_error_line(res) -> str:
    assert res.exit_code == 1
    lines = [
        line for line in res.output.splitlines() if line.strip() and "building it first" not in line
    ]
    assert len(lines) == 1, res.output
    assert lines[0].startswith("error: ")
    return lines[0]


def test_error_missing_data_dir(tmp_path: Path) -> None:
    line = one_error_line(
        run("build", "--data-dir", str(tmp_path / "nope"), "--home", str(tmp_path))
    )
    assert "does not exist" in line and "nope" in line


def test_error_data_dir_is_a_file(tmp_path: Path) -> None:
    f = tmp_path / "file.txt"
    f.write_text("x")
    line = one_error_line(run("build", "--data-dir", str(f), "--home", str(tmp_path)))
    assert "is not a directory" in line


def test_error_missing_source_file(raw_copy: Path, tmp_path: Path) -> None:
    (raw_copy / "000_ca8d1dac931cfc32.txt").unlink()
    line = one_error_line(run("build", "--data-dir", str(raw_copy), "--home", str(tmp_path)))
    assert "000_ca8d1dac931cfc32.txt: source file missing" in line


def test_error_source_does_not_parse(raw_copy: Path, tmp_path: Path) -> None:
    (raw_copy / "000_ca8d1dac931cfc32.txt").write_text(
        "これは計画ではない\n別の文書\n", encoding="utf-8"
    )
    line = one_error_line(run("build", "--data-dir", str(raw_copy), "--home", str(tmp_path)))
    assert line.startswith("error: 000_ca8d1dac931cfc32.txt:1: expected at least one 'No. NNN:")


def test_error_source_not_utf8(raw_copy: Path, tmp_path: Path) -> None:
    path = raw_copy / "000_ca8d1dac931cfc32.txt"
    path.write_bytes("一行目\n二行目\n".encode() + "三行目".encode("shift_jis"))
    line = one_error_line(run("build", "--data-dir", str(raw_copy), "--home", str(tmp_path)))
    assert line.startswith("error: 000_ca8d1dac931cfc32.txt:3: expected UTF-8 text")


def test_error_unknown_query(home_env: dict[str, str]) -> None:
    line = one_error_line(run("query", "no-such-query", env=home_env))
    assert "unknown query 'no-such-query'" in line and "measure" in line


def test_error_missing_parameter(home_env: dict[str, str]) -> None:
    line = one_error_line(run("query", "measure", env=home_env))
    assert line == "error: query measure: missing parameter no (int)"


def test_error_ill_typed_parameter(home_env: dict[str, str]) -> None:
    line = one_error_line(run("query", "measure", "--param", "no=twelve", env=home_env))
    assert line == "error: query measure: parameter no must be int, got 'twelve'"
    line = one_error_line(run("query", "measure", "--param", "no", env=home_env))
    assert "--param expects key=value" in line


def test_query_builds_store_when_missing(tmp_path: Path) -> None:
    res = run(
        "query", "measure", "-p", "no=1", "-f", "csv", env={"KODOKU_HOME": str(tmp_path / "fresh")}
    )
    assert res.exit_code == 0, res.output
    assert "M001,1,孤独・孤立の実態把握" in res.output
