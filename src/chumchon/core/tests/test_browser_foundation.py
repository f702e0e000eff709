"""The foundation, end to end in a real browser (issue acceptance): a tambon user signs in, sees and
opens their own tambon, is refused another one with a friendly 404, and switches to English."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.conftest import login

pytestmark = pytest.mark.browser


def test_tambon_user_sees_own_tambon_is_refused_another_and_switches_language(page: Any, make_user: Any) -> None:
    user = make_user("tambon_council_secretary", area="240104", first_name="สมศรี", last_name="ใจดี")
    login(page, user.username)

    # Home: my tambon, in Thai.
    own = page.locator('a[href="/areas/240104/"]').first
    own.wait_for()
    assert "คลองนา" in own.inner_text()
    assert page.locator("html").get_attribute("lang") == "th"

    # Its page: the Thai name in the heading.
    own.click()
    page.wait_for_url("**/areas/240104/")
    assert "คลองนา" in page.locator("h1").inner_text()

    # Another tambon: a friendly bilingual 404, nothing disclosed.
    response = page.goto("/areas/240105/")
    assert response is not None and response.status == 404
    body = page.locator("main").inner_text()
    assert "ไม่พบหน้านี้" in body and "Page not found" in body
    assert "บางตีนเป็ด" not in body  # 240105's name is not disclosed

    # Switch to English on my tambon's page.
    page.goto("/areas/240104/")
    assert page.locator("#switch-language").inner_text().strip() == "English"
    page.click("#switch-language")
    page.wait_for_load_state()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.url.endswith("/areas/240104/")
    assert "Khlong Na" in page.locator("h1").inner_text()
    assert page.get_by_role("button", name="Log out").is_visible()
    assert page.locator("#switch-language").inner_text().strip() == "ภาษาไทย"
