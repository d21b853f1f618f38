"""Recommendation → measure links, each with its evidence and a calibrated confidence.

* ``CITES`` (Response → Measure): the response names a programme that is a lineup measure —
  the measure's own name (its 「…」 part, or the name without a trailing の推進/の活用/…) or
  a curated programme phrase of ``data/curated/recommendation_links.yaml``, with the exact
  span as evidence. Where two spans overlap the longer wins (地方版孤独・孤立対策官民連携
  プラットフォーム → No. 142, not No. 141); one name shared by two measures (Nos. 85/139)
  cites both; a span followed by 分科会/会員/総会 (the programme as a venue) or inside a long
  「…」 quotation (a quoted plan passage) is no citation.
* Candidates (:func:`candidates`) for every item (R3–R6) and ask (R7; proposals are linked
  through their asks, background not at all): the measures its response cites, those whose
  curated phrase its text contains, and the top measures by BM25 over sudachi content
  terms (loaders/terms.py) and by character n-grams (loaders/similarity.py) of each
  measure's name, components and FY2024 summary/goal/achievement. Generic words are never
  sole evidence: a candidate that is neither cited with a shared key term nor curated
  needs a distinctive shared term.
* Confidence: a logistic model (:data:`MODEL`) of the candidate's features, fitted on the
  hand judgments of tests/link_judgments.tsv; a candidate with confidence >=
  ``MODEL["threshold"]`` becomes ``ADDRESSED_BY`` with ``confidence``, method
  ``response`` (cited, key term shared), ``curated`` (curated phrase in its own text, or a
  curated ``links`` entry), ``theme`` (cited by its theme's response, no key term shared)
  or ``text``; tests/test_link_eval.py reports the 5-fold cross-validated precision and
  recall with and without the curated file.
* Read entries (:func:`curated_decisions`): the curated file's ``themes`` (a measure that
  carries every item of a theme row but its ``except`` list), ``links`` and ``no_measure``
  (the kind of ask no measure carries). They link with method ``curated``; excepted pairs and
  no-measure recommendations get no automatic link; a read recommendation gets automatic
  links only from ``MODEL["threshold"]``, an unread one from ``MODEL["threshold_alone"]``.
* ``Recommendation.status`` (:class:`RecommendationStatus`): ``addressed`` (a response
  citation with a shared key term or a curated entry names the measure),
  ``likely_addressed`` (text or theme evidence only), ``responded``, ``open``, and
  ``not_an_ask`` for R7 background; a proposal takes its weakest ask's status. Every
  recommendation carries its best measure (or best candidate below the threshold),
  confidence and evidence, and a gap its ``gap_reason``: ``no candidate``, ``below
  threshold`` or ``kind: organisation|legislation|international|tax`` (:func:`ask_kind`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from kodoku_graph.errors import SourceParseError
from kodoku_graph.graph.build import GraphBuilder
from kodoku_graph.graph.model import RecommendationStatus
from kodoku_graph.graph.reviews import Decision, effective
from kodoku_graph.loaders.quality import QualityReport
from kodoku_graph.loaders.similarity import TextIndex
from kodoku_graph.loaders.terms import BM25, distinctive, terms

CURATED_FILE = "recommendation_links.yaml"
#: The sections of the curated file (see its header).
CURATED_KEYS = ("programs", "links", "themes", "no_measure", "concerns")
#: Why a recommendation gets no measure (``no_measure`` entries): an ask of a kind no lineup
#: measure carries, ``gap`` (a measure could carry it, none does) or ``not_an_ask``.
NO_MEASURE_KINDS = (
    "organisation", "legislation", "international", "tax", "other", "gap", "not_an_ask"
)  # fmt: skip
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
        return {key: [] for key in CURATED_KEYS}
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceParseError(
            CURATED_FILE, (mark.line + 1) if mark else 1, "valid YAML", str(exc)
        ) from exc
    for key in CURATED_KEYS:
        for n, entry in enumerate(doc.get(key) or [], start=1):
            if not isinstance(entry, dict) or not entry.get("reason"):
                raise SourceParseError(
                    CURATED_FILE, 1, f"{key} entry {n} with a reason", str(entry)
                )
            if key == "no_measure" and entry.get("kind") not in NO_MEASURE_KINDS:
                raise SourceParseError(
                    CURATED_FILE,
                    1,
                    f"no_measure entry {n} with a kind of {', '.join(NO_MEASURE_KINDS)}",
                    str(entry),
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
    #: named as the venue of something (分科会…) or inside a quoted passage: a mention the
    #: linker weighs, not a CITES edge
    weak: bool = False


#: A citation followed by this names the forum where something was discussed (官民連携
#: プラットフォームの分科会), not the programme that carries the ask.
VENUE_RE = re.compile(r"^[\s　]*(?:の)?(?:分科会|会員|総会)")
#: A quotation this long is a passage of another document (the plan: 「…」), not a name.
QUOTED_PASSAGE = 40


def is_venue(text: str, c: Citation) -> bool:
    """Whether the cited span is followed by 分科会/会員/総会 (the programme as a venue).

    >>> c = Citation("R", "M141", "官民連携プラットフォーム", 0, 12, "name")
    >>> is_venue("官民連携プラットフォーム分科会１での検討を踏まえ", c)
    True
    """
    return bool(VENUE_RE.match(text[c.end : c.end + 6]))


def in_quoted_passage(text: str, c: Citation) -> bool:
    """Whether the cited span lies inside a long 「…」 quotation (a quoted plan passage).

    >>> text = "重点計画に以下のように明記。「" + "あ" * 40 + "つながりサポーター」"
    >>> in_quoted_passage(text, Citation("R", "M012", "つながりサポーター", 55, 64, "name"))
    True
    """
    depth, open_at = 0, -1
    for i, ch in enumerate(text[: c.start]):
        if ch == "「":
            depth += 1
            if depth == 1:
                open_at = i
        elif ch == "」" and depth:
            depth -= 1
    if depth == 0:
        return False
    close = text.find("」", c.end)
    inner = text[open_at + 1 : close if close >= 0 else len(text)]
    # nested quotes close inside; the outer passage ends at its own 」
    return len(inner) >= QUOTED_PASSAGE


def find_citations(
    responses: dict[str, str], measures: dict[str, str], programs: list[dict[str, Any]]
) -> list[Citation]:
    """Mentions of measures in every response: measure-name phrases and curated programme
    phrases; overlapping finds keep the longest span. A mention as a venue or inside a
    quoted passage is ``weak`` (no CITES edge; the linker weighs it)."""
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
        for c in found:
            c.weak = is_venue(text, c) or in_quoted_passage(text, c)
        found.sort(key=lambda c: (-(c.end - c.start), c.start))
        kept: list[Citation] = []
        for c in found:
            if any(
                k.start <= c.start
                and c.end <= k.end
                and k.measure != c.measure
                and (k.start, k.end) != (c.start, c.end)  # one name, two measures: both
                for k in kept
            ):
                continue
            kept.append(c)
        seen: set[str] = set()
        for c in sorted(kept, key=lambda c: (c.weak, c.start, c.measure)):
            if c.measure not in seen:  # first (strong first) mention of each measure
                seen.add(c.measure)
                out.append(c)
    return out


def measure_texts(b: GraphBuilder) -> dict[str, str]:
    """Text of each measure for similarity: name, components and the FY2024 status
    report's summary, goal and achievement (when present)."""
    out = {}
    for mid, d in b.graph.nodes(data=True):
        if d["label"] != "Measure":
            continue
        parts = [d.get("name") or ""] + list(d.get("components") or [])
        for key in ("summary", "goal", "achievement"):
            if d.get(key):
                parts.append(d[key])
        out[mid] = topic_text(" ".join(parts))
    return out


