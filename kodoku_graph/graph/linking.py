"""Recommendation → measure links, each with its evidence.

* ``CITES`` (Response → Measure): the response names a programme that is a lineup measure.
  Found two ways, both with the exact span of the response as evidence: the measure's
  own name (its 「…」 part, or the name without a trailing の推進/の活用/… ) printed in the
  response (score 1.0), and the curated programme phrases of
  ``data/curated/recommendation_links.yaml`` (score 1.0). Where two found spans overlap,
  the longer wins (地方版孤独・孤立対策官民連携プラットフォーム → No. 142, not No. 141).
* ``ADDRESSED_BY`` (Recommendation → Measure), method
  ``response`` — through the citations of its theme's response (evidence: the cited span);
  ``text`` — character n-gram TF-IDF similarity of the recommendation and the measure's
  text (name, its components, and ``summary`` when the FY2024 status report is loaded),
  the top :data:`TEXT_TOP` measures with score >= :data:`TEXT_THRESHOLD`, evidence = the
  common terms; ``curated`` — the ``links`` of the YAML, evidence = the reason.
* ``Recommendation.status``: ``addressed`` (a measure linked), ``responded`` (answered by a
  response but no measure), ``open`` (neither).

The threshold was tuned on the hand-checked sample of tests/test_linking.py (see README).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kodoku_graph.errors import SourceParseError
from kodoku_graph.graph.build import GraphBuilder
from kodoku_graph.graph.model import RecommendationStatus
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.loaders.similarity import Match, TextIndex

#: Minimum similarity for a ``text`` link, and how many measures one recommendation gets.
TEXT_THRESHOLD = 0.15
TEXT_TOP = 2
#: Texts longer than this are also compared sentence by sentence.
LONG_TEXT = 80
SENTENCE_RE = re.compile(r"(?<=[。：])")

CURATED_FILE = "recommendation_links.yaml"
#: Words every text of this domain shares; removed before text similarity so that
#: "孤独・孤立対策の法制化" does not match every measure named 孤独・孤立対策の….
GENERIC_RE = re.compile(r"孤独[・･]?孤立(?:の問題)?(?:対策)?|Ⅲ[１-４]?(?:（[１-４]）)?[①-⑨]?|^・")


def topic_text(text: str) -> str:
    """The text without the domain's generic words (see :data:`GENERIC_RE`).

    >>> topic_text("・孤独・孤立対策の法制化等の検討")
    'の法制化等の検討'
    """
    return GENERIC_RE.sub("", text.strip())


QUOTED_RE = re.compile(r"「([^」]{4,})」")
GENERIC_TAIL_RE = re.compile(
    r"(?:の(?:推進|活用|運営|実施|充実|強化|整備|促進|支援|取組|検討|普及)|に向けた取組|等)+$"
)


def load_curated(curated_dir: Path) -> dict[str, Any]:
    """The curated linking file (programmes, links, concerns); missing = empty."""
    path = curated_dir / CURATED_FILE
    if not path.is_file():
        return {"programs": [], "links": [], "concerns": []}
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceParseError(
            CURATED_FILE, (mark.line + 1) if mark else 1, "valid YAML", str(exc)
        ) from exc
    for key in ("programs", "links", "concerns"):
        for n, entry in enumerate(doc.get(key) or [], start=1):
            if not isinstance(entry, dict) or not entry.get("reason"):
                raise SourceParseError(
                    CURATED_FILE, 1, f"{key} entry {n} with a reason", str(entry)
                )
    return doc


class NormText:
    """A text with its NFKC form and a map from NFKC positions back to the original.

    >>> t = NormText("ＮＰＯ等の支援")
    >>> t.find("NPO等")
    (0, 4)
    >>> t.text[0:4]
    'ＮＰＯ等'
    """

    def __init__(self, text: str) -> None:
        self.text = text
        parts: list[str] = []
        self.pos: list[int] = []
        for i, ch in enumerate(text):
            n = unicodedata.normalize("NFKC", ch)
            parts.append(n)
            self.pos.extend([i] * len(n))
        self.norm = "".join(parts)
        self.pos.append(len(text))

    def find_all(self, phrase: str) -> list[tuple[int, int]]:
        """Original (start, end) of every occurrence of ``phrase`` (compared after NFKC)."""
        p = unicodedata.normalize("NFKC", phrase)
        out, start = [], 0
        while p and (k := self.norm.find(p, start)) >= 0:
            out.append((self.pos[k], self.pos[k + len(p) - 1] + 1))
            start = k + 1
        return out

    def find(self, phrase: str) -> tuple[int, int] | None:
        spans = self.find_all(phrase)
        return spans[0] if spans else None


def measure_phrases(name: str) -> list[str]:
    """Phrases by which a response may name a measure: its 「…」 parts, and its name
    without generic endings (if still 6 characters or more).

    >>> measure_phrases("休眠預金等活用制度の活用")
    ['休眠預金等活用制度']
    >>> measure_phrases("「つながりサポーター」の養成に向けた取組")
    ['つながりサポーター']
    """
    out = [m.group(1) for m in QUOTED_RE.finditer(name)]
    stem = GENERIC_TAIL_RE.sub("", name)
    if not out and len(stem) >= 6:
        out.append(stem)
    return out


@dataclass
class Citation:
    response: str
    measure: str
    evidence: str
    start: int
    end: int
    how: str


def find_citations(
    responses: dict[str, str], measures: dict[str, str], programs: list[dict[str, Any]]
) -> list[Citation]:
    """CITES of every response: measure-name phrases and curated programme phrases found
    in the response; overlapping finds keep the longest span."""
    phrases: list[tuple[str, str, str]] = []  # (phrase, measure id, how)
    for mid, name in measures.items():
        phrases += [(p, mid, "name") for p in measure_phrases(name)]
    phrases += [(p["phrase"], f"M{int(p['measure']):03d}", "curated") for p in programs]
    out: list[Citation] = []
    for rid, text in responses.items():
        nt = NormText(text)
        found: list[Citation] = []
        for phrase, mid, how in phrases:
            if mid not in measures:
                continue
            for a, e in nt.find_all(phrase):
                found.append(Citation(rid, mid, text[a:e], a, e, how))
        found.sort(key=lambda c: (-(c.end - c.start), c.start))
        kept: list[Citation] = []
        for c in found:
            if any(k.start <= c.start and c.end <= k.end and k.measure != c.measure for k in kept):
                continue
            kept.append(c)
        seen: set[str] = set()
        for c in sorted(kept, key=lambda c: (c.start, c.measure)):
            if c.measure not in seen:  # first mention of each measure
                seen.add(c.measure)
                out.append(c)
    return out


def measure_texts(b: GraphBuilder) -> dict[str, str]:
    """Text of each measure for similarity: name, components, summary (when present)."""
    out = {}
    for mid, d in b.graph.nodes(data=True):
        if d["label"] != "Measure":
            continue
        parts = [d.get("name") or ""] + list(d.get("components") or [])
        if d.get("summary"):
            parts.append(d["summary"])
        out[mid] = topic_text(" ".join(parts))
    return out


def text_matches(index: TextIndex, text: str) -> list[Match]:
    """The measures most similar to ``text``: the whole text, and for a long text each of
    its sentences (a long R7 proposal names several programmes), best score per measure,
    the top :data:`TEXT_TOP` with score >= :data:`TEXT_THRESHOLD` and at least one common
    term (the evidence)."""
    parts = [text] + (
        [p for p in SENTENCE_RE.split(text) if len(p) >= 10] if len(text) > LONG_TEXT else []
    )
    best: dict[str, Match] = {}
    for part in parts:
        for m in index.search(topic_text(part), top=TEXT_TOP, threshold=TEXT_THRESHOLD):
            if not m.terms:  # similar n-grams but no common term to show as evidence
                continue
            if m.id not in best or m.score > best[m.id].score:
                best[m.id] = m
    return sorted(best.values(), key=lambda m: (-m.score, m.id))[:TEXT_TOP]


def link_recommendations(b: GraphBuilder, curated: dict[str, Any], report: QualityReport) -> None:
    """CITES, ADDRESSED_BY (response, text, curated) and Recommendation.status."""
    g = b.graph
    measures = {m: d["name"] for m, d in g.nodes(data=True) if d["label"] == "Measure"}
    responses = {r: d["text"] for r, d in g.nodes(data=True) if d["label"] == "Response"}
    cites: dict[str, list[Citation]] = {}
    for c in find_citations(responses, measures, curated.get("programs") or []):
        b.edge(
            c.response,
            c.measure,
            "CITES",
            g.nodes[c.response]["src"],
            evidence=c.evidence,
            score=1.0,
        )
        cites.setdefault(c.response, []).append(c)
    recs = sorted(r for r, d in g.nodes(data=True) if d["label"] == "Recommendation")
    linked: dict[str, set[str]] = {r: set() for r in recs}
    counts = {"response": 0, "text": 0, "curated": 0}

    def add(rec: str, mid: str, method: str, score: float, evidence: str) -> None:
        if mid in linked[rec]:
            return
        linked[rec].add(mid)
        counts[method] += 1
        b.edge(
            rec,
            mid,
            "ADDRESSED_BY",
            g.nodes[rec]["src"],
            key=f"ADDRESSED_BY-{method}",
            method=method,
            score=score,
            evidence=evidence,
        )

    for rec in recs:
        answers = [r for _, r, d in g.out_edges(rec, data=True) if d["type"] == "ANSWERED_BY"]
        for resp in answers:
            for c in cites.get(resp, []):
                add(rec, c.measure, "response", 1.0, c.evidence)
    index = TextIndex(measure_texts(b))
    for rec in recs:
        for m in text_matches(index, g.nodes[rec]["text"]):
            add(rec, m.id, "text", m.score, "、".join(m.terms[:5]))
    for entry in curated.get("links") or []:
        rec, mid = entry["recommendation"], f"M{int(entry['measure']):03d}"
        if rec not in g or mid not in g:
            report.add(
                "curated_link_unknown",
                CURATED_FILE,
                f"curated link {rec} → {mid}: unknown id",
                str(entry),
            )
            continue
        add(rec, mid, "curated", 1.0, entry["reason"])
    status_counts = {s.value: 0 for s in RecommendationStatus}
    for rec in recs:
        answered = any(d["type"] == "ANSWERED_BY" for _, _, d in g.out_edges(rec, data=True))
        status = (
            RecommendationStatus.addressed
            if linked[rec]
            else RecommendationStatus.responded
            if answered
            else RecommendationStatus.open
        ).value
        g.nodes[rec]["status"] = status
        status_counts[status] += 1
    report.stat("linking", "cites", sum(len(v) for v in cites.values()))
    for k, v in counts.items():
        report.stat("linking", f"addressed_by_{k}", v)
    for k, v in status_counts.items():
        report.stat("linking", f"status_{k}", v)
    report.stat("linking", "text_threshold", TEXT_THRESHOLD)
