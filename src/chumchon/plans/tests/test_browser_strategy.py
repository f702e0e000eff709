"""Issue 11 acceptance, in a real browser: writing an item shows strategy suggestions; accepting one
tags the item; the strategy report counts it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chumchon.conftest import login
from chumchon.plans.strategy import services
from chumchon.plans.strategy.models import ItemTag, TagSuggestion

from .conftest import World

pytestmark = pytest.mark.browser


def test_suggestion_accepted_while_writing_tags_the_item_and_the_report_counts_it(
    page: Any, transactional_db: None, world: World
) -> None:
    services.catalogues_load()
    plan = world.council_plan()
    item = world.item(plan, "โครงการใหม่", objective="", budgets={2567: Decimal("120000")})

    login(page, world.secretary.username)
    page.goto(f"/plans/items/{item.pk}/edit/")
    page.wait_for_selector("#strategy-tags #no-tags")
    # The secretary writes the item; the suggestions follow the text as it is typed.
    page.fill("#id_title", "โครงการธนาคารขยะรีไซเคิลชุมชน")
    page.fill("#id_objective", "คัดแยกขยะในครัวเรือน รับซื้อขยะรีไซเคิล ลดขยะเข้าบ่อฝังกลบ นำกำไรไปจัดสวัสดิการสมาชิก")
    page.wait_for_selector("#tag-suggestions [data-suggestion='M10']")
    suggested = page.locator("#tag-suggestions [data-suggestion]").count()
    assert suggested == 5
    page.click("#tag-suggestions [data-suggestion='M10'] .accept-suggestion")
    page.wait_for_selector("#item-tags [data-tag='M10']")
    assert ItemTag.objects.filter(item=item, entry__code="M10").exists()
    assert TagSuggestion.objects.get(item=item).accepted
    # Reject another one: it goes away and is remembered.
    first_other = page.locator("#tag-suggestions [data-suggestion]").first.get_attribute("data-suggestion")
    page.click(f"#tag-suggestions [data-suggestion='{first_other}'] .reject-suggestion")
    page.wait_for_selector(f"#tag-suggestions [data-suggestion='{first_other}']", state="detached")
    assert TagSuggestion.objects.filter(item=item, accepted=False).count() == 1

    # The strategy report counts the item and its budget under the milestone.
    page.goto("/plans/strategy/?scheme=nesdp")
    row = page.locator("#strategy-report tr[data-code='M10']")
    assert row.locator(".items").inner_text() == "1"
    assert "120,000" in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
