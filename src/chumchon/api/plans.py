"""/api/plans — development plans (แผน), their items, versions, upward proposals and strategy tags, in the
caller's scope; the writes the plans pages make, through ``plans.services`` (and ``plans.strategy``).

Out-of-scope reads answer 404 (as the pages), refused writes 403 with the service's reason, a state
that does not allow the change 409. No ``from __future__ import annotations`` here: django-ninja reads
the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from chumchon.accounts.http import acting_user
from chumchon.api._writes import (
    BahtByYear,
    Measure,
    MeasureByYear,
    PathId,
    area_or_404,
    choice_pattern,
    found,
    missing,
    nothing_matches,
)
from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, BoundedPagination, InputSchema
from chumchon.core.bilingual import bilingual
from chumchon.plans import selectors, services
from chumchon.plans.models import (
    ANSWERED,
    BudgetSource,
    ItemStatus,
    Plan,
    PlanItem,
    PlanKind,
    PlanLevel,
    PlanProposal,
    PlanVersion,
    VersionKind,
)
from chumchon.plans.strategy import selectors as strategy_selectors
from chumchon.plans.strategy import services as strategy_services
from chumchon.plans.strategy.models import ItemTag, StrategyEntry
from chumchon.poverty.models import DimensionCode

router = Router(tags=["plans"])

YEAR = Field(ge=2400, le=2700, description="B.E. year")


# ---------------------------------------------------------------------------------------------
# Output


class PlanOut(Schema):
    id: int
    title: str
    level: str
    kind: str
    status: str
    owner_id: int
    owner_name: str
    scope_kind: str
    area_code: str | None = None
    region: str | None = None
    cluster: str | None = None
    start_year_be: int
    end_year_be: int

    @staticmethod
    def resolve_owner_name(obj: Plan) -> str:
        return obj.owner.name_th

    @staticmethod
    def resolve_area_code(obj: Plan) -> str | None:
        return obj.area.code if obj.area_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_region(obj: Plan) -> str | None:
        return obj.region.code if obj.region_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_cluster(obj: Plan) -> str | None:
        return obj.cluster.code if obj.cluster_id else None  # type: ignore[union-attr]


class PlanYearAmountOut(Schema):
    fiscal_year_be: int
    amount: Decimal


class PlanDetailOut(PlanOut):
    budget_by_year: list[PlanYearAmountOut]
    item_count: int
    can_write: bool = Field(description="whether the caller may write this plan")

    @staticmethod
    def resolve_budget_by_year(obj: Any) -> Any:
        return obj.api_extra["budget_by_year"]

    @staticmethod
    def resolve_item_count(obj: Any) -> Any:
        return obj.api_extra["item_count"]

    @staticmethod
    def resolve_can_write(obj: Any) -> Any:
        return obj.api_extra["can_write"]


class PlanIndicatorOut(Schema):
    name: str
    unit: str
    baseline: Decimal | None = None
    targets: dict[str, Decimal] = Field(description="target by B.E. year")


class PlanItemOut(Schema):
    id: int
    plan_id: int
    number: int
    title: str
    problem: str
    objective: str
    target_group: str
    area_code: str | None = None
    dimension: str
    activities: str
    budget_source: str
    responsible_text: str
    status: str
    merged_into_id: int | None = None
    budgets: list[PlanYearAmountOut]
    indicators: list[PlanIndicatorOut]

    @staticmethod
    def resolve_area_code(obj: PlanItem) -> str | None:
        return obj.area.code if obj.area_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_budgets(obj: PlanItem) -> list[dict[str, Any]]:
        return [{"fiscal_year_be": b.fiscal_year_be, "amount": b.amount} for b in obj.budgets.all()]

    @staticmethod
    def resolve_indicators(obj: PlanItem) -> list[dict[str, Any]]:
        return [
            {"name": i.name, "unit": i.unit, "baseline": i.baseline, "targets": dict(i.targets or {})}
            for i in obj.indicators.all()
        ]


class PlanVersionOut(Schema):
    id: int
    sequence: int
    kind: str
    number: int
    year_be: int
    adopted_on: dt.date
    adopted_by_id: int | None = None
    resolution_id: int | None = None
    resolution_text: str
    note: str
    changes: list[dict[str, Any]]
    recorded_at: dt.datetime


class PlanProposalOut(Schema):
    id: int
    item_id: int
    item_title: str
    from_plan_id: int
    to_plan_id: int
    status: str
    note: str
    proposed_at: dt.datetime
    covering_item_id: int | None = None
    reason: str
    answered_at: dt.datetime | None = None
    answer_noted_at: dt.datetime | None = None

    @staticmethod
    def resolve_item_title(obj: PlanProposal) -> str:
        return obj.item.title

    @staticmethod
    def resolve_from_plan_id(obj: PlanProposal) -> int:
        return obj.item.plan_id


class StrategyTagOut(Schema):
    id: int
    entry_id: int
    code: str
    name_th: str
    name_en: str
    origin: str

    @staticmethod
    def resolve_code(obj: ItemTag) -> str:
        return obj.entry.code

    @staticmethod
    def resolve_name_th(obj: ItemTag) -> str:
        return obj.entry.name_th

    @staticmethod
    def resolve_name_en(obj: ItemTag) -> str:
        return obj.entry.name_en


class TagSuggestionOut(Schema):
    entry_id: int
    code: str
    name_th: str
    name_en: str
    score: float


# ---------------------------------------------------------------------------------------------
# Input


class PlanQuery(Schema):
    area_code: str = Field("", max_length=8, description="plans over this area or inside it (DOPA code prefix)")
    level: str = Field("", max_length=16)
    kind: str = Field("", max_length=32)
    fiscal_year: int | None = Field(None, ge=2400, le=2700, description="plans whose period covers this B.E. year")


class PlanCreate(InputSchema):
    title: str = Field(min_length=1, max_length=300)
    level: str = Field(pattern=choice_pattern(PlanLevel))
    kind: str = Field(pattern=choice_pattern(PlanKind))
    owner_id: int = Field(ge=1, le=2**31 - 1, description="the owning body (one whose plans the caller writes)")
    area_code: str = Field("", max_length=8, description="blank: the owner's area")
    start_year_be: int = YEAR
    end_year_be: int = YEAR


class PlanIndicatorIn(InputSchema):
    name: str = Field(min_length=1, max_length=300)
    unit: str = Field("", max_length=50)
    baseline: Measure | None = None
    targets: MeasureByYear = Field(default_factory=dict, description="target by B.E. year")


class PlanItemFields(InputSchema):
    problem: str = Field("", max_length=20_000)
    objective: str = Field("", max_length=20_000)
    target_group: str = Field("", max_length=20_000)
    area_code: str = Field("", max_length=8, description="blank: the plan's area")
    dimension: str = Field("", pattern="^(" + "|".join(DimensionCode.values) + ")?$")
    activities: str = Field("", max_length=20_000, description="one activity a line")
    budget_source: str = Field(BudgetSource.COMMUNITY, pattern=choice_pattern(BudgetSource))
    responsible_text: str = Field("", max_length=300)
    budgets: BahtByYear = Field(default_factory=dict, description="amount (baht) by B.E. fiscal year")
    indicators: list[PlanIndicatorIn] = Field(default_factory=list, max_length=20)


class PlanItemCreate(PlanItemFields):
    title: str = Field(min_length=1, max_length=300)


class PlanItemPatch(InputSchema):
    """Only the fields given change; ``budgets`` and ``indicators``, when given, replace the item's."""

    title: str | None = Field(None, min_length=1, max_length=300)
    problem: str | None = Field(None, max_length=20_000)
    objective: str | None = Field(None, max_length=20_000)
    target_group: str | None = Field(None, max_length=20_000)
    area_code: str | None = Field(None, max_length=8, description="blank: the plan's area")
    dimension: str | None = Field(None, pattern="^(" + "|".join(DimensionCode.values) + ")?$")
    activities: str | None = Field(None, max_length=20_000)
    budget_source: str | None = Field(None, pattern=choice_pattern(BudgetSource))
    responsible_text: str | None = Field(None, max_length=300)
    status: str | None = Field(None, pattern=choice_pattern(ItemStatus))
    budgets: BahtByYear | None = None
    indicators: list[PlanIndicatorIn] | None = Field(None, max_length=20)


