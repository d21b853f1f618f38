"""Link a meeting's statements to the lineup measures they describe (MENTIONS).

Uses the shared machinery of :mod:`kodoku_graph.graph.similarity`: a :class:`TextIndex`
over the measure names (with the names of their sub-items), character **bigrams**, and
the meeting's sentences as background for the document frequencies (so 孤独・孤立, 対策,
推進 — in nearly every sentence — weigh little). Each sentence of a statement is compared
with each measure by :meth:`TextIndex.coverage`: the share of the measure name's TF-IDF
weight found in the sentence. A long sentence listing four programmes therefore still
covers each of them fully, where a cosine would dilute them.

Acceptance (checked by reading every candidate, see the README):

* a measure of the **speaking ministry** (its 【…】 names the statement's ministry) needs
  coverage >= :data:`OWN_THRESHOLD` and at least one common term of 3+ characters;
* any other measure needs coverage >= :data:`OTHER_THRESHOLD`. Every cross-ministry
  candidate between 0.6 and 0.9 was wrong on 004 (e.g. 総務省's 相談支援体制の充実・強化
  → 厚労省's No. 031), because ministries report their own measures.

One MENTIONS edge per (statement, measure): the best sentence is the evidence, its line
the ``src``.
"""

from __future__ import annotations

from pydantic import BaseModel

from kodoku_graph.loaders.lineup import Measure
from kodoku_graph.loaders.meeting import Meeting
from kodoku_graph.loaders.similarity import TextIndex, common_terms

#: Minimum coverage for a measure of the speaking ministry.
OWN_THRESHOLD = 0.28
#: Minimum coverage for a measure of another ministry.
OTHER_THRESHOLD = 0.9
#: n-gram sizes of the index (bigrams: 一時避難 vs 一時的避難措置 still share 一時, 避難).
SIZES = (2,)
METHOD = "coverage-bigram"


class Mention(BaseModel):
    """A statement describing a measure, with the sentence that shows it."""

    statement: str
    measure: str
    score: float
    evidence: str
    terms: list[str]
    src: str
    own: bool


def statement_id(meeting: Meeting, no: int) -> str:
    """``MTG-suishin-2-S04`` for statement 4 of the meeting."""
    return f"{meeting.id}-S{no:02d}"


def measure_docs(measures: list[Measure]) -> dict[str, str]:
    """The text each measure is matched on: its name and the names of its sub-items."""
    return {m.id: "".join([m.name, *(c.name for c in m.components)]) for m in measures}


def link_statements(meeting: Meeting, measures: list[Measure]) -> list[Mention]:
    """Every accepted (statement, measure) link, ordered by statement and measure id."""
    docs = measure_docs(measures)
    owners = {m.id: set(m.ministries) for m in measures}
    background = [s.text for st in meeting.statements for s in st.sentences]
    index = TextIndex(docs, sizes=SIZES, background=background)
    best: dict[tuple[str, str], Mention] = {}
    for st in meeting.statements:
        sid = statement_id(meeting, st.no)
        for sentence in st.sentences:
            for mid in docs:
                own = st.ministry in owners[mid]
                score = index.coverage(sentence.text, mid)
                if score < (OWN_THRESHOLD if own else OTHER_THRESHOLD):
                    continue
                terms = [t for t in common_terms(sentence.text, docs[mid]) if len(t) >= 3]
                if not terms:
                    continue
                prev = best.get((sid, mid))
                if prev is None or score > prev.score:
                    best[(sid, mid)] = Mention(
                        statement=sid,
                        measure=mid,
                        score=score,
                        evidence=sentence.text,
                        terms=terms,
                        src=sentence.src,
                        own=own,
                    )
    return [best[k] for k in sorted(best)]
