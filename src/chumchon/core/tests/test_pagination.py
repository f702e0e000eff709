"""The shared pager: page numbers, previous/next, the rest of the query string kept, Thai labels."""

from __future__ import annotations

import re
from typing import Any

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from chumchon.core.pagination import paginate


def _render(query: str, items: int = 500, per_page: int = 50) -> tuple[Any, str]:
    request = RequestFactory().get(f"/projects/?{query}")
    page = paginate(request, list(range(items)), per_page)
    with translation.override("th"):
        html = Template('{% load pagination %}{% pager page "project" %}').render(
            Context({"page": page, "request": request})
        )
    return page, html


def test_pages_are_numbered_and_keep_the_filters() -> None:
    page, html = _render("status=approved&q=%E0%B8%84%E0%B8%A5%E0%B8%AD%E0%B8%87&page=5")
    assert page.number == 5 and list(page.object_list) == list(range(200, 250))
    links = re.findall(r'href="\?([^"]+)"', html)
    assert links and all("status=approved" in q and "q=%E0%B8%84%E0%B8%A5%E0%B8%AD%E0%B8%87" in q for q in links)
    assert all(q.count("page=") == 1 for q in links)  # the old page key is replaced, not repeated
    assert 'id="project-previous"' in html and "page=4" in html and 'id="project-next"' in html and "page=6" in html
    assert '<span class="pager-current" aria-current="page">5</span>' in html
    assert ">1</a>" in html and ">10</a>" in html and "…" in html  # first, last and the gaps between
    assert "หน้า 5 จาก 10" in html and "ก่อนหน้า" in html and "ถัดไป" in html
    assert "แสดงรายการที่ 201–250 จาก 500 รายการ" in html


def test_first_last_and_bad_pages() -> None:
    page, html = _render("page=1")
    assert 'id="project-previous"' not in html and 'id="project-next"' in html
    page, html = _render("page=999")
    assert page.number == 10 and 'id="project-next"' not in html
    page, html = _render("page=abc")
    assert page.number == 1


def test_one_page_has_no_pager() -> None:
    _, html = _render("", items=3)
    assert 'id="project-pager"' not in html and "3 รายการ" in html
