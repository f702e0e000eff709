"""The proposal: creating a project, editing its description, budget lines, co-funding,
indicators, activities and attachments (while the proposal is editable)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area, AreaLevel
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record, audited_create, audited_delete, audited_update
from chumchon.budgets.models import Programme
from chumchon.core.bilingual import bilingual
from chumchon.core.thai import to_decimal_baht
from chumchon.core.uploads import UploadPurpose, check_upload, files_removed_on_failure
from chumchon.organizations.models import Body
from chumchon.plans.models import PlanItem
from chumchon.projects import events
from chumchon.projects.error_codes import ProjectErrorCode
from chumchon.projects.models import (
    EDITABLE_STATUSES,
    Activity,
    Attachment,
    BudgetLine,
    CoFunding,
    Project,
    ProjectIndicator,
)
from chumchon.projects.services.common import ZERO, lock, sync
from chumchon.projects.transitions import ProjectStateError, check_state


def programme_is_housing(programme: Programme) -> bool:
    return bool(programme.is_housing)


def _eligible_kinds(programme: Programme) -> list[str]:
    kinds = getattr(programme, "eligible_body_kinds", None) or []
    return [str(k) for k in kinds]


def _check_eligibility(*, programme: Programme, proposer: Body, area: Area) -> None:
    kinds = _eligible_kinds(programme)
    if kinds and proposer.kind not in kinds:
        raise ValidationError(
            bilingual(
                f"องค์กรประเภท “{proposer.get_kind_display()}” เสนอโครงการในแผนงานนี้ไม่ได้",
                f"A body of kind “{proposer.get_kind_display()}” may not propose projects under this programme",
            ),
            code=ProjectErrorCode.NOT_ELIGIBLE,
        )
    if area.level not in (AreaLevel.SUBDISTRICT, AreaLevel.PROVINCE, AreaLevel.DISTRICT):
        raise ValidationError(
            bilingual("พื้นที่โครงการต้องเป็นตำบล อำเภอ หรือจังหวัด", "A project's area must be a tambon, district or province"),
            code=ProjectErrorCode.BAD_AREA,
        )
    if not permissions.covers(frozenset(proposer.scope_codes), (area.code,)):
        raise ValidationError(
            bilingual("พื้นที่โครงการอยู่นอกพื้นที่ขององค์กรผู้เสนอ", "The project's area lies outside the proposing body's area"),
            code=ProjectErrorCode.OUTSIDE_BODY,
        )


def _recompute_requested(project: Project) -> None:
    total = BudgetLine.objects.filter(project=project).aggregate(s=Sum("amount"))["s"] or ZERO
    Project.objects.filter(pk=project.pk).update(requested_amount=total)
    project.requested_amount = total


def _check_editable(project: Project, actor: User) -> None:
    permissions.require_write(actor, Action.PROJECT_PROPOSE, project)
    check_state(project, "edit")


@transaction.atomic
def project_create_in_transaction(
    *,
    actor: User,
    programme: Programme,
    area: Area,
    proposer: Body,
    title_th: str,
    title_en: str = "",
    objectives: str = "",
    target_groups: str = "",
    target_households: int = 0,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    parent: Project | None = None,
    weight: Decimal = Decimal(1),
    plan_item: PlanItem | None = None,
    budget_lines: Sequence[tuple[str, Decimal | int | str]] = (),
    activities: Sequence[tuple[str, Decimal | int | str]] = (),
) -> Project:
    """A new draft proposal by ``proposer`` (an eligible body) for ``area``."""
    permissions.require_write(actor, Action.PROJECT_PROPOSE, area)
    _check_eligibility(programme=programme, proposer=proposer, area=area)
    if parent is not None and parent.programme_id != programme.pk:
        raise ValidationError(
            bilingual("โครงการย่อยต้องอยู่ในแผนงานเดียวกับโครงการหลัก", "A sub-project must be under its parent's programme"),
            code=ProjectErrorCode.WRONG_PROGRAMME,
        )
    project = audited_create(
        Project,
        actor=actor,
        programme=programme,
        area=area,
        proposer=proposer,
        parent=parent,
        weight=weight,
        title_th=title_th.strip(),
        title_en=title_en.strip(),
        objectives=objectives,
        target_groups=target_groups,
        target_households=target_households,
        starts_on=starts_on,
        ends_on=ends_on,
        plan_item=plan_item,
        is_housing=programme_is_housing(programme),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    for order, (item, amount) in enumerate(budget_lines):
        BudgetLine.objects.create(project=project, item=item, amount=to_decimal_baht(amount), order=order)
    for order, (name, weight_) in enumerate(activities):
        Activity.objects.create(project=project, name=name, weight=Decimal(str(weight_)), order=order)
    _recompute_requested(project)
    events.project_created_event(project=project, actor=actor)
    return project


PROPOSAL_FIELDS = frozenset(
    {
        "title_th",
        "title_en",
        "objectives",
        "target_groups",
        "target_households",
        "starts_on",
        "ends_on",
        "plan_item",
        "weight",
    }
)


@transaction.atomic(durable=True)
def project_update(*, project: Project, actor: User, **changes: Any) -> Project:
    """Edit the proposal's description (only in draft/returned, by a proposer in scope)."""
    locked = lock(project)
    _check_editable(locked, actor)
    unknown = set(changes) - PROPOSAL_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    audited_update(locked, actor=actor, **changes)
    sync(project, locked)
    return project


