"""Shared by the write endpoints of plans, projects, budgets and meetings (not a router).

A refusal by a service is a ``ValidationError`` with a bilingual message: a wrong input answers 400,
a refusal because of the object's current state or a concurrent change (already answered, locked,
not in a status that allows it, not enough money left: the codes each app declares in its
``error_codes``, ``core.errors``) answers 409; ``PermissionDenied`` answers 403 — all in ``main``'s
exception handlers, for every module alike. The rules stay in the services: endpoints only translate.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import TextChoices
from django.http import Http404
from ninja import Path
from ninja.errors import HttpError
from pydantic import BeforeValidator, WithJsonSchema

from chumchon.api.schemas import DecimalSpec
from chumchon.areas import selectors as area_selectors
from chumchon.areas.models import Area
from chumchon.core.bilingual import bilingual

# A record's id in a path: bounded, so an id past the database's integer is a documented 422, not an
# overflow in the database driver.
PathId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def choice_pattern(choices: type[TextChoices]) -> str:
    """A regular expression accepting exactly the values of ``choices`` (documented in the schema)."""
    return "^(" + "|".join(str(v) for v in choices.values) + ")$"


def area_or_404(code: str | None) -> Area | None:
    """The area of a DOPA code given in a request body (None when blank); an unknown code answers 404
    with the reason, as any record a request names that does not exist."""
    if not code:
        return None
    area = area_selectors.area_get(code) if "\x00" not in code else None
    if area is None:
        raise HttpError(404, bilingual(f"ไม่พบพื้นที่รหัส {code[:16]}", f"No area has the code {code[:16]}"))
    return area


def missing(th: str, en: str) -> HttpError:
    """404 for a record named in a request body that does not exist (or that the caller may not see)."""
    return HttpError(404, bilingual(th, en))


# ---------------------------------------------------------------------------------------------
# Decimal inputs. Pydantic documents a Decimal as "a number or any string", which is not what it
# accepts ("abc", 1e20 or 0.001 for money are refused): these types say exactly what they take — a
# whole number in range, or a decimal string with at most so many digits — and take exactly that.


def keyed_parser(key_pattern: str, parse_value: Any) -> Any:
    """Parse a JSON object whose keys match ``key_pattern`` (B.E. years, record ids) into {int: value}."""

    def parse(value: Any) -> dict[int, Any]:
        if not isinstance(value, dict) or len(value) > 100:
            raise ValueError(
                bilingual("ต้องเป็นออบเจกต์ JSON (ไม่เกิน 100 ช่อง)", "must be a JSON object (at most 100 keys)")
            )
        out: dict[int, Any] = {}
        for k, v in value.items():
            if not isinstance(k, str) or not re.fullmatch(key_pattern, k):
                raise ValueError(bilingual(f"ชื่อช่องไม่ถูกต้อง: {str(k)[:20]!r}", f"invalid key: {str(k)[:20]!r}"))
            out[int(k)] = parse_value(v)
        return out

    return parse


def keyed_schema(key_pattern: str, value_schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "propertyNames": {"pattern": key_pattern},
        "additionalProperties": value_schema,
        "maxProperties": 100,
    }


YEAR_KEY = r"^(2[4-6][0-9]{2}|2700)$"
ID_KEY = r"^[1-9][0-9]{0,8}$"
_BAHT = DecimalSpec(12, 2)  # money: up to 999,999,999,999.99 baht
_MEASURE = DecimalSpec(12, 2, signed=True)  # an indicator's baseline, target or value
_PERCENT = DecimalSpec(3, 2, pattern=r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$", top=100)
_WEIGHT = DecimalSpec(6, 2)  # a sub-project's or an activity's weight
_FORMULA = DecimalSpec(3, 3)  # a weight of the allocation formula

Baht = Annotated[Decimal, BeforeValidator(_BAHT.parse), WithJsonSchema(_BAHT.schema)]
Measure = Annotated[Decimal, BeforeValidator(_MEASURE.parse), WithJsonSchema(_MEASURE.schema)]
Percent = Annotated[Decimal, BeforeValidator(_PERCENT.parse), WithJsonSchema(_PERCENT.schema)]
Weight = Annotated[Decimal, BeforeValidator(_WEIGHT.parse), WithJsonSchema(_WEIGHT.schema)]
FormulaWeight = Annotated[Decimal, BeforeValidator(_FORMULA.parse), WithJsonSchema(_FORMULA.schema)]
BahtByYear = Annotated[
    dict[int, Decimal],
    BeforeValidator(keyed_parser(YEAR_KEY, _BAHT.parse)),
    WithJsonSchema(keyed_schema(YEAR_KEY, _BAHT.schema)),
]
MeasureByYear = Annotated[
    dict[int, Decimal],
    BeforeValidator(keyed_parser(YEAR_KEY, _MEASURE.parse)),
    WithJsonSchema(keyed_schema(YEAR_KEY, _MEASURE.schema)),
]
MeasureById = Annotated[
    dict[int, Decimal],
    BeforeValidator(keyed_parser(ID_KEY, _MEASURE.parse)),
    WithJsonSchema(keyed_schema(ID_KEY, _MEASURE.schema)),
]
PercentById = Annotated[
    dict[int, Decimal],
    BeforeValidator(keyed_parser(ID_KEY, _PERCENT.parse)),
    WithJsonSchema(keyed_schema(ID_KEY, _PERCENT.schema)),
]


def found(obj: Any) -> Any:
    """``obj``, or 404 when it is None (a missing or unreadable object named in a body or path)."""
    if obj is None:
        raise Http404
    return obj


def nothing_matches(*texts: str) -> bool:
    """Stored text never holds NUL (PostgreSQL cannot), so a filter holding one matches nothing."""
    return any("\x00" in t for t in texts)
