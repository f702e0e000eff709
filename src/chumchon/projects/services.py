"""Writes for projects: the proposal, its life cycle, tranches and progress reports.

Every transition is one function that (1) locks the project row, (2) checks role and scope through
the permission module, (3) checks the current status, (4) does its work (money through the budgets
ledger), (5) records a ``ProjectEvent`` on the timeline and (6) an audit row — all in one
transaction, so a refusal at any step leaves nothing changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area, AreaLevel
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record, audited_create, audited_delete, audited_update
from chumchon.core.thai import format_baht, to_decimal_baht
from chumchon.organizations.models import Body
from chumchon.projects.models import (
    EDITABLE_STATUSES,
    FUNDED_STATUSES,
    Activity,
    Attachment,
    BudgetLine,
    CoFunding,
    ProgressReport,
    Project,
    ProjectEvent,
    ProjectIndicator,
    ProjectStatus,
    ReportPhoto,
    Tranche,
)

S = ProjectStatus
ZERO = Decimal(0)

# Thai/English wording of each action and status, for the "cannot … while …" messages.
ACTION_WORDS: dict[str, tuple[str, str]] = {
    "edit": ("แก้ไขข้อเสนอโครงการ", "edit the proposal"),
    "submit": ("ส่งโครงการ", "submit the project"),
    "screen": ("กลั่นกรองโครงการ", "screen the project"),
    "return": ("ส่งโครงการกลับไปแก้ไข", "return the project"),
    "approve": ("อนุมัติโครงการ", "approve the project"),
    "reject": ("ไม่อนุมัติโครงการ", "reject the project"),
    "sign": ("ลงนามข้อตกลงโครงการ", "sign the agreement"),
    "disburse": ("เบิกจ่ายงวดเงิน", "disburse a tranche"),
    "report": ("รายงานความก้าวหน้า", "report progress"),
    "close": ("ปิดโครงการ", "close the project"),
    "cancel": ("ยกเลิกโครงการ", "cancel the project"),
}
STATUS_TH: dict[str, str] = {
    S.DRAFT: "ร่าง",
    S.SUBMITTED: "ส่งแล้ว",
    S.SCREENED: "กลั่นกรองแล้ว",
    S.RETURNED: "ส่งกลับแก้ไข",
    S.APPROVED: "อนุมัติแล้ว",
    S.REJECTED: "ไม่อนุมัติ",
    S.AGREEMENT_SIGNED: "ลงนามข้อตกลงแล้ว",
    S.IN_PROGRESS: "กำลังดำเนินการ",
    S.CLOSED: "ปิดโครงการแล้ว",
    S.CANCELLED: "ยกเลิกแล้ว",
}
STATUS_EN: dict[str, str] = {
    S.DRAFT: "draft",
    S.SUBMITTED: "submitted",
    S.SCREENED: "screened",
    S.RETURNED: "returned",
    S.APPROVED: "approved",
    S.REJECTED: "rejected",
    S.AGREEMENT_SIGNED: "agreement signed",
    S.IN_PROGRESS: "in progress",
    S.CLOSED: "closed",
    S.CANCELLED: "cancelled",
}

# Which statuses each transition starts from.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "edit": frozenset(EDITABLE_STATUSES),
    "submit": frozenset({S.DRAFT, S.RETURNED}),
    "screen": frozenset({S.SUBMITTED}),
    "return": frozenset({S.SUBMITTED, S.SCREENED}),
    "approve": frozenset({S.SCREENED}),
    "reject": frozenset({S.SUBMITTED, S.SCREENED}),
    "sign": frozenset({S.APPROVED}),
    "disburse": frozenset({S.AGREEMENT_SIGNED, S.IN_PROGRESS}),
    "report": frozenset({S.AGREEMENT_SIGNED, S.IN_PROGRESS}),
    "close": frozenset({S.IN_PROGRESS}),
    "cancel": frozenset({S.DRAFT, S.SUBMITTED, S.SCREENED, S.RETURNED, S.APPROVED, S.AGREEMENT_SIGNED}),
}


class ProjectStateError(ValidationError):
    """The project's status does not allow the requested change."""


