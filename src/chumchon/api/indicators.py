"""/api/indicators — indicator definitions (ตัวชี้วัด), a unit's figures for a fiscal year with their
targets and approval, typed-in values, and the approval steps (submit, approve, return, withdraw).

A unit is ``all`` (the nation), ``region:R5``, ``cluster:C08`` or a DOPA code, as in the pages' links.
The same rules as the indicator pages: definitions for whoever may see indicators anywhere; a unit's
figures in the caller's INDICATOR_VIEW scope (others: 404); every write through indicators.services,
which checks INDICATOR_DEFINE / INDICATOR_ENTER / the approval step's role (403) and the state (400).

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.api.lookups import missing
from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, InputSchema, SignedFigure, SignedTarget
from chumchon.indicators import selectors, services, units
from chumchon.indicators.models import (
    Aggregation,
    ApprovalState,
    Indicator,
    IndicatorKind,
    IndicatorLevel,
    IndicatorTarget,
    PeriodApproval,
    TargetRule,
)

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    id: int
    code: str
    name_th: str
    name_en: str
    unit: str
    level: str
    kind: str
    formula: str
    denominator: str
    weight_formula: str
    aggregation: str
    target_rule: str
    description: str
    is_active: bool


class IndicatorIn(InputSchema):
    name_th: str = Field(min_length=1, max_length=300)
    name_en: str = Field("", max_length=300)
    unit: str = Field("", max_length=64)
    level: IndicatorLevel = IndicatorLevel.SUBDISTRICT
    kind: IndicatorKind = IndicatorKind.REPORTED
    formula: str = Field("", max_length=500)
    denominator: str = Field("", max_length=500)
    weight_formula: str = Field("", max_length=500)
    aggregation: Aggregation = Aggregation.SUM
    target_rule: TargetRule = TargetRule.SPLIT
    description: str = Field("", max_length=10_000)
    is_active: bool = True


class IndicatorPatch(InputSchema):
    name_th: str | None = Field(None, min_length=1, max_length=300)
    name_en: str | None = Field(None, max_length=300)
    unit: str | None = Field(None, max_length=64)
    level: IndicatorLevel | None = None
    kind: IndicatorKind | None = None
    formula: str | None = Field(None, max_length=500)
    denominator: str | None = Field(None, max_length=500)
    weight_formula: str | None = Field(None, max_length=500)
    aggregation: Aggregation | None = None
    target_rule: TargetRule | None = None
    description: str | None = Field(None, max_length=10_000)
    is_active: bool | None = None


class TargetIn(InputSchema):
    unit: str = Field(max_length=24, description='"all", region:R5, cluster:C08 or a province code')
    fiscal_year: int = Field(ge=2500, le=2700)
    value: SignedTarget


class TargetOut(Schema):
    indicator: int
    unit: str
    fiscal_year: int
    value: Decimal

    @staticmethod
    def resolve_indicator(obj: IndicatorTarget) -> int:
        return obj.indicator_id

    @staticmethod
    def resolve_unit(obj: IndicatorTarget) -> str:
        return obj.unit or "all"


class FigureOut(Schema):
    indicator: int
    value: Decimal | None = None
    target: Decimal | None = None
    achieved_percent: Decimal | None = None
    status: str = Field(description="approved, submitted, draft or computed")
    source: str = Field(description='computed, manual or "" (rolled up)')
    areas: int


class ApprovalEventOut(Schema):
    kind: str
    at: dt.datetime
    note: str


class UnitFiguresOut(Schema):
    unit: str
    name: str
    fiscal_year: int
    state: str = Field(description="the unit's approval: draft, submitted or approved")
    actions: dict[str, bool] = Field(
        description="what the caller may do now: enter, submit, approve, return, unapprove"
    )
    figures: list[FigureOut]
    history: list[ApprovalEventOut]


class ValueIn(InputSchema):
    indicator: int = Field(ge=1, le=2**63 - 1)
    value: SignedFigure
    weight: SignedFigure | None = Field(None, description="denominator or weight")


class ValuesIn(InputSchema):
    values: list[ValueIn] = Field(min_length=1, max_length=500)


class ReasonIn(InputSchema):
    note: str = Field(min_length=1, max_length=2000)


class ApprovalOut(Schema):
    unit: str
    name: str
    level: str
    fiscal_year: int
    state: str

    @staticmethod
    def resolve_unit(obj: PeriodApproval) -> str:
        return obj.unit or "all"

    @staticmethod
    def resolve_name(obj: PeriodApproval) -> str:
        return units.unit_name(obj.unit)


class ApprovalQuery(Schema):
    todo: str = Field("approve", pattern="^(approve|submit)$", description="approve: awaiting me; submit: to submit")


def _unit_or_404(request: HttpRequest, unit: str) -> str:
    """As the pages: ``all`` is the nation; an unknown unit or one outside the scope is 404."""
    unit = "" if unit == "all" else unit
    if "\x00" in unit or len(unit) > 24 or not units.unit_exists(unit):
        raise Http404
    permissions.require_read(request.user, Action.INDICATOR_VIEW, units.codes_of(unit))
    return unit


def _indicator_or_404(request: HttpRequest, indicator_id: int) -> Indicator:
    if not permissions.can_anywhere(request.user, Action.INDICATOR_VIEW):
        raise Http404
    indicator = selectors.indicator_get(indicator_id) if 0 < indicator_id < 2**63 else None
    if indicator is None:
        raise Http404
    return indicator


def _actions(user: Any, unit: str, year: int) -> dict[str, bool]:
    """What the report page offers this user (the same rule as its buttons)."""
    approval = selectors.approval_of(unit, year)
    state = approval.state if approval else ApprovalState.DRAFT
    return selectors.period_actions(user, unit, year, state, bool(approval and approval.has_manual_values))


def _report(request: HttpRequest, unit: str, year: int) -> dict[str, Any]:
    figures = selectors.figures_for(unit, year)
    return {
        "unit": unit or "all",
        "name": units.unit_name(unit),
        "fiscal_year": year,
        "state": selectors.approval_state(unit, year),
        "actions": _actions(request.user, unit, year),
        "figures": [
            {
                "indicator": f.indicator.pk,
                "value": f.value,
                "target": f.target,
                "achieved_percent": f.achieved_percent,
                "status": f.status,
                "source": f.source,
                "areas": f.areas,
            }
            for f in figures
            if f.value is not None or f.target is not None
        ],
        "history": [{"kind": e.kind, "at": e.at, "note": e.note} for e in selectors.history(unit, year)[:50]],
    }


@router.get("", response={200: list[IndicatorOut], **LIST_ERRORS}, summary="Indicators / ตัวชี้วัด")
def indicator_list(request: HttpRequest) -> Any:
    if not permissions.can_anywhere(request.user, Action.INDICATOR_VIEW):
        return []
    return list(Indicator.objects.order_by("-is_active", "name_th", "pk"))


@router.get("/approvals", response={200: list[ApprovalOut], **LIST_ERRORS}, summary="Approval queue / รอการอนุมัติ")
def approval_list(request: HttpRequest, filters: Query[ApprovalQuery]) -> Any:
    """Units and years awaiting the caller's approval, or (``todo=submit``) still to submit."""
    if not permissions.can_anywhere(request.user, Action.INDICATOR_VIEW):
        return []
    qs = selectors.to_submit(request.user) if filters.todo == "submit" else selectors.awaiting_approval(request.user)
    return list(qs[:2000])


