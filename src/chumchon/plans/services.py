"""Every write of the plans domain: validate → check permission → transaction → audit → history.

Entry points (what pages, the API and jobs call) are durable transactions; the ``*_in_transaction``
forms beside them nest inside a caller's (the demo, the Excel import, a proposal accepted as is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.audit.services import audited_create, audited_delete, audited_update
from chumchon.core.bilingual import bilingual
from chumchon.core.thai import to_decimal_baht
from chumchon.core.uploads import UploadPurpose, check_upload, files_removed_on_failure
from chumchon.meetings.decisions import resolution_link_in_transaction
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import Body
from chumchon.plans import events
from chumchon.plans.error_codes import PlanErrorCode
from chumchon.plans.models import (
    BudgetSource,
    CharterRule,
    ItemBudget,
    ItemIndicator,
    ItemStatus,
    Plan,
    PlanItem,
    PlanLevel,
    PlanProposal,
    PlanStatus,
    PlanVersion,
    ProposalStatus,
    TambonCharter,
    VersionKind,
)
from chumchon.plans.rules import COUNCIL_KINDS, charter_probe, is_higher, may_write

CODE_LENGTH_OF_LEVEL: dict[str, int] = {"village": 8, "tambon": 6, "district": 4, "province": 2}


def _refuse(th: str, en: str, code: PlanErrorCode) -> ValidationError:
    return ValidationError(bilingual(th, en), code=code)


def _require_write(actor: User, plan: Plan) -> None:
    if not may_write(actor, plan):
        raise PermissionDenied(
            bilingual(
                "คุณไม่มีสิทธิ์เขียนแผนนี้ (ผู้เขียนคือบทบาทขององค์กรเจ้าของแผนในพื้นที่)",
                "You may not write this plan (the owning side's roles in its area write it)",
            )
        )


# ---------------------------------------------------------------------------------------------
# Plans


@transaction.atomic
def plan_create_in_transaction(
    *,
    actor: User,
    title: str,
    level: str,
    kind: str,
    owner: Body,
    start_year_be: int,
    end_year_be: int,
    area: Any = None,
    region: Any = None,
    cluster: Any = None,
    local_government: Any = None,
) -> Plan:
    """A new draft plan owned by ``owner`` over an area (or, for cluster and region plans, a grouping)."""
    if not title.strip():
        raise _refuse("ต้องระบุชื่อแผน", "The plan needs a title", PlanErrorCode.REQUIRED)
    if start_year_be < 2400 or end_year_be < start_year_be:
        raise _refuse(
            "ช่วงปีของแผนไม่ถูกต้อง (ปี พ.ศ. ปีสุดท้ายต้องไม่ก่อนปีแรก)",
            "The plan's period is wrong (B.E. years; the last may not precede the first)",
            PlanErrorCode.BAD_PERIOD,
        )
    scope: dict[str, Any]
    if level == PlanLevel.REGION:
        scope = {"scope_kind": "region", "region": region or (owner.region if owner.scope_kind == "region" else None)}
        if scope["region"] is None:
            raise _refuse("แผนระดับภาคต้องระบุภาค", "A regional plan needs its region", PlanErrorCode.BAD_SCOPE)
    elif level == PlanLevel.CLUSTER:
        scope = {
            "scope_kind": "cluster",
            "cluster": cluster or (owner.cluster if owner.scope_kind == "cluster" else None),
        }
        if scope["cluster"] is None:
            raise _refuse("แผนระดับกลุ่มจังหวัดต้องระบุกลุ่มจังหวัด", "A cluster plan needs its cluster", PlanErrorCode.BAD_SCOPE)
    else:
        area = area or owner.area
        expected = CODE_LENGTH_OF_LEVEL.get(level)
        if area is None or len(area.code) != expected:
            raise _refuse(
                "พื้นที่ของแผนไม่ตรงกับระดับของแผน", "The plan's area does not match its level", PlanErrorCode.BAD_SCOPE
            )
        scope = {"scope_kind": "area", "area": area}
    probe = Plan(title=title, level=level, kind=kind, owner=owner, **scope)
    _require_write(actor, probe)
    plan = audited_create(
        Plan,
        actor=actor,
        title=title.strip(),
        level=level,
        kind=kind,
        owner=owner,
        start_year_be=start_year_be,
        end_year_be=end_year_be,
        local_government=local_government,
        created_by=actor if getattr(actor, "pk", None) else None,
        **scope,
    )
    events.plan_created_event(plan=plan, actor=actor)
    return plan


plan_create = transaction.atomic(durable=True)(plan_create_in_transaction)


# ---------------------------------------------------------------------------------------------
# Items


@dataclass
class IndicatorInput:
    name: str
    unit: str = ""
    baseline: Decimal | None = None
    targets: Mapping[int, Decimal] = field(default_factory=dict)


ITEM_FIELDS = (
    "title",
    "problem",
    "objective",
    "target_group",
    "area",
    "dimension",
    "indicator_codes",
    "activities",
    "budget_source",
    "responsible_body",
    "responsible_text",
    "status",
)


def _check_budgets(plan: Plan, budgets: Mapping[int, Any]) -> dict[int, Decimal]:
    clean: dict[int, Decimal] = {}
    for year, amount in budgets.items():
        if amount is None or amount == "":
            continue
        value = to_decimal_baht(amount)
        if value < 0:
            raise _refuse("งบประมาณต้องไม่ติดลบ", "A budget may not be negative", PlanErrorCode.BAD_AMOUNT)
        if not plan.start_year_be <= int(year) <= plan.end_year_be:
            raise _refuse(
                f"ปีงบประมาณ {year} อยู่นอกช่วงของแผน ({plan.start_year_be}–{plan.end_year_be})",
                f"Fiscal year {year} lies outside the plan's period ({plan.start_year_be}–{plan.end_year_be})",
                PlanErrorCode.BAD_YEAR,
            )
        clean[int(year)] = value
    return clean


def _check_area(plan: Plan, area: Any) -> None:
    if area is None:
        return
    if not any(area.code.startswith(p) for p in plan.scope_codes if p) and "" not in plan.scope_codes:
        raise _refuse(
            "พื้นที่ของรายการต้องอยู่ในพื้นที่ของแผน", "The item's area must lie in the plan's area", PlanErrorCode.OUTSIDE_PLAN
        )


def _write_budgets(item: PlanItem, budgets: Mapping[int, Decimal]) -> None:
    item.budgets.all().delete()
    ItemBudget.objects.bulk_create(
        [ItemBudget(item=item, fiscal_year_be=y, amount=a) for y, a in sorted(budgets.items())]
    )


def _write_indicators(item: PlanItem, indicators: Sequence[IndicatorInput]) -> None:
    item.indicators.all().delete()
    ItemIndicator.objects.bulk_create(
        [
            ItemIndicator(
                item=item,
                name=i.name.strip(),
                unit=i.unit.strip(),
                baseline=i.baseline,
                targets={str(y): str(v) for y, v in sorted(i.targets.items())},
            )
            for i in indicators
            if i.name.strip()
        ]
    )


@transaction.atomic
def item_create_in_transaction(
    *,
    actor: User,
    plan: Plan,
    title: str,
    problem: str = "",
    objective: str = "",
    target_group: str = "",
    area: Any = None,
    dimension: str = "",
    indicator_codes: Sequence[str] = (),
    activities: str = "",
    budget_source: str = BudgetSource.COMMUNITY,
    responsible_body: Body | None = None,
    responsible_text: str = "",
    budgets: Mapping[int, Any] | None = None,
    indicators: Sequence[IndicatorInput] = (),
    number: int | None = None,
    comment: str = "",
) -> PlanItem:
    """A new item at the end of ``plan`` (or at ``number``)."""
    _require_write(actor, plan)
    if not title.strip():
        raise _refuse("ต้องระบุชื่อรายการ", "The item needs a title", PlanErrorCode.REQUIRED)
    _check_area(plan, area)
    clean = _check_budgets(plan, budgets or {})
    if number is None:
        number = (plan.items.aggregate(m=Max("number"))["m"] or 0) + 1
    item = audited_create(
        PlanItem,
        actor=actor,
        plan=plan,
        number=number,
        title=title.strip(),
        problem=problem,
        objective=objective,
        target_group=target_group,
        area=area,
        dimension=dimension,
        indicator_codes=list(indicator_codes),
        activities=activities,
        budget_source=budget_source,
        responsible_body=responsible_body,
        responsible_text=responsible_text,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _write_budgets(item, clean)
    _write_indicators(item, indicators)
    events.item_added_event(item=item, actor=actor, comment=comment)
    return item


item_create = transaction.atomic(durable=True)(item_create_in_transaction)


@transaction.atomic(durable=True)
def item_update(
    *,
    item: PlanItem,
    actor: User,
    budgets: Mapping[int, Any] | None = None,
    indicators: Sequence[IndicatorInput] | None = None,
    **changes: Any,
) -> PlanItem:
    """Edit an item's description, its budgets by year (replaced when given) and its indicators."""
    _require_write(actor, item.plan)
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if "title" in changes and not str(changes["title"]).strip():
        raise _refuse("ต้องระบุชื่อรายการ", "The item needs a title", PlanErrorCode.REQUIRED)
    if "area" in changes:
        _check_area(item.plan, changes["area"])
    clean = _check_budgets(item.plan, budgets) if budgets is not None else None
    audited_update(item, actor=actor, **changes)
    if clean is not None:
        _write_budgets(item, clean)
    if indicators is not None:
        _write_indicators(item, indicators)
    events.item_changed_event(item=item, actor=actor)
    return item