def _bilingual(th: str, en: str) -> str:
    return f"{th} / {en}"


def check_state(project: Project, action: str) -> None:
    if project.status not in ALLOWED_FROM[action]:
        th, en = ACTION_WORDS[action]
        raise ProjectStateError(
            _bilingual(
                f"ไม่สามารถ{th}ในสถานะ “{STATUS_TH[project.status]}”",
                f"Cannot {en} while the project is {STATUS_EN[project.status]}",
            ),
            code="wrong_state",
        )


# ---------------------------------------------------------------------------------------------
# Helpers


def _lock(project: Project) -> Project:
    """Re-read the project row under a lock (select_for_update) inside the caller's transaction."""
    return Project.objects.select_for_update().select_related("area", "programme", "proposer").get(pk=project.pk)


def _sync(target: Project, source: Project) -> None:
    """Copy the locked row's fields back to the caller's instance so it sees the new state."""
    for f in Project._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def _event(
    project: Project,
    *,
    actor: Any,
    action: str,
    from_status: str,
    comment: str = "",
    amount: Decimal | None = None,
    resolution: Any = None,
    at: dt.datetime | None = None,
) -> ProjectEvent:
    return ProjectEvent.objects.create(
        project=project,
        actor=actor if getattr(actor, "pk", None) else None,
        at=at or timezone.now(),
        action=action,
        from_status=from_status,
        to_status=project.status,
        comment=comment,
        amount=amount,
        resolution=resolution,
    )


# Foreign keys are not re-validated on every transition (each would cost a query); the locked row
# was read from the database, and the database enforces the keys and check constraints anyway.
_FK_FIELDS = [f.name for f in Project._meta.concrete_fields if f.is_relation]


def _validate(project: Project) -> None:
    project.full_clean(exclude=_FK_FIELDS, validate_unique=False, validate_constraints=False)