class PlanVersionCreate(InputSchema):
    kind: str = Field(pattern=choice_pattern(VersionKind))
    number: int | None = Field(None, ge=1, le=32767, description="amendment number (blank: the next)")
    year_be: int | None = Field(None, ge=2400, le=2700)
    adopted_on: dt.date = Field(description="ISO date (CE)")
    resolution_text: str = Field("", max_length=20_000)
    note: str = Field("", max_length=20_000)


class ItemProposeIn(InputSchema):
    to_plan_id: int = Field(ge=1, le=2**31 - 1, description="a higher plan the item may be proposed to")
    note: str = Field("", max_length=20_000)


class PlanProposalQuery(Schema):
    todo: str = Field(
        "answer",
        pattern="^(answer|answered)$",
        description="answer: awaiting my answer; answered: answers to my proposals not yet noted",
    )


class ProposalAnswerIn(InputSchema):
    answer: str = Field(pattern="^(accept|merge|decline)$")
    into_item_id: int | None = Field(None, ge=1, le=2**31 - 1, description="merge: the item of my plan covering it")
    reason: str = Field("", max_length=20_000, description="required to decline")


class ItemTagIn(InputSchema):
    entry_id: int = Field(ge=1, le=2**31 - 1, description="a strategy entry of a current catalogue")