# ---------------------------------------------------------------------------------------------
# Versions: the adoption and each numbered amendment


def _item_snapshot(plan: Plan) -> list[dict[str, Any]]:
    rows = []
    for item in plan.items.prefetch_related("budgets").order_by("number", "id"):
        rows.append(
            {
                "id": item.pk,
                "number": item.number,
                "title": item.title,
                "status": item.status,
                "budget": {str(b.fiscal_year_be): str(b.amount) for b in item.budgets.all()},
            }
        )
    return rows


def _changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[dict[str, Any]]:
    old = {r["id"]: r for r in before}
    new = {r["id"]: r for r in after}
    out: list[dict[str, Any]] = []
    for pk, row in new.items():
        if pk not in old:
            out.append({"change": "added", "id": pk, "number": row["number"], "title": row["title"]})
        elif row != old[pk]:
            out.append({"change": "changed", "id": pk, "number": row["number"], "title": row["title"]})
    for pk, row in old.items():
        if pk not in new:
            out.append({"change": "removed", "id": pk, "number": row["number"], "title": row["title"]})
    return out


@transaction.atomic
def version_record_in_transaction(
    *,
    actor: User,
    plan: Plan,
    kind: str,
    adopted_on: dt.date,
    year_be: int | None = None,
    number: int | None = None,
    adopted_by: Body | None = None,
    resolution: Resolution | None = None,
    resolution_text: str = "",
    note: str = "",
) -> PlanVersion:
    """Record the plan's adoption or an amendment: the items as they now stand and what changed since
    the previous version. Amendments are numbered within their B.E. year ("เพิ่มเติม ครั้งที่ 11/2565")."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_write(actor, locked)
    if resolution is None and not resolution_text.strip():
        raise _refuse(
            "ต้องระบุมติที่ให้ความเห็นชอบ (เลือกมติ หรือพิมพ์ข้อความมติ)",
            "Name the resolution that adopted it (choose one or type its text)",
            PlanErrorCode.REQUIRED,
        )
    year_be = year_be or adopted_on.year + 543
    previous = locked.versions.order_by("-sequence").first()
    if kind == VersionKind.ADOPTION:
        number = 0
    else:
        if previous is None:
            raise _refuse(
                "ต้องบันทึกการประกาศใช้แผนก่อนการแก้ไขเพิ่มเติม",
                "Record the plan's adoption before any amendment",
                PlanErrorCode.REQUIRED,
            )
        if number is None:
            last = locked.versions.filter(kind=kind, year_be=year_be).aggregate(m=Max("number"))["m"]
            number = (last or 0) + 1
        if locked.versions.filter(kind=kind, number=number, year_be=year_be).exists():
            raise _refuse(
                f"มีการแก้ไขครั้งที่ {number}/{year_be} แล้ว",
                f"Amendment {number}/{year_be} is already recorded",
                PlanErrorCode.DUPLICATE_VERSION,
            )
    items = _item_snapshot(locked)
    changes = _changes(previous.items if previous is not None else [], items)
    version = audited_create(
        PlanVersion,
        actor=actor,
        plan=locked,
        sequence=(previous.sequence if previous is not None else 0) + 1,
        kind=kind,
        number=number,
        year_be=year_be,
        adopted_on=adopted_on,
        adopted_by=adopted_by or (resolution.body if resolution is not None else locked.owner),
        resolution=resolution,
        resolution_text=resolution_text,
        note=note,
        items=items,
        changes=changes,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    if resolution is not None:  # the resolution page lists what it adopted or amended
        decision = "plan_adoption" if kind == VersionKind.ADOPTION else "plan_amendment"
        resolution_link_in_transaction(resolution=resolution, kind=decision, object_id=version.pk)
    if locked.status == PlanStatus.DRAFT:
        audited_update(locked, actor=actor, status=PlanStatus.ADOPTED)
        plan.status = locked.status
    events.version_recorded_event(version=version, actor=actor)
    return version


version_record = transaction.atomic(durable=True)(version_record_in_transaction)


# ---------------------------------------------------------------------------------------------
# Upward proposals and their answers


@transaction.atomic
def proposal_make_in_transaction(*, actor: User, item: PlanItem, to_plan: Plan, note: str = "") -> PlanProposal:
    """Propose ``item`` to the higher plan ``to_plan``."""
    _require_write(actor, item.plan)
    if not is_higher(to_plan, item.plan):
        raise _refuse(
            "เสนอได้เฉพาะแผนระดับสูงกว่าที่ครอบคลุมพื้นที่ของแผนนี้",
            "An item goes only to a higher plan covering this plan's area",
            PlanErrorCode.NOT_HIGHER,
        )
    if PlanProposal.objects.filter(item=item, to_plan=to_plan).exclude(status=ProposalStatus.DECLINED).exists():
        raise _refuse(
            "รายการนี้เสนอต่อแผนนั้นแล้ว", "This item has already been proposed to that plan", PlanErrorCode.ALREADY_PROPOSED
        )
    proposal = audited_create(
        PlanProposal,
        actor=actor,
        item=item,
        to_plan=to_plan,
        note=note,
        proposed_by=actor if getattr(actor, "pk", None) else None,
    )
    events.item_proposed_event(proposal=proposal, actor=actor)
    return proposal


proposal_make = transaction.atomic(durable=True)(proposal_make_in_transaction)


def _lock_pending(proposal: PlanProposal, actor: User) -> PlanProposal:
    locked = PlanProposal.objects.select_for_update().select_related("item__plan", "to_plan").get(pk=proposal.pk)
    _require_write(actor, locked.to_plan)
    if locked.status != ProposalStatus.PENDING:
        raise _refuse("ข้อเสนอนี้ตอบแล้ว", "This proposal has already been answered", PlanErrorCode.ALREADY_ANSWERED)
    return locked


def _answer(locked: PlanProposal, proposal: PlanProposal, actor: User, **changes: Any) -> PlanProposal:
    audited_update(
        locked,
        actor=actor,
        answered_by=actor if getattr(actor, "pk", None) else None,
        answered_at=timezone.now(),
        **changes,
    )
    for name in ("status", "covering_item", "covering_item_id", "reason", "answered_by", "answered_at"):
        setattr(proposal, name, getattr(locked, name))
    events.proposal_answered_event(proposal=locked, actor=actor)
    return proposal


@transaction.atomic
def proposal_accept_in_transaction(*, actor: User, proposal: PlanProposal, reason: str = "") -> PlanProposal:
    """Accept as is: the receiving plan gets a new item copied from the proposed one, covering it."""
    locked = _lock_pending(proposal, actor)
    source = locked.item
    budgets = {
        b.fiscal_year_be: b.amount
        for b in source.budgets.all()
        if locked.to_plan.start_year_be <= b.fiscal_year_be <= locked.to_plan.end_year_be
    }
    new_item = item_create_in_transaction(
        actor=actor,
        plan=locked.to_plan,
        title=source.title,
        problem=source.problem,
        objective=source.objective,
        target_group=source.target_group,
        area=source.area or source.plan.area,
        dimension=source.dimension,
        indicator_codes=source.indicator_codes,
        activities=source.activities,
        budget_source=source.budget_source,
        responsible_body=source.responsible_body,
        responsible_text=source.responsible_text,
        budgets=budgets,
        indicators=[
            IndicatorInput(i.name, i.unit, i.baseline, {int(y): Decimal(v) for y, v in i.targets.items()})
            for i in source.indicators.all()
        ],
        comment=bilingual("รับจากข้อเสนอ", "accepted from a proposal") + f": {source.plan} #{source.number}",
    )
    return _answer(locked, proposal, actor, status=ProposalStatus.ACCEPTED, covering_item=new_item, reason=reason)


proposal_accept = transaction.atomic(durable=True)(proposal_accept_in_transaction)


@transaction.atomic
def proposal_merge_in_transaction(
    *, actor: User, proposal: PlanProposal, into_item: PlanItem, reason: str = ""
) -> PlanProposal:
    """Merge into one of the receiving plan's own items, which then covers the proposed item."""
    locked = _lock_pending(proposal, actor)
    if into_item.plan_id != locked.to_plan_id:
        raise _refuse(
            "รวมได้เฉพาะกับรายการของแผนที่รับข้อเสนอ",
            "Merge only into an item of the plan that received the proposal",
            PlanErrorCode.WRONG_PLAN,
        )
    return _answer(locked, proposal, actor, status=ProposalStatus.MERGED, covering_item=into_item, reason=reason)


