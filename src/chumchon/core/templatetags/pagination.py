"""``{% pager page %}``: page numbers, previous and next, with the query string kept (filters stay on)."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page

register = template.Library()


@register.inclusion_tag("core/_pagination.html", takes_context=True)
def pager(
    context: template.Context, page: Page, anchor: str = "list", show_count: bool = True, param: str = "page"
) -> dict[str, Any]:
    """``anchor`` prefixes the ids (``<anchor>-pager``, ``-previous``, ``-next``, ``-count``); ``param`` is the
    query parameter holding the page number (``page`` unless a page holds two paged lists)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else None

    def url(number: int) -> str:
        if query is None:
            return f"?{param}={number}"
        query[param] = str(number)
        return f"?{query.urlencode()}"

    links: list[dict[str, Any]] = []
    if page.has_other_pages():
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
            if number == page.paginator.ELLIPSIS:
                links.append({"gap": True})
            else:
                links.append({"number": number, "url": url(int(number)), "current": number == page.number})
    return {
        "page": page,
        "links": links,
        "anchor": anchor,
        "show_count": show_count,
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
    }
