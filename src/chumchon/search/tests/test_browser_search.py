"""The search page in a real browser, on a phone: a tambon secretary finds the welfare fund by one word,
highlighted, not the hospital by "ยา"; nothing from another province; no sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.areas.models import Area
from chumchon.conftest import login
from chumchon.organizations.models import Body, BodyKind

pytestmark = pytest.mark.browser


def test_secretary_searches_on_a_phone(page: Any, make_user: Any) -> None:
    khlong_na = Area.objects.get(code="240104")
    # Saved outside any transaction (live server tests commit), so each is indexed as it is saved.
    Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th="กองทุนสวัสดิการชุมชนตำบลคลองนา", area=khlong_na)
    Body.objects.create(kind=BodyKind.COMMUNITY_ORGANISATION, name_th="โรงพยาบาลส่งเสริมสุขภาพตำบลคลองนา", area=khlong_na)
    Body.objects.create(
        kind=BodyKind.WELFARE_FUND, name_th="กองทุนสวัสดิการชุมชนตำบลช้างเผือก", area=Area.objects.get(code="500105")
    )
    user = make_user("tambon_council_secretary", area="240104")
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, user.username)
    assert page.locator("#nav-search").count() == 1  # the menu offers it
    page.goto("/search/")
    page.fill("#search-q", "สวัสดิการ")
    page.locator("#search-form button[type=submit]").click()
    page.locator("#search-results").wait_for()
    results = page.locator(".search-result")
    assert results.count() == 1
    assert "กองทุนสวัสดิการชุมชนตำบลคลองนา" in results.first.inner_text()
    assert page.locator(".search-result mark").first.inner_text() == "สวัสดิการ"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.fill("#search-q", "ยา")
    page.locator("#search-form button[type=submit]").click()
    page.locator("#search-count").wait_for()
    assert page.locator(".search-result").count() == 0  # not the hospital (โรงพยาบาล)
    results_text = page.locator("#search-results").inner_text()
    assert "ไม่พบผลลัพธ์" in results_text

    page.fill("#search-q", "โรงพยาบาล")
    page.locator("#search-form button[type=submit]").click()
    page.locator(".search-result").first.wait_for()
    page.locator(".search-result a").first.click()
    page.wait_for_load_state()
    assert "โรงพยาบาลส่งเสริมสุขภาพตำบลคลองนา" in page.locator("h1").inner_text()
