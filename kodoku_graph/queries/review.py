"""Reviewing links, shared by ``kodoku review`` and the API's ``POST /reviews``: check that
the recommendation and measure exist in the current build, note what the reviewer saw (the
candidate's method, confidence and evidence) and record the decision in ``reviews.yaml``
(:mod:`kodoku_graph.graph.reviews`). Reads only catalog queries."""

from __future__ import annotations

import csv
import io
from typing import Any

from kodoku_graph.errors import NotFoundError, ParameterError
from kodoku_graph.graph.reviews import Decision, load_reviews, make_decision, record
from kodoku_graph.graph.stores.base import Store
from kodoku_graph.queries import Catalog
from kodoku_graph.settings import Settings

#: A CSV cell starting with one of these is prefixed with ' so a spreadsheet does not run
#: it as a formula (notes are free text).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def candidate(catalog: Catalog, store: Store, rec: str, no: int) -> dict[str, Any] | None:
    """The CANDIDATE row of (``rec``, No. ``no``), or ``None`` if the linker did not consider
    the pair (a reviewer adding a measure)."""
    rows = catalog.run(store, "recommendation-candidates", {"id": rec}).records()
    return next((r for r in rows if r["measure"] == no), None)


def check_pair(catalog: Catalog, store: Store, rec: str, no: int) -> None:
    """:class:`NotFoundError` unless ``rec`` is a recommendation that is linked (an item or
    an R7 ask) and No. ``no`` a measure of the current build."""
    rows = catalog.run(store, "node", {"id": rec}).records()
    node = rows[0]["node"] if rows else None
    if not node or node.get("label") != "Recommendation":
        raise NotFoundError(f"no recommendation {rec!r} in the current build")
    if node.get("kind") not in ("item", "ask"):
        raise ParameterError(
            f"{rec} is an R7 {node.get('kind')}: it is not linked itself; decide its asks"
        )
    if not catalog.run(store, "measure-node", {"no": no}).rows:
        raise NotFoundError(f"no measure No. {no} (the lineup has 1–143)")


def evidence_seen(row: dict[str, Any] | None) -> str:
    """What the reviewer saw of the automatic verdict, as one line for ``reviews.yaml``."""
    if row is None:
        return "not a candidate (measure added by the reviewer)"
    verdict = "linked" if row["linked"] else "not linked"
    return f"{verdict}; {row['method']} {row['confidence']:.2f}: {row['evidence'] or '-'}"


def submit(
    settings: Settings,
    catalog: Catalog,
    store: Store,
    rec: str,
    measure: int | str,
    decision: str,
    note: str,
    *,
    reviewer: str,
) -> Decision:
    """Check and record one decision (see the module docstring); returns it."""
    d = make_decision(rec, measure, decision, note, reviewer=reviewer)  # checks values first
    check_pair(catalog, store, d.recommendation, d.measure)
    seen = evidence_seen(candidate(catalog, store, d.recommendation, d.measure))
    return record(
        settings.curated_dir, d.recommendation, d.measure, d.decision, d.note,
        reviewer=d.reviewer, evidence=seen,
    )  # fmt: skip


#: The columns of the decision log (:func:`decision_log`).
LOG_COLUMNS = [
    "recommendation", "measure", "decision", "reviewer", "at", "note", "evidence", "src",
    "state", "automatic", "disagrees",
]  # fmt: skip


def decision_log(settings: Settings, catalog: Catalog, store: Store) -> list[dict[str, Any]]:
    """Every decision of ``reviews.yaml``, newest first, with ``state``: ``applied`` (it
    decides its pair in the current build), ``superseded`` (a later decision on the pair) or
    ``not applied`` (its recommendation or measure is not in the build, see the report);
    ``automatic`` the linker's own verdict and ``disagrees`` whether the reviewer differs."""
    decisions = load_reviews(settings.curated_dir)
    cands = {
        (r["recommendation"], r["measure"]): r
        for r in catalog.run(
            store, "review-candidates", {"pending": False, "year": 0, "theme": 0, "ministry": ""}
        ).records()
    }
    out = []
    for d in sorted(decisions, key=lambda d: d.at, reverse=True):
        c = cands.get((d.recommendation, d.measure))
        if c is None:
            state = "not applied"
        elif c["decided_at"] == d.at and c["decision"] == d.decision:
            state = "applied"
        else:
            state = "superseded"
        automatic = c["automatic"] if c else None
        disagrees = None if automatic is None else automatic != (d.decision == "accept")
        out.append({
            "recommendation": d.recommendation, "measure": d.measure, "decision": d.decision,
            "reviewer": d.reviewer, "at": d.at, "note": d.note, "evidence": d.evidence,
            "src": d.src, "state": state, "automatic": automatic, "disagrees": disagrees,
        })  # fmt: skip
    return out


def safe_cell(value: Any) -> str:
    """A CSV cell: lists joined by ``; ``, None empty, a leading formula character quoted.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell(["a", "b"]), safe_cell(None)
    ("'=HYPERLINK(1)", 'a; b', '')
    """
    if value is None:
        return ""
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def rows_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """CSV of ``rows`` (free text guarded by :func:`safe_cell`)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([safe_cell(r.get(c)) for c in columns])
    return buf.getvalue()
