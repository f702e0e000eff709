"""/api/budgets — programmes (แผนงาน) with their money in the caller's provinces, the fair-allocation
scenarios, and the writes the budget pages make: a scenario, its adoption by a resolution, a reallocation
between provinces by a resolution, a programme indicator. Every write goes through ``budgets.services``
(row-locked ledger; who may adopt or reallocate is ``meetings.authority``'s). Commitments and
disbursements are made by a project's approval and tranches (/api/projects/{id}/approve, …/disburse).

A caller with no budget scope reads 404, as on the pages; figures are narrowed to the caller's
provinces. No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from chumchon.accounts.http import acting_user
from chumchon.accounts.models import User
from chumchon.api._writes import (
    Baht,
    FormulaWeight,
    Measure,
    PathId,
    choice_pattern,
    found,
    nothing_matches,
)
from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, BoundedPagination, InputSchema
from chumchon.budgets import selectors, services
from chumchon.budgets.allocation import FormulaError
from chumchon.budgets.models import Allocation, IndicatorAggregation, Programme
from chumchon.budgets.selectors import Totals
from chumchon.meetings import selectors as meeting_selectors
from chumchon.meetings.services import resolution_record_in_transaction
from chumchon.organizations.models import Body

router = Router(tags=["budgets"])

CENTS = Decimal("0.01")


# ---------------------------------------------------------------------------------------------
# Output


class BudgetTotalsOut(Schema):
    allocated: Decimal
    committed: Decimal = Field(description="approved for projects")
    disbursed: Decimal
    refunded: Decimal
    spent: Decimal = Field(description="reported spending of the funded projects")
    remaining: Decimal = Field(description="allocated − committed")
    projects: int


class ProgrammeOut(Schema):
    id: int
    code: str
    fiscal_year: int
    name_th: str
    name_en: str
    kind: str
    national_budget: Decimal
    eligible_body_kinds: list[str]
    totals: BudgetTotalsOut = Field(description="in the caller's provinces")


class BudgetAreaTotalsOut(Schema):
    code: str = Field(description="province code (or cluster/region code when grouped so)")
    name: str
    totals: BudgetTotalsOut


class ApprovalRuleOut(Schema):
    min_amount: Decimal
    max_amount: Decimal | None = None
    approver_body_kind: str
    approver_role: str
    screening_role: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class ProgrammeIndicatorOut(Schema):
    code: str
    name_th: str
    name_en: str
    unit: str
    target: Decimal
    aggregation: str
    value: Decimal | None = Field(None, description="the roll-up of the projects' latest values in my scope")
    projects: int = 0


class ProgrammeDetailOut(ProgrammeOut):
    description: str
    provinces: list[BudgetAreaTotalsOut]
    approval_rules: list[ApprovalRuleOut]
    indicators: list[ProgrammeIndicatorOut]


class AllocationOut(Schema):
    id: int
    programme_id: int
    name: str
    scope_kind: str
    scope_code: str
    total: Decimal
    params: dict[str, Any]
    status: str
    resolution_id: int | None = None
    created_at: dt.datetime
    adopted_at: dt.datetime | None = None


class AllocationLineOut(Schema):
    level: str
    code: str
    parent_code: str
    name: str
    amount: Decimal
    terms: dict[str, Any]


# ---------------------------------------------------------------------------------------------
# Input


class ProgrammeQuery(Schema):
    fiscal_year: int | None = Field(None, ge=2400, le=2700, description="B.E. fiscal year")


class BalanceQuery(Schema):
    fiscal_year: int | None = Field(None, ge=2400, le=2700, description="B.E. fiscal year")
    programme_id: int | None = Field(None, ge=1, le=2**31 - 1)
    area_code: str = Field("", pattern="^([0-9]{2})?$", description="one province (its DOPA code)")
    group_by: str = Field("province", pattern="^(province|cluster|region)$")


class AllocationLineQuery(Schema):
    level: str = Field("", pattern="^(region|cluster|province|tambon)?$")


class AllocationScenarioIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    scope_kind: str = Field(pattern="^(region|cluster)$")
    scope_code: str = Field(min_length=1, max_length=16, description="CODI region (R5) or provincial cluster (C08)")
    total: Baht
    base: FormulaWeight = Field(Decimal("0.3"), description="weight: equal share")
    population: FormulaWeight | None = None
    tambons: FormulaWeight | None = None
    poor: FormulaWeight | None = None
    intensity: FormulaWeight | None = None
    absorption: FormulaWeight | None = None
    floor: int = Field(0, ge=0, le=10**12, description="floor per province (baht)")
    cap: int | None = Field(None, ge=0, le=10**12, description="cap per province (baht)")
    down_to_tambon: bool = False

    def params(self) -> dict[str, Any]:
        weights = ("population", "tambons", "poor", "intensity", "absorption")
        return {
            "base": str(self.base),
            "weights": {k: str(getattr(self, k)) for k in weights if getattr(self, k)},
            "floor": self.floor,
            "cap": self.cap,
            "down_to": "tambon" if self.down_to_tambon else "province",
        }


class BudgetResolutionIn(InputSchema):
    """The deciding committee's resolution, recorded with the decision (as the pages do)."""

    body_id: int = Field(ge=1, le=2**31 - 1, description="a committee whose resolutions the caller records")
    meeting_date: dt.date
    number: str = Field(min_length=1, max_length=32, description='meeting/resolution number, e.g. "2/2566"')
    text: str = Field(min_length=1, max_length=20_000)


