"""Reads of the search index: ranked, permission-scoped results with highlights.

A query is cut into words as the documents were (``words.query_words``); a result holds every word
(AND), ranked by ``bm25`` (SQLite FTS5) or ``ts_rank`` (PostgreSQL), the title weighing more than the
text. Only what the user may see is searched: the permission filter is built by the same functions the
lists use (``accounts.permissions.scope_q`` for organisations — ``scoped_by_scope`` on the
registry page —, ``plans.selectors.plans_visible`` for plans and their items, the ``PROJECT_VIEW``
prefixes for projects) and applied inside the ranked query, so counts and pages never include
a row the user could not open. Anonymous users get nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.core.dopa import prefix_q
from chumchon.plans.selectors import plan_visibility_q
from chumchon.search.models import DocKind, SearchDocument
from chumchon.search.scope import reader_tokens
from chumchon.search.words import display_pieces, is_hit, join_marked, pieces_of, query_words

# Which action lets a user see each kind of document.
KIND_ACTIONS: dict[str, str] = {
    DocKind.BODY: Action.ORG_VIEW,
    DocKind.PLAN: Action.PLAN_VIEW,
    DocKind.ITEM: Action.PLAN_VIEW,
    DocKind.PROJECT: Action.PROJECT_VIEW,
}
SNIPPET_CHARS = 220
# How many of the newest matches a search ranks (see ``RankedIds``): beyond it the page says "more than".
CANDIDATES = 200


def kinds_for(user: Any) -> list[str]:
    """The kinds of document the user may see anywhere (for the menu and the page's kind filter)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [kind for kind, action in KIND_ACTIONS.items() if permissions.can_anywhere(user, action)]


def may_search(user: Any) -> bool:
    return bool(kinds_for(user))


def visible_documents(user: Any, kinds: Sequence[str] = ()) -> QuerySet[SearchDocument]:
    """The documents ``user`` may see (optionally of some kinds only), before any text is matched.

    One filter over the document's own scope columns, with the reader's scope as literals (computed
    once, here): no join to the area table and no plan subquery, so the database checks each match of
    the words by looking at that row only. The rules are the lists' own: ``scope_q`` (organisations),
    ``plan_visibility_q`` (plans and their items, which carry their plan's scope), the ``PROJECT_VIEW``
    prefixes (projects) — applied to the copy of the area's code the document keeps."""
    allowed = [k for k in kinds_for(user) if not kinds or k in kinds]
    q = Q(pk__in=[])
    plan_kinds = [k for k in allowed if k in (DocKind.PLAN, DocKind.ITEM)]
    if plan_kinds:
        q |= Q(kind__in=plan_kinds) & plan_visibility_q(user, code_field="area_code")
    for kind in allowed:
        if kind == DocKind.BODY:
            q |= Q(kind=kind) & permissions.scope_q(user, Action.ORG_VIEW, code_field="area_code")
        elif kind == DocKind.PROJECT:
            q |= Q(kind=kind) & prefix_q(permissions.grants_for(user).prefixes(Action.PROJECT_VIEW), "area_code")
    return SearchDocument.objects.filter(q)


def scope_tokens(user: Any, kinds: Sequence[str] = ()) -> list[str] | None:
    """The reader's scope tokens (``search.scope``): a superset of what ``visible_documents`` lets them
    see, for the full-text index to intersect with the words' matches; ``None`` for no prefilter."""
    grants = permissions.grants_for(user)
    prefixes: set[str] = set()
    exact: set[str] = set()
    for kind in (k for k in kinds_for(user) if not kinds or k in kinds):
        own = grants.prefixes(KIND_ACTIONS[kind])
        prefixes |= set(own)
        if kind in (DocKind.PLAN, DocKind.ITEM):  # the plans above the reader's areas
            exact |= {p[:n] for p in own for n in range(1, len(p))}
    return reader_tokens(prefixes, exact)


def _fts5_query(words: Sequence[str], tokens: Sequence[str] | None = None) -> str:
    match = "{title_words body_words} : (" + " AND ".join('"' + w.replace('"', '""') + '"' for w in words) + ")"
    if tokens is not None:
        match += " AND scope_words : (" + " OR ".join(f'"{t}"' for t in tokens) + ")"
    return match


TITLE_WEIGHT, K1, B = 5.0, 1.2, 0.75


def _document_frequencies(words: Sequence[str]) -> tuple[int, list[int]]:
    """The number of documents and, per word, of those holding it (FTS5 reads only the word's list)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {SearchDocument._meta.db_table}")
        total = cursor.fetchone()[0]
        counts = []
        for word in words:
            cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", [_fts5_query([word])])
            counts.append(cursor.fetchone()[0])
    return total, counts


def _bm25(rows: list[tuple[int, str, str]], words: Sequence[str]) -> list[tuple[int, float]]:
    """Okapi BM25 as FTS5's ``bm25`` computes it (a word in the title counts ``TITLE_WEIGHT`` times), over
    the candidates' index words; lengths are compared with the candidates' mean length. One word: every
    candidate holds it, so its rarity is the same for all and is not looked up."""
    if not rows:
        return []
    if len(words) > 1:
        total, counts = _document_frequencies(words)
        idf = [max(math.log((total - n + 0.5) / (n + 0.5)), 1e-6) for n in counts]
    else:
        idf = [1.0]
    split = [(pk, title.split(), body.split()) for pk, title, body in rows]
    mean = sum(len(t) + len(b) for _, t, b in split) / len(split) or 1.0
    out = []
    for pk, title, body in split:
        norm = K1 * (1 - B + B * (len(title) + len(body)) / mean)
        score = 0.0
        for word, weight in zip(words, idf, strict=True):
            f = TITLE_WEIGHT * title.count(word) + body.count(word)
            score += weight * f * (K1 + 1) / (f + norm)
        out.append((int(pk), score))
    return out


class RankedIds:
    """The ranked documents matching a query among those visible, sliceable and countable, so Django's
    Paginator pages it.

    One query per search: the newest ``candidates`` + 1 visible matches (by id, a cheap key: FTS5 walks
    its matches in descending rowid order and stops there; PostgreSQL reads the id index backwards or
    sorts the matches' ids), each with its rank (``ts_rank`` on PostgreSQL, for the candidates only; on
    SQLite BM25 over the candidates' words, ``_bm25``; the title weighs 5 times the text). They are ranked here, so counting
    and paging cost nothing more. A word found in more
    than ``candidates`` documents is ranked among the newest ``candidates`` of them only, and the page
    says so (``capped``): ranking 26,000 matches of a very common word cost more than the rest of the
    search. The full-text table is joined into the permission-filtered query, so the cost follows the
    number of matches, not the size of the index."""

    def __init__(
        self,
        words: Sequence[str],
        visible: QuerySet[SearchDocument],
        candidates: int = CANDIDATES,
        tokens: Sequence[str] | None = None,
    ):
        self.words = tuple(words)
        self.candidates = candidates
        self._ranked: list[tuple[int, float]] | None = None
        self._capped = False
        table = SearchDocument._meta.db_table
        if connection.vendor == "postgresql":
            text = " ".join(self.words)
            # Unqualified columns: the conditions run in a subquery, where Django renames the table.
            where, params = ["search_vector @@ plainto_tsquery('simple', %s)"], [text]
            if tokens is not None:
                where.append("scope_vector @@ to_tsquery('simple', %s)")
                params.append(" | ".join(tokens))
            # The newest candidates' ids first, then ``ts_rank`` for those rows only (ranking every match
            # of a common word before the cap was about half of the query's time).
            newest = visible.extra(where=where, params=params).order_by("-pk").values("pk")[: candidates + 1]
            self.matched = (
                SearchDocument.objects.filter(pk__in=newest)
                .extra(
                    select={"rank": f"ts_rank({table}.search_vector, plainto_tsquery('simple', %s))"},
                    select_params=[text],
                )
                .order_by("-pk")  # the newest first: ``ranked`` keeps the first ``candidates`` of them
            )
        else:
            # The match and the scope prefilter in FTS5, newest first, no ranking function: ``bm25`` there
            # costs a pass over every phrase's whole list of rows (the scope tokens' too) — the candidates'
            # words come back instead and are ranked here (``_bm25``).
            self.matched = visible.extra(
                tables=["search_fts"],
                where=[f"search_fts.rowid = {table}.id", "search_fts MATCH %s"],
                params=[_fts5_query(self.words, tokens)],
                order_by=["-search_fts.rowid"],
            )

    def ranked(self) -> list[tuple[int, float]]:
        """(document id, score) of every candidate, best first (higher score is better)."""
        if self._ranked is None:
            rows: list[tuple[int, float]] = []
            if self.words and self.candidates > 0:
                if connection.vendor == "postgresql":
                    found = self.matched.values_list("pk", "rank")[: self.candidates + 1]
                    rows = [(int(pk), float(r)) for pk, r in found]
                else:
                    found = self.matched.values_list("pk", "title_words", "body_words")[: self.candidates + 1]
                    rows = _bm25(list(found), self.words)
            self._capped = len(rows) > self.candidates
            rows = rows[: self.candidates]
            rows.sort(key=lambda row: (-row[1], row[0]))
            self._ranked = rows
        return self._ranked

    @property
    def capped(self) -> bool:
        """Whether more documents matched than were ranked (only the newest ``candidates`` were)."""
        self.ranked()
        return self._capped

    def count(self) -> int:
        return len(self.ranked())

    def __len__(self) -> int:
        return self.count()

    def page(self, offset: int, limit: int) -> list[tuple[int, float]]:
        """(document id, score) of the results ``offset`` … ``offset + limit``, best first."""
        if limit <= 0:
            return []
        return self.ranked()[offset : offset + limit]

    def __getitem__(self, key: slice) -> list[SearchResult]:
        if not isinstance(key, slice):
            raise TypeError("RankedIds pages by slices")
        start = key.start or 0
        stop = key.stop if key.stop is not None else self.count()
        return results_for(self.page(start, stop - start), self.words)


@dataclass
class SearchResult:
    document: SearchDocument
    score: float
    url: str
    title: list[tuple[str, bool]] = field(default_factory=list)  # pieces, marked where a query word is
    snippet: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(DocKind(self.document.kind).label)


URL_NAMES = {
    DocKind.BODY: "organizations:detail",
    DocKind.PLAN: "plans:detail",
    DocKind.ITEM: "plans:item",
    DocKind.PROJECT: "projects:detail",
}


_PLACEHOLDER = 987654321987


def _url(kind: str, object_id: int, templates: dict[str, str]) -> str:
    """The page of a found object: ``reverse`` once per kind and page (``templates``), the id put in its
    place (twenty ``reverse`` calls were a visible share of a search page)."""
    if kind not in templates:
        templates[kind] = reverse(URL_NAMES[DocKind(kind)], args=[_PLACEHOLDER])
    return templates[kind].replace(str(_PLACEHOLDER), str(int(object_id)))


def _snippet(text: str, cut: str, words: frozenset[str]) -> list[tuple[str, bool]]:
    """A window of about ``SNIPPET_CHARS`` of ``text`` around its first matched word, highlighted; it
    starts and ends between words (the pieces the text was cut into when indexed)."""
    pieces = pieces_of(text, cut)
    if not pieces:
        return []
    marked = [(p, is_hit(p, words)) for p in pieces]
    first = next((i for i, (_, hit) in enumerate(marked) if hit), 0)
    start, before = first, 0
    while start > 0 and before + len(pieces[start - 1]) <= SNIPPET_CHARS // 3:
        start -= 1
        before += len(pieces[start])
    end, length = start, 0
    while end < len(pieces) and (end == start or length + len(pieces[end]) <= SNIPPET_CHARS):
        length += len(pieces[end])
        end += 1
    window = [(p.replace("\n", " · "), hit) for p, hit in marked[start:end]]
    if start:
        window.insert(0, ("… ", False))
    if end < len(pieces):
        window.append((" …", False))
    return join_marked(window)


def results_for(ranked: Sequence[tuple[int, float]], words: Sequence[str]) -> list[SearchResult]:
    ids = [pk for pk, _ in ranked]
    docs = SearchDocument.objects.select_related("area", "region", "cluster").in_bulk(ids)
    wanted = frozenset(words)
    templates: dict[str, str] = {}
    out = []
    for pk, score in ranked:
        doc = docs.get(pk)
        if doc is None:
            continue
        out.append(
            SearchResult(
                document=doc,
                score=score,
                url=_url(doc.kind, doc.object_id, templates),
                title=display_pieces(doc.title, wanted, doc.title_cut),
                snippet=_snippet(doc.body, doc.body_cut, wanted),
            )
        )
    return out


def search(user: Any, text: str, *, kinds: Sequence[str] = (), candidates: int | None = None) -> RankedIds:
    """What ``user`` may see that holds every word of ``text``, best first (page it with a Paginator);
    a word found more than ``candidates`` times is ranked among its newest ``candidates`` documents."""
    return RankedIds(
        query_words(text),
        visible_documents(user, kinds),
        CANDIDATES if candidates is None else candidates,
        scope_tokens(user, kinds),
    )


def matching_object_ids(user: Any, text: str, kind: str) -> QuerySet[SearchDocument, int]:
    """The object ids of one kind matching ``text`` among what ``user`` may see (a subquery for list
    pages that keep their own order, e.g. the organisations registry)."""
    words = query_words(text)
    visible = visible_documents(user, [kind])
    if not words:
        return visible.none().values_list("object_id", flat=True)
    if connection.vendor == "postgresql":
        match = RawSQL(
            "SELECT id FROM search_searchdocument WHERE search_vector @@ plainto_tsquery('simple', %s)",
            [" ".join(words)],
        )
    else:
        match = RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [_fts5_query(words)])
    return visible.filter(pk__in=match).values_list("object_id", flat=True)
