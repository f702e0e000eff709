"""The area page's list of local governments, drawn in one pass.

A province's page lists up to 50 local governments; drawn by the template language that was three variable
look-ups, a filter and the kind's label per item (~0.5 ms of the page). ``{% local_government_items %}`` writes
the same HTML (byte for byte: ``areas/tests/test_area_lists.py`` compares it with the loop it replaced).
Presentation only: which local governments are listed is decided by ``selectors.local_governments_of``.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from chumchon.areas.models import LocalGovernment
from chumchon.core.templatetags.thai import localized_namer

register = template.Library()


@register.simple_tag(takes_context=True)
def local_government_items(context: template.Context, local_governments: Iterable[LocalGovernment]) -> SafeString:
    """Each local government as ``<li>name <small class="muted">kind · code</small></li>`` (the name in
    English when English is active and it has one, as ``localized_name``); "None recorded." when none."""
    text = escape if context.autoescape else str
    name_of = localized_namer()
    kinds: dict[str, str] = {}
    out: list[str] = []
    for lg in local_governments:
        if lg.kind not in kinds:
            kinds[lg.kind] = text(lg.get_kind_display())
        out.append(f'<li>{text(name_of(lg))} <small class="muted">{kinds[lg.kind]} · {text(lg.code)}</small></li>\n  ')
    if not out:
        # A literal gettext call (not inside an f-string), so that the catalogue's extraction finds it.
        none_recorded = conditional_escape(gettext("None recorded."))
        return mark_safe(f'<li class="muted">{none_recorded}</li>')
    return mark_safe("".join(out))
