"""The poverty area page's two long tables, drawn in one pass.

An area page shows up to 38 indicator rows and 10–20 children (districts, tambons, villages) of six cells
each; drawn by the template language that was ~330 variable nodes and ~20 ``{% url %}`` calls a page.
``{% indicator_rows %}`` and ``{% children_rows %}`` write the same HTML (byte for byte:
``poverty/tests/test_area_rows.py`` compares them with the template loops they replaced) — every value
through ``render_value_in_context`` and the same filters as before. Presentation only: what a row holds
is decided by ``selectors.results``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from chumchon.core.links import link_maker
from chumchon.core.templatetags.numbers import fastfloat
from chumchon.poverty.templatetags.indicators import indicator_name

register = template.Library()
DASH = "—"


def _text_writer(context: template.Context) -> Callable[[str], str]:
    """``render_value_in_context`` for text (what ``fastfloat`` and the labels give): a string is neither a
    date to localise nor a number to format, so only the escaping is left — without its per-value look-ups."""
    if context.autoescape:
        return conditional_escape
    return str


@register.simple_tag(takes_context=True)
def indicator_rows(context: template.Context, rows: Iterable[Mapping[str, Any]]) -> SafeString:
    """``<tr>`` of each row: number, name (with its badge), dimension, households failing, %, of them AF-poor."""

    def value(v: Any) -> str:
        return render_value_in_context(v, context)

    text = _text_writer(context)
    out: list[str] = []
    add = out.append
    for r in rows:
        indicator = r["indicator"]
        censored = r["censored"]
        add(
            f"<tr><td>{value(indicator.number)}</td><td>{indicator_name(indicator)}</td>"
            f"<td>{text(r['dimension_label'] or DASH)}</td>"
            f'<td class="num">{text(fastfloat(r["count"], "0g"))}</td>'
            f'<td class="num">{text(fastfloat(r["percent"], 1))}</td>'
            f'<td class="num">{value(DASH if censored is None else censored)}</td></tr>'
        )
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def children_rows(
    context: template.Context, children: Iterable[tuple[Any, str, Any]], is_tambon: bool, round_code: str
) -> SafeString:
    """``<tr>`` of each child ``(result, name, share)``: the name (linked to its page for the round, except
    a tambon's villages) and code, households, target poor households, their %, M0."""

    def value(v: Any) -> str:
        return render_value_in_context(v, context)

    text = _text_writer(context)
    area_url = None if is_tambon else link_maker("poverty:area")
    round_query = f"?round={value(round_code)}"
    out: list[str] = []
    add = out.append
    for c, name, share in children:
        code = c.area_code
        if area_url is not None:
            add(f'<tr><td><a href="{conditional_escape(area_url(code))}{round_query}">{value(name)}</a>')
        else:
            add(f"<tr><td>{value(name)}")
        add(
            f' <small class="muted">{value(code)}</small></td>'
            f'<td class="num">{text(fastfloat(c.households, "0g"))}</td>'
            f'<td class="num">{text(fastfloat(c.target_poor_households, "0g"))}</td>'
            f'<td class="num">{text(fastfloat(share, 1))}</td>'
            f'<td class="num">{text(fastfloat(c.af_m0, 3))}</td></tr>'
        )
    return mark_safe("".join(out))
