"""Dates typed the Thai way: ``dd/mm/พ.ศ.`` in Thai, ``d/m/CE`` in English (วันที่แบบไทย).

Browsers' own date pickers show ``mm/dd/yyyy`` in the browser's locale and cannot show Buddhist-Era
years, and a B.E. year typed into one is taken as a Common-Era year (2565 → 3108). So every date
field in Chumchon is a text field read here: the language of the page decides the era of the year
(Thai: พ.ศ., English: C.E.), Thai digits are read like Arabic ones, and a year outside the window
is refused with a message that says which era was expected. ``thaidate.js`` adds a calendar that
writes the same text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language

from chumchon.core.thai import BE_OFFSET, arabic_digits, be_year

# Dates the system accepts at all, in C.E. (B.E. 2443–2743): wide enough for birth dates and plans.
MIN_YEAR_CE = 1900
MAX_YEAR_CE = 2200

_DATE_RE = re.compile(r"^\s*(\d{1,4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,4})\s*$")


def _is_thai(lang: str | None) -> bool:
    return not (lang or get_language() or "th").startswith("en")


def format_date_input(value: dt.date | None, lang: str | None = None) -> str:
    """``2022-11-01`` → ``01/11/2565`` (Thai) or ``1/11/2022`` (English)."""
    if value is None:
        return ""
    if _is_thai(lang):
        return f"{value.day:02d}/{value.month:02d}/{be_year(value.year)}"
    return f"{value.day}/{value.month}/{value.year}"


def _full_year(year_text: str, thai: bool) -> int:
    year = int(year_text)
    if len(year_text) <= 2:  # "1/11/65" is how people write 2565 (or 2022 in English)
        return year + (2500 if thai else 2000)
    return year


def parse_date_input(text: str, lang: str | None = None) -> dt.date:
    """Read a typed date; the year is B.E. on Thai pages and C.E. on English ones.

    Accepts day/month/year with ``/``, ``-`` or ``.``, and year-month-day (ISO order), in Arabic
    or Thai digits. Raises ``ValidationError`` with a Thai and English message saying what is wrong.
    """
    thai = _is_thai(lang)
    match = _DATE_RE.match(arabic_digits(text or ""))
    if not match:
        raise ValidationError(
            "กรุณาพิมพ์วันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 01/11/2565 / Enter the date as day/month/year, e.g. 1/11/2022",
            code="date_format",
        )
    first, month_text, last = match.groups()
    if len(first) == 4:  # ISO order: year-month-day
        year_text, day_text = first, last
    else:
        day_text, year_text = first, last
    year = _full_year(year_text, thai)
    year_ce = year - BE_OFFSET if thai else year
    if not MIN_YEAR_CE <= year_ce <= MAX_YEAR_CE:
        raise ValidationError(_year_message(year, thai), code="date_year")
    try:
        return dt.date(year_ce, int(month_text), int(day_text))
    except ValueError:
        raise ValidationError(
            f"ไม่มีวันที่ {text.strip()} ในปฏิทิน / There is no such date as {text.strip()}", code="date_invalid"
        ) from None


def _year_message(year: int, thai: bool) -> str:
    lo_be, hi_be = MIN_YEAR_CE + BE_OFFSET, MAX_YEAR_CE + BE_OFFSET
    if thai:
        hint = f" (ถ้า {year} เป็นปี ค.ศ. ให้พิมพ์ {year + BE_OFFSET})" if MIN_YEAR_CE <= year <= MAX_YEAR_CE else ""
        return f"ปี พ.ศ. {year} อยู่นอกช่วง {lo_be}–{hi_be}{hint} / The Buddhist-Era year {year} is outside {lo_be}–{hi_be}"
    hint = (
        f" ({year} looks like a Buddhist-Era year: enter {year - BE_OFFSET})"
        if MIN_YEAR_CE <= year - BE_OFFSET <= MAX_YEAR_CE
        else ""
    )
    return f"ปี ค.ศ. {year} อยู่นอกช่วง / The year {year} is outside {MIN_YEAR_CE}–{MAX_YEAR_CE}{hint}"


class ThaiDateInput(forms.TextInput):
    """A text input showing the date in the page's language; ``thaidate.js`` adds a calendar button."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"inputmode": "numeric", "autocomplete": "off", "data-thaidate": "", "size": "12"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return format_date_input(value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        thai = _is_thai(None)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.setdefault("placeholder", "วว/ดด/ปปปป (พ.ศ.)" if thai else "d/m/yyyy")
        widget_attrs["data-era"] = "be" if thai else "ce"
        return context


class ThaiDateField(forms.DateField):
    """A date field that reads ``dd/mm/พ.ศ.`` on Thai pages and ``d/m/C.E.`` on English ones."""

    widget = ThaiDateInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_date_input(str(value))
