"""Indicators and villages by their names: the code is at most a secondary label beside the name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import template
from django.utils.html import format_html, format_html_join

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