def _transition(
    project: Project,
    *,
    actor: Any,
    action: str,
    to_status: str,
    comment: str = "",
    amount: Decimal | None = None,
    resolution: Any = None,
    extra_changes: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> ProjectEvent:
    """Save the new status with the timeline event and the audit row (caller holds the lock)."""
    from_status = project.status
    project.status = to_status
    _validate(project)
    project.save()
    event = _event(
        project,
        actor=actor,
        action=action,
        from_status=from_status,
        comment=comment,
        amount=amount,
        resolution=resolution,
        at=at,
    )
    changes: dict[str, Any] = {"status": [from_status, to_status]}
    changes.update(extra_changes or {})
    audit_record(
        actor=actor, action=AuditAction.TRANSITION, obj=project, changes=changes, note=f"{action}: {comment}"[:500]
    )
    return event


def _require_comment(comment: str, what_th: str, what_en: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_bilingual(f"ต้องระบุ{what_th}", f"Please give {what_en}"), code="required")
    return comment


def approval_action(project: Project) -> Action:
    """Housing projects go to the Baan Mankong subcommittee; others to the cluster working group (seed 000)."""
    return Action.PROJECT_APPROVE_HOUSING if project.is_housing else Action.PROJECT_APPROVE


def programme_is_housing(programme: Any) -> bool:
    return bool(programme.is_housing)


def _eligible_kinds(programme: Any) -> list[str]:
    kinds = getattr(programme, "eligible_body_kinds", None) or []
    return [str(k) for k in kinds]


def _check_eligibility(*, programme: Any, proposer: Body, area: Area) -> None:
    kinds = _eligible_kinds(programme)
    if kinds and proposer.kind not in kinds:
        raise ValidationError(
            _bilingual(
                f"องค์กรประเภท “{proposer.get_kind_display()}” เสนอโครงการในแผนงานนี้ไม่ได้",
                f"A body of kind “{proposer.kind}” may not propose projects under this programme",
            ),
            code="not_eligible",
        )
    if area.level not in (AreaLevel.SUBDISTRICT, AreaLevel.PROVINCE, AreaLevel.DISTRICT):
        raise ValidationError(
            _bilingual(
                "พื้นที่โครงการต้องเป็นตำบล อำเภอ หรือจังหวัด", "A project's area must be a tambon, district or province"
            ),
            code="bad_area",
        )
    if not permissions.covers(frozenset(proposer.scope_codes), (area.code,)):
        raise ValidationError(
            _bilingual("พื้นที่โครงการอยู่นอกพื้นที่ขององค์กรผู้เสนอ", "The project's area lies outside the proposing body's area"),
            code="outside_body",
        )


def _recompute_requested(project: Project) -> None:
    total = BudgetLine.objects.filter(project=project).aggregate(s=Sum("amount"))["s"] or ZERO
    Project.objects.filter(pk=project.pk).update(requested_amount=total)
    project.requested_amount = total


def _check_editable(project: Project, actor: Any) -> None:
    permissions.require_write(actor, Action.PROJECT_PROPOSE, project)
    check_state(project, "edit")


# ---------------------------------------------------------------------------------------------
# The proposal


@transaction.atomic
def project_create(
    *,
    actor: Any,
    programme: Any,
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
    plan_item_id: int | None = None,
    budget_lines: Sequence[tuple[str, Decimal | int | str]] = (),
    activities: Sequence[tuple[str, Decimal | int | str]] = (),
) -> Project:
    """A new draft proposal by ``proposer`` (an eligible body) for ``area``."""
    permissions.require_write(actor, Action.PROJECT_PROPOSE, area)
    _check_eligibility(programme=programme, proposer=proposer, area=area)
    if parent is not None and parent.programme_id != programme.pk:
        raise ValidationError(
            _bilingual("โครงการย่อยต้องอยู่ในแผนงานเดียวกับโครงการหลัก", "A sub-project must be under its parent's programme")
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
        plan_item_id=plan_item_id,
        is_housing=programme_is_housing(programme),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    for order, (item, amount) in enumerate(budget_lines):
        BudgetLine.objects.create(project=project, item=item, amount=to_decimal_baht(amount), order=order)
    for order, (name, weight_) in enumerate(activities):
        Activity.objects.create(project=project, name=name, weight=Decimal(str(weight_)), order=order)
    _recompute_requested(project)
    _event(project, actor=actor, action="create", from_status="", comment="")
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
        "plan_item_id",
        "weight",
    }
)


@transaction.atomic
def project_update(*, project: Project, actor: Any, **changes: Any) -> Project:
    """Edit the proposal's description (only in draft/returned, by a proposer in scope)."""
    locked = _lock(project)
    _check_editable(locked, actor)
    unknown = set(changes) - PROPOSAL_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    audited_update(locked, actor=actor, **changes)
    _sync(project, locked)
    return project


@transaction.atomic
def budget_line_add(*, project: Project, actor: Any, item: str, amount: Decimal | int | str) -> BudgetLine:
    locked = _lock(project)
    _check_editable(locked, actor)
    order = BudgetLine.objects.filter(project=locked).count()
    line = audited_create(
        BudgetLine, actor=actor, project=locked, item=item.strip(), amount=to_decimal_baht(amount), order=order
    )
    _recompute_requested(locked)
    _sync(project, locked)
    return line


def _check_line_unlocked(line: BudgetLine) -> None:
    if line.locked:
        raise ProjectStateError(
            _bilingual(
                "รายการงบประมาณถูกล็อกหลังอนุมัติแล้ว แก้ไขไม่ได้",
                "Budget lines are locked after approval and cannot be changed",
            ),
            code="locked",
        )


@transaction.atomic
def budget_line_update(
    *, line: BudgetLine, actor: Any, item: str | None = None, amount: Decimal | int | str | None = None
) -> BudgetLine:
    locked = _lock(line.project)
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


@transaction.atomic
def budget_line_delete(*, line: BudgetLine, actor: Any) -> None:
    locked = _lock(line.project)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    _check_line_unlocked(line)
    _check_editable(locked, actor)
    audited_delete(line, actor=actor)
    _recompute_requested(locked)


