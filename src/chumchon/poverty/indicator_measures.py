"""The measures poverty gives indicator formulas (``indicators.measures``): survey results, target
households and the Logbook, per tambon."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from chumchon.indicators.measures import MeasureFunction, register_measure
from chumchon.poverty.models import AreaPovertyResult, SurveyRound
from chumchon.poverty.models.logbook import OPEN_STATUSES, Case
from chumchon.poverty.models.rounds import ResultLevel, RoundStatus


def _round_for(fiscal_year: int) -> SurveyRound | None:
    """The latest ready round surveyed in or before the fiscal year (B.E.), else the earliest ready one."""
    ready = SurveyRound.objects.filter(status=RoundStatus.READY)
    return (
        ready.filter(year_be__lte=fiscal_year).order_by("-year_be", "-id").first() or ready.order_by("year_be").first()
    )


def _result_field(field: str) -> MeasureFunction:
    def measure(level: str, fiscal_year: int) -> dict[str, Decimal]:
        survey_round = _round_for(fiscal_year)
        if survey_round is None:
            return {}
        rows = AreaPovertyResult.objects.filter(survey_round=survey_round, level=ResultLevel(level)).values_list(
            "area_code", field
        )
        return {code: Decimal(v) for code, v in rows if code}

    return measure


def _closed_cases(level: str, fiscal_year: int) -> dict[str, Decimal]:
    width = 6 if level == "subdistrict" else 2
    counts: Counter[str] = Counter()
    for code in Case.objects.exclude(status__in=OPEN_STATUSES).values_list("area__code", flat=True):
        counts[code[:width]] += 1
    return {code: Decimal(n) for code, n in counts.items()}


def _households_closed(level: str, fiscal_year: int) -> dict[str, Decimal]:
    """Target households with at least one closed Logbook case (a household counted once)."""
    width = 6 if level == "subdistrict" else 2
    seen: set[tuple[str, str]] = set()
    for code, household in (
        Case.objects.exclude(status__in=OPEN_STATUSES)
        .exclude(household_id="")
        .values_list("area__code", "household_id")
    ):
        seen.add((code, household))
    counts: Counter[str] = Counter(code[:width] for code, _h in seen)
    return {code: Decimal(n) for code, n in counts.items()}


def register() -> None:
    levels = ("subdistrict", "province")
    register_measure(
        "poverty.households",
        "ครัวเรือนที่สำรวจ",
        "Households surveyed",
        _result_field("households"),
        levels=levels,
        source="poverty",
    )
    register_measure(
        "poverty.target_households",
        "ครัวเรือนเป้าหมาย (ยากจน)",
        "Target (poor) households",
        _result_field("target_poor_households"),
        levels=levels,
        source="poverty",
    )
    register_measure(
        "poverty.cases_closed",
        "กรณีในสมุดพกที่ปิดแล้ว",
        "Closed Logbook cases",
        _closed_cases,
        levels=levels,
        source="poverty",
    )
    register_measure(
        "poverty.households_closed",
        "ครัวเรือนเป้าหมายที่มีกรณีปิดแล้ว",
        "Target households with a closed Logbook case",
        _households_closed,
        levels=levels,
        source="poverty",
    )