# --------------------------------------------------------------------------- candidates

#: The kinds of recommendation that are linked (an R7 proposal is linked through its asks,
#: background asks for nothing).
LINKED_KINDS = ("item", "ask")
#: How many measures by BM25 and by n-gram similarity each recommendation considers.
CANDIDATES = 5
#: How many measures by BM25 of its whole text a response puts forward for its items.
RESPONSE_TOP = 3


@dataclass
class Candidate:
    """One (recommendation, measure) pair the linker considered, with its features."""

    rec: str
    measure: str
    cited: bool = False  # the recommendation's response cites the measure
    key_term: bool = False  # the recommendation shares a key term with the citation
    curated: bool = False  # a curated programme phrase of the measure is in its text
    bm25: float = 0.0
    bm25_rank: int = 99
    ngram: float = 0.0
    shared: list[str] | None = None  # distinctive terms shared with the measure's text
    context: bool = False  # shares a term with the response sentence citing the measure
    cited_with: int = 0  # how many measures that response cites
    mentioned: bool = False  # the response names it only as a venue or in a quoted passage
    resp_rank: int = 99  # rank of the measure by BM25 of the whole response text
    siblings: float = 0.0  # share of the other items of its theme with the measure as text match
    kind: bool = False  # the text asks for something of a kind no measure carries
    evidence: str = ""
    confidence: float = 0.0

    def features(self) -> list[float]:
        """The model's inputs (see :data:`MODEL`)."""
        n = len(self.shared or [])
        return [
            1.0,
            float(self.cited and self.key_term),
            float(self.cited and not self.key_term),
            float(self.cited and self.context),
            float(self.cited) / max(self.cited_with, 1) ** 0.5,
            float(self.curated),
            min(self.bm25, 20.0) / 10.0,
            float(self.bm25_rank == 1),
            self.ngram * 5.0,
            min(n, 3) / 3.0,
            float(self.mentioned and not self.cited),
            float(self.resp_rank <= RESPONSE_TOP),
            self.siblings,
            float(self.kind),
        ]


