"""Japanese text similarity for linking: TF-IDF over character n-grams.

Japanese has no spaces, so texts are compared by their character bigrams and trigrams
(after NFKC normalisation, punctuation removed). Weights are TF-IDF over the indexed
documents, so n-grams that every measure shares (孤独, 支援, 推進 …) count little and
distinctive ones (居場所, 保護司, ヤングケアラー …) count a lot. Scores are cosine
similarities in [0, 1]. The evidence of a match is the list of common substrings of at
least three characters, longest first.

>>> idx = TextIndex({"M012": "「つながりサポーター」の養成に向けた取組", "M087": "ひきこもり支援の推進"})
>>> best = idx.search("つながりサポーターを養成すべき")[0]
>>> best.id, best.terms[0]
('M012', 'つながりサポーター')
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from kodoku_graph.loaders.text import nfkc

#: Characters that are not content: punctuation, brackets, spaces, digits of numbering.
_NOISE = re.compile(
    r"[\s、。，．,.・:：;；!！?？「」『』（）()\[\]【】〔〕｛｝{}<>＜＞〈〉《》\"'“”‘’…―\-－〜~／/＝=＋+％%○●◎◆■□▲△※①-⑳]+"
)
#: Particles at the edges of a common substring (を活用し → 活用).
_EDGE_KANA = re.compile(r"^[をにのはがでとへもや]+|[をにのはがでとへもやしす]+$")
#: Function words and endings that carry no topic (removed from evidence terms).
_WEAK = re.compile(r"^[ぁ-ゖー]+$|^(する|ための|による|における|に対する|に関する|等の|及び)$")


def clean(text: str) -> str:
    """NFKC text with punctuation and spaces removed.

    >>> clean("「つながり サポーター」の養成、推進")
    'つながりサポーターの養成推進'
    """
    return _NOISE.sub("", nfkc(text))


def ngrams(text: str, sizes: tuple[int, ...] = (2, 3)) -> Counter[str]:
    """Character n-grams of the cleaned text.

    >>> sorted(ngrams("居場所", (2,)))
    ['場所', '居場']
    """
    t = clean(text)
    return Counter(t[i : i + n] for n in sizes for i in range(len(t) - n + 1))


def common_terms(a: str, b: str, min_len: int = 3) -> list[str]:
    """Common substrings of the cleaned texts of length >= ``min_len``, longest first,
    without pure-hiragana function words.

    >>> common_terms("こどもの居場所づくりを支援", "居場所づくりに取り組む地方公共団体")
    ['居場所づくり']
    """
    ca, cb = clean(a), clean(b)
    blocks = SequenceMatcher(None, ca, cb, autojunk=False).get_matching_blocks()
    terms = {_EDGE_KANA.sub("", ca[m.a : m.a + m.size]) for m in blocks if m.size >= min_len}
    terms = {t for t in terms if len(t) >= 2 and not _WEAK.match(t)}
    return sorted(terms, key=lambda t: (-len(t), t))


@dataclass(frozen=True)
class Match:
    """One scored match of a query text against an indexed document."""

    id: str
    score: float
    terms: list[str]


class TextIndex:
    """TF-IDF vectors of character n-grams for a fixed set of documents."""

    def __init__(
        self,
        docs: dict[str, str],
        *,
        sizes: tuple[int, ...] = (2, 3),
        background: Iterable[str] = (),
    ) -> None:
        """Index ``docs``. ``sizes`` are the n-gram lengths; ``background`` texts count
        towards the document frequencies (so n-grams common in the query side, e.g. 孤独・孤立
        in every statement of a meeting, weigh little) but are never returned."""
        self.docs = docs
        self.sizes = sizes
        counts = {k: ngrams(v, sizes) for k, v in docs.items()}
        df: Counter[str] = Counter()
        for c in counts.values():
            df.update(c.keys())
        n_background = 0
        for text in background:
            df.update(ngrams(text, sizes).keys())
            n_background += 1
        n = max(len(docs) + n_background, 1)
        self.idf = {g: math.log((1 + n) / (1 + d)) + 1.0 for g, d in df.items()}
        self.default_idf = math.log(1 + n) + 1.0
        self.vectors = {k: self._weigh(c) for k, c in counts.items()}
        # n-gram → [(doc, weight)], docs in index order: search visits only the documents
        # that share an n-gram with the query
        self.postings: dict[str, list[tuple[str, float]]] = {}
        for k, vec in self.vectors.items():
            for g, w in vec.items():
                self.postings.setdefault(g, []).append((k, w))
        self._query_grams: dict[str, frozenset[str]] = {}

    def _weigh(self, c: Counter[str]) -> dict[str, float]:
        vec = {g: (1 + math.log(tf)) * self.idf.get(g, self.default_idf) for g, tf in c.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {g: w / norm for g, w in vec.items()}

    def coverage(self, text: str, id: str) -> float:
        """How much of document ``id`` occurs in ``text``: the share of the document's
        squared TF-IDF weight carried by n-grams that ``text`` contains, in [0, 1].

        Unlike the cosine it does not fall when ``text`` is long and says more, so it
        suits finding a short name (a measure) inside a long passage (a statement).

        >>> idx = TextIndex({"M090": "非行少年を生まない社会づくり", "M110": "フードドライブの推進"})
        >>> idx.coverage("さらに非行少年を生まない社会づくりとして、支援活動を実施", "M090")
        1.0
        """
        q = self._query_grams.get(text)
        if q is None:  # one text is compared with every document: its n-grams once
            q = self._query_grams[text] = frozenset(ngrams(text, self.sizes))
        return round(sum(w * w for g, w in self.vectors[id].items() if g in q), 4)

    def search_one(self, text: str, id: str) -> float:
        """The cosine similarity of ``text`` and document ``id`` (0 when nothing is shared).

        >>> idx = TextIndex({"M012": "つながりサポーターの養成", "M087": "ひきこもり支援"})
        >>> idx.search_one("ひきこもり支援の推進", "M012")
        0.0
        """
        q = self._weigh(ngrams(text, self.sizes))
        doc = self.vectors[id]
        return round(float(sum(w * doc[g] for g, w in q.items() if g in doc)), 4)

    def search(self, text: str, top: int = 5, threshold: float = 0.0) -> list[Match]:
        """The ``top`` documents most similar to ``text`` with score >= ``threshold``,
        best first (ties by id), each with its evidence terms."""
        q = self._weigh(ngrams(text, self.sizes))
        # The cosine summed in the query's n-gram order, as a dot product over all n-grams
        # would be, skipping only the zero terms: the same floating-point sums.
        acc: dict[str, float] = {}
        for g, w in q.items():
            for k, dw in self.postings.get(g, ()):
                acc[k] = acc.get(k, 0) + w * dw
        scored = [(s, k) for k, s in acc.items() if s >= threshold and s > 0]
        scored.sort(key=lambda x: (-x[0], x[1]))
        return [Match(k, round(s, 4), common_terms(text, self.docs[k])) for s, k in scored[:top]]
