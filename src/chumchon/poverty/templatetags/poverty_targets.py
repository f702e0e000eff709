"""The target list's rows, drawn in one pass.

A tambon's page shows 25–100 households of 2–4 members each; drawn by the template language that was
~50 ``{% url %}`` calls, four nested loops and ~1,500 variable look-ups a page — about half the page's
time. ``{% target_rows %}`` writes the same HTML (byte for byte: ``poverty/tests/test_target_rows.py``
compares it with the template it replaced) from one reversed household link and labels translated once.
Presentation only: what a row holds is decided by ``selectors.targets``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from chumchon.core.links import link_maker
from chumchon.poverty.templatetags.poverty_labels import indicator_names, label_of, village_name

register = template.Library()


@register.simple_tag(takes_context=True)
def target_rows(
    context: template.Context,
    households: Iterable[Any],
    area_code: str,
    round_code: str,
    dim_labels: Mapping[str, object],
    group_labels: Mapping[str, object],
    indicator_labels: Mapping[str, str],
    village_labels: Mapping[str, str],
) -> SafeString:
    def value(v: Any) -> str:
        return render_value_in_context(v, context)

    def cell(label: str) -> str:
        return f'\n  <td data-label="{conditional_escape(label)}">'

    # Literal gettext calls (not inside f-strings), so that the catalogue's extraction finds them.
    td_household = cell(gettext("Household"))
    td_house_no = cell(gettext("House no."))
    td_dimensions = cell(gettext("Deprived dimensions"))
    td_indicators = cell(gettext("Failed indicators"))
    td_members = cell(gettext("Names of household members"))
    td_logbook = cell(gettext("Logbook"))
    added_by_field_team = conditional_escape(gettext("added by field team"))
    added = f'<br><small class="muted">{added_by_field_team}</small>'
    household_url = link_maker("poverty:household", area_code)
    round_query = f"?round={value(round_code)}"
    flags: dict[str, str] = {}

    def flag_html(flag: str) -> str:
        if flag not in flags:
            flags[flag] = get_template("poverty/_duplicate_flag.html").render({"flag": flag})
        return flags[flag]

    out: list[str] = []
    add = out.append
    for h in households:
        ref = h.ref
        url = household_url(ref)
        add(f'\n<tr data-household="{value(ref)}">')
        add(f'{td_household}<a href="{conditional_escape(url)}{round_query}">{value(ref)}</a>')
        if h.addition:
            add(added)
        if h.is_tpmap_target:
            add("<br><small>TPMAP</small>")
        add("</td>")
        add(f'{td_house_no}{value(h.house_no)}<br><small class="muted">')
        add(f"{value(village_name(h.village_code, village_labels))}</small></td>")
        add(td_dimensions)
        add(", ".join(value(label_of(d, dim_labels)) for d in h.deprived_dimensions))
        add(f"</td>{td_indicators}<small>{value(indicator_names(h.failed_indicators, indicator_labels))}</small></td>")
        add(td_members)
        for p in h.persons:
            add(f"<div><small>{value(p.national_id)}</small> {value(p.name)}")
            if p.age is not None:
                add(f" ({value(p.age)})")
            for g in p.groups:
                add(f' <span class="tag">{value(label_of(g, group_labels))}</span>')
            if p.duplicate:
                add(" " + flag_html(p.duplicate))
            add("</div>")
        add(f"</td>{td_logbook}")
        if h.cases:
            for c in h.cases.values():
                add(f'<a href="{conditional_escape(reverse("poverty:case", args=[c.pk]))}">')
                add(f"{value(c.get_dimension_display())}: {value(c.get_status_display())}</a><br>")
        else:
            add('<span class="muted">—</span>')
        add("</td>\n</tr>")
    return mark_safe("".join(out))  # every value above is escaped as the template would