@transaction.atomic
def co_funding_add(
    *, project: Project, actor: Any, source: str, amount: Decimal | int | str, note: str = ""
) -> CoFunding:
    locked = _lock(project)
    _check_editable(locked, actor)
    return audited_create(
        CoFunding, actor=actor, project=locked, source=source, amount=to_decimal_baht(amount), note=note
    )


@transaction.atomic
def co_funding_delete(*, co_funding: CoFunding, actor: Any) -> None:
    locked = _lock(co_funding.project)
    _check_editable(locked, actor)
    audited_delete(co_funding, actor=actor)


@transaction.atomic
def indicator_add(
    *,
    project: Project,
    actor: Any,
    name: str,
    target: Decimal | int | str,
    unit: str = "",
    baseline: Decimal | int | str | None = None,
    code: str = "",
) -> ProjectIndicator:
    """``code``: the programme indicator (budgets.ProgrammeIndicator) this one reports to, if any."""
    locked = _lock(project)
    _check_editable(locked, actor)
    code = (code or "").strip().upper()
    if code and not locked.programme.indicators.filter(code=code).exists():
        raise ValidationError(
            _bilingual(f"แผนงานไม่มีตัวชี้วัดรหัส {code}", f"The programme has no indicator {code}"), code="bad_code"
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


@transaction.atomic
def indicator_delete(*, indicator: ProjectIndicator, actor: Any) -> None:
    locked = _lock(indicator.project)
    _check_editable(locked, actor)
    audited_delete(indicator, actor=actor)


@transaction.atomic
def activity_add(*, project: Project, actor: Any, name: str, weight: Decimal | int | str = 1) -> Activity:
    locked = _lock(project)
    _check_editable(locked, actor)
    order = Activity.objects.filter(project=locked).count()
    return audited_create(
        Activity, actor=actor, project=locked, name=name.strip(), weight=Decimal(str(weight)), order=order
    )


@transaction.atomic
def activity_delete(*, activity: Activity, actor: Any) -> None:
    locked = _lock(activity.project)
    _check_editable(locked, actor)
    audited_delete(activity, actor=actor)


ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def attachment_add(*, project: Project, actor: Any, file: UploadedFile, caption: str = "") -> Attachment:
    """Attach a document. Allowed while the proposal is editable or the project runs (reports need evidence)."""
    locked = _lock(project)
    if locked.status in EDITABLE_STATUSES:
        permissions.require_write(actor, Action.PROJECT_PROPOSE, locked)
    else:
        permissions.require_write(actor, Action.PROJECT_REPORT, locked)
        check_state(locked, "report")
    if file.size and file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_bilingual("ไฟล์ใหญ่เกิน 20 MB", "The file is larger than 20 MB"))
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


# ---------------------------------------------------------------------------------------------
# The life cycle


@transaction.atomic
def project_submit(*, project: Project, actor: Any, comment: str = "") -> Project:
    """Draft/returned → submitted, by the proposer. A proposal needs a title and at least one budget line."""
    locked = _lock(project)
    permissions.require_write(actor, Action.PROJECT_PROPOSE, locked)
    check_state(locked, "submit")
    _recompute_requested(locked)
    if locked.requested_amount <= ZERO:
        raise ValidationError(
            _bilingual("ต้องมีรายการงบประมาณอย่างน้อยหนึ่งรายการ", "The proposal needs at least one budget line"),
            code="no_budget",
        )
    locked.submitted_at = timezone.now()
    _transition(locked, actor=actor, action="submit", to_status=S.SUBMITTED, comment=comment)
    _sync(project, locked)
    return project


@transaction.atomic
def project_screen(*, project: Project, actor: Any, comment: str = "") -> Project:
    """Submitted → screened, by the provincial working group."""
    locked = _lock(project)
    permissions.require_write(actor, Action.PROJECT_SCREEN, locked)
    check_state(locked, "screen")
    _transition(locked, actor=actor, action="screen", to_status=S.SCREENED, comment=comment)
    _sync(project, locked)
    return project


