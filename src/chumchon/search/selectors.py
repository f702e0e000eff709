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
from chumchon.plans.selectors import plans_visible
from chumchon.search.models import DocKind, SearchDocument
from chumchon.search.words import display_pieces, query_words

# Which action lets a user see each kind of document.
KIND_ACTIONS: dict[str, str] = {
    DocKind.BODY: Action.ORG_VIEW,
    DocKind.PLAN: Action.PLAN_VIEW,
    DocKind.ITEM: Action.PLAN_VIEW,
    DocKind.PROJECT: Action.PROJECT_VIEW,
}
SNIPPET_CHARS = 220


def kinds_for(user: Any) -> list[str]:
    """The kinds of document the user may see anywhere (for the menu and the page's kind filter)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [kind for kind, action in KIND_ACTIONS.items() if permissions.can_anywhere(user, action)]


def may_search(user: Any) -> bool:
    return bool(kinds_for(user))


def visible_documents(user: Any, kinds: Sequence[str] = ()) -> QuerySet[SearchDocument]:
    """The documents ``user`` may see (optionally of some kinds only), before any text is matched."""
    allowed = [k for k in kinds_for(user) if not kinds or k in kinds]
    q = Q(pk__in=[])
    for kind in allowed:
        if kind == DocKind.BODY:
            q |= Q(kind=kind) & permissions.scope_q(user, Action.ORG_VIEW)
        elif kind in (DocKind.PLAN, DocKind.ITEM):
            prefixes = permissions.grants_for(user).prefixes(Action.PLAN_VIEW)
            if "" in prefixes:
                q |= Q(kind=kind)
            else:
                q |= Q(kind=kind, plan_ref__in=plans_visible(user).values("pk"))
        elif kind == DocKind.PROJECT:
            q |= Q(kind=kind) & prefix_q(permissions.grants_for(user).prefixes(Action.PROJECT_VIEW), "area__code")
    return SearchDocument.objects.filter(q)


def _fts5_query(words: Sequence[str]) -> str:
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class RankedIds:
    """The ranked documents matching a query among those visible, sliceable and countable, so Django's
    Paginator pages it with one count and one page query.

    The full-text table is joined into the permission-filtered query (``extra``), so the database
    walks the matches of the words and checks each one's scope by its primary key: the cost follows
    the number of matches, not the size of the index (an ``id IN (<every visible row>)`` filter read
    the whole index per query, and on SQLite a rowid constraint made FTS5 re-run the match per row)."""

    def __init__(self, words: Sequence[str], visible: QuerySet[SearchDocument]):
        self.words = tuple(words)
        self._count: int | None = None
        table = SearchDocument._meta.db_table
        if connection.vendor == "postgresql":
            text = " ".join(self.words)
            self.matched = visible.extra(
                select={"rank": f"ts_rank({table}.search_vector, plainto_tsquery('simple', %s))"},
                select_params=[text],
                where=[f"{table}.search_vector @@ plainto_tsquery('simple', %s)"],
                params=[text],
            )
            self.order = ("-rank", "pk")
        else:
            # bm25 is lower for better matches; the title column weighs 5 times the text.
            self.matched = visible.extra(
                select={"rank": "bm25(search_fts, 5.0, 1.0)"},
                tables=["search_fts"],
                where=[f"search_fts.rowid = {table}.id", "search_fts MATCH %s"],
                params=[_fts5_query(self.words)],
            )
            self.order = ("rank", "pk")

    def count(self) -> int:
        if self._count is None:
            self._count = self.matched.count() if self.words else 0
        return self._count

    def __len__(self) -> int:
        return self.count()

    def page(self, offset: int, limit: int) -> list[tuple[int, float]]:
        """(document id, score) of the results ``offset`` … ``offset + limit``, best first."""
        if not self.words or limit <= 0:
            return []
        rows = self.matched.order_by(*self.order).values_list("pk", "rank")[offset : offset + limit]
        return [(int(pk), float(r)) for pk, r in rows]

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


def _snippet(text: str, words: frozenset[str]) -> list[tuple[str, bool]]:
    """A window of ``text`` around its first matched word, highlighted."""
    if not text:
        return []
    lowered = text.lower()
    first = min((i for i in (lowered.find(w) for w in words) if i >= 0), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    # Start and end at a space or line break when one is near, so no word is cut in half.
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 40 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space < end + 40 else end
    pieces = display_pieces(text[start:end].replace("\n", " · "), words)
    if start:
        pieces.insert(0, ("… ", False))
    if end < len(text):
        pieces.append((" …", False))
    return pieces


def results_for(ranked: Sequence[tuple[int, float]], words: Sequence[str]) -> list[SearchResult]:
    ids = [pk for pk, _ in ranked]
    docs = SearchDocument.objects.select_related("area", "region", "cluster").in_bulk(ids)
    wanted = frozenset(words)
    out = []
    for pk, score in ranked:
        doc = docs.get(pk)
        if doc is None:
            continue
        out.append(
            SearchResult(
                document=doc,
                score=score,
                url=reverse(URL_NAMES[DocKind(doc.kind)], args=[doc.object_id]),
                title=display_pieces(doc.title, wanted),
                snippet=_snippet(doc.body, wanted),
            )
        )
    return out


def search(user: Any, text: str, *, kinds: Sequence[str] = ()) -> RankedIds:
    """What ``user`` may see that holds every word of ``text``, best first (page it with a Paginator)."""
    return RankedIds(query_words(text), visible_documents(user, kinds))


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