@router.get("/{indicator_id}", response={200: IndicatorOut, **READ_ERRORS}, summary="One indicator / ตัวชี้วัด")
def indicator_detail(request: HttpRequest, indicator_id: int) -> Any:
    return _indicator_or_404(request, indicator_id)


@router.post("", response={201: IndicatorOut, **WRITE_ERRORS}, summary="Define an indicator / กำหนดตัวชี้วัด")
def indicator_post(request: HttpRequest, payload: IndicatorIn) -> Any:
    permissions.require_write(request.user, Action.INDICATOR_DEFINE, "")
    return Status(201, services.indicator_create(actor=acting_user(request), **payload.dict()))


@router.patch(
    "/{indicator_id}", response={200: IndicatorOut, **WRITE_ERRORS}, summary="Change an indicator / แก้ไขตัวชี้วัด"
)
def indicator_patch(request: HttpRequest, indicator_id: int, payload: IndicatorPatch) -> Any:
    indicator = _indicator_or_404(request, indicator_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.indicator_update(actor=acting_user(request), indicator=indicator, **changes)


@router.post(
    "/{indicator_id}/targets",
    response={200: TargetOut, **WRITE_ERRORS},
    summary="Set a target / ตั้งค่าเป้าหมาย",
)
def target_post(request: HttpRequest, indicator_id: int, payload: TargetIn) -> Any:
    indicator = _indicator_or_404(request, indicator_id)
    unit = "" if payload.unit == "all" else payload.unit
    return services.target_set(
        actor=acting_user(request), indicator=indicator, unit=unit, fiscal_year=payload.fiscal_year, value=payload.value
    )


@router.get(
    "/units/{unit}/{year}",
    response={200: UnitFiguresOut, **READ_ERRORS},
    summary="A unit's figures for a fiscal year / ผลตัวชี้วัดของพื้นที่",
)
def unit_report(request: HttpRequest, unit: str, year: int) -> Any:
    unit = _unit_or_404(request, unit)
    if not 2400 <= year <= 2800:
        raise Http404
    return _report(request, unit, year)


@router.post(
    "/units/{unit}/{year}/values",
    response={200: UnitFiguresOut, **WRITE_ERRORS},
    summary="Type in values / กรอกค่าตัวชี้วัด",
)
def values_post(request: HttpRequest, unit: str, year: int, payload: ValuesIn) -> Any:
    """Values of reported indicators of a tambon (or province), all or none (as the entry page saves)."""
    unit = _unit_or_404(request, unit)
    if not 2400 <= year <= 2800:
        raise Http404
    by_id = {i.pk: i for i in Indicator.objects.filter(pk__in=[v.indicator for v in payload.values])}
    for v in payload.values:
        ind = by_id.get(v.indicator)
        if ind is None or not ind.is_active or ind.kind != IndicatorKind.REPORTED:
            raise missing("values", "ไม่มีตัวชี้วัดที่กรอกได้รหัสนี้", f"No reported indicator has the id {v.indicator}")
    actor = acting_user(request)
    with transaction.atomic(durable=True):
        for v in payload.values:
            services.value_enter_in_transaction(
                actor=actor,
                indicator=by_id[v.indicator],
                area_code=unit,
                fiscal_year=year,
                value=v.value,
                weight=v.weight,
            )
    return _report(request, unit, year)


def _step(request: HttpRequest, unit: str, year: int, action: str, note: str = "") -> Any:
    unit = _unit_or_404(request, unit)
    if not 2400 <= year <= 2800:
        raise Http404
    actor = acting_user(request)
    if action == "submit":
        services.period_submit(actor=actor, unit=unit, fiscal_year=year)
    elif action == "approve":
        services.period_approve(actor=actor, unit=unit, fiscal_year=year)
    elif action == "return":
        services.period_return(actor=actor, unit=unit, fiscal_year=year, note=note)
    else:
        services.period_unapprove(actor=actor, unit=unit, fiscal_year=year, note=note)
    return _report(request, unit, year)


@router.post("/units/{unit}/{year}/submit", response={200: UnitFiguresOut, **WRITE_ERRORS}, summary="Submit / ส่งอนุมัติ")
def period_submit(request: HttpRequest, unit: str, year: int) -> Any:
    return _step(request, unit, year, "submit")


@router.post("/units/{unit}/{year}/approve", response={200: UnitFiguresOut, **WRITE_ERRORS}, summary="Approve / อนุมัติ")
def period_approve(request: HttpRequest, unit: str, year: int) -> Any:
    return _step(request, unit, year, "approve")


@router.post(
    "/units/{unit}/{year}/return",
    response={200: UnitFiguresOut, **WRITE_ERRORS},
    summary="Return for correction / ส่งกลับแก้ไข",
)
def period_return(request: HttpRequest, unit: str, year: int, payload: ReasonIn) -> Any:
    return _step(request, unit, year, "return", payload.note)


@router.post(
    "/units/{unit}/{year}/unapprove",
    response={200: UnitFiguresOut, **WRITE_ERRORS},
    summary="Withdraw approval / ถอนการอนุมัติ",
)
def period_unapprove(request: HttpRequest, unit: str, year: int, payload: ReasonIn) -> Any:
    return _step(request, unit, year, "unapprove", payload.note)