class TagSuggestionDecision(InputSchema):
    entry_id: int = Field(ge=1, le=2**31 - 1)
    accept: bool
    score: float = Field(0.0, ge=0, le=1)


# ---------------------------------------------------------------------------------------------
# Helpers


def _require_write(request: HttpRequest, plan: Plan) -> None:
    if not selectors.can_write(request.user, plan):
        raise PermissionDenied(
            bilingual(
                "คุณไม่มีสิทธิ์เขียนแผนนี้ (ผู้เขียนคือบทบาทขององค์กรเจ้าของแผนในพื้นที่)",
                "You may not write this plan (the owning side's roles in its area write it)",
            )
        )


def _plan_detail(request: HttpRequest, plan: Plan) -> Plan:
    # What the detail adds to the row (read by PlanDetailOut through ``api_extra``).
    plan.api_extra = {  # type: ignore[attr-defined]
        "budget_by_year": [{"fiscal_year_be": y, "amount": a} for y, a in selectors.budget_by_year(plan)],
        "item_count": plan.items.count(),
        "can_write": selectors.can_write(request.user, plan),
    }
    return plan


def _item(request: HttpRequest, item_id: int) -> PlanItem:
    item = selectors.item_get(request.user, item_id)
    return selectors.plan_items(item.plan).get(pk=item.pk)


def _indicators(given: list[PlanIndicatorIn] | None) -> list[services.IndicatorInput] | None:
    if given is None:
        return None
    return [services.IndicatorInput(i.name, i.unit, i.baseline, dict(i.targets)) for i in given]


def _entry(entry_id: int) -> StrategyEntry:
    entry = strategy_selectors.current_entries().filter(pk=entry_id).first()
    if entry is None:
        raise missing("ไม่พบยุทธศาสตร์นี้ในฉบับปัจจุบัน", "No strategy entry of a current edition has this id")
    return entry


# ---------------------------------------------------------------------------------------------
# Plans


