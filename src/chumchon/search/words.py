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


def _tokenize(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", keep_whitespace=False)


def split_words(text: str) -> list[str]:
    """The words of ``text`` in order, as the index stores them (lower-case, no punctuation)."""
    text = unicodedata.normalize("NFC", text or "").strip()
    if not text:
        return []
    out: list[str] = []
    for raw in _tokenize(text):
        for part in _SEPARATORS.split(raw.lower()):
            if part and _WORDY.search(part):
                out.append(part)
    return out


def index_words(*texts: str) -> str:
    """The words of ``texts`` joined by single spaces, each compound followed by its parts: what a
    document's ``*_words`` column holds."""
    out: list[str] = []
    for text in texts:
        for word in split_words(text):
            out.append(word)
            out.extend(compound_parts(word))
    return " ".join(out)


@lru_cache(maxsize=1024)
def query_words(text: str) -> tuple[str, ...]:
    """The distinct words of a query, in order (every one must occur in a result)."""
    return tuple(dict.fromkeys(split_words(text[:200])))


def display_pieces(text: str, words: frozenset[str]) -> list[tuple[str, bool]]:
    """``text`` cut into pieces (spaces kept), each marked when it is one of ``words``: the highlights
    follow the same word boundaries as the search, so "ยา" is never marked inside "โรงพยาบาล"."""
    from pythainlp.tokenize import word_tokenize

    pieces: list[tuple[str, bool]] = []
    for raw in word_tokenize(text, engine="newmm", keep_whitespace=True):
        hit = bool(words) and any(
            p in words or not words.isdisjoint(compound_parts(p)) for p in _SEPARATORS.split(raw.lower()) if p
        )
        if pieces and pieces[-1][1] == hit:
            pieces[-1] = (pieces[-1][0] + raw, hit)
        else:
            pieces.append((raw, hit))
    return pieces
