"""Long lists, one page at a time: every list page pages with Django's Paginator and shows the shared
pager (``core/_pagination.html`` through ``{% pager page %}``), which keeps the rest of the query string."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50  # rows per page on list pages (a phone scrolls a few screens, not hundreds)


def paginate(
    request: HttpRequest, object_list: Any, per_page: int = PAGE_SIZE, param: str = "page", count: int | None = None
) -> Page:
    """The page of ``object_list`` asked for by ``?page=`` (the last page if too high, the first if not a number).

    ``param`` names the query parameter when one page holds two paged lists (give ``{% pager %}`` the same).
    ``count``: the number of rows when the caller already knows it (spares the counting query)."""
    paginator = Paginator(object_list, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached property
    return paginator.get_page(request.GET.get(param))
