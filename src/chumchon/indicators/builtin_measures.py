"""Measures over the apps below indicators (areas, organizations), which cannot register their own."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from chumchon.areas.models import Area, AreaLevel
from chumchon.indicators.measures import register_measure
from chumchon.organizations.models import Body, BodyKind


def _tambons(level: str, fiscal_year: int) -> dict[str, Decimal]:
    if level == "province":
        return {c: Decimal(1) for c in Area.objects.filter(level=AreaLevel.PROVINCE).values_list("code", flat=True)}
    return {c: Decimal(1) for c in Area.objects.filter(level=AreaLevel.SUBDISTRICT).values_list("code", flat=True)}


def _welfare_funds(level: str, fiscal_year: int) -> dict[str, Decimal]:
    """Active community welfare funds, by the tambon (province) of their area. The registry holds no
    rating of a fund's strength yet: a "strong funds" indicator is reported until it does."""
    width = 6 if level == "subdistrict" else 2
    counts: Counter[str] = Counter()
    for code in Body.objects.filter(kind=BodyKind.WELFARE_FUND, is_active=True, area__isnull=False).values_list(
        "area__code", flat=True
    ):
        if len(code) >= width:
            counts[code[:width]] += 1
    return {code: Decimal(n) for code, n in counts.items()}


def _members(level: str, fiscal_year: int) -> dict[str, Decimal]:
    width = 6 if level == "subdistrict" else 2
    counts: Counter[str] = Counter()
    for code, n in Body.objects.filter(kind=BodyKind.WELFARE_FUND, is_active=True, area__isnull=False).values_list(
        "area__code", "member_count"
    ):
        if len(code) >= width:
            counts[code[:width]] += n
    return {code: Decimal(n) for code, n in counts.items()}


def register() -> None:
    levels = ("subdistrict", "province")
    register_measure(
        "areas.count",
        "จำนวนพื้นที่ (ตำบลหรือจังหวัด)",
        "Number of areas (tambons or provinces)",
        _tambons,
        levels=levels,
        source="areas",
    )
    register_measure(
        "organizations.welfare_funds",
        "กองทุนสวัสดิการชุมชนที่ดำเนินการอยู่",
        "Active community welfare funds",
        _welfare_funds,
        levels=levels,
        source="organizations",
    )
    register_measure(
        "organizations.welfare_fund_members",
        "สมาชิกกองทุนสวัสดิการชุมชน",
        "Members of community welfare funds",
        _members,
        levels=levels,
        source="organizations",
    )
