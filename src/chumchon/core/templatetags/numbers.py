"""``{{ value|fastfloat:"0g" }}``: Django's ``floatformat``, the same text, without its general path for
the cases pages print by the hundred.

``floatformat`` turns every value into a ``Decimal``, reads three locale formats and runs
``numberformat.format`` — about 40 µs a call; a poverty area page prints ~150 numbers. ``fastfloat``
handles in a few lines the cases whose text is plain to compute — a whole ``int`` with ``"0g"`` (or
``"0"``) and a finite ``float`` or ``Decimal`` with a fixed number of decimals (``1``, ``"3"``) — when
the active language writes numbers with "." for decimals and "," every three digits (Thai and English)
and ``USE_THOUSAND_SEPARATOR`` is off, and hands everything else to ``floatformat`` itself.
``core/tests/test_fast_numbers.py`` checks the two give the same text over values, arguments and
languages.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

_PLAIN_LOCALE: dict[str | None, bool] = {}  # language → writes 1,234.5 (filled on first use)
_STEPS = {p: Decimal(1).scaleb(-p) for p in range(10)}
_CONTEXT = Context(prec=60)
_LARGE = Decimal(10) ** 40


def _plain_locale(lang: str | None) -> bool:
    known = _PLAIN_LOCALE.get(lang)
    if known is None:
        known = _PLAIN_LOCALE[lang] = (
            get_format("DECIMAL_SEPARATOR", lang) == "."
            and get_format("THOUSAND_SEPARATOR", lang) == ","
            and get_format("NUMBER_GROUPING", lang) == 3
        )
    return known


@register.filter(is_safe=True)
def fastfloat(value: Any, arg: Any = -1) -> SafeString | str:
    """``floatformat``'s text for ``value`` and ``arg``."""
    if settings.USE_THOUSAND_SEPARATOR or not _plain_locale(get_language()):
        return floatformat(value, arg)
    kind = type(value)
    if kind is int:
        if arg == "0g":
            return mark_safe(f"{value:,}")
        if arg == "0" or arg == 0:
            return mark_safe(str(value))
    elif kind is float or kind is Decimal:
        places = arg if type(arg) is int else int(arg) if type(arg) is str and arg.isdigit() else None
        if places is not None and 0 < places < 10:
            number = Decimal(repr(value)) if kind is float and math.isfinite(value) else value
            if type(number) is Decimal and number.is_finite() and abs(number) < _LARGE:
                rounded = number.quantize(_STEPS[places], ROUND_HALF_UP, _CONTEXT)
                if not rounded:
                    rounded = abs(rounded)  # floatformat never writes "-0.0"
                return mark_safe(f"{rounded:f}")
    return floatformat(value, arg)