def _may_return(actor: Any, project: Project) -> bool:
    if project.status == S.SUBMITTED:
        return permissions.can(actor, Action.PROJECT_SCREEN, project)
    return permissions.can(actor, Action.PROJECT_SCREEN, project) or permissions.can(
        actor, approval_action(project), project
    )


@transaction.atomic
def project_return(*, project: Project, actor: Any, reasons: str) -> Project:
    """Submitted/screened → returned (editable again), with reasons, by the screeners or approvers."""
    locked = _lock(project)
    if not _may_return(actor, locked):
        permissions.require_write(actor, Action.PROJECT_SCREEN, locked)
    check_state(locked, "return")
    reasons = _require_comment(reasons, "เหตุผลที่ส่งกลับ", "the reasons for returning it")
    _transition(locked, actor=actor, action="return", to_status=S.RETURNED, comment=reasons)
    _sync(project, locked)
    return project


def approver_rule(project: Project, amount: Decimal | None = None) -> Any:
    """The approval rule (body kind and role with authority) for this project's programme and amount."""
    from chumchon.budgets.services import approver_for

    return approver_for(
        programme=project.programme,
        amount=amount if amount is not None else project.requested_amount,
        province_code=project.area.code[:2],  # a province outside every cluster has its own approver
    )


def _check_approver(actor: Any, project: Project, resolution_body: Body, amount: Decimal | None = None) -> None:
    """Role and scope for approval, and the resolution must come from the body with authority."""
    permissions.require_write(actor, approval_action(project), project)
    rule = approver_rule(project, amount)
    if not permissions.holds_role(actor, rule.approver_role, project):
        raise PermissionDenied(
            _bilingual(
                f"โครงการนี้ต้องพิจารณาโดย “{rule.get_approver_body_kind_display()}”",
                f"This project must be decided by the {rule.approver_body_kind} body",
            )
        )
    if resolution_body.kind != rule.approver_body_kind:
        raise ValidationError(
            _bilingual(
                f"มติต้องมาจาก “{rule.get_approver_body_kind_display()}”",
                f"The resolution must come from the body with authority ({rule.approver_body_kind})",
            ),
            code="wrong_body",
        )
    if not permissions.covers(frozenset(resolution_body.scope_codes), project.scope_codes):
        raise ValidationError(
            _bilingual("คณะที่ลงมติไม่ครอบคลุมพื้นที่ของโครงการ", "The deciding body does not cover the project's area"),
            code="body_scope",
        )


def _record_resolution(*, actor: Any, body: Body, meeting_date: dt.date, number: str, text: str) -> Any:
    from chumchon.meetings.services import resolution_record

    return resolution_record(actor=actor, body=body, meeting_date=meeting_date, number=number, text=text)


@transaction.atomic
def project_approve(
    *,
    project: Project,
    actor: Any,
    resolution_body: Body,
    meeting_date: dt.date,
    resolution_number: str,
    resolution_text: str,
    approved_amount: Decimal | int | str | None = None,
    comment: str = "",
) -> Project:
    """Screened → approved by the body with authority, recording its resolution; commits the money
    (never beyond the programme's remaining allocation for the province) and locks the budget lines."""
    from chumchon.budgets.services import funds_commit

    locked = _lock(project)
    permissions.require_write(actor, approval_action(locked), locked)
    check_state(locked, "approve")
    amount = locked.requested_amount if approved_amount in (None, "") else to_decimal_baht(approved_amount)
    if amount <= ZERO or amount > locked.requested_amount:
        raise ValidationError(
            _bilingual(
                f"วงเงินอนุมัติต้องมากกว่า 0 และไม่เกินวงเงินที่ขอ ({format_baht(locked.requested_amount)} บาท)",
                f"The approved amount must be above 0 and at most the requested {format_baht(locked.requested_amount)} baht",
            ),
            code="bad_amount",
        )
    _check_approver(actor, locked, resolution_body, amount)
    resolution = _record_resolution(
        actor=actor, body=resolution_body, meeting_date=meeting_date, number=resolution_number, text=resolution_text
    )
    funds_commit(
        programme=locked.programme,
        province_code=locked.area.code[:2],
        holder=locked,
        amount=amount,
        actor=actor,
        resolution=resolution,
    )
    BudgetLine.objects.filter(project=locked).update(locked=True)
    locked.approved_amount = amount
    locked.approved_at = timezone.now()
    locked.approval_resolution = resolution
    _transition(
        locked,
        actor=actor,
        action="approve",
        to_status=S.APPROVED,
        comment=comment,
        amount=amount,
        resolution=resolution,
        extra_changes={"approved_amount": [None, amount]},
    )
    _sync(project, locked)
    return project


