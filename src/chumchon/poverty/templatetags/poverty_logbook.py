"""The Logbook page's case table, drawn in one pass.

A Logbook page shows 25 cases a page; drawn by the template language that was a ``{% url %}``, two
``get_*_display`` look-ups, a ``be_date`` filter and ~15 variable nodes a row. ``{% case_rows %}`` writes
the same HTML (byte for byte: ``poverty/tests/test_logbook_rows.py`` compares it with the template loop it
replaced) from one reversed case link, every value through ``render_value_in_context`` and the same filter
as before. Presentation only: what a row holds is decided by ``selectors.logbook``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from chumchon.core.links import link_maker
from chumchon.core.templatetags.thai import be_date

register = template.Library()


@register.simple_tag(takes_context=True)
def case_rows(context: template.Context, rows: Iterable[tuple[Any, Any]]) -> SafeString:
    """``<tr data-row>`` of each ``(case, target)``: the case's number (linked to its page), subdistrict,
    household (and, for a person case, the member's name and ID), dimension, status, last update; a row
    saying there are none when there are none."""

    def value(v: Any) -> str:
        return render_value_in_context(v, context)

    case_url = link_maker("poverty:case", mark=987654321)
    out: list[str] = []
    add = out.append
    for c, t in rows:
        add(f'<tr data-row><td><a href="{conditional_escape(case_url(c.pk))}">{value(c.pk)}</a></td>')
        add(f"<td>{value(c.area.name_th)}</td><td>{value(t.household_ref)} {value(c.label)}")
        if t.is_person:
            add(f' <small class="muted">{value(t.person_name or "—")} · {value(t.person_id)}</small>')
        add(f"</td><td>{value(c.get_dimension_display())}</td><td>{value(c.get_status_display())}</td>")
        add(f"<td>{value(be_date(c.updated_at, 'short'))}</td></tr>")
    if not out:
        no_cases = gettext("No cases.")
        add(f'<tr><td colspan="6" class="muted">{conditional_escape(no_cases)}</td></tr>')
    return mark_safe("".join(out))  # every value above is escaped as the template would
