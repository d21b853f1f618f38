"""Display texts shown for what they are: a quality flag for every text read from the noisy
FY2024 status report (002), and the removal of the spaces the PDF inserted between Japanese
characters.

Flags, by rule (first match wins):

* ``empty`` — nothing but whitespace;
* ``garbled`` — OCR garbage: characters of another script (``ත ං``), a character or a short
  piece repeated again and again (``大大大大大``, ``表記を表記を表記を``), too little
  Japanese/Latin text among digits and symbols (``0.1 … = 1 1/2``, ``∠.``), a line where
  many words are unknown to Sudachi or stray single characters (``▲和豆ケ麻+コナ佐+…``), or
  ASCII commas between kanji (``研修工,中日222日日上天,以中``);
* ``fragment`` — a piece cut out of a longer text: starts mid-word (a particle, an auxiliary,
  a conjugated verb ending or a kana no word starts with: ``してきている。``, ``ンについて``),
  prose that ends mid-sentence (no 。 or closing bracket: ``…利用者が安``), a name ending in a
  particle, or too short to be a name (``推進``);
* ``clean`` — otherwise.

>>> quality("してきている。", "prose")
('fragment', 'starts mid-word')
>>> quality("高齢者等終身サポート事業者ガイドラインについて", "name")
('clean', '')
>>> quality("大大大大大大大大大", "prose")[0], quality("", "name")[0], quality("推進", "name")[0]
('garbled', 'empty', 'fragment')
>>> clean_spaces("孤独・孤立対策 の 推進 (NPO 等) 2024 年")
'孤独・孤立対策の推進 (NPO 等) 2024 年'
"""

from __future__ import annotations

import re
from functools import lru_cache

_JA = r"\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_JA_PUNCT = r"\u3001\u3002\u300c-\u300f\u3010\u3011\u30fb\uff08\uff09\uff0c"
#: spaces (not newlines) between two Japanese characters or Japanese punctuation
STRAY_SPACE_RE = re.compile(rf"(?<=[{_JA}{_JA_PUNCT}])[ \t\u3000]+(?=[{_JA}{_JA_PUNCT}])")
JAPANESE_RE = re.compile(rf"[{_JA}]")
LATIN_RE = re.compile(r"[A-Za-z]")
#: characters a text of this report may hold: Japanese, ASCII, full-width forms, punctuation
ALLOWED_RE = re.compile(
    rf"[{_JA}{_JA_PUNCT}\u3000-\u303f\uff00-\uffef\u0020-\u007e\u00a0-\u00ff"
    r"\u2010-\u2027\u2030-\u205e\u2160-\u217f\u2190-\u21ff\u2200-\u22ff\u2460-\u24ff"
    r"\u2500-\u25ff\u2600-\u26ff\s]"
)
REPEAT_CHAR_RE = re.compile(r"([^\d\s・\-ー.…])\1{4,}")
REPEAT_PIECE_RE = re.compile(r"(\S{2,4}?)\1{3,}")
#: characters no word starts with
BAD_START = set("をんンっッゃゅょゎャュョヮぁぃぅぇぉァィゥェォーゝゞヽヾ、。)）」』】")
#: endings of complete prose: a sentence end or a closing bracket
PROSE_END_RE = re.compile(r"[。.)）」』】!！?？]\s*$")
MIN_NAME = 4
#: a line is OCR salad when this share of its words are unknown to Sudachi or one-character
#: content words (measured on 002: garbage lines score 0.42–0.57, readable ones ≤ 0.40)
JUNK_SHARE = 0.42
JUNK_MIN_LEN = 10


def clean_spaces(text: str) -> str:
    """``text`` without the spaces between two Japanese characters (newlines and spaces next
    to Latin letters or digits are kept: ``NPO 等``, ``2024 年`` stay as written)."""
    return STRAY_SPACE_RE.sub("", text)


def stray_spaces(text: str) -> int:
    """How many runs of spaces stand between two Japanese characters."""
    return len(STRAY_SPACE_RE.findall(text))


@lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import dictionary

    return dictionary.Dictionary(dict="core").tokenizer()


def junk_share(line: str) -> float:
    """Share of a line's words (symbols aside) that are out of Sudachi's vocabulary or
    one-character content words (not particles, auxiliaries, affixes or digits)."""
    from sudachipy import tokenizer

    toks = [
        m
        for m in _tokenizer().tokenize(line, tokenizer.Tokenizer.SplitMode.C)
        if m.part_of_speech()[0] not in ("補助記号", "空白")
    ]
    if not toks:
        return 0.0
    junk = [
        m
        for m in toks
        if m.is_oov()
        or (
            len(m.surface()) == 1
            and m.part_of_speech()[0] not in ("助詞", "助動詞", "接尾辞", "接頭辞")
            and not m.surface().isdigit()
        )
    ]
    return len(junk) / len(toks)


def _starts_mid_word(text: str) -> bool:
    t = text.lstrip()
    if t[0] in BAD_START:
        return True
    from sudachipy import tokenizer

    first = next(iter(_tokenizer().tokenize(t[:20], tokenizer.Tokenizer.SplitMode.C)), None)
    if first is None:
        return False
    pos = first.part_of_speech()
    if pos[0] in ("助詞", "助動詞", "接尾辞"):
        return True
    # a verb or adjective in a conjugated (not dictionary) form: して…, 的な…
    return pos[0] in ("動詞", "形容詞") and pos[5].startswith(("連用形", "未然形"))


def _ends_mid_word(text: str) -> bool:
    from sudachipy import tokenizer

    if text.rstrip().endswith(("について", "に関する", "に向けて", "として")):
        return False  # title endings
    toks = list(_tokenizer().tokenize(text.rstrip()[-20:], tokenizer.Tokenizer.SplitMode.C))
    if not toks:
        return False
    last = toks[-1]
    pos = last.part_of_speech()
    # a one-character case particle (…の, …を) or a prefix; について, 等 end names
    return (pos[0] == "助詞" and len(last.surface()) == 1) or pos[0] == "接頭辞" or pos[1] == "読点"


@lru_cache(maxsize=8192)
def quality(text: str, kind: str = "prose") -> tuple[str, str]:
    """``(flag, reason)`` of a display text; ``kind`` is ``name`` (a title, no 。 expected)
    or ``prose`` (a column text)."""
    t = clean_spaces(text).strip()
    if not t:
        return "empty", ""
    if not all(ALLOWED_RE.match(c) for c in t):
        return "garbled", "characters of another script"
    if REPEAT_CHAR_RE.search(t) or REPEAT_PIECE_RE.search(t):
        return "garbled", "a character or piece repeated over and over"
    letters = len(JAPANESE_RE.findall(t)) + len(LATIN_RE.findall(t))
    if letters < max(2, 0.5 * len(re.sub(r"\s", "", t))):
        return "garbled", "mostly digits and symbols"
    for line in t.split("\n"):
        junk = junk_share(line) if len(line.strip()) >= JUNK_MIN_LEN else 0.0
        if junk >= JUNK_SHARE:
            return "garbled", f"OCR salad: {junk:.0%} unknown or one-character words"
        if re.search(rf"[{_JA}],[{_JA}]", line):
            return "garbled", "ASCII commas between Japanese characters"
    if _starts_mid_word(t):
        return "fragment", "starts mid-word"
    if kind == "name":
        if len(t) < MIN_NAME:
            return "fragment", "too short for a name"
        if _ends_mid_word(t):
            return "fragment", "ends mid-word"
    elif not PROSE_END_RE.search(t):
        return "fragment", "ends mid-sentence"
    return "clean", ""
