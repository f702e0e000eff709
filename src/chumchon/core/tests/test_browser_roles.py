"""Issue 9 acceptance, in a real browser on the generated demo: each demo role signs in through the
login form and opens every menu link and every link on its home page on a 390-px phone. No answer
may be 4xx/5xx (every response is listened to, not only the page's own), no page may scroll
sideways, and no raw code (indicator codes like i09, snake_case keys, app.model names) may show in
the visible text, and every input has a label and no id is used twice (issue 9, item 5). Each role's home page is photographed at 1366 and 390 px into $CHUMCHON_ARTEFACTS.

All roles share ONE demo database and server (the session fixture ``demo_site``)."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.conftest import DEMO_SITE_PASSWORD, artefacts_dir
from chumchon.core.tests.walk import PHONE, RAW_CODE_PATTERNS, Finding, Walk, check_page, login, raw_codes, walk_as

pytestmark = pytest.mark.browser

# The demo's account for each role the issue names.
ROLES = {
    "regional CODI officer": "codi_r5",
    "CDD district officer": "cdd_2401",
    "tambon council secretary": "klongna",
    "provincial working group": "pwg_24",
    "cluster working group": "cluster_c08",
    "Baan Mankong subcommittee": "baanmankong_r5",
    "partner agency": "partner_24",
    "welfare-fund committee member": "welfare_240104",
    "national administrator": "admin",
}

# Raw codes still shown on this branch, which the "no raw codes" work of issue 9 (item 3) removes:
# (page path, kind of pattern). Only these exact pairs are let through; everything else fails, and
# the lead deletes these entries when that work is merged.
PENDING_RAW_CODES: set[tuple[str, str]] = set()  # none left: the audit trail and job kinds read by name


def _pending(finding: Finding) -> bool:
    return (finding.url.split("?")[0], finding.problem) in PENDING_RAW_CODES


@pytest.mark.parametrize("role", list(ROLES))
def test_every_menu_and_home_link_works_on_a_phone(chromium: Any, demo_site: str, role: str) -> None:
    username = ROLES[role]
    context = chromium.new_context(base_url=demo_site, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        walk = walk_as(page, demo_site, username, DEMO_SITE_PASSWORD, screenshots=artefacts_dir())
        # The menu opens from its button on a phone, and every entry is then on screen.
        page.set_viewport_size(PHONE)
        page.goto("/")
        toggle = page.locator("#menu-toggle")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert not page.locator("#mainnav a").first.is_visible()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        for link in page.locator("#mainnav a").all():
            assert link.is_visible(), link.inner_text()
            box = link.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    finally:
        context.close()
    assert (artefacts_dir() / f"{username}-home-1366.png").stat().st_size > 0
    assert (artefacts_dir() / f"{username}-home-390.png").stat().st_size > 0
    assert len(walk.visited) >= 5, walk.visited  # home and at least the menu's entries
    problems = [f for f in walk.findings if not _pending(f)]
    assert not problems, "\n".join(f"{f.url}: {f.problem} {f.detail}" for f in problems)


def test_the_walk_catches_what_it_looks_for(chromium: Any, demo_site: str) -> None:
    """The checks can fail: a wide element, a raw code and a missing page are all reported."""
    assert raw_codes("ตัวชี้วัด i09 · tpmap_only · poverty.targetlist · ok", allowed=set()) == [
        ("indicator code", "i09"),
        ("snake_case key", "tpmap_only"),
        ("app.model name", "poverty.targetlist"),
    ]
    assert set(RAW_CODE_PATTERNS) == {"indicator code", "snake_case key", "app.model name"}
    assert raw_codes("ตำบลคลองนา 240104 · 1,234.00 บาท · user@example.org · /areas/R5/", allowed=set()) == []
    context = chromium.new_context(base_url=demo_site, locale="th-TH", viewport=PHONE)
    page = context.new_page()
    try:
        login(page, "klongna", DEMO_SITE_PASSWORD)
        walk = Walk("klongna")
        check_page(page, walk, "/no-such-page/", allowed=set())
        assert any(f.problem == "HTTP 404" for f in walk.findings)
        walk = Walk("klongna")
        page.goto("/")
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend',"
            ' \'<div style="width:900px">x</div><p id="twice">i09 tpmap_only</p><p id="twice"><input name=q></p>\')'
        )
        html = page.content()
        page.route("**/", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
        check_page(page, walk, "/", allowed=set())
        problems = {f.problem for f in walk.findings}
        assert {
            "scrolls sideways",
            "raw indicator code",
            "raw snake_case key",
            "duplicate id #twice (2)",
            "input without a label: input[name=q]",
        } <= problems, walk.findings
    finally:
        context.close()
