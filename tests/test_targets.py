"""The target model against the hand-made gold list tests/targets_002.yaml.

A TargetMetric node is *fully right* when one gold target of the same measure agrees on
every field: line, column, value (to 0.001), unit, comparator, deadline_fy, annual,
start_fy, the exact number text inside the gold span, and the qualitative wording (present
exactly when the gold has one; one contains the other). Precision = fully right / nodes;
recall = gold targets with a fully right node / gold targets with a measure (R063-T1 belongs
to a row no lineup measure matches: it is reported as metric_without_measure, not in the
graph). Figures are printed (``pytest -s``); the asserts hold the achieved level so that a
regression fails.
"""

from __future__ import annotations

import targets_gold
from targets_gold import squash

#: the gold list and 002's lines (module fixtures of tests/targets_gold.py)
gold, source_lines = targets_gold.gold, targets_gold.source_lines

FIELDS = ("value", "unit", "comparator", "deadline_fy", "annual", "start_fy", "column", "line")


def node_fields(d: dict) -> dict:
    """A TargetMetric or ReportedFigure node in the gold list's terms."""
    return {
        "value": d["value"],
        "unit": d["unit"],
        "comparator": d.get("comparator"),
        "deadline_fy": d.get("deadline_fy"),
        "annual": bool(d.get("annual")),
        "start_fy": d.get("start_fy"),
        "year": d.get("year"),
        "column": d.get("column"),
        "line": d.get("line"),
        "text": d["text"],
        "qualitative": d.get("qualitative"),
    }


def mismatches(node: dict, g: dict, fields=FIELDS) -> list[str]:
    """The fields on which a node disagrees with a gold entry (empty: fully right)."""
    bad = []
    for f in fields:
        a, b = node[f], g[f]
        if f == "value":
            if abs(float(a) - float(b)) > 0.001:
                bad.append(f)
        elif a != b:
            bad.append(f)
    if squash(node["text"]) not in squash(g["span"]):
        bad.append("span")
    q, gq = squash(node["qualitative"]), squash(g["qualitative"])
    if bool(q) != bool(gq) or (q and q not in gq and gq not in q):
        bad.append("qualitative")
    return bad


def nodes_of(graph, label: str) -> dict[str, dict]:
    return {n: d for n, d in graph.nodes(data=True) if d["label"] == label}


def measure_of(node_id: str) -> str:
    return node_id.split("-")[0]


def evaluate(graph, gold: dict, label: str, kinds: set[str], fields=FIELDS) -> dict:
    """Precision (fully right nodes / nodes), recall (gold entries of a measure with a fully
    right node / such entries), and the misses, for nodes of ``label`` and gold ``kinds``."""
    entries = [e for e in gold["entries"] if e["kind"] in kinds]
    with_measure = [e for e in entries if e["measure"] is not None]
    nodes = {k: d for k, d in nodes_of(graph, label).items() if d.get("kind") in kinds}
    right: dict[str, str] = {}
    wrong: dict[str, list[str]] = {}
    for nid, d in nodes.items():
        n = node_fields(d)
        cands = [
            e for e in with_measure if e["measure"] == measure_of(nid) and e["kind"] == d["kind"]
        ]
        best = min(
            ((mismatches(n, e, fields), e) for e in cands),
            key=lambda x: (len(x[0]), x[1]["id"] in right.values()),
            default=(["no gold entry"], None),
        )
        if not best[0] and best[1]["id"] not in right.values():
            right[nid] = best[1]["id"]
        else:
            wrong[nid] = best[0] + ([best[1]["id"]] if best[1] else [])
    found = set(right.values())
    missed = [e["id"] for e in with_measure if e["id"] not in found]
    return {
        "nodes": len(nodes),
        "gold": len(with_measure),
        "gold_all": len(entries),
        "right": len(right),
        "precision": len(right) / len(nodes) if nodes else 0.0,
        "recall": len(found) / len(with_measure) if with_measure else 0.0,
        "wrong": wrong,
        "missed": missed,
    }


def print_evaluation(what: str, r: dict) -> None:
    """The figures of :func:`evaluate` in one line (``pytest -s``)."""
    print(
        f"\n{what}: {r['nodes']} nodes, {r['right']} fully right; precision (all fields) "
        f"{r['precision']:.3f}, recall {r['recall']:.3f} of {r['gold']} gold entries with a "
        f"measure ({r['gold_all']} in all); wrong {r['wrong']}; missed {r['missed']}"
    )


def test_target_precision_and_recall(built, gold):
    r = evaluate(built.graph, gold, "TargetMetric", {"target"})
    print_evaluation("targets", r)
    # achieved level (issue 13's goals: precision >= 0.95, recall >= 0.9)
    assert r["precision"] >= 0.95
    assert r["recall"] >= 0.9


def test_baselines_and_actuals(built, gold):
    """Baselines and actuals (ReportedFigure) on value, unit, comparator, year, column,
    line and span; printed, with the achieved level held."""
    fields = ("value", "unit", "comparator", "year", "column", "line")
    r = evaluate(built.graph, gold, "ReportedFigure", {"baseline", "actual"}, fields)
    print_evaluation("baselines+actuals", r)
    assert r["precision"] >= 0.89  # 69 of 77 extracted figures right on every field
    assert r["recall"] >= 0.89  # 69 of the 77 figures of the hand-made list