proposal_merge = transaction.atomic(durable=True)(proposal_merge_in_transaction)


@transaction.atomic
def proposal_decline_in_transaction(*, actor: User, proposal: PlanProposal, reason: str) -> PlanProposal:
    """Decline, with the reason the proposer will read."""
    if not reason.strip():
        raise _refuse("ต้องระบุเหตุผลที่ไม่รับ", "Give the reason for declining", PlanErrorCode.REQUIRED)
    locked = _lock_pending(proposal, actor)
    return _answer(locked, proposal, actor, status=ProposalStatus.DECLINED, reason=reason.strip())


proposal_decline = transaction.atomic(durable=True)(proposal_decline_in_transaction)


@transaction.atomic(durable=True)
def proposal_note(*, actor: User, proposal: PlanProposal) -> PlanProposal:
    """The proposing side has read the answer: it leaves their worklist."""
    locked = PlanProposal.objects.select_for_update().select_related("item__plan").get(pk=proposal.pk)
    _require_write(actor, locked.item.plan)
    if locked.status == ProposalStatus.PENDING:
        raise _refuse("ข้อเสนอนี้ยังไม่มีคำตอบ", "This proposal has no answer yet", PlanErrorCode.NOT_ANSWERED)
    if locked.answer_noted_at is None:
        audited_update(locked, actor=actor, answer_noted_at=timezone.now())
        proposal.answer_noted_at = locked.answer_noted_at
    return proposal