FEATURES = (
    "bias",
    "cited_key",
    "cited_other",
    "cited_context",
    "cited_alone",
    "curated",
    "bm25",
    "bm25_top",
    "ngram",
    "shared",
    "mentioned",
    "response_top",
    "siblings",
    "kind",
)


def sentence_at(text: str, pos: int) -> str:
    """The sentence (between 。 or line breaks) of ``text`` around position ``pos``.

    >>> sentence_at("甲を実施。乙の相談ダイヤルを試行。丙。", 7)
    '乙の相談ダイヤルを試行。'
    """
    a = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [k for k in (text.find("。", pos), text.find("\n", pos)) if k >= 0]
    return text[a : (min(ends) + 1) if ends else len(text)]


def key_terms(c: Citation, measure_name: str) -> set[str]:
    """The distinctive terms of a citation: of the cited span and the measure's name."""
    return set(distinctive(terms(c.evidence) + terms(measure_name)))


def candidates(
    b: GraphBuilder, curated: dict[str, Any], cites: dict[str, list[Citation]]
) -> dict[str, dict[str, Candidate]]:
    """Every (recommendation, measure) pair worth deciding, per recommendation (items and
    asks), each with its features: the measures its response names (CITES, or a weak
    mention), the top :data:`RESPONSE_TOP` by BM25 of the whole response, those whose
    curated programme phrase its text contains, the top :data:`CANDIDATES` by BM25 and by
    character n-grams of its own text, and the text matches of the other items of its
    theme (a theme's items are answered together: one response, often one programme)."""
    g = b.graph
    names = {m: d["name"] for m, d in g.nodes(data=True) if d["label"] == "Measure"}
    docs = measure_texts(b)
    bm25 = BM25(docs)
    ngram = TextIndex(docs)
    programs = [
        (p["phrase"], f"M{int(p['measure']):03d}", p["reason"])
        for p in curated.get("programs") or []
    ]
    recs = [
        r
        for r, d in g.nodes(data=True)
        if d["label"] == "Recommendation" and d.get("kind", "item") in LINKED_KINDS
    ]
    own = {r: text_matches(g.nodes[r]["text"], bm25, ngram) for r in recs}
    theme_of = {r: g.nodes[r].get("theme") for r in recs}
    by_theme: dict[Any, list[str]] = {}
    for r in recs:
        if theme_of[r]:
            by_theme.setdefault(theme_of[r], []).append(r)
    resp_top = {
        r: [m for m, _ in bm25.search(topic_text(d["text"]), top=RESPONSE_TOP)]
        for r, d in g.nodes(data=True)
        if d["label"] == "Response"
    }
    out: dict[str, dict[str, Candidate]] = {}
    for rec in recs:
        d = g.nodes[rec]
        text = topic_text(d["text"])
        rterms = terms(text)
        rset = set(distinctive(rterms))
        cands: dict[str, Candidate] = {}

        def cand(mid: str, cands: dict[str, Candidate] = cands, rec: str = rec) -> Candidate:
            if mid not in cands:
                cands[mid] = Candidate(rec, mid)
            return cands[mid]

        answers = [r for _, r, e in g.out_edges(rec, data=True) if e["type"] == "ANSWERED_BY"]
        for resp in answers:
            rtext = g.nodes[resp]["text"]
            strong = [c for c in cites.get(resp, []) if not c.weak]
            for c in cites.get(resp, []):
                x = cand(c.measure)
                if c.weak:
                    x.mentioned = True
                    x.evidence = x.evidence or c.evidence
                    continue
                x.cited = True
                x.cited_with = len(strong)
                x.context = x.context or bool(
                    rset & set(distinctive(terms(sentence_at(rtext, c.start))))
                )
                shared = rset & key_terms(c, names[c.measure])
                if shared and not x.key_term:
                    x.key_term = True
                    x.evidence = c.evidence
                elif not x.evidence:
                    x.evidence = c.evidence
            for k, mid in enumerate(resp_top.get(resp, []), start=1):
                x = cand(mid)
                x.resp_rank = min(x.resp_rank, k)
        nt = NormText(d["text"])
        for phrase, mid, _reason in programs:
            if mid in names and nt.find(phrase):
                x = cand(mid)
                x.curated = True
                x.evidence = x.evidence or phrase
        for k, mid in enumerate(own[rec].ranked, start=1):
            cand(mid).bm25_rank = k
        for mid in own[rec].ngram:
            cand(mid)
        siblings = [r for r in by_theme.get(theme_of[rec], []) if r != rec]
        kind = bool(ask_kind(d["text"]))
        for r in siblings:
            for mid in own[r].matched:
                cand(mid)
        for mid, x in cands.items():
            x.bm25 = round(bm25.score(rterms, mid), 4)
            x.ngram = round(ngram.search_one(text, mid), 4)
            x.shared = bm25.shared(rterms, mid)
            if siblings:
                x.siblings = round(sum(mid in own[r].matched for r in siblings) / len(siblings), 4)
            x.kind = kind
            if not x.evidence:
                x.evidence = "、".join(x.shared[:5])
        out[rec] = cands
    return out


