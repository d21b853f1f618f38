"""Precision, recall and F1 of the recommendation → measure links against the hand judgments
(tests/link_judgments.tsv), 5-fold cross-validated for what is tuned (the logistic model's
weights and the threshold), automatic alone (no curated file) and with the curated entries
(data/curated/recommendation_links.yaml). See tests/link_eval.py for units and counting.

Issue 12's goal is precision >= 0.9 and recall >= 0.85; the numbers reached are asserted
below (so a regression fails) and printed with ``pytest -s``. Before issue 12 the linker
scored precision 0.587, recall 0.497 on the same judgments. The automatic linker alone stays
far below the goal (about 0.70 / 0.40): most right links are theme-level answers whose
measure the response describes without naming it. The curated file's theme entries were
made by a second reading, without the judgments: before the two readings' 80 disagreements
(and 45 pairs only one of them had judged) were adjudicated by a third, they agreed at
precision 0.949, recall 0.798 (curated alone) — the honest estimate of the curated part;
after adjudication both files agree by construction, so the "curated" figures below measure
the build's rules (excepted pairs, no-measure entries, the automatic links they let
through), not the readers."""

from __future__ import annotations

import pytest
from conftest import CURATED_DIR
from link_eval import (
    all_candidates,
    cross_validate,
    read_rows,
    resolve,
    score,
    training_rows,
    tune,
)

from kodoku_graph.graph.linking import MODEL, curated_decisions, fit, load_curated


@pytest.fixture(scope="module")
def gold(built):
    return resolve(built.graph)


@pytest.fixture(scope="module")
def curated():
    return load_curated(CURATED_DIR)


def test_every_ask_phrase_names_one_ask(built, gold):
    rows = read_rows()
    for r, unit in zip(rows, gold.unit_of_row, strict=True):
        if r["ask"] and r["rec_id"] in gold.children:
            assert unit in gold.children[r["rec_id"]], r  # resolved to an ask of the proposal
    assert gold.unit_of_row[rows.index(next(r for r in rows if "SNS 相談窓口" in r["ask"]))] == (
        "R7-A1.7"
    )


def test_built_links_score(built, gold):
    links: dict[str, set[str]] = {}
    for s, t, d in built.graph.edges(data=True):
        if d["type"] == "ADDRESSED_BY":
            links.setdefault(s, set()).add(t)
    s = score(links, gold)
    print("\nbuilt graph (model fitted on all judgments):", s.line())
    # 0.989 / 1.000: the 4 false positives are automatic links of theme 42's items to
    # No. 116 (民生委員 named in the response, confidence >= 0.94) that both readings refuse
    assert s.precision >= 0.98 and s.recall >= 0.99


def test_model_is_the_fit_on_all_judgments(built, gold, curated):
    cands = all_candidates(built.graph, curated)
    rows = training_rows(cands, gold, set(cands))
    assert fit([(f, y) for f, y, _ in rows]) == pytest.approx(MODEL["weights"], abs=2e-3)
    # the thresholds: F0.5-best with the curated decisions, and without them (recommendations
    # the curated file has not read)
    ruled = curated_decisions(built.graph, curated)
    assert tune(cands, gold, set(cands), ruled)[1] == MODEL["threshold"]
    assert tune(cands, gold, set(cands), None)[1] == MODEL["threshold_alone"]


@pytest.mark.parametrize("config", ["automatic", "curated"])
def test_cross_validated_precision_recall(built, gold, curated, config):
    use = curated if config == "curated" else {}
    ruled = curated_decisions(built.graph, curated) if config == "curated" else None
    s, thresholds = cross_validate(all_candidates(built.graph, use), gold, ruled)
    print(f"\n{config} (5-fold CV, thresholds {thresholds}):", s.line())
    floor = {"automatic": (0.69, 0.38, 0.49), "curated": (0.98, 0.99, 0.98)}[config]
    assert (s.precision, s.recall, s.f1) >= floor or (
        s.precision >= floor[0] and s.recall >= floor[1] and s.f1 >= floor[2]
    )
