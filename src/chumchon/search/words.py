"""Thai text into words, the same way when indexing and when searching.

Thai is written without spaces between words, so a substring test finds "ยา" (medicine) inside
"โรงพยาบาล" (hospital). PyThaiNLP's ``newmm`` segmenter (dictionary-based maximal matching; its
dictionary ships inside the package, nothing is downloaded) cuts text into words, and the index and
the query compare whole words: "สวัสดิการ" matches "กองทุน|สวัสดิการ|ชุมชน|ตำบล", "ยา" does not match
"โรงพยาบาล". Latin words are lower-cased; punctuation is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A word is kept when it holds at least one letter or digit (Thai letters are category Lo).
_WORDY = re.compile(r"\w", re.UNICODE)
# Characters that the FTS tokenizers would treat as separators inside a word; replaced by a space.
_SEPARATORS = re.compile(r"[^\w\u0E00-\u0E7F]+", re.UNICODE)


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
    """The words of ``texts`` joined by single spaces: what a document's ``*_words`` column holds."""
    return " ".join(w for t in texts for w in split_words(t))


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
        hit = bool(words) and any(p in words for p in _SEPARATORS.split(raw.lower()) if p)
        if pieces and pieces[-1][1] == hit:
            pieces[-1] = (pieces[-1][0] + raw, hit)
        else:
            pieces.append((raw, hit))
    return pieces