@dataclass
class TextMatches:
    """A text's own matches among the measures: the top by BM25 (``ranked``), the top by
    n-grams (``ngram``), and those of ``ranked`` sharing a distinctive term (``matched``)."""

    ranked: list[str]
    ngram: list[str]
    matched: set[str]


def text_matches(text: str, bm25: BM25, ngram: TextIndex) -> TextMatches:
    """The :class:`TextMatches` of a recommendation's text."""
    t = topic_text(text)
    q = terms(t)
    ranked = [m for m, _ in bm25.search(t, top=CANDIDATES)]
    return TextMatches(
        ranked,
        [m.id for m in ngram.search(t, top=CANDIDATES)],
        {m for m in ranked if bm25.shared(q, m)},
    )


# --------------------------------------------------------------------------- the model

#: Logistic model of P(link is right | features), fitted on tests/link_judgments.tsv by
#: :func:`fit` (tests/test_link_eval.py refits it, checks these numbers and reports the
#: 5-fold cross-validated precision and recall). ``threshold``: the confidence from which
#: a candidate becomes a link.
MODEL: dict[str, Any] = {
    "weights": [
        -2.559,
        0.2967,
        1.171,
        0.5698,
        1.1222,
        0.5086,
        0.8166,
        0.166,
        0.8338,
        0.3688,
        -0.0025,
        0.2773,
        0.4765,
        -1.0319,
    ],
    "threshold": 0.85,
    "threshold_alone": 0.35,
}


