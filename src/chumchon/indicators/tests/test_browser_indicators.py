"""In a real browser: a tambon secretary types and submits the tambon's values, the provincial working
group approves them, and the cluster working group sees them locked in the province's KPI report;
the pages fit a 390-px phone, in Thai and in English."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.areas.models import Area
from chumchon.conftest import login
from chumchon.indicators import services
from chumchon.indicators.models import IndicatorValue
from chumchon.indicators.tests.conftest import PROVINCE, TAMBON, YEAR

pytestmark = pytest.mark.browser


def test_tambon_submits_province_approves_cluster_sees_locked(page: Any, make_user: Any) -> None:
    province = Area.objects.select_related("cluster").get(code=PROVINCE)
    admin = make_user("national_admin", nation=True)
    secretary = make_user("tambon_council_secretary", area=TAMBON)
    pwg = make_user("provincial_working_group", area=PROVINCE)
    cluster = make_user("cluster_working_group", cluster=province.cluster.code)
    funds = services.indicator_create(
        actor=admin, name_th="กองทุนสวัสดิการเข้มแข็ง", name_en="Strong welfare funds", unit="กองทุน", kind="reported"
    )
    services.target_set(actor=admin, indicator=funds, unit="", fiscal_year=YEAR, value=6000)

    login(page, secretary.username)
    page.goto(f"/indicators/entry/{TAMBON}/{YEAR}/")
    page.fill(f"#v{funds.pk}", "4")
    with page.expect_navigation():
        page.click("#entry-save")
    with page.expect_navigation():
        page.click("#submit-values")
    assert "ส่ง" in page.locator("#approval-state").inner_text()
    page.context.clear_cookies()

    login(page, pwg.username)
    page.goto("/")
    page.click("text=ค่าตัวชี้วัดที่รอท่านรับรอง")
    page.click(f"#approval-queue a[href*='{TAMBON}']")
    with page.expect_navigation():
        page.click("#approve-values")
    assert IndicatorValue.objects.get(area_code=TAMBON).frozen
    page.context.clear_cookies()

    login(page, cluster.username)
    page.goto(f"/indicators/report/{PROVINCE}/{YEAR}/")
    row = page.locator(f"#children-table tr:has(a[href*='/{TAMBON}/'])")
    assert "🔒" in row.inner_text() and "4" in row.inner_text()
    assert "4" in page.locator("#figures-table").inner_text()
    assert page.locator("#approve-values").count() == 1  # the province is the cluster's to approve next

    page.set_viewport_size({"width": 390, "height": 800})
    for path in (f"/indicators/report/{PROVINCE}/{YEAR}/", "/indicators/", f"/indicators/{funds.pk}/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto(f"/indicators/report/{PROVINCE}/{YEAR}/")
    page.click("#switch-language")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert "KPI report" in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