@router.get("", response={200: list[PlanOut], **LIST_ERRORS}, summary="Plans in my scope / แผนในพื้นที่")
@paginate(BoundedPagination)
def plan_list(request: HttpRequest, filters: Query[PlanQuery]) -> Any:
    if nothing_matches(filters.area_code, filters.level, filters.kind):
        return []
    return selectors.plan_list(
        request.user,
        area_code=filters.area_code.strip(),
        level=filters.level,
        kind=filters.kind,
        year_be=filters.fiscal_year,
    ).order_by("-start_year_be", "title", "pk")


@router.post("", response={201: PlanDetailOut, **WRITE_ERRORS}, summary="Create a plan / สร้างแผน")
def plan_create(request: HttpRequest, payload: PlanCreate) -> Any:
    owner = selectors.owner_bodies(request.user).filter(pk=payload.owner_id).first()
    if owner is None:
        raise PermissionDenied(
            bilingual("คุณไม่มีสิทธิ์เขียนแผนขององค์กรนี้", "You may not write plans of this body (or it does not exist)")
        )
    plan = services.plan_create(
        actor=acting_user(request),
        title=payload.title,
        level=payload.level,
        kind=payload.kind,
        owner=owner,
        area=area_or_404(payload.area_code.strip()),
        start_year_be=payload.start_year_be,
        end_year_be=payload.end_year_be,
    )
    return Status(201, _plan_detail(request, selectors.plan_get(request.user, plan.pk)))


@router.get(
    "/proposals", response={200: list[PlanProposalOut], **LIST_ERRORS}, summary="Upward proposals / ข้อเสนอขึ้นแผน"
)
@paginate(BoundedPagination)
def proposal_list(request: HttpRequest, filters: Query[PlanProposalQuery]) -> Any:
    """``answer``: items proposed to plans I write, awaiting my answer; ``answered``: answers to the items
    I proposed upward that I have not noted yet (the worklist's two lists)."""
    if filters.todo == "answered":
        qs = selectors.answers_to_note(request.user).order_by("-answered_at", "-id")
    else:
        qs = selectors.proposals_to_answer(request.user).order_by("proposed_at", "id")
    return qs.select_related("item")


@router.get("/proposals/{proposal_id}", response={200: PlanProposalOut, **READ_ERRORS}, summary="One proposal / ข้อเสนอ")
def proposal_detail(request: HttpRequest, proposal_id: PathId) -> Any:
    return selectors.proposal_get(request.user, proposal_id)


@router.post(
    "/proposals/{proposal_id}/answer",
    response={200: PlanProposalOut, **WRITE_ERRORS},
    summary="Answer a proposal: accept, merge or decline / ตอบข้อเสนอ",
)
def proposal_answer(request: HttpRequest, proposal_id: PathId, payload: ProposalAnswerIn) -> Any:
    proposal = selectors.proposal_get(request.user, proposal_id)
    _require_write(request, proposal.to_plan)
    actor = acting_user(request)
    if payload.answer == "accept":
        services.proposal_accept(actor=actor, proposal=proposal, reason=payload.reason)
    elif payload.answer == "merge":
        if payload.into_item_id is None:
            raise ValidationError(bilingual("ต้องระบุรายการที่รวมเข้า", "Name the item it is merged into"))
        into = proposal.to_plan.items.filter(pk=payload.into_item_id).first()
        if into is None:
            raise ValidationError(
                bilingual("รายการที่รวมเข้าต้องอยู่ในแผนที่รับข้อเสนอ", "The item merged into must be in the receiving plan")
            )
        services.proposal_merge(actor=actor, proposal=proposal, into_item=into, reason=payload.reason)
    else:
        services.proposal_decline(actor=actor, proposal=proposal, reason=payload.reason)
    return selectors.proposal_get(request.user, proposal_id)


@router.post(
    "/proposals/{proposal_id}/note",
    response={200: PlanProposalOut, **WRITE_ERRORS},
    summary="Note the answer to my proposal / รับทราบคำตอบ",
)
def proposal_note(request: HttpRequest, proposal_id: PathId) -> Any:
    proposal = selectors.proposal_get(request.user, proposal_id)
    if proposal.status not in ANSWERED:
        raise ValidationError(bilingual("ข้อเสนอนี้ยังไม่มีคำตอบ", "This proposal has no answer yet"), code="not_answered")
    _require_write(request, proposal.item.plan)
    services.proposal_note(actor=acting_user(request), proposal=proposal)
    return selectors.proposal_get(request.user, proposal_id)


