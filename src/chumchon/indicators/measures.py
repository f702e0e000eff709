"""The measures indicator formulas count by (ตัวนับ): a registry indicators owns, filled by the apps above.

A measure is a named function ``(level, fiscal_year) -> {area code: Decimal}`` giving, for every area
of ``level`` (``"subdistrict"`` or ``"province"``) that has data, its figure for the fiscal year (B.E.).
Poverty, organizations, plans, budgets and projects register theirs from their ``registrations.py``;
indicators knows none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language

MeasureFunction = Callable[[str, int], dict[str, Decimal]]


@dataclass(frozen=True)
class Measure:
    name: str  # what formulas write: letters, digits, "_" and "."
    label_th: str
    label_en: str
    function: MeasureFunction
    levels: tuple[str, ...] = ("subdistrict",)
    source: str = ""  # the app it comes from, shown beside the label

    @property
    def label(self) -> str:
        english = (get_language() or "th").startswith("en")
        return self.label_en if english else self.label_th


MEASURES: dict[str, Measure] = {}

# A family: every name "<prefix><suffix>" is a measure, ``function(suffix, level, fiscal_year)`` — for
# measures named by data (a programme indicator's code: ``project_indicator.HH01``).
FamilyFunction = Callable[[str, str, int], dict[str, Decimal]]
FAMILIES: dict[str, tuple[Measure, FamilyFunction]] = {}


def register_measure(
    name: str,
    label_th: str,
    label_en: str,
    function: MeasureFunction,
    *,
    levels: tuple[str, ...] = ("subdistrict",),
    source: str = "",
) -> None:
    """Add (or replace, by name) a measure."""
    MEASURES[name] = Measure(name, label_th, label_en, function, levels, source)


def register_measure_family(
    prefix: str,
    label_th: str,
    label_en: str,
    function: FamilyFunction,
    *,
    levels: tuple[str, ...] = ("subdistrict",),
    source: str = "",
) -> None:
    """Every name starting with ``prefix`` (which ends in ".") is a measure of this family."""

    def unused(level: str, fiscal_year: int) -> dict[str, Decimal]:
        return {}

    FAMILIES[prefix] = (Measure(f"{prefix}…", label_th, label_en, unused, levels, source), function)


def measure_get(name: str) -> Measure | None:
    if name in MEASURES:
        return MEASURES[name]
    for prefix, (family, _fn) in FAMILIES.items():
        if name.startswith(prefix) and len(name) > len(prefix):
            return family
    return None


def is_known(name: str) -> bool:
    return measure_get(name) is not None


def measure_values(name: str, level: str, fiscal_year: int) -> dict[str, Decimal]:
    measure = measure_get(name)
    if measure is None:
        raise KeyError(name)
    if level not in measure.levels:
        return {}
    if name in MEASURES:
        raw = measure.function(level, fiscal_year)
    else:
        prefix = next(p for p in FAMILIES if name.startswith(p))
        raw = FAMILIES[prefix][1](name[len(prefix) :], level, fiscal_year)
    return {code: Decimal(v) for code, v in raw.items() if v is not None}


def measures_list() -> list[Measure]:
    return sorted([*MEASURES.values(), *(f for f, _fn in FAMILIES.values())], key=lambda m: m.name)


def as_decimal_map(rows: Any) -> dict[str, Decimal]:
    """``[(code, number), …]`` → ``{code: Decimal}`` (a helper for measure functions)."""
    return {str(code): Decimal(value) for code, value in rows if code and value is not None}