def test_issue_cases(built):
    """The cases of issue 13, each against 002."""
    g = built.graph.nodes
    targets = {n: d for n, d in g(data=True) if d["label"] == "TargetMetric"}
    # M030: 1人当たり is a rate's denominator, never a target of 1人
    assert not any(d["unit"] == "人" and d["value"] == 1.0 for d in targets.values())
    assert g["M030-K1"]["value"] == 206.0
    assert [g[f"M030-K{k}"]["actual"] for k in (1, 2, 3, 4)] == [208.0, 85.9, 64173.0, 97.3]
    assert g["M030-K5"]["actual"] is None and g["M030-K5"]["deadline_fy"] == 2024
    # M067: 70.7% is the 令和2年度 baseline, the target is 75% by 令和7年度
    assert (g["M067-K1"]["value"], g["M067-K1"]["deadline_fy"]) == (75.0, 2025)
    assert (g["M067-B1"]["kind"], g["M067-B1"]["value"], g["M067-B1"]["year"]) == (
        "baseline",
        70.7,
        2020,
    )
    assert g["M067-K1"]["baseline"] == 70.7
    # M076: one target from the OCR-repeated block (lines 155–173), the repeats reported
    assert [n for n in targets if n.startswith("M076-")] == ["M076-K1"]
    repeats = [p for p in built.report.problems if p.kind == "duplicate_figure"]
    # the loader already merges identical cells; 7 differing copies of the cell remain
    assert sum(1 for p in repeats if p.text == "10,000人" and "OCR repeat" in p.message) == 7
    # M008: 3人に2人 is a share of 2/3, not 2 人; 令和7年度以降…年間 starts a recurring target
    assert (g["M008-K1"]["value"], g["M008-K1"]["unit"]) == (0.667, "ratio")
    assert (g["M008-K3"]["annual"], g["M008-K3"]["start_fy"], g["M008-K3"]["deadline_fy"]) == (
        True,
        2025,
        None,
    )
    # M050: 令和7年度の目標値 (not 2024)
    assert {g["M050-K1"]["deadline_fy"], g["M050-K2"]["deadline_fy"]} == {2025}
    # M142: all prefectures (ratio 1.0), actual 38 都道府県, not 1 団体
    assert (g["M142-K1"]["value"], g["M142-K1"]["unit"], g["M142-K1"]["actual"]) == (
        1.0,
        "ratio",
        None,
    )
    assert any(
        d.get("value") == 38.0 and d.get("unit") == "都道府県"
        for n, d in g(data=True)
        if n.startswith("M142-A")
    )
    # M103: the actual is 3 prefectures, not the 50% threshold
    assert not any(d.get("value") == 50.0 for n, d in g(data=True) if n.startswith("M103-A"))
    # missed before: M060 95自治体, M053's second 8割, M079 486市町村, M109 7,390人, M129 毎年80%
    assert (g["M060-K1"]["value"], g["M060-K1"]["unit"], g["M060-K1"]["actual"]) == (
        95.0,
        "自治体",
        46.0,
    )
    assert sum(1 for n in targets if n.startswith("M053-") and targets[n]["value"] == 0.8) == 2
    assert any(d["value"] == 486.0 and d["column"] == "review" for n, d in targets.items())
    assert any(d["value"] == 7390.0 and d["deadline_fy"] == 2026 for d in targets.values())
    assert (g["M129-K1"]["annual"], g["M129-K1"]["start_fy"]) == (True, 2024)


def test_every_target_text_is_on_its_line(built, source_lines):
    for n, d in built.graph.nodes(data=True):
        if d["label"] in ("TargetMetric", "ReportedFigure"):
            line = source_lines[d["line"] - 1]
            assert d["text"] in line and d["span"] in line, n
            assert d["src"].endswith(f":{d['line']}"), n


def test_overdue_targets(store, catalog):
    rows = catalog.run(store, "overdue-targets", {"as_of": 2025}).records()
    assert rows and all(r["deadline_fy"] < 2025 for r in rows)
    by_id = {r["id"]: r for r in rows}
    assert (by_id["M060-K1"]["actual"], by_id["M060-K1"]["met"]) == (46.0, False)
    assert (by_id["M030-K4"]["actual"], by_id["M030-K4"]["met"]) == (97.3, True)
    assert by_id["M123-K1"]["met"] is False  # 21.1% against 18.6%以下
    assert "M085-K1" not in by_id  # deadline 2030
    later = catalog.run(store, "overdue-targets", {"as_of": 2031}).records()
    assert "M085-K1" in {r["id"] for r in later} and len(later) > len(rows)


def test_baseline_is_not_a_target(store, catalog, built):
    res = catalog.run(store, "measures-without-target", {"pillar": "0"}).records()
    ids = {r["id"] for r in res}
    assert "M067" not in ids and "M015" in ids  # M015: actual 44.1% only
    assert next(r for r in res if r["id"] == "M015")["actuals"] == 1
    status = catalog.run(store, "measure-status", {"no": "67"}).records()[0]
    assert status["target_ids"] == ["M067-K1"]
    assert "M067-B1" in status["figure_ids"]
