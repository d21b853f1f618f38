"""The ``kodoku`` CLI end to end (in-process with typer's runner), including every error
case of the foundation issue: one clear line and a non-zero exit code."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.cells import cell_len
from typer.testing import CliRunner

from kodoku_graph import __version__
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
    assert "built 916 nodes and 2921 relationships" in res.output
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


def test_gaps_one_line_per_row_at_terminal_width(home_env: dict[str, str]) -> None:
    full = json.loads(run("gaps", "-f", "json", env=home_env).output)
    assert full["count"] == 93
    long = next(r for r in full["rows"] if r["id"] == "R7-A3-3")
    assert len(long["text"]) == 308 and long["text"].startswith("災害共済給付制度（JSC）の見直し")
    for columns in (80, 132):
        res = run("gaps", env={**home_env, "COLUMNS": str(columns)})
        assert res.exit_code == 0, res.output
        lines = res.output.splitlines()
        assert len(lines) == 1 + 93 + 1  # header, one line a row, the count
        assert lines[0].split() == ["id", "status", "best", "conf", "why", "text"]
        assert lines[-1].startswith("93 rows")
        assert max(cell_len(line) for line in lines) <= columns
        (a33,) = [line for line in lines if line.startswith("R7-A3-3 ")]
        # cut by characters with an ellipsis, never at a space: 308 characters do not fit
        assert a33.endswith("…") and "災害共済給付制度（JSC）" in a33
        assert a33.split()[1:5] == [long["status"], long["best_measure"], f"{long['confidence']:.2f}", long["why"].split()[0]]  # fmt: skip
    # --wide: the same lines with the full text; csv holds it too
    wide = run("gaps", "--wide", env={**home_env, "COLUMNS": "80"}).output.splitlines()
    assert len(wide) == 95 and any(line.endswith(long["text"]) for line in wide)
    rows = list(csv.DictReader(io.StringIO(run("gaps", "-f", "csv", env=home_env).output)))
    assert len(rows) == 93 and {r["id"]: r["text"] for r in rows}["R7-A3-3"] == long["text"]


def test_gaps_ids_in_natural_order(home_env: dict[str, str]) -> None:
    ids = [r["id"] for r in json.loads(run("gaps", "-f", "json", env=home_env).output)["rows"]]
    assert ids.index("R4-T2-1") < ids.index("R4-T12-1")  # a string sort puts T12 first
    assert ids.index("R6-T5-1") < ids.index("R6-T12-1")
    table = run("gaps", env={**home_env, "COLUMNS": "100"}).output.splitlines()
    firsts = [line.split()[0] for line in table[1:-1]]
    assert firsts == ids


def test_query_ids_in_natural_order_in_every_format(home_env: dict[str, str]) -> None:
    """pillar-recommendations orders by year and id: R6-T7-2 before R6-T35-1 (a string
    sort puts it after), the same at the terminal, in CSV and in JSON."""
    args = ("query", "pillar-recommendations", "-p", "pillar=2")
    res = run(*args, "-f", "csv", env=home_env)
    ids = [line.split(",")[0] for line in res.output.splitlines()[1:]]
    assert ids.index("R6-T7-2") < ids.index("R6-T35-1")
    doc = json.loads(run(*args, "-f", "json", env=home_env).output)
    assert [r["id"] for r in doc["rows"]] == ids
    table = run(*args, env={**home_env, "COLUMNS": "200"}).output
    assert table.index("R6-T7-2") < table.index("R6-T35-1")


def test_query_ministry_alias_resolves(home_env: dict[str, str]) -> None:
    by_alias = run("query", "measures-by-ministry", "-p", "ministry=厚労省", "-f", "json", env=home_env)  # fmt: skip
    assert by_alias.exit_code == 0, by_alias.output
    by_name = run("query", "measures-by-ministry", "-p", "ministry=厚生労働省", "-f", "json", env=home_env)  # fmt: skip
    doc = json.loads(by_alias.output)
    assert doc == json.loads(by_name.output)
    assert doc["count"] == 49 and {r["ministry"] for r in doc["rows"]} == {"厚生労働省"}
    # statement-mentions: a full-width or spaced spelling resolves as well
    res = run("query", "statement-mentions", "-p", "ministry=警察庁", "-f", "json", env=home_env)
    expected = json.loads(res.output)["rows"]
    assert expected and {r["ministry"] for r in expected} == {"警察庁"}
    res = run("query", "statement-mentions", "-p", "ministry= 警察庁 ", "-f", "json", env=home_env)
    assert json.loads(res.output)["rows"] == expected


def test_query_unknown_ministry_lists_valid_names(home_env: dict[str, str]) -> None:
    line = one_error_line(run("query", "measures-by-ministry", "-p", "ministry=厚労", env=home_env))
    assert line.startswith(
        "error: query measures-by-ministry: parameter ministry: unknown ministry '厚労'"
    )
    assert "厚生労働省" in line and "こども家庭庁" in line and "防衛省" in line
    line = one_error_line(run("query", "ministry-links", "-p", "ministry=架空省", env=home_env))
    assert "unknown ministry '架空省'" in line


def test_out_of_range_year_is_an_error(home_env: dict[str, str]) -> None:
    line = one_error_line(run("gaps", "--year", "2019", env=home_env))
    assert line == (
        "error: query unaddressed-recommendations: parameter year must be a year of the"
        " recommendations, 2021–2025, or 0 for all; got 2019"
    )
    line = one_error_line(
        run("query", "unaddressed-recommendations", "-p", "year=2026", env=home_env)
    )
    assert "2021–2025" in line and "got 2026" in line
    # a year in range still filters: 2024 is R6
    doc = json.loads(run("gaps", "--year", "2024", "-f", "json", env=home_env).output)
    assert doc["count"] > 0 and {r["id"][:3] for r in doc["rows"]} == {"R6-"}


def test_version() -> None:
    res = run("--version")
    assert res.exit_code == 0 and res.output.strip() == f"kodoku-graph {__version__}"


def command_paths(group: Any = None, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command of the CLI (subgroups included) as its argument path."""
    group = group or typer.main.get_command(app)
    out = [prefix]
    for name, cmd in getattr(group, "commands", {}).items():
        out += command_paths(cmd, (*prefix, name)) if hasattr(cmd, "commands") else [(*prefix, name)]  # fmt: skip
    return out


def test_help_is_clean_for_every_command() -> None:
    paths = command_paths()
    assert ("query",) in paths and ("gaps",) in paths and len(paths) >= 10
    for path in paths:
        res = run(*path, "--help", env={"COLUMNS": "100"})
        assert res.exit_code == 0, (path, res.output)
        text = res.output
        assert "<bool>" not in text and "list[" not in text and "{name}" not in text, (path, text)
        assert "Show this message and exit." in text
    top = run("--help").output
    assert "--version" in top and "gaps" in top
    query = run("query", "--help", env={"COLUMNS": "100"}).output
    assert "query [OPTIONS] {NAME}" in " ".join(query.split()) and "KEY=VALUE" in query
