"""The public portal in a real browser (no login): the cartogram renders, drill-down from the nation to a
tambon works, a download opens; screenshots of the main public pages go to $CHUMCHON_ARTEFACTS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chumchon.areas.models import Area
from chumchon.conftest import artefacts_dir
from chumchon.portal.tests import world as w

pytestmark = pytest.mark.browser


def shot(page: Any, name: str) -> None:
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        page.screenshot(path=str(artefacts_dir() / f"portal-{name}-{width}.png"), full_page=True)


def test_drill_down_from_the_nation_to_a_tambon(page: Any, transactional_db: None) -> None:
    world = w.build()
    region = Area.objects.select_related("codi_region").get(code="24").codi_region
    assert region is not None
    page.goto("/public/")
    assert page.locator("#cartogram").is_visible()
    assert page.locator("#cartogram a.tile").count() == 77
    assert page.locator('#cartogram a.tile[data-code="24"] rect').get_attribute("fill") != "url(#nodata)"
    assert page.locator('#cartogram a.tile[data-code="50"] rect').get_attribute("fill") == "url(#nodata)"
    shot(page, "nation")
    page.locator("#table-poverty a", has_text=region.name_th).click()
    page.wait_for_url(f"**/public/{region.code}/")
    assert page.locator("#cartogram").is_visible()
    shot(page, "region")
    page.locator("#table-poverty a", has_text="ฉะเชิงเทรา").click()
    page.wait_for_url("**/public/24/")
    assert world.project.title_th in page.locator("#table-projects").inner_text()
    shot(page, "province")
    page.locator("#table-poverty a", has_text="เมืองฉะเชิงเทรา").click()
    page.wait_for_url("**/public/2401/")
    page.locator("#table-poverty a", has_text="คลองนา").click()
    page.wait_for_url("**/public/240104/")
    assert "คลองนา" in page.locator("#place-title").inner_text()
    assert page.locator("#disclosure-note").is_visible()
    assert w.PLAN_TITLE in page.locator("#table-plans").inner_text()
    assert w.CAMPAIGN_TITLE in page.locator("#table-relief").inner_text()
    assert page.locator("#table-welfare").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    shot(page, "tambon")
    # A download opens: the CSV link of the projects table.
    with page.expect_download() as info:
        page.locator("#section-projects a.dl-csv").click()
    path = info.value.path()
    data = Path(path).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and world.project.title_th.encode() in data
    # English on the switch.
    page.click("#switch-language")
    page.wait_for_load_state()
    assert "Khlong Na" in page.locator("#place-title").inner_text()
    shot(page, "tambon-en")
    page.goto(f"/public/project/{world.project.pk}/")
    shot(page, "project")
