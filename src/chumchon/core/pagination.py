"""Long lists, one page at a time: every list page pages with Django's Paginator and shows the shared
pager (``core/_pagination.html`` through ``{% pager page %}``), which keeps the rest of the query string."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50  # rows per page on list pages (a phone scrolls a few screens, not hundreds)


def paginate(request: HttpRequest, object_list: Any, per_page: int = PAGE_SIZE, param: str = "page") -> Page:
    """The page of ``object_list`` asked for by ``?page=`` (the last page if too high, the first if not a number).

    ``param`` names the query parameter when one page holds two paged lists (give ``{% pager %}`` the same)."""
    return Paginator(object_list, per_page).get_page(request.GET.get(param))
