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
