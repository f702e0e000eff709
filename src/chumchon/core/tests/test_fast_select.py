"""FastSelect's HTML is Django's Select's, byte for byte."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chumchon.core.forms import FastSelect

CHOICES: list[Any] = [
    ("", _("All statuses")),
    (2565, "2565"),
    ("a&b", 'Say "hi" <b>'),
    (3, _("Draft")),
    (_("Group"), [(10, "ten"), (11, "eleven & more")]),
]


def form_pair(**field_kwargs: Any) -> tuple[type[forms.Form], type[forms.Form]]:
    class Plain(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, **field_kwargs)

    class Fast(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, widget=FastSelect, **field_kwargs)

    return Plain, Fast


@pytest.mark.parametrize("value", [None, "", "2565", "a&b", "10", "nope"])
@pytest.mark.parametrize("required", [True, False])
@pytest.mark.parametrize("language", ["th", "en"])
def test_same_html_as_django(value: str | None, required: bool, language: str) -> None:
    plain, fast = form_pair(required=required, help_text="help")
    data = None if value is None else {"pick": value}
    with translation.override(language):
        a, b = plain(data), fast(data)
        assert str(b["pick"]) == str(a["pick"])
        assert b.as_div() == a.as_div()
        b_auto = fast(data, auto_id="x_%s")
        assert str(b_auto["pick"]) == str(plain(data, auto_id="x_%s")["pick"])


def test_multiple_and_disabled_attrs() -> None:
    widget_attrs = {"disabled": True, "data-x": 'q"', "hidden": False}
    assert FastSelect(attrs=widget_attrs, choices=CHOICES).render("n", "3") == forms.Select(
        attrs=widget_attrs, choices=CHOICES
    ).render("n", "3")