@transaction.atomic
def project_reject(
    *,
    project: Project,
    actor: Any,
    resolution_body: Body,
    meeting_date: dt.date,
    resolution_number: str,
    resolution_text: str,
    reasons: str,
) -> Project:
    """Submitted/screened → rejected by the body with authority, recording its resolution."""
    locked = _lock(project)
    permissions.require_write(actor, approval_action(locked), locked)
    check_state(locked, "reject")
    _check_approver(actor, locked, resolution_body)
    reasons = _require_comment(reasons, "เหตุผลที่ไม่อนุมัติ", "the reasons for rejecting it")
    resolution = _record_resolution(
        actor=actor, body=resolution_body, meeting_date=meeting_date, number=resolution_number, text=resolution_text
    )
    _transition(locked, actor=actor, action="reject", to_status=S.REJECTED, comment=reasons, resolution=resolution)
    _sync(project, locked)
    return project


@transaction.atomic
def project_sign_agreement(
    *, project: Project, actor: Any, agreement_number: str, signed_on: dt.date | None = None, comment: str = ""
) -> Project:
    """Approved → agreement signed, by CODI staff. The first progress report falls due one interval later."""
    locked = _lock(project)
    permissions.require_write(actor, Action.PROJECT_SIGN, locked)
    check_state(locked, "sign")
    agreement_number = _require_comment(agreement_number, "เลขที่ข้อตกลง", "the agreement number")
    signed_on = signed_on or timezone.localdate()
    locked.agreement_number = agreement_number
    locked.agreement_signed_on = signed_on
    locked.next_report_due = signed_on + dt.timedelta(days=locked.report_interval_days)
    _transition(
        locked,
        actor=actor,
        action="sign",
        to_status=S.AGREEMENT_SIGNED,
        comment=comment or agreement_number,
        extra_changes={"agreement_number": ["", agreement_number]},
    )
    _sync(project, locked)
    return project


@transaction.atomic
def project_disburse(
    *, project: Project, actor: Any, amount: Decimal | int | str, disbursed_on: dt.date | None = None, comment: str = ""
) -> Tranche:
    """Disburse the next tranche through the budgets ledger (never beyond the approved amount)."""
    from chumchon.budgets.services import funds_disburse

    locked = _lock(project)
    permissions.require_write(actor, Action.PROJECT_DISBURSE, locked)
    check_state(locked, "disburse")
    amount = to_decimal_baht(amount)
    if amount <= ZERO:
        raise ValidationError(_bilingual("จำนวนเงินต้องมากกว่า 0", "The amount must be above 0"), code="bad_amount")
    remaining = (locked.approved_amount or ZERO) - locked.disbursed_amount
    if amount > remaining:
        raise ValidationError(
            _bilingual(
                f"เบิกจ่ายเกินวงเงินอนุมัติคงเหลือ ({format_baht(remaining)} บาท)",
                f"This exceeds the approved amount still to disburse ({format_baht(remaining)} baht)",
            ),
            code="over_disbursement",
        )
    number = (Tranche.objects.filter(project=locked).count()) + 1
    funds_disburse(holder=locked, amount=amount, actor=actor, tranche_no=number)
    tranche = Tranche.objects.create(
        project=locked,
        number=number,
        amount=amount,
        disbursed_on=disbursed_on or timezone.localdate(),
        actor=actor if getattr(actor, "pk", None) else None,
    )
    before = locked.disbursed_amount
    locked.disbursed_amount = before + amount
    _transition(
        locked,
        actor=actor,
        action="disburse",
        to_status=S.IN_PROGRESS,
        comment=comment or f"งวดที่ {number} / tranche {number}",
        amount=amount,
        extra_changes={"disbursed_amount": [before, locked.disbursed_amount], "tranche": number},
    )
    _sync(project, locked)
    return tranche


