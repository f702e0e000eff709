"""/api/search — Thai full-text search over organisations, plans, plan items and projects in the
caller's scope, best match first (the search page's results as JSON). As on the page, a very common
word is ranked among its newest matches only (``search.selectors.CANDIDATES``, 200): ``count`` is then 200.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from chumchon.api.schemas import LIST_ERRORS, BoundedPagination
from chumchon.search import selectors as search_selectors
from chumchon.search.models import DocKind
from chumchon.search.selectors import SearchResult

router = Router(tags=["search"])


class SearchOut(Schema):
    kind: str = Field(description="body, plan, item or project")
    id: int
    title: str
    snippet: str = Field(description="the text around the first matched word")
    matched: list[str] = Field(description="the words of the title and snippet that matched the query")
    area_code: str | None = None
    url: str
    score: float

    @staticmethod
    def resolve_kind(obj: SearchResult) -> str:
        return obj.document.kind

    @staticmethod
    def resolve_id(obj: SearchResult) -> int:
        return obj.document.object_id

    @staticmethod
    def resolve_title(obj: SearchResult) -> str:
        return "".join(text for text, _ in obj.title)

    @staticmethod
    def resolve_snippet(obj: SearchResult) -> str:
        return "".join(text for text, _ in obj.snippet)

    @staticmethod
    def resolve_matched(obj: SearchResult) -> list[str]:
        return list(dict.fromkeys(text for text, hit in [*obj.title, *obj.snippet] if hit))

    @staticmethod
    def resolve_area_code(obj: SearchResult) -> str | None:
        return obj.document.area.code if obj.document.area_id else None  # type: ignore[union-attr]


class SearchQuery(Schema):
    q: str = Field("", max_length=200, description="words to find (Thai is matched by whole words)")
    kind: str = Field("", max_length=16, description="body, plan, item or project; empty for all")


@router.get("", response={200: list[SearchOut], **LIST_ERRORS}, summary="Search / ค้นหา")
@paginate(BoundedPagination)
def search(request: HttpRequest, filters: Query[SearchQuery]) -> Any:
    if "\x00" in filters.q + filters.kind or (filters.kind and filters.kind not in DocKind.values):
        return []  # stored text never holds NUL; an unknown kind holds nothing
    return search_selectors.search(request.user, filters.q, kinds=[filters.kind] if filters.kind else ())
