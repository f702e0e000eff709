"""The measures projects gives indicator formulas (``indicators.measures``): projects approved, the
money approved for them, and what their indicators report against a programme indicator (families
named by the programme indicator: ``programme_indicator.<id>``, ``programme_indicator_reports.<id>``)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from chumchon.budgets.models import ProgrammeIndicator
from chumchon.indicators.measures import register_measure, register_measure_family
from chumchon.projects.models import FUNDED_STATUSES, Project, ProjectIndicator, ProjectStatus

COUNTED = [*FUNDED_STATUSES, ProjectStatus.CLOSED]


def _width(level: str) -> int:
    return 6 if level == "subdistrict" else 2


def _projects(fiscal_year: int):  # type: ignore[no-untyped-def]
    return Project.objects.filter(programme__fiscal_year=fiscal_year, status__in=COUNTED)


def _count(level: str, fiscal_year: int) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    for code in _projects(fiscal_year).values_list("area__code", flat=True):
        if len(code) >= _width(level):
            out[code[: _width(level)]] += 1
    return dict(out)


def _approved_amount(level: str, fiscal_year: int) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    for code, amount in _projects(fiscal_year).values_list("area__code", "approved_amount"):
        if amount is not None and len(code) >= _width(level):
            out[code[: _width(level)]] += amount
    return dict(out)


def _reported(pk: str, level: str, fiscal_year: int, *, count: bool) -> dict[str, Decimal]:
    """What projects report against the programme indicator ``pk`` (budgets.ProgrammeIndicator): the sum
    of their latest values per area, or (``count``) the number of projects reporting."""
    if not pk.isdigit():
        return {}
    pi = ProgrammeIndicator.objects.filter(pk=int(pk)).values_list("programme_id", "code").first()
    if pi is None:
        return {}
    out: dict[str, Decimal] = defaultdict(Decimal)
    rows = ProjectIndicator.objects.filter(
        code=pi[1], project__programme_id=pi[0], project__status__in=COUNTED, latest_value__isnull=False
    ).values_list("project__area__code", "latest_value")
    for area, value in rows:
        if len(area) >= _width(level) and value is not None:
            out[area[: _width(level)]] += 1 if count else value
    return dict(out)


def _indicator_value(pk: str, level: str, fiscal_year: int) -> dict[str, Decimal]:
    return _reported(pk, level, fiscal_year, count=False)


def _indicator_reports(pk: str, level: str, fiscal_year: int) -> dict[str, Decimal]:
    return _reported(pk, level, fiscal_year, count=True)


def register() -> None:
    levels = ("subdistrict", "province")
    register_measure("projects.approved", "โครงการที่อนุมัติ", "Projects approved", _count, levels=levels, source="projects")
    register_measure(
        "projects.approved_amount",
        "งบประมาณโครงการที่อนุมัติ (บาท)",
        "Money approved for projects (baht)",
        _approved_amount,
        levels=levels,
        source="projects",
    )
    register_measure_family(
        "programme_indicator.",
        "ผลที่โครงการรายงานตามตัวชี้วัดแผนงาน",
        "What projects report against a programme indicator",
        _indicator_value,
        levels=levels,
        source="projects",
    )
    register_measure_family(
        "programme_indicator_reports.",
        "จำนวนโครงการที่รายงานตามตัวชี้วัดแผนงาน",
        "Projects reporting against a programme indicator",
        _indicator_reports,
        levels=levels,
        source="projects",
    )
