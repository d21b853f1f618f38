"""Evaluation of recommendation → measure links against tests/link_judgments.tsv.

**Units.** A judgment row is about a *unit*: the recommendation itself, or — when its `ask`
column names one ask of an R7 proposal that the build split into asks — the ask whose text
contains that phrase (``R7-A1`` + 「24 時間相談できる SNS 相談窓口等を拡充・周知」 →
``R7-A1.7``). A unit's predicted measures are its own links and, for a proposal, the links of
all its asks.

**Counting.** A (unit, measure) pair judged ``yes`` and predicted is a true positive; judged
``yes`` and not predicted a false negative; judged ``no`` and predicted a false positive. A
unit judged ``not_an_ask`` / ``no_measure_kind`` / ``gap`` and with no ``yes`` row should
have no link at all: each of its predicted measures is a false positive. Predicted pairs not
judged otherwise are *unjudged*: left out of precision, reported, and counted as wrong in the
``conservative`` precision.

**Cross-validation.** What is tuned — the logistic model's weights and the threshold (the one maximising F0.5) — is
fitted on 4 folds of the recommendations (grouped by proposal, so the asks of one proposal
stay together, and the items of one theme too, as they share a response and sibling
features; fold = position in group order mod 5) and applied to the fifth; the five
held-out predictions together are evaluated once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kodoku_graph.graph.linking import (
    Candidate,
    CuratedDecisions,
    candidates,
    confidence,
    find_citations,
    fit,
)

JUDGMENTS = Path(__file__).parent / "link_judgments.tsv"
COLUMNS = ["rec_id", "measure_no", "verdict", "ask", "reason"]
DASH = {"not_an_ask", "no_measure_kind", "gap"}
FOLDS = 5
THRESHOLDS = [round(0.05 * k, 2) for k in range(4, 19)]  # 0.20 … 0.90


def read_rows() -> list[dict[str, str]]:
    """The judgment rows (header comments skipped)."""
    lines = JUDGMENTS.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if not line.startswith("#")]
    assert body[0].split("\t") == COLUMNS
    return [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in body[1:]]


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


@dataclass
class Gold:
    """The judgments resolved to units of a built graph."""

    yes: set[tuple[str, str]]
    no: set[tuple[str, str]]
    dash: set[str]  # units with a dash verdict and no yes row: any link is wrong
    unit_of_row: list[str]
    children: dict[str, list[str]]  # proposal -> its asks
    parent: dict[str, str]  # ask -> proposal


def resolve(graph: Any, rows: list[dict[str, str]] | None = None) -> Gold:
    """Map every judgment row to its unit in ``graph`` (a networkx graph of a build)."""
    rows = rows if rows is not None else read_rows()
    children: dict[str, list[str]] = defaultdict(list)
    parent: dict[str, str] = {}
    for n, d in graph.nodes(data=True):
        if d["label"] == "Recommendation" and d.get("parent"):
            children[d["parent"]].append(n)
            parent[n] = d["parent"]
    yes: set[tuple[str, str]] = set()
    no: set[tuple[str, str]] = set()
    dashed: set[str] = set()
    units: list[str] = []
    for r in rows:
        unit = r["rec_id"]
        if r["ask"] and children.get(unit):
            phrase = squeeze(r["ask"])
            unit = next(
                (a for a in children[unit] if phrase in squeeze(graph.nodes[a]["text"])), unit
            )
        units.append(unit)
        if r["measure_no"] == "-":
            dashed.add(unit)
        else:
            mid = f"M{int(r['measure_no']):03d}"
            (yes if r["verdict"] == "yes" else no).add((unit, mid))
    no -= yes
    with_yes = {u for u, _ in yes}
    return Gold(yes, no, dashed - with_yes, units, dict(children), parent)


def unit_predictions(links: dict[str, set[str]], gold: Gold) -> dict[str, set[str]]:
    """Predicted measures of every unit: its own links, plus its asks' for a proposal."""
    out: dict[str, set[str]] = defaultdict(set)
    for rec, ms in links.items():
        out[rec] |= ms
        if rec in gold.parent:
            out[gold.parent[rec]] |= ms
    return out


@dataclass
class Score:
    tp: int
    fp: int
    fn: int
    unjudged: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def conservative_precision(self) -> float:
        d = self.tp + self.fp + self.unjudged
        return self.tp / d if d else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def f05(self) -> float:
        """F-beta with beta = 0.5: precision weighs twice recall (a gap list to trust)."""
        p, r = self.precision, self.recall
        return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0

    def line(self) -> str:
        return (
            f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f} "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn}; unjudged {self.unjudged}, "
            f"conservative P {self.conservative_precision:.3f})"
        )


def score(links: dict[str, set[str]], gold: Gold, only: set[str] | None = None) -> Score:
    """Precision/recall of ``links`` (rec -> measures) on the units in ``only`` (all
    judged units when None)."""
    pred = unit_predictions(links, gold)
    units = {u for u, _ in gold.yes | gold.no} | gold.dash
    if only is not None:
        units &= only
    tp = fp = fn = unjudged = 0
    for u in units:
        p = pred.get(u, set())
        ys = {m for x, m in gold.yes if x == u}
        ns = {m for x, m in gold.no if x == u}
        tp += len(p & ys)
        fn += len(ys - p)
        if u in gold.dash:
            fp += len(p)
        else:
            fp += len(p & ns)
            unjudged += len(p - ys - ns)
    return Score(tp, fp, fn, unjudged)