def sigmoid(z: float) -> float:
    """The logistic function, safe for large |z|."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def confidence(x: Candidate, weights: list[float]) -> float:
    """The calibrated probability that candidate ``x`` is a right link, rounded to 0.01.
    Text evidence needs a distinctive shared term: a candidate sharing only generic words
    (and neither cited nor curated) has confidence 0."""
    if not (
        x.cited or x.mentioned or x.curated or x.shared or x.siblings or x.resp_rank <= RESPONSE_TOP
    ):
        return 0.0
    return round(sigmoid(sum(w * f for w, f in zip(weights, x.features(), strict=True))), 2)


def fit(
    rows: list[tuple[list[float], int]], l2: float = 0.01, steps: int = 3000, rate: float = 0.5
) -> list[float]:
    """Weights of a logistic regression on (features, 0/1 label) rows, by gradient
    descent with L2 penalty (the bias unpenalised). Deterministic.

    >>> w = fit([([1.0, 1.0], 1), ([1.0, 0.0], 0)] * 5, steps=500)
    >>> sigmoid(w[0] + w[1]) > 0.8 > 0.2 > sigmoid(w[0])
    True
    """
    n = len(rows[0][0])
    w = [0.0] * n
    m = len(rows)
    for _ in range(steps):
        grad = [0.0] * n
        for f, y in rows:
            p = sigmoid(sum(a * b for a, b in zip(w, f, strict=True)))
            for i in range(n):
                grad[i] += (p - y) * f[i]
        for i in range(n):
            w[i] -= rate * (grad[i] / m + (l2 * w[i] if i else 0.0))
    return [round(v, 4) for v in w]


# --------------------------------------------------------------------------- gap kinds

#: Asks of a kind no lineup measure carries, recognised by their wording: how government is
#: organised, legislation, international roles, tax. Checked in this order.
KIND_RES: list[tuple[str, re.Pattern[str]]] = [
    ("international", re.compile(r"国際|海外|諸外国|各国|外国|政策の輸出|WHO")),
    (
        "legislation",
        re.compile(r"法制化|法改正|法律|法の?(?:成立|施行)|基本法|条例|法人制度|NPO法"),
    ),
    ("tax", re.compile(r"税制|寄附|寄付|税")),
    (
        "organisation",
        re.compile(r"大臣|縦割り|府省庁|省庁|骨太|司令塔|担当室|体制の強化|人的体制|人員体制|所掌"),
    ),
]


def ask_kind(text: str) -> str:
    """The kind of an ask no measure carries (``international``, ``legislation``, ``tax``,
    ``organisation``), or '' for an ask a measure could carry.

    >>> ask_kind("・孤独・孤立対策の法制化等の検討"), ask_kind("・こども食堂の支援")
    ('legislation', '')
    """
    for kind, rx in KIND_RES:
        if rx.search(text):
            return kind
    return ""


# --------------------------------------------------------------------------- curated


@dataclass
class CuratedDecisions:
    """What the curated file decides, resolved to the recommendations of a graph.

    ``accept``: (recommendation, measure) → reason, from ``links`` and from ``themes``
    (a theme entry names a measure that carries every item of the theme but its
    ``except`` list); ``refuse``: the pairs a theme entry excepts; ``no_measure``:
    recommendation → (kind, reason). Refused pairs and no-measure recommendations get no
    automatic link; a reviewer's decision still wins over all of it."""

    accept: dict[tuple[str, str], str]
    refuse: dict[tuple[str, str], str]
    no_measure: dict[str, tuple[str, str]]

    @cached_property
    def recs(self) -> set[str]:
        """The recommendations the curated file decides (links, excepts or says no
        measure carries)."""
        return {r for r, _ in self.accept} | {r for r, _ in self.refuse} | set(self.no_measure)

    def read(self, rec: str) -> bool:
        """Whether the curated file decides ``rec``."""
        return rec in self.recs

    def blocks(self, rec: str, mid: str) -> bool:
        """Whether the curated file rules out an automatic link ``rec`` → ``mid``."""
        return (rec, mid) in self.refuse or rec in self.no_measure


def curated_decisions(
    graph: Any, curated: dict[str, Any], report: QualityReport | None = None
) -> CuratedDecisions:
    """The :class:`CuratedDecisions` of ``curated`` on ``graph`` (a networkx graph). An
    entry naming an id the graph lacks goes into ``report`` (``curated_link_unknown``).

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("M001", label="Measure")
    >>> for r in ("R3-T14-1", "R4-T14-1"):
    ...     g.add_node(r, label="Recommendation", theme=14, kind="item")
    >>> d = curated_decisions(g, {"themes": [{"theme": 14, "measure": 1,
    ...     "except": ["R4-T14-1"], "reason": "the survey"}]})
    >>> sorted(d.accept), sorted(d.refuse)
    ([('R3-T14-1', 'M001')], [('R4-T14-1', 'M001')])
    """
    items: dict[int, list[str]] = {}
    for n, d in graph.nodes(data=True):
        if d["label"] == "Recommendation" and d.get("theme") and d.get("kind", "item") == "item":
            items.setdefault(int(d["theme"]), []).append(n)
    out = CuratedDecisions({}, {}, {})

    def unknown(what: str, entry: dict[str, Any]) -> None:
        if report is not None:
            report.add(
                "curated_link_unknown", CURATED_FILE, f"curated entry {what}: unknown id",
                str(entry),
            )  # fmt: skip

    for e in curated.get("links") or []:
        rec, mid = e["recommendation"], f"M{int(e['measure']):03d}"
        if rec in graph and mid in graph:
            out.accept[(rec, mid)] = e["reason"]
        else:
            unknown(f"{rec} → {mid}", e)
    for e in curated.get("themes") or []:
        mid, members = f"M{int(e['measure']):03d}", items.get(int(e["theme"]), [])
        excepted = set(e.get("except") or [])
        if not members or mid not in graph or excepted - set(members):
            unknown(f"theme {e['theme']} → {mid} (except {sorted(excepted)})", e)
            continue
        for rec in members:
            if rec in excepted:
                out.refuse[(rec, mid)] = e["reason"]
            else:
                out.accept.setdefault((rec, mid), e["reason"])
    for e in curated.get("no_measure") or []:
        if e["recommendation"] in graph:
            out.no_measure[e["recommendation"]] = (e["kind"], e["reason"])
        else:
            unknown(e["recommendation"], e)
    return out