@router.get("/items/{item_id}", response={200: PlanItemOut, **READ_ERRORS}, summary="One plan item / รายการในแผน")
def item_detail(request: HttpRequest, item_id: PathId) -> Any:
    return _item(request, item_id)


@router.patch("/items/{item_id}", response={200: PlanItemOut, **WRITE_ERRORS}, summary="Edit a plan item / แก้ไขรายการ")
def item_patch(request: HttpRequest, item_id: PathId, payload: PlanItemPatch) -> Any:
    item = selectors.item_get(request.user, item_id)
    _require_write(request, item.plan)
    given = payload.dict(exclude_unset=True)
    budgets = given.pop("budgets", None)
    given.pop("indicators", None)
    changes = {k: v for k, v in given.items() if v is not None}
    if "area_code" in changes:
        changes["area"] = area_or_404(changes.pop("area_code").strip())
    services.item_update(
        item=item,
        actor=acting_user(request),
        budgets=budgets,
        indicators=_indicators(payload.indicators),
        **changes,
    )
    return _item(request, item_id)


@router.get(
    "/items/{item_id}/tags", response={200: list[StrategyTagOut], **READ_ERRORS}, summary="An item's strategy tags"
)
def item_tags(request: HttpRequest, item_id: PathId) -> Any:
    return strategy_selectors.item_tags(selectors.item_get(request.user, item_id))


@router.get(
    "/items/{item_id}/suggestions",
    response={200: list[TagSuggestionOut], **READ_ERRORS},
    summary="Suggested strategy tags / ยุทธศาสตร์ที่แนะนำ",
)
def item_suggestions(request: HttpRequest, item_id: PathId) -> Any:
    item = selectors.item_get(request.user, item_id)
    if not selectors.can_write(request.user, item.plan):
        return []  # suggestions are for who writes the item, as on its page
    return [
        {
            "entry_id": s.entry.pk,
            "code": s.entry.code,
            "name_th": s.entry.name_th,
            "name_en": s.entry.name_en,
            "score": float(s.score),
        }
        for s in strategy_selectors.suggestions(strategy_selectors.item_text(item), item)
    ]


@router.post(
    "/items/{item_id}/tags", response={201: StrategyTagOut, **WRITE_ERRORS}, summary="Tag an item / ติดยุทธศาสตร์"
)
def item_tag_add(request: HttpRequest, item_id: PathId, payload: ItemTagIn) -> Any:
    item = selectors.item_get(request.user, item_id)
    _require_write(request, item.plan)
    tag = strategy_services.item_tag_add(actor=acting_user(request), item=item, entry=_entry(payload.entry_id))
    return Status(201, tag)


@router.delete(
    "/items/{item_id}/tags/{tag_id}", response={204: None, **WRITE_ERRORS}, summary="Remove a tag / เอายุทธศาสตร์ออก"
)
def item_tag_remove(request: HttpRequest, item_id: PathId, tag_id: PathId) -> Any:
    item = selectors.item_get(request.user, item_id)
    tag = found(item.tags.filter(pk=tag_id).select_related("item__plan").first())
    strategy_services.item_tag_remove(actor=acting_user(request), tag=tag)
    return Status(204, None)


@router.post(
    "/items/{item_id}/suggestions",
    response={200: list[StrategyTagOut], **WRITE_ERRORS},
    summary="Accept or reject a suggested tag / ตอบรับยุทธศาสตร์ที่แนะนำ",
)
def item_suggestion_decide(request: HttpRequest, item_id: PathId, payload: TagSuggestionDecision) -> Any:
    item = selectors.item_get(request.user, item_id)
    strategy_services.suggestion_decide(
        actor=acting_user(request),
        item=item,
        entry=_entry(payload.entry_id),
        accept=payload.accept,
        score=payload.score,
    )
    return strategy_selectors.item_tags(item)