def label(x: Candidate, gold: Gold) -> int | None:
    """1/0 for a judged candidate (its ask's judgment first, then its proposal's), None."""
    for unit in (x.rec, gold.parent.get(x.rec)):
        if unit is None:
            continue
        if (unit, x.measure) in gold.yes:
            return 1
        if (unit, x.measure) in gold.no or unit in gold.dash:
            return 0
    return None


class _G:
    """The ``.graph`` a GraphBuilder offers, over a built networkx graph."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph


def all_candidates(graph: Any, curated: dict[str, Any]) -> dict[str, dict[str, Candidate]]:
    """The linker's candidates of a built graph under ``curated`` (``{}``: automatic alone)."""
    measures = {m: d["name"] for m, d in graph.nodes(data=True) if d["label"] == "Measure"}
    responses = {r: d["text"] for r, d in graph.nodes(data=True) if d["label"] == "Response"}
    cites: dict[str, list] = {}
    for c in find_citations(responses, measures, curated.get("programs") or []):
        cites.setdefault(c.response, []).append(c)
    return candidates(_G(graph), curated, cites)


def predict(
    cands: dict[str, dict[str, Candidate]],
    weights: list[float],
    threshold: float,
    ruled: CuratedDecisions | None = None,
    recs: set[str] | None = None,
) -> dict[str, set[str]]:
    """Links the model makes and the curated file's decisions (``ruled``: its accepted
    pairs added, its refused pairs and no-measure recommendations kept from automatic
    links) for ``recs`` (all when None) — the rule the build applies."""
    out: dict[str, set[str]] = defaultdict(set)
    for rec, cs in cands.items():
        if recs is not None and rec not in recs:
            continue
        for x in cs.values():
            if confidence(x, weights) >= threshold and not (ruled and ruled.blocks(rec, x.measure)):
                out[rec].add(x.measure)
    for rec, mid in ruled.accept if ruled else ():
        if recs is None or rec in recs:
            out[rec].add(mid)
    return out


def training_rows(
    cands: dict[str, dict[str, Candidate]], gold: Gold, recs: set[str]
) -> list[tuple[list[float], int, Candidate]]:
    rows = []
    for rec in sorted(recs):
        for x in cands.get(rec, {}).values():
            y = label(x, gold)
            if y is not None:
                rows.append((x.features(), y, x))
    return rows


def tune(
    cands: dict[str, dict[str, Candidate]],
    gold: Gold,
    recs: set[str],
    ruled: CuratedDecisions | None = None,
) -> tuple[list[float], float]:
    """Weights fitted on ``recs`` and the threshold maximising F0.5 there (precision first:
    the issue's goal puts precision 0.9 before recall 0.85)."""
    rows = training_rows(cands, gold, recs)
    w = fit([(f, y) for f, y, _ in rows])
    units = recs | {gold.parent.get(r, r) for r in recs}
    best = max(
        THRESHOLDS,
        key=lambda t: (score(predict(cands, w, t, ruled, recs), gold, units).f05, -t),
    )
    return w, best


def group_of(rec: str, gold: Gold) -> str:
    """What stays in one fold: the items of one theme (R3–R6 ``R5-T14-2`` → ``T14``; they
    share a response and sibling features), the asks of one R7 proposal."""
    root = gold.parent.get(rec, rec)
    m = re.match(r"R\d+-(T\d+)-", root)
    return m.group(1) if m else root


def folds(recs: list[str], gold: Gold) -> list[set[str]]:
    """5 folds of recommendations, grouped by :func:`group_of`, by position in group order."""
    roots = sorted({group_of(r, gold) for r in recs})
    fold_of = {root: k % FOLDS for k, root in enumerate(roots)}
    out: list[set[str]] = [set() for _ in range(FOLDS)]
    for r in recs:
        out[fold_of[group_of(r, gold)]].add(r)
    return out


def cross_validate(
    cands: dict[str, dict[str, Candidate]], gold: Gold, ruled: CuratedDecisions | None = None
) -> tuple[Score, list[float]]:
    """Held-out score over 5 folds, and the thresholds chosen per fold. The curated
    decisions (``ruled``) are not tuned: they apply in every fold."""
    recs = sorted(cands)
    parts = folds(recs, gold)
    links: dict[str, set[str]] = defaultdict(set)
    chosen = []
    for k in range(FOLDS):
        train = set().union(*(parts[j] for j in range(FOLDS) if j != k))
        w, t = tune(cands, gold, train, ruled)
        chosen.append(t)
        for rec, ms in predict(cands, w, t, ruled, parts[k]).items():
            links[rec] |= ms
    # curated links on recommendations without candidates (background, proposals)
    for rec, mid in ruled.accept if ruled else ():
        links[rec].add(mid)
    return score(links, gold), chosen