# --------------------------------------------------------------------------- linking


def decide(
    cands: dict[str, dict[str, Candidate]],
    weights: list[float],
    threshold: float,
) -> dict[str, list[Candidate]]:
    """Per recommendation, its candidates with their confidence set, best first; those
    with confidence >= ``threshold`` are links."""
    out: dict[str, list[Candidate]] = {}
    for rec, cs in cands.items():
        for x in cs.values():
            x.confidence = confidence(x, weights)
        out[rec] = sorted(cs.values(), key=lambda x: (-x.confidence, -x.bm25, x.measure))
    return out


def method_of(x: Candidate) -> str:
    """``response`` (its response cites the measure and it shares the programme's key term),
    ``curated`` (a curated programme phrase in its own text), ``theme`` (its theme's response
    cites the measure, but it shares no key term with the citation) or ``text``."""
    if x.cited and x.key_term:
        return "response"
    if x.curated:
        return "curated"
    if x.cited:
        return "theme"
    return "text"


def link_recommendations(
    b: GraphBuilder,
    curated: dict[str, Any],
    report: QualityReport,
    reviews: list[Decision] | None = None,
) -> None:
    """CITES, CANDIDATE, ADDRESSED_BY (reviewed, response, curated, theme, text; each with
    evidence and confidence) and the status, best candidate and gap reason of every
    recommendation. Reviewers' decisions (:mod:`kodoku_graph.graph.reviews`) win: an
    accepted pair is linked with method ``reviewed``, a rejected one is never linked."""
    g = b.graph
    measures = {m: d["name"] for m, d in g.nodes(data=True) if d["label"] == "Measure"}
    responses = {r: d["text"] for r, d in g.nodes(data=True) if d["label"] == "Response"}
    cites: dict[str, list[Citation]] = {}
    for c in find_citations(responses, measures, curated.get("programs") or []):
        cites.setdefault(c.response, []).append(c)
        if c.weak:
            continue
        b.edge(
            c.response,
            c.measure,
            "CITES",
            g.nodes[c.response]["src"],
            evidence=c.evidence,
            score=1.0,
        )
    threshold = MODEL["threshold"]
    ranked = decide(candidates(b, curated, cites), MODEL["weights"], threshold)
    decided = checked_reviews(b, reviews or [], report)
    rejected = {k for k, d in decided.items() if d.decision == "reject"}
    counts = {"reviewed": 0, "response": 0, "theme": 0, "text": 0, "curated": 0}
    linked: dict[str, list[tuple[str, str, float]]] = {}  # rec -> (measure, method, confidence)

    def add(
        rec: str, mid: str, method: str, score: float, conf: float, evidence: str, src: str = ""
    ) -> None:
        if (rec, mid) in rejected or any(m == mid for m, _, _ in linked.setdefault(rec, [])):
            return
        linked[rec].append((mid, method, conf))
        counts[method] += 1
        b.edge(
            rec,
            mid,
            "ADDRESSED_BY",
            src or g.nodes[rec]["src"],
            key=f"ADDRESSED_BY-{method}",
            method=method,
            score=score,
            evidence=evidence,
            confidence=conf,
        )

    for (rec, mid), d in sorted(decided.items()):  # reviewed links first: they win
        if d.decision == "accept":
            add(rec, mid, "reviewed", 1.0, 1.0, f"{d.reviewer}: {d.note}", d.src)
    ruled = curated_decisions(g, curated, report)
    auto = [
        x
        for xs in ranked.values()
        for x in xs
        if x.confidence >= threshold_for(x.rec, ruled) and not ruled.blocks(x.rec, x.measure)
    ]
    # then a response naming the measure (a span of the source), what was read, the rest
    for x in auto:
        if method_of(x) == "response":
            add(x.rec, x.measure, "response", x.bm25, x.confidence, x.evidence)
    for (rec, mid), reason in sorted(ruled.accept.items()):
        add(rec, mid, "curated", 1.0, 1.0, reason)
    for x in auto:
        add(x.rec, x.measure, method_of(x), x.bm25, x.confidence, x.evidence)
    add_candidates(b, ranked, decided, ruled)
    kept = {rec: [x for x in xs if (rec, x.measure) not in rejected] for rec, xs in ranked.items()}
    set_statuses(b, kept, linked, ruled, report)
    report.stat("linking", "cites", sum(not c.weak for v in cites.values() for c in v))
    for k, v in counts.items():
        report.stat("linking", f"addressed_by_{k}", v)
    report.stat("linking", "threshold", threshold)
    report.stat("linking", "threshold_alone", MODEL["threshold_alone"])
    report.stat("linking", "reviews_accepted", len(decided) - len(rejected))
    report.stat("linking", "reviews_rejected", len(rejected))


