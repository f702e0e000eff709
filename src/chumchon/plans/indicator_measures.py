"""The measures plans gives indicator formulas (``indicators.measures``)."""

from __future__ import annotations

from decimal import Decimal

from chumchon.indicators.measures import register_measure
from chumchon.plans.models import Plan, PlanKind, PlanStatus


def _one_plan_adopted(level: str, fiscal_year: int) -> dict[str, Decimal]:
    """1 for each tambon with an adopted One Plan covering the fiscal year (B.E.)."""
    codes = Plan.objects.filter(
        kind=PlanKind.ONE_PLAN_TAMBON,
        status=PlanStatus.ADOPTED,
        start_year_be__lte=fiscal_year,
        end_year_be__gte=fiscal_year,
        area__isnull=False,
    ).values_list("area__code", flat=True)
    return {code[:6]: Decimal(1) for code in codes if len(code) >= 6}


def register() -> None:
    register_measure(
        "plans.one_plan_adopted",
        "ตำบลที่มีแผนพัฒนาตำบล (One Plan) ที่รับรองแล้ว",
        "Tambons with an adopted One Plan",
        _one_plan_adopted,
        source="plans",
    )
