"""A proposal to the governor in a real browser: the council's secretary records and sends it, it
falls overdue and shows on the worklist, the secretariat records the reply and the inclusion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from chumchon.conftest import login
from chumchon.plans.tests.test_governor import G, build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def g(make_user: Any) -> G:
    return build_world(make_user)


def _be(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def test_secretary_sends_it_overdue_on_worklist_secretariat_answers(
    page: Any,
    g: G,
    chromium: Any,
    live_server: Any,
) -> None:
    today = timezone.localdate()
    login(page, g.secretary.username)
    page.goto("/plans/governor/new/")
    page.fill("#id_title", "ขอสนับสนุนฝายชะลอน้ำ")
    page.get_by_label("1. ฝายชะลอน้ำ").check()
    page.select_option("#id_secretariat", str(g.secretariat.pk))
    page.click("#form-submit")
    page.wait_for_url("**/plans/governor/*/")
    assert page.locator("#proposal-status").get_attribute("data-status") == "draft"

    page.click("#action-send")
    page.fill("#id_sent_on", _be(today - dt.timedelta(days=20)))
    page.fill("#id_reply_due_on", _be(today - dt.timedelta(days=5)))
    page.click("#form-submit")
    page.wait_for_url("**/plans/governor/*/")
    assert page.locator("#proposal-status").get_attribute("data-status") == "overdue"
    detail = page.url

    # The overdue proposal is on the secretary's worklist, and its link lists it.
    page.goto("/")
    link = page.locator('a[href="/plans/governor/?todo=overdue"]').first
    link.wait_for()
    link.click()
    page.wait_for_load_state()
    assert page.locator("#governor-register tr[data-row]").count() == 1

    # The secretariat records the reply; the phone-width page does not scroll sideways.
    context = chromium.new_context(base_url=live_server.url, locale="th-TH")
    other = context.new_page()
    other.set_viewport_size({"width": 390, "height": 800})
    login(other, g.pwg.username)
    other.goto(detail)
    other.click("#action-reply")
    other.fill("#id_replied_on", _be(today))
    other.select_option("#id_outcome", "accepted")
    other.click("#form-submit")
    other.wait_for_url(detail)
    assert other.locator("#proposal-status").get_attribute("data-status") == "answered"
    assert other.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
