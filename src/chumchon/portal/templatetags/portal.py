"""``{% cell row column section place as value %}``: one public table cell, formatted, with its link."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from chumchon.core.thai import format_baht

register = template.Library()

MONEY_KEYS = {"allocated", "approved", "disbursed", "spent"}


def formatted(key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if key in MONEY_KEYS:
        return format_baht(value)
    if isinstance(value, int) and not isinstance(value, bool) and key not in ("fiscal_year", "year_be", "id"):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return f"{value:,}"
    return str(value)


@register.simple_tag
def cell(row: dict[str, Any], column: Any, section: str, place_key: str) -> SafeString | str:
    text = formatted(column.key, row.get(column.key))
    if section == "poverty" and column.key == "area" and row.get("code") and row["code"] != place_key:
        return format_html('<a href="{}">{}</a>', reverse("portal:place", args=[row["code"]]), text)
    if section == "projects" and column.key == "title":
        return format_html('<a href="{}">{}</a>', reverse("portal:project", args=[row["id"]]), text)
    if section == "indicators" and column.key == "value":
        if row.get("unit") and row.get("value") is not None:
            text = format_html('{} <span class="muted small">{}</span>', text, row["unit"])
        if row.get("verified") is False and row.get("value") is not None:
            text = format_html(
                '{}<br><small class="unverified"><abbr title="{}">*</abbr> {}</small>',
                text,
                _("Not yet verified"),
                _("Not yet verified"),
            )
    return text
