"""The project list's rows, drawn in one pass.

A page of the list shows 50 projects; drawn by the template language that was ~20 variable look-ups, two
filters and three conditions a row — about a third of the page's time at national volume. ``{% project_rows %}``
writes the same HTML (byte for byte: ``projects/tests/test_project_rows.py`` compares it with the loop it
replaced) with the label translated once. Presentation only: what a row holds is decided by the view and
``selectors``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from html import escape
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from chumchon.core.thai import format_baht

register = template.Library()


def _value_writer(context: template.Context) -> Callable[[Any], str]:
    """``render_value_in_context`` (what ``{{ v }}`` writes), cheaper for the values the rows repeat.

    A plain str is neither a date nor a number: the template language would only escape it, with
    ``html.escape`` (under ``django.utils.html.escape``), after localisation checks and a lazy-argument test
    that cost more than the escaping. Numbers go through ``number_format``'s locale look-ups: each distinct
    one (a fiscal year, 0.00 %) is written once per tag — keyed by its text, as 0 and 0.00 are equal but
    written differently."""
    autoescape = context.autoescape
    written: dict[tuple[type, str], str] = {}

    def value(v: Any) -> str:
        kind = type(v)
        if kind is str and autoescape:
            return escape(v)
        if kind is int or kind is Decimal:
            key = (kind, str(v))
            if key not in written:
                written[key] = render_value_in_context(v, context)
            return written[key]
        return render_value_in_context(v, context)

    return value


@register.simple_tag(takes_context=True)
def project_rows(context: template.Context, rows: Iterable[tuple[Any, Decimal, str]]) -> SafeString:
    """Each ``(project, rolled-up progress, status label)`` of ``rows`` as the list's ``<tr>``; "No projects."
    when there are none. The project needs ``list_url`` (set by the view), its area and its programme."""

    value = _value_writer(context)

    # Literal gettext calls (not inside f-strings), so that the catalogue's extraction finds them.
    report_overdue = conditional_escape(gettext("report overdue"))
    overdue = f' <span class="error">({report_overdue})</span>'
    out: list[str] = []
    add = out.append
    for p, progress, status in rows:
        area, programme = p.area, p.programme
        add(f'\n    <tr data-row>\n      <td><a href="{value(p.list_url)}">{value(p.title_th)}</a>')
        if p.is_report_overdue:
            add(overdue)
        add(f'</td>\n      <td>{value(area.name_th)} <span class="muted">{value(area.code)}</span></td>')
        add(
            f"\n      <td>{value(programme.name_th)} {value(programme.fiscal_year)}</td>\n      <td>{value(status)}</td>"
        )
        add(f'\n      <td class="num">{escape(format_baht(p.requested_amount))}</td>\n      <td class="num">')
        if p.approved_amount is not None:
            add(escape(format_baht(p.approved_amount)))
        add(f'</td>\n      <td class="num">{value(progress)}%</td>\n    </tr>\n  ')
    if not out:
        no_projects = conditional_escape(gettext("No projects."))
        return mark_safe(f'\n    <tr><td colspan="7" class="muted">{no_projects}</td></tr>\n  ')
    return mark_safe("".join(out))  # every value above is escaped as the template would


@register.simple_tag(takes_context=True)
def programme_rollup_rows(context: template.Context, rollups: Iterable[Any]) -> SafeString:
    """Each programme's ``Rollup`` (``selectors.labelled_programme_rollups``) as the list's "By programme"
    ``<tr>`` — ~40 at national volume, drawn by the template loop at ~8 variables and 3 filters a row: the
    same HTML (``projects/tests/test_project_rows.py`` compares it with the loop it replaced)."""

    value = _value_writer(context)

    out: list[str] = []
    add = out.append
    for r in rollups:
        progress = "" if r.progress_pct is None else f"{value(r.progress_pct)}%"
        add(
            f'\n    <tr><td>{value(r.label)}</td><td class="num">{value(r.projects)}</td>'
            f'<td class="num">{value(r.approved_projects)}</td><td class="num">{escape(format_baht(r.approved))}</td>'
            f'\n    <td class="num">{escape(format_baht(r.disbursed))}</td>'
            f'<td class="num">{escape(format_baht(r.spent))}</td><td class="num">{progress}</td>'
            f'<td class="num">{value(r.overdue)}</td></tr>\n  '
        )
    return mark_safe("".join(out))  # every value above is escaped as the template would