@transaction.atomic(durable=True)
def budget_line_add(*, project: Project, actor: User, item: str, amount: Decimal | int | str) -> BudgetLine:
    locked = lock(project)
    _check_editable(locked, actor)
    order = BudgetLine.objects.filter(project=locked).count()
    line = audited_create(
        BudgetLine, actor=actor, project=locked, item=item.strip(), amount=to_decimal_baht(amount), order=order
    )
    _recompute_requested(locked)
    sync(project, locked)
    return line


def _check_line_unlocked(line: BudgetLine) -> None:
    if line.locked:
        raise ProjectStateError(
            bilingual(
                "รายการงบประมาณถูกล็อกหลังอนุมัติแล้ว แก้ไขไม่ได้",
                "Budget lines are locked after approval and cannot be changed",
            ),
            code=ProjectErrorCode.LOCKED,
        )


@transaction.atomic(durable=True)
def budget_line_update(
    *, line: BudgetLine, actor: User, item: str | None = None, amount: Decimal | int | str | None = None
) -> BudgetLine:
    locked = lock(line.project)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    _check_line_unlocked(line)
    _check_editable(locked, actor)
    changes: dict[str, Any] = {}
    if item is not None:
        changes["item"] = item.strip()
    if amount is not None:
        changes["amount"] = to_decimal_baht(amount)
    audited_update(line, actor=actor, **changes)
    _recompute_requested(locked)
    return line


@transaction.atomic(durable=True)
def budget_line_delete(*, line: BudgetLine, actor: User) -> None:
    locked = lock(line.project)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    _check_line_unlocked(line)
    _check_editable(locked, actor)
    audited_delete(line, actor=actor)
    _recompute_requested(locked)


@transaction.atomic
def co_funding_add_in_transaction(
    *, project: Project, actor: User, source: str, amount: Decimal | int | str, note: str = ""
) -> CoFunding:
    locked = lock(project)
    _check_editable(locked, actor)
    return audited_create(
        CoFunding, actor=actor, project=locked, source=source, amount=to_decimal_baht(amount), note=note
    )


@transaction.atomic(durable=True)
def co_funding_delete(*, co_funding: CoFunding, actor: User) -> None:
    locked = lock(co_funding.project)
    _check_editable(locked, actor)
    audited_delete(co_funding, actor=actor)


@transaction.atomic
def indicator_add_in_transaction(
    *,
    project: Project,
    actor: User,
    name: str,
    target: Decimal | int | str,
    unit: str = "",
    baseline: Decimal | int | str | None = None,
    code: str = "",
) -> ProjectIndicator:
    """``code``: the programme indicator (budgets.ProgrammeIndicator) this one reports to, if any."""
    locked = lock(project)
    _check_editable(locked, actor)
    code = (code or "").strip().upper()
    if code and not locked.programme.indicators.filter(code=code).exists():
        raise ValidationError(
            bilingual(f"แผนงานไม่มีตัวชี้วัดรหัส {code}", f"The programme has no indicator {code}"),
            code=ProjectErrorCode.BAD_CODE,
        )
    return audited_create(
        ProjectIndicator,
        actor=actor,
        project=locked,
        code=code,
        name=name.strip(),
        unit=unit,
        target=Decimal(str(target)),
        baseline=None if baseline in (None, "") else Decimal(str(baseline)),
    )


@transaction.atomic(durable=True)
def indicator_delete(*, indicator: ProjectIndicator, actor: User) -> None:
    locked = lock(indicator.project)
    _check_editable(locked, actor)
    audited_delete(indicator, actor=actor)


@transaction.atomic(durable=True)
def activity_add(*, project: Project, actor: User, name: str, weight: Decimal | int | str = 1) -> Activity:
    locked = lock(project)
    _check_editable(locked, actor)
    order = Activity.objects.filter(project=locked).count()
    return audited_create(
        Activity, actor=actor, project=locked, name=name.strip(), weight=Decimal(str(weight)), order=order
    )


@transaction.atomic(durable=True)
def activity_delete(*, activity: Activity, actor: User) -> None:
    locked = lock(activity.project)
    _check_editable(locked, actor)
    audited_delete(activity, actor=actor)


@transaction.atomic(durable=True)
@files_removed_on_failure()
def attachment_add(*, project: Project, actor: User, file: UploadedFile, caption: str = "") -> Attachment:
    """Attach a document. Allowed while the proposal is editable or the project runs (reports need evidence)."""
    locked = lock(project)
    if locked.status in EDITABLE_STATUSES:
        permissions.require_write(actor, Action.PROJECT_PROPOSE, locked)
    else:
        permissions.require_write(actor, Action.PROJECT_REPORT, locked)
        check_state(locked, "report")
    check_upload(file, UploadPurpose.ATTACHMENT)  # the upload policy (core/uploads.py)
    attachment = Attachment(
        project=locked, file=file, caption=caption, uploaded_by=actor if getattr(actor, "pk", None) else None
    )
    attachment.full_clean()
    attachment.save()
    # Audited by hand so the row carries the project's area code (attachments have no scope of their own).
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=attachment,
        area_code=locked.area.code,
        changes={"project": [None, locked.pk], "file": [None, attachment.file.name], "caption": [None, caption]},
    )
    return attachment


# The entry points views, the API and jobs call: each in its own durable transaction. The
# ``*_in_transaction`` forms above do the same work inside a caller's transaction (the demo);
# a durable block cannot nest. (The other proposal edits above are durable already: only the
# proposal pages call them.)
project_create = transaction.atomic(durable=True)(project_create_in_transaction)
co_funding_add = transaction.atomic(durable=True)(co_funding_add_in_transaction)
indicator_add = transaction.atomic(durable=True)(indicator_add_in_transaction)