@router.post(
    "/items/{item_id}/proposals",
    response={201: PlanProposalOut, **WRITE_ERRORS},
    summary="Propose an item to a higher plan / เสนอรายการขึ้นแผนระดับสูงกว่า",
)
def item_propose(request: HttpRequest, item_id: PathId, payload: ItemProposeIn) -> Any:
    item = selectors.item_get(request.user, item_id)
    _require_write(request, item.plan)
    to_plan = next((p for p in selectors.receiving_plans(request.user, item) if p.pk == payload.to_plan_id), None)
    if to_plan is None:
        raise ValidationError(
            bilingual(
                "เสนอรายการนี้ไปยังแผนนั้นไม่ได้ (ต้องเป็นแผนระดับสูงกว่าที่ครอบคลุมพื้นที่และยังไม่ได้รับข้อเสนอนี้)",
                "The item cannot be proposed to that plan (a higher plan covering its area, not already holding it)",
            )
        )
    proposal = services.proposal_make(actor=acting_user(request), item=item, to_plan=to_plan, note=payload.note)
    return Status(201, selectors.proposal_get(request.user, proposal.pk))


@router.get("/{plan_id}", response={200: PlanDetailOut, **READ_ERRORS}, summary="One plan / แผน")
def plan_detail(request: HttpRequest, plan_id: PathId) -> Any:
    return _plan_detail(request, selectors.plan_get(request.user, plan_id))


@router.get(
    "/{plan_id}/items", response={200: list[PlanItemOut], **READ_ERRORS}, summary="A plan's items / รายการในแผน"
)
@paginate(BoundedPagination)
def plan_item_list(request: HttpRequest, plan_id: PathId) -> Any:
    return selectors.plan_items(selectors.plan_get(request.user, plan_id))


@router.post("/{plan_id}/items", response={201: PlanItemOut, **WRITE_ERRORS}, summary="Add an item / เพิ่มรายการ")
def plan_item_create(request: HttpRequest, plan_id: PathId, payload: PlanItemCreate) -> Any:
    plan = selectors.plan_get(request.user, plan_id)
    _require_write(request, plan)
    item = services.item_create(
        actor=acting_user(request),
        plan=plan,
        title=payload.title,
        problem=payload.problem,
        objective=payload.objective,
        target_group=payload.target_group,
        area=area_or_404(payload.area_code.strip()),
        dimension=payload.dimension,
        activities=payload.activities,
        budget_source=payload.budget_source,
        responsible_text=payload.responsible_text,
        budgets=dict(payload.budgets),
        indicators=_indicators(payload.indicators) or [],
    )
    return Status(201, _item(request, item.pk))


@router.get(
    "/{plan_id}/versions",
    response={200: list[PlanVersionOut], **READ_ERRORS},
    summary="Adoption and amendments / ฉบับของแผน",
)
def plan_versions(request: HttpRequest, plan_id: PathId) -> Any:
    plan = selectors.plan_get(request.user, plan_id)
    return list(PlanVersion.objects.filter(plan=plan).order_by("sequence"))


@router.post(
    "/{plan_id}/versions",
    response={201: PlanVersionOut, **WRITE_ERRORS},
    summary="Record the adoption or an amendment / บันทึกการอนุมัติหรือแก้ไขแผน",
)
def plan_version_record(request: HttpRequest, plan_id: PathId, payload: PlanVersionCreate) -> Any:
    plan = selectors.plan_get(request.user, plan_id)
    _require_write(request, plan)
    version = services.version_record(
        actor=acting_user(request),
        plan=plan,
        kind=payload.kind,
        number=payload.number,
        year_be=payload.year_be,
        adopted_on=payload.adopted_on,
        adopted_by=plan.owner,
        resolution_text=payload.resolution_text,
        note=payload.note,
    )
    return Status(201, version)
