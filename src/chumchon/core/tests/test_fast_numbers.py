"""``fastfloat`` writes exactly what Django's ``floatformat`` writes (``core/templatetags/numbers.py``)."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.test import override_settings
from django.utils import translation

from chumchon.core.templatetags.numbers import fastfloat

VALUES: list[Any] = [
    0, 1, -1, 7, 999, 1000, -1000, 12345, 1234567, -9876543210, 10**15, 10**25, True,
    0.0, -0.0, 0.05, 0.15, 0.25, 0.35, 2.675, 1.005, -0.04, -0.05, -0.051, 1e-7, 123.456, 99.95, 99.94999,
    100.0, 12345.6789, -12345.6789, 1e20, 1e-20, 33.333333333333336, 66.66666666666667, float("inf"),
    float("-inf"), float("nan"),
    Decimal("0"), Decimal("-0"), Decimal("0.000000000000"), Decimal("0.123456789012"), Decimal("0.0005"),
    Decimal("-0.0005"), Decimal("0.00049"), Decimal("1E+2"), Decimal("1234.5"), Decimal("-1234.55"),
    Decimal("12345678901234567890.123456"), Decimal("NaN"), Decimal("Infinity"), Decimal("1E+50"),
    None, "", "abc", "12.345", "1234", [1],
]  # fmt: skip
ARGS: list[Any] = ["0g", "0", 0, 1, "1", 2, "3", 3, -1, "-1", "-3", "2g", "1u", "x", 9, 10, "10"]


def _random_values(n: int) -> list[Any]:
    rng = random.Random(16)
    out: list[Any] = []
    for _ in range(n):
        out.append(rng.randint(-(10**9), 10**9))
        out.append(rng.uniform(-1000, 1000))
        out.append(100 * rng.randint(0, 5000) / rng.randint(1, 5000))  # shares, as the pages compute them
        out.append(Decimal(rng.randint(0, 10**12)) / Decimal(10**12))  # af_h, af_a, af_m0 (12 places)
        out.append(round(rng.uniform(0, 100), rng.randint(0, 4)))
    return out


@pytest.mark.parametrize("lang", ["th", "en"])
def test_same_text_as_floatformat(lang: str) -> None:
    with translation.override(lang):
        for value, arg in itertools.chain(
            itertools.product(VALUES, ARGS), itertools.product(_random_values(400), ["0g", 1, "1", "3", 3])
        ):
            expected = floatformat(value, arg)
            got = fastfloat(value, arg)
            assert got == expected, (value, arg, lang)
            assert type(got) is type(expected) or (got == "" and expected == ""), (value, arg, lang)


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_same_text_with_the_thousand_separator_on() -> None:
    with translation.override("en"):
        for value, arg in itertools.product(VALUES, ARGS):
            assert fastfloat(value, arg) == floatformat(value, arg), (value, arg)


def test_in_a_template() -> None:
    template = Template('{% load numbers %}{{ n|fastfloat:"0g" }} {{ x|fastfloat:1 }} {{ d|fastfloat:3 }}')
    with translation.override("th"):
        text = template.render(Context({"n": 1234567, "x": 12.25, "d": Decimal("0.123456789012")}))
    assert text == "1,234,567 12.3 0.123"
