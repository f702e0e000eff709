"""A welfare fund's committee, in a real browser: records a year's figures, is refused a benefit beyond the
fund's balance (bilingual, nothing recorded), records one within it, and sees the closing balance."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.areas.models import Area
from chumchon.conftest import login
from chumchon.organizations.models import Body, BodyKind, WelfareBenefit

pytestmark = pytest.mark.browser


def test_fund_committee_records_a_year_and_a_benefit(page: Any, make_user: Any) -> None:
    fund = Body.objects.create(
        kind=BodyKind.WELFARE_FUND, name_th="กองทุนสวัสดิการชุมชนตำบลคลองนา", area=Area.objects.get(code="240104")
    )
    user = make_user("welfare_fund_committee", area="240104", body=fund)
    login(page, user.username)
    page.goto(f"/organizations/{fund.pk}/welfare/")
    page.fill("#id_y-year", "2565")
    page.fill("#id_y-members_18_59", "100")
    page.fill("#id_y-contributions", "36500")
    page.fill("#id_y-matching_local", "10000")
    page.locator("#welfare-year-form button[type=submit]").click()
    page.locator("#year-2565").wait_for()
    assert "46,500.00" in page.locator("#year-2565 .closing").inner_text()

    page.fill("#id_b-year", "2565")
    page.select_option("#id_b-kind", "death")
    page.fill("#id_b-amount", "50000")
    page.fill("#id_b-paid_on", "01/06/2565")
    page.locator("#welfare-benefit-form button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator("#welfare-benefit-form").inner_text()
    assert "เกินยอดเงินคงเหลือ" in errors and "exceeds the fund's balance" in errors
    assert not WelfareBenefit.objects.exists()

    page.fill("#id_b-amount", "6500")
    page.locator("#welfare-benefit-form button[type=submit]").click()
    page.locator("#year-2565").wait_for()
    assert "40,000.00" in page.locator("#year-2565 .closing").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
