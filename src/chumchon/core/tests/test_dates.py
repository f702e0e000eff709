"""Typed dates: B.E. on Thai pages, C.E. on English ones, out-of-range years refused (core/dates.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from chumchon.core.dates import ThaiDateField, format_date_input, parse_date_input


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/11/2565", dt.date(2022, 11, 1)),
        ("1/11/2565", dt.date(2022, 11, 1)),
        ("1-11-2565", dt.date(2022, 11, 1)),
        ("1.11.65", dt.date(2022, 11, 1)),
        ("๑/๑๑/๒๕๖๕", dt.date(2022, 11, 1)),
        ("2565-11-01", dt.date(2022, 11, 1)),  # ISO order, B.E. year: the defect of the browser picker
        (" 29/02/2567 ", dt.date(2024, 2, 29)),
    ],
)
def test_thai_pages_read_buddhist_era_years(text: str, expected: dt.date) -> None:
    assert parse_date_input(text, "th") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1/11/2022", dt.date(2022, 11, 1)), ("2022-11-01", dt.date(2022, 11, 1)), ("1/11/22", dt.date(2022, 11, 1))],
)
def test_english_pages_read_common_era_years(text: str, expected: dt.date) -> None:
    assert parse_date_input(text, "en") == expected


def test_a_common_era_year_on_a_thai_page_is_refused_with_the_hint() -> None:
    with pytest.raises(ValidationError) as info:
        parse_date_input("01/11/2022", "th")
    message = info.value.messages[0]
    assert "2022" in message and "2565" in message and "Buddhist-Era" in message


def test_a_buddhist_era_year_on_an_english_page_is_refused_with_the_hint() -> None:
    with pytest.raises(ValidationError) as info:
        parse_date_input("1/11/2565", "en")
    assert "enter 2022" in info.value.messages[0]


@pytest.mark.parametrize("text", ["31/02/2565", "1/13/2565", "hello", "", "12/2565"])
def test_impossible_or_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_date_input(text, "th")


@pytest.mark.parametrize("year_be", [2442, 2744, 3108])
def test_years_outside_the_window_are_refused(year_be: int) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date_input(f"1/1/{year_be}", "th")
    assert info.value.code == "date_year"


def test_format_round_trips_in_both_languages() -> None:
    day = dt.date(2023, 1, 9)
    assert format_date_input(day, "th") == "09/01/2566"
    assert format_date_input(day, "en") == "9/1/2023"
    for lang in ("th", "en"):
        assert parse_date_input(format_date_input(day, lang), lang) == day


class _Form(forms.Form):
    when = ThaiDateField()


def test_the_form_field_follows_the_active_language_and_redisplays_in_it() -> None:
    with translation.override("th"):
        form = _Form({"when": "01/11/2565"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["when"] == dt.date(2022, 11, 1)
        bound = _Form(initial={"when": dt.date(2022, 11, 1)})
        html = str(bound["when"])
        assert 'value="01/11/2565"' in html and 'data-era="be"' in html
    with translation.override("en"):
        form = _Form({"when": "01/11/2565"})
        assert not form.is_valid()
        html = str(_Form(initial={"when": dt.date(2022, 11, 1)})["when"])
        assert 'value="1/11/2022"' in html and 'data-era="ce"' in html


def _date_fields() -> list[tuple[str, str, forms.Field]]:
    import importlib
    import inspect

    found = []
    for app in ("poverty", "projects", "budgets", "organizations"):
        module = importlib.import_module(f"chumchon.{app}.forms")
        for name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                for field_name, field in form.base_fields.items():
                    if isinstance(field, forms.DateField):
                        found.append((f"{app}.{name}", field_name, field))
    return found


def test_every_date_field_of_every_form_reads_thai_dates_and_round_trips() -> None:
    fields = _date_fields()
    assert len(fields) >= 14  # poverty 3, projects 8, budgets 2, organizations 3
    day = dt.date(2022, 11, 1)
    for label, name, field in fields:
        assert isinstance(field, ThaiDateField), f"{label}.{name} is a browser date picker"
        for lang in ("th", "en"):
            with translation.override(lang):
                assert field.clean(format_date_input(day)) == day, (label, name, lang)
                assert field.widget.format_value(day) == format_date_input(day)
        with translation.override("th"), pytest.raises(ValidationError):
            field.clean("2022-11-01")  # a C.E. year on a Thai page is out of the B.E. window
