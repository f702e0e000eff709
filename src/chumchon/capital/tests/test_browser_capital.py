"""In a real browser: a tambon council secretary records an occupational group for a village, the
profile shows it with its source and B.E. date, and the analysis no longer flags income as a gap;
the pages fit a 390-px phone."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.capital.models import CapitalEntry
from chumchon.capital.tests.conftest import TAMBON, load
from chumchon.conftest import login

pytestmark = pytest.mark.browser


def test_secretary_records_capital_and_the_gap_closes(
    page: Any, make_user: Any, villages: list[Any], settings: Any, tmp_path: Any
) -> None:
    settings.SURVEY_STORE = tmp_path / "store"
    load(
        "cap-b-2565",
        2565,
        [("H1", TAMBON, ["income"], True), ("H2", TAMBON, ["income"], True), ("H3", TAMBON, [], True)],
    )
    secretary = make_user("tambon_council_secretary", area=TAMBON)
    login(page, secretary.username)

    page.goto(f"/capital/{TAMBON}/analysis/")
    assert page.locator("#dimension-income.gap").count() == 1

    page.goto(f"/capital/{TAMBON}/")
    page.click("#capital-add")
    page.select_option("#id_area", villages[0].code)
    page.select_option("#id_kind", "group.occupational")
    page.fill("#id_name", "กลุ่มอาชีพทำขนมไทย")
    page.fill("#id_quantity", "24")
    page.fill("#id_unit", "ราย")
    page.select_option("#id_source_kind", "forum")
    page.fill("#id_source_name", "ประชาคมหมู่บ้าน ครั้งที่ 1/2567")
    page.fill("#id_as_of", "01/06/2567")
    with page.expect_navigation():
        page.click("#capital-save")
    assert page.locator(".errorlist").count() == 0, page.locator("#capital-form").inner_text()

    entry = CapitalEntry.objects.get()
    row = page.locator(f"#entry-{entry.pk}")
    assert "กลุ่มอาชีพทำขนมไทย" in row.inner_text() and "1 มิถุนายน 2567" in row.inner_text()
    assert "ประชาคมหมู่บ้าน ครั้งที่ 1/2567" in row.inner_text()

    page.click("#capital-analysis-link")
    page.wait_for_url("**/analysis/")
    assert page.locator("#dimension-income.gap").count() == 0
    assert "กลุ่มอาชีพ" in page.locator("#dimension-income").inner_text()

    page.set_viewport_size({"width": 390, "height": 800})
    for path in (f"/capital/{TAMBON}/", f"/capital/{TAMBON}/analysis/", f"/capital/{TAMBON}/new/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