@transaction.atomic
def project_report_progress(
    *,
    project: Project,
    actor: Any,
    progress_pct: Decimal | int | str,
    spent_amount: Decimal | int | str,
    reported_on: dt.date | None = None,
    period: str = "",
    narrative: str = "",
    indicator_values: Mapping[Any, Any] | None = None,
    activity_progress: Mapping[Any, Any] | None = None,
    photos: Iterable[UploadedFile] = (),
    is_final: bool = False,
) -> ProgressReport:
    """A progress report by the proposer: % progress, money spent to date, indicator values, photos."""
    locked = _lock(project)
    permissions.require_write(actor, Action.PROJECT_REPORT, locked)
    check_state(locked, "report")
    pct = Decimal(str(progress_pct))
    spent = to_decimal_baht(spent_amount)
    if not ZERO <= pct <= Decimal(100):
        raise ValidationError(_bilingual("ความก้าวหน้าต้องอยู่ระหว่าง 0–100%", "Progress must be between 0 and 100%"))
    if spent < ZERO:
        raise ValidationError(_bilingual("ยอดใช้จ่ายต้องไม่ติดลบ", "Spending cannot be negative"))
    if spent > locked.disbursed_amount:
        raise ValidationError(
            _bilingual(
                f"ยอดใช้จ่ายเกินยอดเงินที่ได้รับโอน ({format_baht(locked.disbursed_amount)} บาท)",
                f"Spending exceeds the money disbursed so far ({format_baht(locked.disbursed_amount)} baht)",
            ),
            code="over_spent",
        )
    if is_final and pct < Decimal(100):
        raise ValidationError(
            _bilingual("รายงานฉบับสุดท้ายต้องมีความก้าวหน้า 100%", "A final report needs 100% progress"), code="final_pct"
        )
    indicators = {str(i.pk): i for i in ProjectIndicator.objects.filter(project=locked)}
    values: dict[str, str] = {}
    for key, raw in (indicator_values or {}).items():
        if raw in (None, ""):
            continue
        if str(key) not in indicators:
            raise ValidationError(_bilingual(f"ไม่พบตัวชี้วัด {key}", f"No indicator {key} in this project"))
        values[str(key)] = str(Decimal(str(raw)))
    activities = {str(a.pk): a for a in Activity.objects.filter(project=locked)}
    for key, raw in (activity_progress or {}).items():
        if raw in (None, ""):
            continue
        activity = activities.get(str(key))
        if activity is None:
            raise ValidationError(_bilingual(f"ไม่พบกิจกรรม {key}", f"No activity {key} in this project"))
        value = Decimal(str(raw))
        if not ZERO <= value <= Decimal(100):
            raise ValidationError(_bilingual("ความก้าวหน้าต้องอยู่ระหว่าง 0–100%", "Progress must be between 0 and 100%"))
        activity.progress_pct = value
        activity.save(update_fields=["progress_pct"])
    report = ProgressReport(
        project=locked,
        reported_on=reported_on or timezone.localdate(),
        period=period,
        progress_pct=pct,
        spent_amount=spent,
        narrative=narrative,
        indicator_values=values,
        due_on=locked.next_report_due,
        is_final=is_final,
        submitted_by=actor if getattr(actor, "pk", None) else None,
    )
    report.full_clean()
    report.save()
    for photo in photos:
        ReportPhoto.objects.create(report=report, image=photo, caption=getattr(photo, "name", ""))
    for key, text in values.items():
        ProjectIndicator.objects.filter(pk=int(key)).update(latest_value=Decimal(text))
    before = {"progress_pct": locked.progress_pct, "spent_amount": locked.spent_amount}
    locked.progress_pct = pct
    locked.spent_amount = spent
    locked.next_report_due = None if is_final else report.reported_on + dt.timedelta(days=locked.report_interval_days)
    _validate(locked)
    locked.save()
    _event(
        locked,
        actor=actor,
        action="report",
        from_status=locked.status,
        comment=(narrative or "")[:500],
        amount=spent,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=report,
        area_code=locked.area.code,
        changes={
            "progress_pct": [before["progress_pct"], pct],
            "spent_amount": [before["spent_amount"], spent],
            "indicator_values": values,
        },
    )
    _sync(project, locked)
    return report


