"""Japanese content words for linking: sudachipy (SudachiDict core) tokens, compound
nouns and normalised forms, and a BM25 index over them.

A text's *terms* are its content nouns in normalised form (名詞 except numerals, pronouns
and suffix-like nouns) and the compound nouns formed by runs of adjacent nouns
(社会的 + 処方 → 社会的処方, 相談 + ダイヤル → 相談ダイヤル). Words every text of this
domain shares (:data:`GENERIC`: 支援, 推進, 取組, 強化, 孤独, 孤立 …) stay terms, so they
count in BM25 with their low weight, but :func:`distinctive` drops them: they are never
sole evidence of a link.

>>> terms("「社会的処方」の推進")
['社会的', '処方', '社会的処方', '推進']
>>> distinctive(terms("「社会的処方」の推進"))
['社会的処方', '社会的', '処方']
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from kodoku_graph.loaders.text import nfkc

#: Generic words of the domain: never evidence on their own (the issue's list and the
#: words every measure and recommendation shares). Compared on normalised forms.
GENERIC = frozenset(
    """
    支援 推進 取組 取り組み 取組み 者 強化 充実 施策 実施 対策 孤独 孤立 孤独・孤立 検討 必要
    重要 活用 促進 整備 体制 構築 国 等 事業 拡充 連携 実現 社会 関係 確保 ため 観点 状況 場合
    方 人 的 性 化 向上 推移 把握 展開 運営 提供 普及 環境 在り方 あり方 地域 取り組む 仕組み
    仕組 全国 好事例 事例 各 我が国 政府 関係者 団体 機関 民間 民間団体 具体 周知 対応 課題
    上 中 後 前 分野 以外 以上 さらなる 更なる 一層 引き続き 継続 年度 令和 現状 効果 目的
    当事者 地方 公共 公共団体 地方公共団体 自治体 法 計画 重点 重点計画 基本 方針 提言 内閣府
    省 庁 府 モデル 実施体制 一環 通知 施行 円滑 生む 生まない 者支援 コミュニティ 取り組み
    サポーター 機会 発信 情報 情報提供 本格 検証 評価 見直し 充実強化 意見 声 対象 手法 形
    作り づくり 分 時間 名 点 所 的 化 者 向け 用 版 こと もの よう
    """.split()
)

#: Parts of speech that make content words (the first two levels of sudachi's POS).
_NOUN = "名詞"
_SKIP_SUB = {"数詞", "代名詞", "助動詞語幹"}
_KEEP_ONE = re.compile(
    r"^[一-龥々〆ヵヶ]{1}$"
)  # a one-character kanji noun is kept only in compounds


@lru_cache(maxsize=1)
def _tokenizer():
    """The sudachi tokenizer (SudachiDict core, split mode C: the longest units)."""
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


@lru_cache(maxsize=4096)
def _terms(text: str) -> tuple[str, ...]:
    tok = _tokenizer()
    out: list[str] = []
    run: list[tuple[str, str]] = []  # (surface, normalised) of adjacent nouns

    def flush() -> None:
        while run and run[-1][0] == "等":
            run.pop()
        if len(run) > 1 and any(n not in GENERIC for _, n in run):
            out.append("".join(s for s, _ in run))  # a compound of generic words only is generic
        run.clear()

    for m in tok.tokenize(nfkc(text)):
        pos = m.part_of_speech()
        norm = m.normalized_form()
        surface = m.surface()
        if pos[0] == _NOUN and pos[1] not in _SKIP_SUB:
            if not _KEEP_ONE.match(surface) or pos[1] == "固有名詞":
                out.append(norm)
            run.append((surface, norm))
        elif pos[0] == "接尾辞" and pos[1] == "名詞的" and run:
            run.append((surface, norm))  # 地方版, 相談員 …: the suffix joins the compound
        else:
            flush()
    flush()
    return tuple(out)


def terms(text: str) -> list[str]:
    """The content terms of ``text`` in reading order (nouns in normalised form, then each
    compound noun after its parts), duplicates kept (term frequencies count in BM25)."""
    return list(_terms(text))


def distinctive(words: list[str] | set[str]) -> list[str]:
    """The terms that may be evidence: not generic, at least two characters, longest
    first (ties in code-point order)."""
    keep = {w for w in words if w not in GENERIC and len(w) >= 2 and not w.isdigit()}
    return sorted(keep, key=lambda w: (-len(w), w))


class BM25:
    """Okapi BM25 over the terms of a fixed set of documents (k1 = 1.2, b = 0.75).

    >>> idx = BM25({"M001": "孤独・孤立の実態把握 全国調査", "M011": "孤独・孤立対策強化月間 広報・啓発"})
    >>> idx.search("強化月間の更なる活用", top=1)[0][0]
    'M011'
    """

    def __init__(self, docs: dict[str, str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.tf = {k: Counter(terms(v)) for k, v in docs.items()}
        self.len = {k: sum(c.values()) for k, c in self.tf.items()}
        self.avg = (sum(self.len.values()) / len(self.len)) if self.len else 1.0
        df: Counter[str] = Counter()
        for c in self.tf.values():
            df.update(c.keys())
        n = len(docs)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}

    def score(self, query_terms: list[str], doc: str) -> float:
        """BM25 of ``doc`` for the (distinct) query terms."""
        tf, dl = self.tf[doc], self.len[doc]
        s = 0.0
        for t in set(query_terms):
            f = tf.get(t, 0)
            if f:
                s += (
                    self.idf[t]
                    * f
                    * (self.k1 + 1)
                    / (f + self.k1 * (1 - self.b + self.b * dl / self.avg))
                )
        return s

    def shared(self, query_terms: list[str], doc: str) -> list[str]:
        """The query's distinctive terms the document contains (the evidence)."""
        return distinctive({t for t in query_terms if t in self.tf[doc]})

    def search(self, text: str, top: int = 5) -> list[tuple[str, float]]:
        """The ``top`` documents by BM25 for ``text``, best first (ties by id)."""
        q = terms(text)
        scored = [(k, self.score(q, k)) for k in self.tf]
        scored = [x for x in scored if x[1] > 0]
        scored.sort(key=lambda x: (-x[1], x[0]))
        return scored[:top]
