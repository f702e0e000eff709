"""The reader's scope inside the full-text index: a prefilter, never the permission check itself.

Every document carries ``scope_words``, tokens for where it belongs: for an area-scoped document
``a`` + each prefix of its area's code (``a2``, ``a24``, ``a240``, ``a2401``, …) and ``e`` + the whole
code (``e240104``); ``wide`` for documents scoped to a region, a cluster or the nation (few). The full-text
index holds them in a column of their own, so a search adds "and one of the reader's tokens" to the match
and the index intersects the two lists of rows (``search_fts`` on SQLite, ``scope_vector`` on
PostgreSQL) instead of the database reading every match of a common word to check its scope.

The tokens only narrow: a reader's tokens cover at least everything the permission rules let them see
(each prefix of their scope, the exact codes of the areas above it for the plans above them, and every
wide document), and ``selectors.visible_documents`` — the lists' own rules — still decides row by row.
A reader whose scope is the nation for any kind gets no prefilter.
"""

from __future__ import annotations

from collections.abc import Iterable

WIDE = "wide"


def document_scope_words(scope_kind: str, area_code: str) -> str:
    """The scope tokens of a document (what its ``scope_words`` column holds)."""
    if scope_kind != "area" or not area_code:
        return WIDE
    return " ".join([*(f"a{area_code[:n]}" for n in range(1, len(area_code) + 1)), f"e{area_code}"])


def reader_tokens(prefixes: Iterable[str], exact: Iterable[str] = ()) -> list[str] | None:
    """The tokens of a reader whose scope is ``prefixes`` (any document under one of them) and the
    areas ``exact`` (documents of exactly that area), or ``None`` when a prefix is the whole nation."""
    prefixes = set(prefixes)
    if "" in prefixes:
        return None
    return sorted({f"a{p}" for p in prefixes} | {f"e{c}" for c in exact if c} | {WIDE})