class ReallocateIn(BudgetResolutionIn):
    from_province: str = Field(pattern="^[0-9]{2}$")
    to_province: str = Field(pattern="^[0-9]{2}$")
    amount: Baht = Field(description="more than 0")


class ProgrammeIndicatorIn(InputSchema):
    code: str = Field(min_length=1, max_length=32, description="an existing code updates that indicator")
    name_th: str = Field(min_length=1, max_length=300)
    name_en: str = Field("", max_length=300)
    unit: str = Field("", max_length=64)
    target: Measure
    aggregation: str = Field(IndicatorAggregation.SUM, pattern=choice_pattern(IndicatorAggregation))


# ---------------------------------------------------------------------------------------------
# Helpers


def _require_budget_view(request: HttpRequest, province_codes: tuple[str, ...] | None = None) -> None:
    provinces = selectors.province_prefixes(request.user)
    if provinces is not None and not provinces:
        raise Http404
    if province_codes is not None and provinces is not None and not provinces & set(province_codes):
        raise Http404


def _baht(amount: Decimal | None) -> Decimal:
    """Money with its two decimals (sums come back from the database with whatever scale it keeps)."""
    return (amount or Decimal(0)).quantize(CENTS)


def _totals(t: Totals) -> dict[str, Any]:
    return {
        "allocated": _baht(t.allocated),
        "committed": _baht(t.committed),
        "disbursed": _baht(t.disbursed),
        "refunded": _baht(t.refunded),
        "spent": _baht(t.spent),
        "remaining": _baht(t.remaining),
        "projects": t.projects,
    }


def _programme(p: Programme, totals: Totals) -> dict[str, Any]:
    return {
        "id": p.pk,
        "code": p.code,
        "fiscal_year": p.fiscal_year,
        "name_th": p.name_th,
        "name_en": p.name_en,
        "kind": p.kind,
        "national_budget": p.national_budget,
        "eligible_body_kinds": [str(k) for k in p.eligible_body_kinds or []],
        "totals": _totals(totals),
    }


