"""The main menu's links, drawn in one pass (every signed-in page draws them).

Drawn by the template language the menu was a loop of ~15 links, each four variables and a condition —
~0.2 ms of every signed-in page. ``{% main_menu_links main_menu %}`` writes the same HTML, byte for byte
(``accounts/tests/test_main_menu_tag.py`` compares it with the loop it replaced). Presentation only: which
entries are shown is ``accounts.menu.menu_for``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from chumchon.accounts.menu import MenuLink

register = template.Library()

# What followed each link in base.html's loop: the line break and indentation before ``{% endfor %}``.
_AFTER = "\n      "
_ACTIVE = ' class="active" aria-current="page"'


@register.simple_tag(takes_context=True)
def main_menu_links(context: template.Context, links: Iterable[MenuLink]) -> SafeString:
    """Each link as ``<a href id="nav-<key>">label</a>``; the active one marked for styles and screen readers."""
    escape = conditional_escape if context.autoescape else str
    return mark_safe(
        "".join(
            f'<a href="{escape(link.url)}" id="nav-{escape(link.key)}"{_ACTIVE if link.active else ""}>'
            f"{escape(link.label)}</a>{_AFTER}"
            for link in links
        )
    )
