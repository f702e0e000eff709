"""Issue acceptance in a real browser: a CDD district officer opens a tambon's target list, records help
for a household (opens a case, adds an assistance record, marks it helped) and sees the area's Logbook
summary change."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.conftest import login
from chumchon.poverty.models import AssistanceRecord, Case, CaseStatus
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.browser
T1 = "240104"


def test_district_officer_records_help_from_the_target_list(
    page: Any, make_user: Any, settings: Any, tmp_path: Any
) -> None:
    settings.SURVEY_STORE = tmp_path / "store"
    settings.MEDIA_ROOT = tmp_path / "media"
    survey_round = logbook_data.load_round(
        logbook_data.survey_round("h6-2565", 2565),
        [("H1", T1, ["income", "living"], True), ("H2", T1, ["health"], False), ("H3", T1, [], True)],
    )
    officer = make_user("cdd_district_officer", area="2401", first_name="กิตติศักดิ์", last_name="บุญมา")
    login(page, officer.username)

    # The area's poverty page: no Logbook activity yet.
    page.goto(f"/poverty/area/{T1}/")
    assert page.locator("#logbook-cases").inner_text() == "0"
    assert page.locator("#logbook-help").inner_text() == "0"

    # The tambon's target list: H1 and H2 (H3 is deprived in nothing).
    page.click("#open-targets")
    page.wait_for_url(f"**/poverty/area/{T1}/targets/**")
    rows = page.locator("#target-table tbody tr[data-household]")
    assert rows.count() == 2
    page.locator('tr[data-household="H1"] a').first.click()
    page.wait_for_url("**/household/H1/**")

    # Open a case for the income dimension.
    page.select_option("#case-dimension", "income")
    page.click("#case-open")
    page.wait_for_url("**/poverty/cases/*/")
    assert page.locator("#case-status").inner_text() in ("เป้าหมาย", "Target, not yet helped")

    # Record help: vocational training and laying hens from the sub-district administration.
    form = page.locator("#assistance-form")
    form.locator("[name=description]").fill("ฝึกอาชีพเลี้ยงไก่ไข่ และมอบพันธุ์ไก่ 20 ตัว")
    form.locator("[name=help_kind]").select_option("in_kind")
    form.locator("[name=amount]").fill("2400.50")
    form.locator("[name=agency_name]").fill("อบต.คลองนา")
    form.locator("[name=given_on]").fill("15/02/2566")
    page.click("#assistance-submit")
    page.wait_for_load_state()
    assert "ฝึกอาชีพเลี้ยงไก่ไข่" in page.locator("#assistance-table").inner_text()
    assert "2,400.50" in page.locator("#assistance-table").inner_text()

    # Mark it helped; the timeline shows every step.
    page.select_option("#to-status", "helped")
    page.click("#transition-submit")
    page.wait_for_load_state()
    case = Case.objects.get()
    assert case.status == CaseStatus.HELPED and case.household_id == "H1" and case.dimension == "income"
    assert AssistanceRecord.objects.get().agency_name == "อบต.คลองนา"
    assert page.locator("#timeline li").count() == 4  # opened, help, → in progress, → helped

    # The area's Logbook summary has changed.
    page.goto(f"/poverty/area/{T1}/?round={survey_round.code}")
    assert page.locator("#logbook-cases").inner_text() == "1"
    assert page.locator("#logbook-closed").inner_text() == "1"
    assert page.locator("#logbook-help").inner_text() == "1"
    assert page.locator("#logbook-amount").inner_text() == "2,400.50"
    page.goto("/poverty/area/2401/logbook/")
    assert page.locator("#status-helped").inner_text() == "1"
    assert "อบต.คลองนา" in page.locator("#by-agency").inner_text()
