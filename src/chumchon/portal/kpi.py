"""The public "Indicators" section (issue 14): each indicator's value and target at a place for a fiscal
year, from ``indicators.selectors.indicator_values_for``.

What it publishes: the indicator's Thai or English name (never its code), its unit, the value, the
target and the share achieved. A value not yet approved along the approval chain (typed in, submitted,
or computed from the data) is marked "not yet verified" on the page and flagged ``verified: false`` in
the downloads. Indicators are aggregates, but a count of people or households (a summed indicator counted
in persons or households) is left out of this section altogether: hiding only its small values would
not do, since a hidden tambon's count could be worked out from its province's value less its sibling
tambons'. People and households are published through the poverty and welfare sections, whose counts are
suppressed over the whole area tree at once (``portal.figures``, ``portal.community``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chumchon.indicators.models import Aggregation, Indicator
from chumchon.indicators.selectors import indicator_values_for, years_with_values
from chumchon.indicators.units import CLUSTER, NATION, REGION
from chumchon.portal.disclosure import Note
from chumchon.portal.places import Place
from chumchon.portal.sections import Column, PublicTable, Section, register_section

# Units that count people or households (Thai and English spellings used in indicator definitions).
PERSON_UNITS = {
    "คน",
    "ราย",
    "ครัวเรือน",
    "หลังคาเรือน",
    "ครอบครัว",
    "person",
    "persons",
    "people",
    "household",
    "households",
    "family",
    "families",
}
COUNT_AGGREGATIONS = (Aggregation.SUM, Aggregation.LATEST)

UNVERIFIED_MARK = "*"

COLUMNS = [
    Column("indicator", _("Indicator")),
    Column("unit", _("Unit"), on_page=False),
    Column("fiscal_year", _("Fiscal year (B.E.)"), on_page=False),
    Column("value", _("Value"), True),
    Column("target", _("Target"), True),
    Column("achieved_pct", _("Achieved (%)"), True, on_page=False),
    Column("verification", _("Verification"), on_page=False),
    Column("verified", _("Verified"), on_page=False),
]


def unit_of(place: Place) -> str:
    """The indicators app's unit for a portal place."""
    if place.kind == "nation":
        return NATION
    if place.kind == "region":
        return REGION + place.key
    if place.kind == "cluster":
        return CLUSTER + place.key
    return place.key


def is_count_of_people(indicator: Indicator) -> bool:
    return indicator.aggregation in COUNT_AGGREGATIONS and indicator.unit.strip().lower() in PERSON_UNITS


def _display(value: Any) -> Any:
    """A whole number as an int (shown with thousands separators); otherwise the Decimal as it is."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def indicators_section(place: Place, fiscal_year: int | None) -> PublicTable:
    unit = unit_of(place)
    if fiscal_year is None:
        years = years_with_values(unit)
        if not years:
            return PublicTable(columns=COLUMNS, rows=[])
        fiscal_year = years[-1]
    english = (get_language() or "th").startswith("en")
    note = Note()
    rows = []
    for fig in indicator_values_for(unit, fiscal_year):
        if fig.value is None and fig.target is None:
            continue
        ind = fig.indicator
        if is_count_of_people(ind):
            continue  # see the module's docstring: counts of people only through tree-wide suppression
        value = fig.value
        achieved = fig.achieved_percent
        rows.append(
            {
                "indicator": ind.name_en if english and ind.name_en else ind.name_th,
                "unit": ind.unit,
                "fiscal_year": fiscal_year,
                "value": _display(value),
                "target": _display(fig.target),
                "achieved_pct": achieved,
                "verification": str(_("Verified by the committee") if fig.verified else _("Not yet verified")),
                "verified": fig.verified,
            }
        )
    return PublicTable(columns=COLUMNS, rows=rows, note=note, paginate=True)


def register_indicators_section() -> None:
    register_section(
        Section(
            "indicators",
            _("Indicators"),
            _(
                "Each indicator's value and target for this place and fiscal year (the latest year with "
                "figures when no year is chosen). Legend: * not yet verified — the value was typed in, "
                "submitted or computed from the data and has not yet been approved by the committee above; "
                "it may still change."
            ),
            order=45,
            build=indicators_section,
        )
    )