def _programme_detail(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    rows, grand = selectors.dashboard(request.user, programme=programme, group_by="province")
    out = _programme(programme, grand)
    out["description"] = programme.description
    out["provinces"] = [{"code": r.code, "name": r.name, "totals": _totals(r.totals)} for r in rows]
    out["approval_rules"] = list(programme.approval_rules.all())
    out["indicators"] = [
        {
            "code": p.indicator.code,
            "name_th": p.indicator.name_th,
            "name_en": p.indicator.name_en,
            "unit": p.indicator.unit,
            "target": p.indicator.target,
            "aggregation": p.indicator.aggregation,
            "value": p.value,
            "projects": p.projects,
        }
        for p in selectors.indicator_progress(request.user, programme)
    ]
    return out


def _programme_or_404(request: HttpRequest, programme_id: int) -> Programme:
    _require_budget_view(request)
    return found(selectors.programme_get(programme_id))


def _allocation_or_404(request: HttpRequest, allocation_id: int) -> Allocation:
    allocation = found(Allocation.objects.select_related("programme").filter(pk=allocation_id).first())
    _require_budget_view(request, allocation.scope_codes)
    return allocation


def _committee(request: HttpRequest, body_id: int) -> Body:
    """A committee the caller may see (404 otherwise); whether it may decide is the services'."""
    return meeting_selectors.committee_get(request.user, body_id)


def _record(actor: User, committee: Body, payload: BudgetResolutionIn) -> Any:
    return resolution_record_in_transaction(
        actor=actor, body=committee, meeting_date=payload.meeting_date, number=payload.number, text=payload.text
    )


# ---------------------------------------------------------------------------------------------
# Reads


@router.get(
    "/programmes", response={200: list[ProgrammeOut], **LIST_ERRORS}, summary="Programmes and their money / แผนงาน"
)
@paginate(BoundedPagination)
def programme_list(request: HttpRequest, filters: Query[ProgrammeQuery]) -> Any:
    provinces = selectors.province_prefixes(request.user)
    if provinces is not None and not provinces:
        return []
    rows = selectors.programmes_for_year(request.user, filters.fiscal_year)
    rows.sort(key=lambda r: (-r.programme.fiscal_year, r.programme.code, r.programme.pk))
    return [_programme(r.programme, r.totals) for r in rows]


@router.get("/programmes/{programme_id}", response={200: ProgrammeDetailOut, **READ_ERRORS}, summary="One programme")
def programme_detail(request: HttpRequest, programme_id: PathId) -> Any:
    return _programme_detail(request, _programme_or_404(request, programme_id))


@router.get(
    "/balances",
    response={200: list[BudgetAreaTotalsOut], **LIST_ERRORS},
    summary="Allocated, approved, disbursed and spent by area / ยอดงบประมาณรายพื้นที่",
)
def balances(request: HttpRequest, filters: Query[BalanceQuery]) -> Any:
    provinces = selectors.province_prefixes(request.user)
    if provinces is not None and not provinces:
        return []
    programme = None
    if filters.programme_id is not None:
        programme = selectors.programme_get(filters.programme_id)
        if programme is None:
            return []
    rows, _ = selectors.dashboard(
        request.user,
        fiscal_year=filters.fiscal_year,
        programme=programme,
        group_by=filters.group_by,
        within=[filters.area_code] if filters.area_code else None,
    )
    return [{"code": r.code, "name": r.name, "totals": _totals(r.totals)} for r in rows]


@router.get(
    "/programmes/{programme_id}/allocations",
    response={200: list[AllocationOut], **READ_ERRORS},
    summary="A programme's allocation scenarios / สถานการณ์จัดสรร",
)
def allocation_list(request: HttpRequest, programme_id: PathId) -> Any:
    return list(selectors.allocations_for(_programme_or_404(request, programme_id)))


@router.get("/allocations/{allocation_id}", response={200: AllocationOut, **READ_ERRORS}, summary="One scenario")
def allocation_detail(request: HttpRequest, allocation_id: PathId) -> Any:
    return _allocation_or_404(request, allocation_id)


@router.get(
    "/allocations/{allocation_id}/lines",
    response={200: list[AllocationLineOut], **READ_ERRORS},
    summary="A scenario's amount per area / ยอดจัดสรรรายพื้นที่",
)
@paginate(BoundedPagination)
def allocation_lines(request: HttpRequest, allocation_id: PathId, filters: Query[AllocationLineQuery]) -> Any:
    allocation = _allocation_or_404(request, allocation_id)
    return selectors.allocation_lines(allocation, filters.level or None).order_by("level", "code", "pk")


# ---------------------------------------------------------------------------------------------
# Writes


@router.post(
    "/programmes/{programme_id}/allocations",
    response={201: AllocationOut, **WRITE_ERRORS},
    summary="Compute a draft allocation scenario / คำนวณสถานการณ์จัดสรร",
)
def allocation_create(request: HttpRequest, programme_id: PathId, payload: AllocationScenarioIn) -> Any:
    programme = _programme_or_404(request, programme_id)
    if nothing_matches(payload.scope_code):
        raise ValidationError("รหัสพื้นที่ไม่ถูกต้อง / Invalid scope code")
    try:
        allocation = services.allocation_create(
            actor=acting_user(request),
            programme=programme,
            name=payload.name,
            scope_kind=payload.scope_kind,
            scope_code=payload.scope_code.strip().upper(),
            total=payload.total,
            params=payload.params(),
        )
    except FormulaError as exc:
        raise ValidationError(str(exc)) from exc
    return Status(201, allocation)


@router.post(
    "/allocations/{allocation_id}/adopt",
    response={200: AllocationOut, **WRITE_ERRORS},
    summary="Adopt a scenario by the resolution of the body with authority / รับรองการจัดสรรตามมติ",
)
def allocation_adopt(request: HttpRequest, allocation_id: PathId, payload: BudgetResolutionIn) -> Any:
    allocation = _allocation_or_404(request, allocation_id)
    committee = _committee(request, payload.body_id)
    actor = acting_user(request)
    with transaction.atomic(durable=True):
        # The resolution and the adoption it decides, together (as the page does).
        resolution = _record(actor, committee, payload)
        services.allocation_adopt_in_transaction(actor=actor, allocation=allocation, resolution=resolution)
    return _allocation_or_404(request, allocation_id)


@router.post(
    "/programmes/{programme_id}/reallocate",
    response={200: list[BudgetAreaTotalsOut], **WRITE_ERRORS},
    summary="Move uncommitted money between provinces by a resolution / โอนจัดสรรระหว่างจังหวัดตามมติ",
)
def reallocate(request: HttpRequest, programme_id: PathId, payload: ReallocateIn) -> Any:
    programme = _programme_or_404(request, programme_id)
    committee = _committee(request, payload.body_id)
    actor = acting_user(request)
    with transaction.atomic(durable=True):
        resolution = _record(actor, committee, payload)
        services.funds_reallocate_in_transaction(
            programme=programme,
            from_province=payload.from_province,
            to_province=payload.to_province,
            amount=payload.amount,
            actor=actor,
            resolution=resolution,
        )
    rows, _ = selectors.dashboard(
        request.user, programme=programme, within=[payload.from_province, payload.to_province]
    )
    return [{"code": r.code, "name": r.name, "totals": _totals(r.totals)} for r in rows]


@router.post(
    "/programmes/{programme_id}/indicators",
    response={200: ProgrammeIndicatorOut, **WRITE_ERRORS},
    summary="Add or update a programme indicator / ตัวชี้วัดแผนงาน",
)
def programme_indicator_set(request: HttpRequest, programme_id: PathId, payload: ProgrammeIndicatorIn) -> Any:
    programme = _programme_or_404(request, programme_id)
    indicator = services.programme_indicator_set(actor=acting_user(request), programme=programme, **payload.dict())
    return {
        "code": indicator.code,
        "name_th": indicator.name_th,
        "name_en": indicator.name_en,
        "unit": indicator.unit,
        "target": indicator.target,
        "aggregation": indicator.aggregation,
    }
