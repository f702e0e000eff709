"""Indicators and villages by their names: the code is at most a secondary label beside the name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import template
from django.utils.html import format_html, format_html_join

from chumchon.poverty.selectors.results import area_results_visible

register = template.Library()


@register.filter
def indicator_names(codes: Iterable[str] | None, names: Mapping[str, str] | None) -> str:
    """``{{ h.failed_indicators|indicator_names:indicator_labels }}`` → "name (code), name (code)"."""
    codes = list(codes or [])
    if not codes:
        return "—"
    names = names or {}
    return format_html_join(
        ", ",
        '<span class="indicator">{} <small class="code">{}</small></span>',
        ((names.get(code) or code, code) for code in codes),
    )


@register.filter
def village_name(code: str | None, names: Mapping[str, str] | None) -> str:
    """A village's name; its code only when the registry has no name for it."""
    if not code:
        return "—"
    name = (names or {}).get(code)
    return format_html("{}", name) if name else format_html('<small class="code">{}</small>', code)


@register.filter
def label_of(code: str | None, labels: Mapping[str, object] | None) -> str:
    """``{{ d|label_of:dim_labels }}``: the label of a code from a code → label mapping ("" when absent),
    one look-up instead of a loop over every choice in the template."""
    label = (labels or {}).get(code or "")
    return "" if label is None else str(label)


@register.simple_tag(takes_context=True)
def may_open_results(context: template.Context, area_code: str) -> bool:
    """Whether the page's user may open this area's poverty page (breadcrumbs link only those)."""
    request = context.get("request")
    return request is not None and area_results_visible(request.user, area_code)
