"""Thai text into words, the same way when indexing and when searching.

Thai is written without spaces between words, so a substring test finds "ยา" (medicine) inside
"โรงพยาบาล" (hospital). PyThaiNLP's ``newmm`` segmenter (dictionary-based maximal matching; its
dictionary ships inside the package, nothing is downloaded) cuts text into words, and the index and
the query compare whole words: "สวัสดิการ" matches "กองทุน|สวัสดิการ|ชุมชน|ตำบล", "ยา" does not match
"โรงพยาบาล". Latin words are lower-cased; punctuation is dropped.

``newmm`` keeps many compounds (คำประสม) whole — "การท่องเที่ยว", "กองทุนหมู่บ้าน", "ผู้สูงอายุ" — so a
search for "ท่องเที่ยว" would miss them. The index therefore also stores each compound's parts: the
split into the fewest dictionary words that covers it exactly, when every part has at least
``MIN_PART`` characters. Short pieces are not parts, which keeps "ชุมชน" from being indexed as "ชน"
and still never indexes "ยา" for "โรงพยาบาล" (its split is "โรง|พยาบาล"). Queries are not split
further: a query word must be a word or a part in the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

# A word is kept when it holds at least one letter or digit (Thai letters are category Lo).
_WORDY = re.compile(r"\w", re.UNICODE)
# Characters that the FTS tokenizers would treat as separators inside a word; replaced by a space.
_SEPARATORS = re.compile(r"[^\w\u0E00-\u0E7F]+", re.UNICODE)


# A compound's part is a dictionary word of at least this many characters (vowel and tone marks
# count): "โรง", "ทุน", "ผู้" qualify; "ชน", "ทอ" do not.
MIN_PART = 3


@cache
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@lru_cache(maxsize=65536)
def compound_parts(word: str) -> tuple[str, ...]:
    """The parts of a compound ``word``: the fewest dictionary words of ``MIN_PART`` or more characters
    that cover it exactly (never the word itself), or ``()`` when there is no such split."""
    n = len(word)
    if n < 2 * MIN_PART:
        return ()
    words = _dictionary()
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        so_far = best[i]
        if so_far is None:
            continue
        for j in range(i + MIN_PART, n + 1):
            if (i, j) == (0, n) or word[i:j] not in words:
                continue
            candidate = (*so_far, word[i:j])
            current = best[j]
            if current is None or len(candidate) < len(current):
                best[j] = candidate
    return best[n] or ()


# Between the pieces of a document's text as stored for highlighting (``cut_text``): a control character
# that never occurs in what people write (it is removed from the text before cutting).
CUT = "\x1f"


def clean(text: str) -> str:
    """``text`` as a document stores it: NFC, trimmed, without the ``CUT`` character."""
    return unicodedata.normalize("NFC", text or "").replace(CUT, " ").strip()


def _tokenize(text: str, keep_whitespace: bool = False) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", keep_whitespace=keep_whitespace)


def _words_of(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for raw in pieces:
        for part in _SEPARATORS.split(raw.lower()):
            if part and _WORDY.search(part):
                out.append(part)
    return out


def split_words(text: str) -> list[str]:
    """The words of ``text`` in order, as the index stores them (lower-case, no punctuation)."""
    text = clean(text)
    return _words_of(_tokenize(text)) if text else []


def _with_parts(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        out.append(word)
        out.extend(compound_parts(word))
    return out


def index_words(*texts: str) -> str:
    """The words of ``texts`` joined by single spaces, each compound followed by its parts: what a
    document's ``*_words`` column holds."""
    return " ".join(w for text in texts for w in _with_parts(split_words(text)))


def cut_text(text: str) -> tuple[str, str]:
    """One segmentation of ``text`` (already ``clean``), for both columns a document keeps of it: the
    pieces joined by ``CUT`` (spaces kept: joined back they are the text; the page highlights from them
    without segmenting again) and the index words (as ``index_words``)."""
    if not text:
        return "", ""
    pieces = _tokenize(text, keep_whitespace=True)
    return CUT.join(pieces), " ".join(_with_parts(_words_of(pieces)))


@lru_cache(maxsize=1024)
def query_words(text: str) -> tuple[str, ...]:
    """The distinct words of a query, in order (every one must occur in a result)."""
    return tuple(dict.fromkeys(split_words(text[:200])))


def is_hit(raw: str, words: frozenset[str]) -> bool:
    """Whether the piece ``raw`` is one of ``words`` or a compound holding one as a part."""
    return bool(words) and any(
        p in words or not words.isdisjoint(compound_parts(p)) for p in _SEPARATORS.split(raw.lower()) if p
    )


def pieces_of(text: str, cut: str = "") -> list[str]:
    """``text`` in the pieces it was cut into when indexed (``cut``), or cut now when there is none
    (a document written before the cut was stored, or text that is not a document's)."""
    if cut and cut.replace(CUT, "") == text:
        return cut.split(CUT)
    return _tokenize(text, keep_whitespace=True) if text else []


def mark(pieces: list[str], words: frozenset[str]) -> list[tuple[str, bool]]:
    """Consecutive pieces joined, each run marked when it is (or holds as a part) one of ``words``."""
    return join_marked([(raw, is_hit(raw, words)) for raw in pieces])


def join_marked(marked: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Runs of consecutive pieces with the same mark joined into one piece."""
    out: list[tuple[str, bool]] = []
    for raw, hit in marked:
        if out and out[-1][1] == hit:
            out[-1] = (out[-1][0] + raw, hit)
        else:
            out.append((raw, hit))
    return out


def display_pieces(text: str, words: frozenset[str], cut: str = "") -> list[tuple[str, bool]]:
    """``text`` cut into pieces (spaces kept), each marked when it is one of ``words``: the highlights
    follow the same word boundaries as the search, so "ยา" is never marked inside "โรงพยาบาล"."""
    return mark(pieces_of(text, cut), words)
