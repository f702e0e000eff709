"""The main menu's links are reversed once per URLconf, script prefix and language, and stay right."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from chumchon.accounts.menu import MENU_ENTRIES, menu_for

pytestmark = pytest.mark.django_db


def test_menu_links_equal_reverse_under_every_prefix_and_language(make_user: Any) -> None:
    user = make_user("national_admin", nation=True)
    names = {e.key: e.url_name for e in MENU_ENTRIES}
    try:
        for prefix in ("/", "/chumchon/", "/"):
            set_script_prefix(prefix)
            for language in ("th", "en", "th"):
                with translation.override(language):
                    links = menu_for(user, prefix + "projects/")
                    assert links, "a national admin has a menu"
                    assert {link.key: link.url for link in links} == {
                        link.key: reverse(names[link.key]) for link in links
                    }
                    assert all(link.url.startswith(prefix) for link in links)
                    assert [link.key for link in links if link.active] == ["projects"]
    finally:
        clear_script_prefix()
        set_script_prefix("/")


def _as_before(user: Any, path: str) -> list[tuple[str, str, str, bool]]:
    """The menu as ``menu_for`` made it before its links and labels were kept: every entry asked, reversed and
    translated afresh; the deepest entry the path lies under active."""
    from chumchon.accounts.menu import allowed

    links = []
    for entry in sorted(MENU_ENTRIES, key=lambda e: (e.order, e.key)):
        if allowed(entry, user):
            url = reverse(entry.url_name)
            links.append((entry.key, str(entry.label), url, path == url if url == "/" else path.startswith(url)))
    deepest = max((len(url) for _, _, url, active in links if active), default=0)
    return [(key, label, url, active and len(url) == deepest) for key, label, url, active in links]


@pytest.mark.parametrize("role", ["national_admin", "codi_regional_staff", "tambon_council_secretary"])
def test_menu_equals_asking_every_entry_afresh_on_every_path_and_language(make_user: Any, role: str) -> None:
    user = make_user(role, nation=True) if role == "national_admin" else make_user(role, area="240104")
    paths = ["/", "/nowhere/", *(reverse(e.url_name) for e in MENU_ENTRIES)]
    paths += [p + "1/more/" for p in paths]  # under each entry's page, nested entries included
    for language in ("th", "en"):
        with translation.override(language):
            for path in paths:
                made = [(link.key, link.label, link.url, link.active) for link in menu_for(user, path)]
                assert made == _as_before(user, path), path
                assert sum(active for *_, active in made) <= 1