@transaction.atomic(durable=True)
def item_set_status(*, actor: User, item: PlanItem, status: str) -> PlanItem:
    _require_write(actor, item.plan)
    if status not in ItemStatus.values:
        raise ValueError(status)
    audited_update(item, actor=actor, status=status)
    events.item_changed_event(item=item, actor=actor)
    return item


# ---------------------------------------------------------------------------------------------
# Tambon charter


def _require_charter_write(actor: User, body: Body) -> None:
    _require_write(actor, charter_probe(body))


@transaction.atomic
def charter_create_in_transaction(
    *,
    actor: User,
    body: Body,
    title: str,
    rules: Sequence[str],
    adopted_on: dt.date | None = None,
    resolution: Resolution | None = None,
    document: UploadedFile | None = None,
) -> TambonCharter:
    """A tambon charter (ธรรมนูญตำบล) of a community council: its rules, and the document if any."""
    if body.kind not in COUNCIL_KINDS:
        raise _refuse(
            "ธรรมนูญตำบลต้องผูกกับสภาองค์กรชุมชน",
            "A tambon charter belongs to a community council",
            PlanErrorCode.NOT_A_COUNCIL,
        )
    _require_charter_write(actor, body)
    if not title.strip():
        raise _refuse("ต้องระบุชื่อธรรมนูญ", "The charter needs a title", PlanErrorCode.REQUIRED)
    if not any(r.strip() for r in rules):
        raise _refuse("ธรรมนูญต้องมีอย่างน้อยหนึ่งข้อ", "The charter needs at least one rule", PlanErrorCode.REQUIRED)
    if document is not None:
        check_upload(document, UploadPurpose.ATTACHMENT)
    with files_removed_on_failure():
        charter = audited_create(
            TambonCharter,
            actor=actor,
            body=body,
            title=title.strip(),
            adopted_on=adopted_on,
            resolution=resolution,
            document=document or "",
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        CharterRule.objects.bulk_create(
            [
                CharterRule(charter=charter, number=n, text=t)
                for n, t in enumerate([r.strip() for r in rules if r.strip()], start=1)
            ]
        )
    return charter


charter_create = transaction.atomic(durable=True)(charter_create_in_transaction)


@transaction.atomic
def charter_rules_set_in_transaction(*, actor: User, charter: TambonCharter, rules: Sequence[str]) -> TambonCharter:
    """Add and amend the rules of a charter: rule n becomes the n-th non-blank text; rules beyond are removed."""
    _require_charter_write(actor, charter.body)
    texts = [r.strip() for r in rules if r.strip()]
    if not texts:
        raise _refuse("ธรรมนูญต้องมีอย่างน้อยหนึ่งข้อ", "The charter needs at least one rule", PlanErrorCode.REQUIRED)
    locked = TambonCharter.objects.select_for_update().get(pk=charter.pk)
    existing = {r.number: r for r in CharterRule.objects.filter(charter=locked)}
    for number, text in enumerate(texts, start=1):
        rule = existing.pop(number, None)
        if rule is None:
            audited_create(CharterRule, actor=actor, charter=locked, number=number, text=text)
        elif rule.text != text:
            audited_update(rule, actor=actor, text=text)
    for rule in existing.values():
        audited_delete(rule, actor=actor)
    return locked


charter_rules_set = transaction.atomic(durable=True)(charter_rules_set_in_transaction)