def checked_reviews(
    b: GraphBuilder, reviews: list[Decision], report: QualityReport
) -> dict[tuple[str, str], Decision]:
    """The deciding review of each (recommendation, measure) pair whose ends exist and whose
    recommendation is linked (an item or an ask); every other decision goes into the
    report (kind ``review_unknown_id`` or ``review_not_linkable``), never silently away."""
    g = b.graph
    out: dict[tuple[str, str], Decision] = {}
    for (rec, mid), d in effective(reviews).items():
        what = f"review decision ({d.decision} by {d.reviewer}, {d.at}) {rec} → No. {d.measure}"
        rec_ok = rec in g and g.nodes[rec]["label"] == "Recommendation"
        mid_ok = mid in g and g.nodes[mid]["label"] == "Measure"
        if not rec_ok or not mid_ok:
            gone = [x for x, ok in ((f"recommendation {rec}", rec_ok), (f"measure {mid}", mid_ok))
                    if not ok]  # fmt: skip
            report.add(
                "review_unknown_id",
                d.src,
                f"{what}: {' and '.join(gone)} not in the graph; not applied",
                d.note,
            )
            continue
        kind = g.nodes[rec].get("kind", "item")
        if kind not in LINKED_KINDS:
            report.add(
                "review_not_linkable",
                d.src,
                f"{what}: {rec} is an R7 {kind}, which is not linked (decide its asks); "
                "not applied",
                d.note,
            )
            continue
        out[(rec, mid)] = d
    return out


#: The least confidence of a candidate worth a reviewer's time (a CANDIDATE edge); most
#: candidates below it share a single common word with the measure.
REVIEW_FLOOR = 0.2


def add_candidates(
    b: GraphBuilder,
    ranked: dict[str, list[Candidate]],
    decided: dict[tuple[str, str], Decision],
    ruled: CuratedDecisions,
) -> None:
    """A CANDIDATE edge for every candidate with confidence >= :data:`REVIEW_FLOOR` and
    every decided pair: the
    automatic verdict and the deciding review (see the model)."""
    g = b.graph
    pairs: dict[tuple[str, str], Candidate | None] = {}
    for rec, xs in ranked.items():
        for x in xs:
            if x.confidence >= REVIEW_FLOOR:
                pairs[(rec, x.measure)] = x
    by_pair = {(rec, x.measure): x for rec, xs in ranked.items() for x in xs}
    for key in decided:
        pairs.setdefault(key, by_pair.get(key))
    for (rec, mid), x in sorted(pairs.items()):
        d = decided.get((rec, mid))
        conf = x.confidence if x else 0.0
        b.edge(
            rec,
            mid,
            "CANDIDATE",
            d.src if d else g.nodes[rec]["src"],
            confidence=conf,
            method=method_of(x) if x else "",
            evidence=x.evidence if x else "",
            automatic=conf >= threshold_for(rec, ruled) or (rec, mid) in ruled.accept,
            decision=d.decision if d else "",
            reviewer=d.reviewer if d else "",
            note=d.note if d else "",
            decided_at=d.at if d else "",
        )


