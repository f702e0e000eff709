"""Template filters for Thai conventions; loaded as builtins in every template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from chumchon.core import thai

register = template.Library()


@register.filter
def be_date(value: dt.date | dt.datetime | None, style: str = "") -> str:
    """``{{ d|be_date }}`` → ``1 ตุลาคม 2565``; ``{{ d|be_date:"short" }}`` → ``1 ต.ค. 2565``."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return thai.format_date_be(value, short=style == "short", lang=get_language() or "th")


@register.filter
def be_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{be_date(local, 'short')} {local:%H:%M}"


@register.filter
def fiscal_year(value: dt.date) -> int:
    return thai.fiscal_year(value)


@register.filter
def baht(value: Decimal | int | str | None) -> str:
    """``{{ amount|baht }}`` → ``139,504,935.00``."""
    return thai.format_baht(value)


@register.filter
def baht_whole(value: Decimal | int | str | None) -> str:
    return thai.format_baht(value, satang=False)


@register.filter
def baht_text(value: Decimal | int | str) -> str:
    return thai.baht_text(value)


@register.filter
def thai_digits(value: object) -> str:
    return thai.thai_digits(value)


@register.filter
def localized_name(obj: object) -> str:
    """``name_en`` when English is active and present, else ``name_th``."""
    return localized_namer()(obj)


def localized_namer() -> Callable[[object], str]:
    """``localized_name`` for a list's many objects: the active language read once, not once per object (the
    look-up was most of the filter's cost)."""
    english = (get_language() or "th").startswith("en")

    def name(obj: object) -> str:
        name_th = getattr(obj, "name_th", "") or ""
        name_en = getattr(obj, "name_en", "") or ""
        return name_en if english and name_en else name_th

    return name
