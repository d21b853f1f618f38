"""Recommendation nodes of 001: themes, items, responses, and the edges among them.

* ``RecommendationTheme`` ``T12`` (row, response), ``Recommendation`` ``R4-T12-1`` /
  ``R7-…``, ``Response`` ``RESP-T12``;
* ``ON_THEME``, ``ANSWERED_BY``; ``PART_OF`` from an R7 ask to the proposal it was split
  from (``R7-A1.3`` → ``R7-A1``);
* ``FOLLOWS_UP`` from an item to the item of the previous year on the same theme that
  carries the same idea (character n-gram similarity >= :data:`FOLLOW_THRESHOLD`, the best
  one per item);
* ``CONCERNS`` to pillars from R6 section references ``Ⅲ２（k）`` and, for R7, from the
  curated grouping of the body (``concerns`` of recommendation_links.yaml).
"""

from __future__ import annotations

from typing import Any

from kodoku_graph.graph.build import GraphBuilder
from kodoku_graph.loaders.ldp import Ldp
from kodoku_graph.loaders.similarity import TextIndex

#: Minimum similarity of two items of consecutive years for a FOLLOWS_UP edge.
FOLLOW_THRESHOLD = 0.2


def add_recommendations(b: GraphBuilder, ldp: Ldp, curated: dict[str, Any]) -> None:
    """Add themes, items, responses and ON_THEME / ANSWERED_BY / FOLLOWS_UP / CONCERNS."""
    years: dict[int, set[int]] = {}
    for it in ldp.items():
        if it.theme:
            years.setdefault(it.theme, set()).add(it.year)
    for t in ldp.themes:
        tid = f"T{t.row}"
        b.node(
            tid,
            "RecommendationTheme",
            t.src,
            row=t.row,
            response=t.response,
            years=len(years.get(t.row, ())),
        )
        if t.response:
            b.node(f"RESP-{tid}", "Response", t.response_src, text=t.response)
    for it in ldp.items():
        b.node(
            it.id,
            "Recommendation",
            it.src,
            reiwa=it.reiwa,
            year=it.year,
            theme=it.theme or 0,
            text=it.text,
            section=it.section,
            status="open",
            year_uncertain=it.year_uncertain,
            displaced=it.displaced,
            kind=it.kind,
            parent=it.parent,
            best_measure="",
            confidence=0.0,
            best_evidence="",
            gap_reason="",
        )
        if it.parent:
            b.edge(it.id, it.parent, "PART_OF", it.src)
        if it.theme:
            b.edge(it.id, f"T{it.theme}", "ON_THEME", it.src)
            if f"RESP-T{it.theme}" in b.graph:
                b.edge(it.id, f"RESP-T{it.theme}", "ANSWERED_BY", it.src)
    add_follows_up(b, ldp)
    add_concerns(b, ldp, curated.get("concerns", []))


def add_follows_up(b: GraphBuilder, ldp: Ldp) -> None:
    for t in ldp.themes:
        by_year: dict[int, list] = {}
        for it in t.items:
            by_year.setdefault(it.reiwa, []).append(it)
        for r, items in by_year.items():
            earlier = by_year.get(r - 1)
            if not earlier:
                continue
            idx = TextIndex({e.id: e.text for e in earlier})
            for it in items:
                hits = idx.search(it.text, top=1, threshold=FOLLOW_THRESHOLD)
                if hits:
                    b.edge(it.id, hits[0].id, "FOLLOWS_UP", it.src)


def add_concerns(b: GraphBuilder, ldp: Ldp, concerns: list[dict[str, Any]]) -> None:
    by_section = {c["section"]: c for c in concerns if "section" in c}
    by_id = {c["id"]: c for c in concerns if "id" in c}
    for it in ldp.items():
        pairs: list[tuple[int, str]] = [(p, it.section) for p in it.pillars]
        entry = by_id.get(it.id) or by_section.get(it.section) if it.reiwa == 7 else None
        if entry:
            pairs += [(p, f"{it.section} (curated: {entry['reason']})") for p in entry["pillars"]]
        for p, via in pairs:
            if f"P{p}" in b.graph:
                b.edge(it.id, f"P{p}", "CONCERNS", it.src, key=f"CONCERNS-{p}", via=via)