@transaction.atomic
def project_close(
    *, project: Project, actor: Any, comment: str = "", refund_amount: Decimal | int | str | None = None
) -> Project:
    """In progress → closed, by CODI staff, once the final report is in.

    Money disbursed but not spent may be refunded (recorded in the ledger); what remains
    committed but not (net) disbursed goes back to the programme's province balance.
    """
    from chumchon.budgets.services import funds_refund, funds_release

    locked = _lock(project)
    permissions.require_write(actor, Action.PROJECT_CLOSE, locked)
    check_state(locked, "close")
    if not ProgressReport.objects.filter(project=locked, is_final=True).exists():
        raise ValidationError(
            _bilingual("ต้องมีรายงานฉบับสุดท้ายก่อนปิดโครงการ", "The final report is needed before closing"),
            code="no_final_report",
        )
    refund = ZERO if refund_amount in (None, "") else to_decimal_baht(refund_amount)
    if refund < ZERO or refund > locked.disbursed_amount - locked.spent_amount:
        raise ValidationError(
            _bilingual(
                f"เงินคืนต้องไม่เกินเงินที่ได้รับแต่ยังไม่ได้ใช้ ({format_baht(locked.disbursed_amount - locked.spent_amount)} บาท)",
                f"The refund must not exceed the money received but not spent "
                f"({format_baht(locked.disbursed_amount - locked.spent_amount)} baht)",
            ),
            code="bad_refund",
        )
    if refund > ZERO:
        funds_refund(
            holder=locked, amount=refund, actor=actor, note=comment or "เงินเหลือจ่ายคืน / unspent money refunded"
        )
    if (locked.approved_amount or ZERO) > locked.disbursed_amount - refund:
        funds_release(holder=locked, actor=actor, reason=comment or "ปิดโครงการ / project closed")
    locked.closed_at = timezone.now()
    locked.next_report_due = None
    _transition(
        locked,
        actor=actor,
        action="close",
        to_status=S.CLOSED,
        comment=comment,
        amount=refund or None,
        extra_changes={"refund": str(refund)} if refund else None,
    )
    _sync(project, locked)
    return project


def _may_cancel(actor: Any, project: Project) -> bool:
    if project.status in (S.DRAFT, S.RETURNED, S.SUBMITTED):
        return permissions.can(actor, Action.PROJECT_PROPOSE, project) or permissions.can(
            actor, Action.PROJECT_CLOSE, project
        )
    return permissions.can(actor, Action.PROJECT_CLOSE, project)


@transaction.atomic
def project_cancel(*, project: Project, actor: Any, reasons: str) -> Project:
    """Cancel a project that has not started spending; committed money goes back to the programme."""
    from chumchon.budgets.services import funds_release

    locked = _lock(project)
    if not _may_cancel(actor, locked):
        permissions.require_write(actor, Action.PROJECT_CLOSE, locked)
    check_state(locked, "cancel")
    reasons = _require_comment(reasons, "เหตุผลที่ยกเลิก", "the reasons for cancelling")
    if locked.status in FUNDED_STATUSES:
        funds_release(holder=locked, actor=actor, reason=reasons)
    locked.closed_at = timezone.now()
    locked.next_report_due = None
    _transition(locked, actor=actor, action="cancel", to_status=S.CANCELLED, comment=reasons)
    _sync(project, locked)
    return project
