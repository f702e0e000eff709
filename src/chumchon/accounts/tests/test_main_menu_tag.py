"""``{% main_menu_links %}`` writes exactly what base.html's loop over the menu wrote."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuLink

# The loop base.html held before the tag, verbatim (whitespace included).
LOOP = (
    '{% for link in main_menu %}<a href="{{ link.url }}" id="nav-{{ link.key }}"{% if link.active %} class="active"'
    ' aria-current="page"{% endif %}>{{ link.label }}</a>\n      {% endfor %}'
)
TAG = "{% load main_menu %}{% main_menu_links main_menu %}"

LINKS = [
    MenuLink(key="home", label="หน้าแรก", url="/", active=False),
    MenuLink(key="projects", label="Projects & <plans>", url="/projects/?a=1&b=2", active=True),
    MenuLink(key='q"uote', label='say "hi"', url="/x'y/", active=False),
]


def both(links: list[MenuLink], autoescape: bool = True) -> tuple[str, str]:
    context = {"main_menu": links}
    return (
        Template(LOOP).render(Context(context, autoescape=autoescape)),
        Template(TAG).render(Context(context, autoescape=autoescape)),
    )


@pytest.mark.parametrize("links", [LINKS, LINKS[:1], LINKS[1:2], []])
@pytest.mark.parametrize("autoescape", [True, False])
def test_the_tag_writes_what_the_loop_wrote(links: list[MenuLink], autoescape: bool) -> None:
    loop, tag = both(links, autoescape)
    assert tag == loop


def test_escaped_and_marked_active() -> None:
    _, tag = both(LINKS)
    assert "Projects &amp; &lt;plans&gt;" in tag and "/projects/?a=1&amp;b=2" in tag
    assert tag.count('aria-current="page"') == 1


@pytest.mark.parametrize("language", ["th", "en"])
def test_translated_labels(language: str) -> None:
    with translation.override(language):
        links = [MenuLink(key="me", label=str(_("My account")), url="/accounts/me/", active=False)]
        loop, tag = both(links)
    assert tag == loop and links[0].label in tag