#: The order of statuses from most to least sure (a proposal takes its weakest ask's).
STATUS_ORDER = ["addressed", "likely_addressed", "responded", "open", "not_an_ask"]


def threshold_for(rec: str, ruled: CuratedDecisions) -> float:
    """The confidence from which a candidate of ``rec`` is linked: ``MODEL["threshold"]``
    where the curated file has read the recommendation (automatic links then only add
    what is nearly sure), ``MODEL["threshold_alone"]`` where it has not (both tuned on the
    judgments, with and without the curated file)."""
    return MODEL["threshold"] if ruled.read(rec) else MODEL["threshold_alone"]


def set_statuses(
    b: GraphBuilder,
    ranked: dict[str, list[Candidate]],
    linked: dict[str, list[tuple[str, str, float]]],
    ruled: CuratedDecisions,
    report: QualityReport,
) -> None:
    """``status``, ``confidence``, ``best_measure``, ``best_evidence`` and ``gap_reason`` of
    every recommendation (see :class:`RecommendationStatus`). A curated ``no_measure``
    entry gives an unlinked recommendation its reason (``kind: …``, ``no measure in the
    lineup``) or the status ``not_an_ask``."""
    g = b.graph
    recs = sorted(r for r, d in g.nodes(data=True) if d["label"] == "Recommendation")
    for rec in recs:
        d = g.nodes[rec]
        kind = d.get("kind", "item")
        if kind in ("proposal", "background"):
            continue
        links = linked.get(rec, [])
        answered = any(e["type"] == "ANSWERED_BY" for _, _, e in g.out_edges(rec, data=True))
        best = (ranked.get(rec) or [None])[0]
        sure = [c for _, m, c in links if m in ("reviewed", "response", "curated")]
        if sure:
            status = RecommendationStatus.addressed
        elif links:
            status = RecommendationStatus.likely_addressed
        elif answered:
            status = RecommendationStatus.responded
        else:
            status = RecommendationStatus.open
        reason = ""
        read = ruled.no_measure.get(rec) if not links else None
        if read and read[0] == "not_an_ask":
            status, reason = RecommendationStatus.not_an_ask, "not an ask"
        elif status in (RecommendationStatus.responded, RecommendationStatus.open):
            k = read[0] if read else ask_kind(d["text"])
            if k == "gap":
                reason = "no measure in the lineup"
            elif k:
                reason = f"kind: {k}"
            elif best is None or best.confidence == 0:
                reason = "no candidate"
            else:
                reason = "below threshold"
        d["status"] = status.value
        d["gap_reason"] = reason
        if links:
            top = max(links, key=lambda t: t[2])
            d["best_measure"], d["confidence"] = top[0], top[2]
            d["best_evidence"] = next(
                (
                    x.evidence
                    for x in ranked.get(rec, [])
                    if x.measure == top[0] and top[1] != "reviewed"
                ),
                "",
            ) or next((e["evidence"] for _, t, e in g.out_edges(rec, data=True) if t == top[0]), "")
        elif best is not None and best.confidence > 0:
            d["best_measure"], d["confidence"], d["best_evidence"] = (
                best.measure,
                best.confidence,
                best.evidence,
            )
        else:
            d["best_measure"], d["confidence"], d["best_evidence"] = "", 0.0, ""
    for rec in recs:  # proposals: their weakest ask; background: not an ask
        d = g.nodes[rec]
        kind = d.get("kind", "item")
        if kind == "background":
            d.update(status=RecommendationStatus.not_an_ask.value, gap_reason="not an ask")
            d.update(best_measure="", confidence=0.0, best_evidence="")
        elif kind == "proposal":
            asks = [g.nodes[a] for a in recs if g.nodes[a].get("parent") == rec]
            real = [a for a in asks if a["status"] != "not_an_ask"] or asks
            worst = max(real, key=lambda a: STATUS_ORDER.index(a["status"]))
            d.update(
                status=worst["status"],
                gap_reason=f"{sum(a['status'] in ('responded', 'open') for a in asks)} of "
                f"{len(asks)} asks open",
                best_measure=worst["best_measure"],
                confidence=worst["confidence"],
                best_evidence=worst["best_evidence"],
            )
    counts: dict[str, int] = {s.value: 0 for s in RecommendationStatus}
    for rec in recs:
        counts[g.nodes[rec]["status"]] += 1
    for k, v in counts.items():
        report.stat("linking", f"status_{k}", v)
