"""The life cycle: submit, screen, return, approve, reject, sign, disburse, close, cancel.

Every transition is one function that (1) locks the project row, (2) checks role and scope through
the permission module — and, for a decision, authority through ``meetings.authority``, once —
(3) checks the current status against the transition table (``projects.transitions``), (4) does its
work (money through the budgets ledger), (5) records the timeline event (``projects.events``) and
(6) an audit row — all in one transaction, so a refusal at any step leaves nothing changed.

Each transition is a durable entry point (``project_approve``…) with a nestable form
(``project_approve_in_transaction``…) for callers that run it inside their own transaction (the
demo); the money and the resolution are written through the nestable forms of the budgets and
meetings services, inside the transition's transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.budgets.services import (
    funds_commit_in_transaction,
    funds_disburse_in_transaction,
    funds_refund_in_transaction,
    funds_release_in_transaction,
)
from chumchon.core.bilingual import bilingual
from chumchon.core.thai import format_baht, to_decimal_baht
from chumchon.meetings import authority
from chumchon.meetings.authority import Power
from chumchon.meetings.decisions import resolution_link_in_transaction
from chumchon.meetings.models import Resolution
from chumchon.meetings.services import resolution_record_in_transaction
from chumchon.organizations.models import Body
from chumchon.projects import events
from chumchon.projects.error_codes import ProjectErrorCode
from chumchon.projects.models import FUNDED_STATUSES, BudgetLine, ProgressReport, Project, Tranche
from chumchon.projects.services.common import (
    ZERO,
    S,
    approval_action,
    approval_subject,
    audit_transition,
    lock,
    move,
    require_comment,
    sync,
)
from chumchon.projects.services.proposal import _recompute_requested
from chumchon.projects.transitions import check_state


@transaction.atomic
def project_submit_in_transaction(*, project: Project, actor: User, comment: str = "") -> Project:
    """Draft/returned → submitted, by the proposer. A proposal needs a title and at least one budget line."""
    locked = lock(project)
    permissions.require_write(actor, Action.PROJECT_PROPOSE, locked)
    check_state(locked, "submit")
    _recompute_requested(locked)
    if locked.requested_amount <= ZERO:
        raise ValidationError(
            bilingual("ต้องมีรายการงบประมาณอย่างน้อยหนึ่งรายการ", "The proposal needs at least one budget line"),
            code=ProjectErrorCode.NO_BUDGET,
        )
    locked.submitted_at = timezone.now()
    from_status = move(locked, action="submit")
    events.project_submitted_event(project=locked, actor=actor, from_status=from_status, comment=comment)
    audit_transition(locked, actor=actor, action="submit", from_status=from_status, comment=comment)
    sync(project, locked)
    return project


@transaction.atomic
def project_screen_in_transaction(*, project: Project, actor: User, comment: str = "") -> Project:
    """Submitted → screened, by the provincial working group."""
    locked = lock(project)
    permissions.require_write(actor, Action.PROJECT_SCREEN, locked)
    check_state(locked, "screen")
    from_status = move(locked, action="screen")
    events.project_screened_event(project=locked, actor=actor, from_status=from_status, comment=comment)
    audit_transition(locked, actor=actor, action="screen", from_status=from_status, comment=comment)
    sync(project, locked)
    return project


def may_return(actor: User | AnonymousUser, project: Project) -> bool:
    if project.status == S.SUBMITTED:
        return permissions.can(actor, Action.PROJECT_SCREEN, project)
    return permissions.can(actor, Action.PROJECT_SCREEN, project) or permissions.can(
        actor, approval_action(project), project
    )


@transaction.atomic
def project_return_in_transaction(*, project: Project, actor: User, reasons: str) -> Project:
    """Submitted/screened → returned (editable again), with reasons, by the screeners or approvers."""
    locked = lock(project)
    if not may_return(actor, locked):
        permissions.require_write(actor, Action.PROJECT_SCREEN, locked)
    check_state(locked, "return")
    reasons = require_comment(reasons, "เหตุผลที่ส่งกลับ", "the reasons for returning it")
    from_status = move(locked, action="return")
    events.project_returned_event(project=locked, actor=actor, from_status=from_status, reasons=reasons)
    audit_transition(locked, actor=actor, action="return", from_status=from_status, comment=reasons)
    sync(project, locked)
    return project


def _deciding(
    resolution: Resolution | None, body: Body | None, meeting_date: dt.date | None
) -> tuple[Body | None, dt.date | None]:
    """The deciding body and date: the picked resolution's, or those given with a new resolution's text."""
    if resolution is not None:
        return resolution.body, resolution.meeting_date
    return body, meeting_date


def _the_resolution(
    actor: User,
    resolution: Resolution | None,
    body: Body | None,
    meeting_date: dt.date | None,
    number: str,
    text: str,
    kind: str,
    project: Project,
) -> Resolution:
    """The decision's resolution — one already recorded at a quorate meeting (or external, with its
    minutes), or (the older form: the demo's generated history, the API) one recorded here from its
    number and text — linked to the project it decides."""
    if resolution is None:
        if body is None or meeting_date is None:
            raise ValidationError(
                bilingual("ต้องเลือกมติที่ประชุม", "Choose the meeting's resolution"), code=ProjectErrorCode.NO_RESOLUTION
            )
        resolution = resolution_record_in_transaction(
            actor=actor, body=body, meeting_date=meeting_date, number=number, text=text
        )
    elif resolution.meeting_id is None and not resolution.is_external:
        raise ValidationError(
            bilingual(
                "มติต้องมาจากการประชุมที่บันทึกในระบบ หรือเป็นมติการประชุมนอกระบบที่แนบรายงานการประชุม",
                "The resolution must come from a meeting recorded here, or be an external one with its minutes",
            ),
            code=ProjectErrorCode.NO_RESOLUTION,
        )
    resolution_link_in_transaction(resolution=resolution, kind=kind, object_id=project.pk)
    return resolution


@transaction.atomic
def project_approve_in_transaction(
    *,
    project: Project,
    actor: User,
    resolution: Resolution | None = None,
    resolution_body: Body | None = None,
    meeting_date: dt.date | None = None,
    resolution_number: str = "",
    resolution_text: str = "",
    approved_amount: Decimal | int | str | None = None,
    comment: str = "",
) -> Project:
    """Screened → approved by the body with authority, recording its resolution; commits the money
    (never beyond the programme's remaining allocation for the province) and locks the budget lines."""
    locked = lock(project)
    authority.require_power(actor=actor, subject=approval_subject(locked, Power.APPROVE), target=locked)
    check_state(locked, "approve")
    amount = locked.requested_amount if approved_amount in (None, "") else to_decimal_baht(approved_amount)
    if amount <= ZERO or amount > locked.requested_amount:
        raise ValidationError(
            bilingual(
                f"วงเงินอนุมัติต้องมากกว่า 0 และไม่เกินวงเงินที่ขอ ({format_baht(locked.requested_amount)} บาท)",
                f"The approved amount must be above 0 and at most the requested {format_baht(locked.requested_amount)} baht",
            ),
            code=ProjectErrorCode.BAD_AMOUNT,
        )
    resolution_body, meeting_date = _deciding(resolution, resolution_body, meeting_date)
    authorised = authority.authorise(
        actor=actor,
        subject=approval_subject(locked, Power.APPROVE, amount, on=meeting_date),
        body=resolution_body,
        target=locked,
    )
    resolution = _the_resolution(
        actor, resolution, resolution_body, meeting_date, resolution_number, resolution_text, "project_approval", locked
    )
    funds_commit_in_transaction(
        programme=locked.programme,
        province_code=locked.area.code[:2],
        holder=locked,
        amount=amount,
        actor=actor,
        resolution=resolution,
        authorised=authorised,
    )
    BudgetLine.objects.filter(project=locked).update(locked=True)
    locked.approved_amount = amount
    locked.approved_at = timezone.now()
    locked.approval_resolution = resolution
    from_status = move(locked, action="approve")
    events.project_approved_event(
        project=locked, actor=actor, resolution=resolution, amount=amount, from_status=from_status, comment=comment
    )
    audit_transition(
        locked,
        actor=actor,
        action="approve",
        from_status=from_status,
        comment=comment,
        extra_changes={"approved_amount": [None, amount]},
    )
    sync(project, locked)
    return project


@transaction.atomic
def project_reject_in_transaction(
    *,
    project: Project,
    actor: User,
    reasons: str,
    resolution: Resolution | None = None,
    resolution_body: Body | None = None,
    meeting_date: dt.date | None = None,
    resolution_number: str = "",
    resolution_text: str = "",
) -> Project:
    """Submitted/screened → rejected by the body with authority, recording its resolution.

    A resolution of a body without authority over this project (another kind, or not covering its
    area) is refused, exactly as for an approval.
    """
    locked = lock(project)
    authority.require_power(actor=actor, subject=approval_subject(locked, Power.REJECT), target=locked)
    check_state(locked, "reject")
    resolution_body, meeting_date = _deciding(resolution, resolution_body, meeting_date)
    authority.authorise(
        actor=actor,
        subject=approval_subject(locked, Power.REJECT, on=meeting_date),
        body=resolution_body,
        target=locked,
    )
    reasons = require_comment(reasons, "เหตุผลที่ไม่อนุมัติ", "the reasons for rejecting it")
    resolution = _the_resolution(
        actor,
        resolution,
        resolution_body,
        meeting_date,
        resolution_number,
        resolution_text,
        "project_rejection",
        locked,
    )
    from_status = move(locked, action="reject")
    events.project_rejected_event(
        project=locked, actor=actor, resolution=resolution, from_status=from_status, reasons=reasons
    )
    audit_transition(locked, actor=actor, action="reject", from_status=from_status, comment=reasons)
    sync(project, locked)
    return project


@transaction.atomic
def project_sign_agreement_in_transaction(
    *, project: Project, actor: User, agreement_number: str, signed_on: dt.date | None = None, comment: str = ""
) -> Project:
    """Approved → agreement signed, by CODI staff. The first progress report falls due one interval later."""
    locked = lock(project)
    permissions.require_write(actor, Action.PROJECT_SIGN, locked)
    check_state(locked, "sign")
    agreement_number = require_comment(agreement_number, "เลขที่ข้อตกลง", "the agreement number")
    signed_on = signed_on or timezone.localdate()
    locked.agreement_number = agreement_number
    locked.agreement_signed_on = signed_on
    locked.next_report_due = signed_on + dt.timedelta(days=locked.report_interval_days)
    from_status = move(locked, action="sign")
    events.project_agreement_signed_event(
        project=locked, actor=actor, from_status=from_status, comment=comment or agreement_number
    )
    audit_transition(
        locked,
        actor=actor,
        action="sign",
        from_status=from_status,
        comment=comment or agreement_number,
        extra_changes={"agreement_number": ["", agreement_number]},
    )
    sync(project, locked)
    return project


@transaction.atomic
def project_disburse_in_transaction(
    *,
    project: Project,
    actor: User,
    amount: Decimal | int | str,
    disbursed_on: dt.date | None = None,
    comment: str = "",
) -> Tranche:
    """Disburse the next tranche through the budgets ledger (never beyond the approved amount)."""
    locked = lock(project)
    # The permission to disburse, from the authority module (no body decides a tranche); the
    # ledger is told it was checked, so it does not ask again.
    authority.authorise(actor=actor, subject=approval_subject(locked, Power.DISBURSE), body=None, target=locked)
    check_state(locked, "disburse")
    amount = to_decimal_baht(amount)
    if amount <= ZERO:
        raise ValidationError(
            bilingual("จำนวนเงินต้องมากกว่า 0", "The amount must be above 0"), code=ProjectErrorCode.BAD_AMOUNT
        )
    remaining = (locked.approved_amount or ZERO) - locked.disbursed_amount
    if amount > remaining:
        raise ValidationError(
            bilingual(
                f"เบิกจ่ายเกินวงเงินอนุมัติคงเหลือ ({format_baht(remaining)} บาท)",
                f"This exceeds the approved amount still to disburse ({format_baht(remaining)} baht)",
            ),
            code=ProjectErrorCode.OVER_DISBURSEMENT,
        )
    number = (Tranche.objects.filter(project=locked).count()) + 1
    funds_disburse_in_transaction(holder=locked, amount=amount, actor=actor, tranche_no=number, authorised=True)
    tranche = Tranche.objects.create(
        project=locked,
        number=number,
        amount=amount,
        disbursed_on=disbursed_on or timezone.localdate(),
        actor=actor if getattr(actor, "pk", None) else None,
    )
    before = locked.disbursed_amount
    locked.disbursed_amount = before + amount
    comment = comment or f"งวดที่ {number} / tranche {number}"
    from_status = move(locked, action="disburse")
    events.project_disbursed_event(project=locked, actor=actor, from_status=from_status, amount=amount, comment=comment)
    audit_transition(
        locked,
        actor=actor,
        action="disburse",
        from_status=from_status,
        comment=comment,
        extra_changes={"disbursed_amount": [before, locked.disbursed_amount], "tranche": number},
    )
    sync(project, locked)
    return tranche


@transaction.atomic
def project_close_in_transaction(
    *, project: Project, actor: User, comment: str = "", refund_amount: Decimal | int | str | None = None
) -> Project:
    """In progress → closed, by CODI staff, once the final report is in.

    Money disbursed but not spent may be refunded (recorded in the ledger); what remains
    committed but not (net) disbursed goes back to the programme's province balance.
    """
    locked = lock(project)
    permissions.require_write(actor, Action.PROJECT_CLOSE, locked)
    check_state(locked, "close")
    if not ProgressReport.objects.filter(project=locked, is_final=True).exists():
        raise ValidationError(
            bilingual("ต้องมีรายงานฉบับสุดท้ายก่อนปิดโครงการ", "The final report is needed before closing"),
            code=ProjectErrorCode.NO_FINAL_REPORT,
        )
    refund = ZERO if refund_amount in (None, "") else to_decimal_baht(refund_amount)
    if refund < ZERO or refund > locked.disbursed_amount - locked.spent_amount:
        raise ValidationError(
            bilingual(
                f"เงินคืนต้องไม่เกินเงินที่ได้รับแต่ยังไม่ได้ใช้ ({format_baht(locked.disbursed_amount - locked.spent_amount)} บาท)",
                f"The refund must not exceed the money received but not spent "
                f"({format_baht(locked.disbursed_amount - locked.spent_amount)} baht)",
            ),
            code=ProjectErrorCode.BAD_REFUND,
        )
    if refund > ZERO:
        funds_refund_in_transaction(
            holder=locked, amount=refund, actor=actor, note=comment or "เงินเหลือจ่ายคืน / unspent money refunded"
        )
    if (locked.approved_amount or ZERO) > locked.disbursed_amount - refund:
        funds_release_in_transaction(holder=locked, actor=actor, reason=comment or "ปิดโครงการ / project closed")
    locked.closed_at = timezone.now()
    locked.next_report_due = None
    from_status = move(locked, action="close")
    events.project_closed_event(
        project=locked, actor=actor, from_status=from_status, comment=comment, refund=refund or None
    )
    audit_transition(
        locked,
        actor=actor,
        action="close",
        from_status=from_status,
        comment=comment,
        extra_changes={"refund": str(refund)} if refund else None,
    )
    sync(project, locked)
    return project


def may_cancel(actor: User | AnonymousUser, project: Project) -> bool:
    if project.status in (S.DRAFT, S.RETURNED, S.SUBMITTED):
        return permissions.can(actor, Action.PROJECT_PROPOSE, project) or permissions.can(
            actor, Action.PROJECT_CLOSE, project
        )
    return permissions.can(actor, Action.PROJECT_CLOSE, project)


@transaction.atomic
def project_cancel_in_transaction(*, project: Project, actor: User, reasons: str) -> Project:
    """Cancel a project that has not started spending; committed money goes back to the programme."""
    locked = lock(project)
    if not may_cancel(actor, locked):
        permissions.require_write(actor, Action.PROJECT_CLOSE, locked)
    check_state(locked, "cancel")
    reasons = require_comment(reasons, "เหตุผลที่ยกเลิก", "the reasons for cancelling")
    if locked.status in FUNDED_STATUSES:
        funds_release_in_transaction(holder=locked, actor=actor, reason=reasons)
    locked.closed_at = timezone.now()
    locked.next_report_due = None
    from_status = move(locked, action="cancel")
    events.project_cancelled_event(project=locked, actor=actor, from_status=from_status, reasons=reasons)
    audit_transition(locked, actor=actor, action="cancel", from_status=from_status, comment=reasons)
    sync(project, locked)
    return project


# The entry points views, the API and jobs call: each in its own durable transaction. The
# ``*_in_transaction`` forms above do the same work inside a caller's transaction (the demo);
# a durable block cannot nest.
project_submit = transaction.atomic(durable=True)(project_submit_in_transaction)
project_screen = transaction.atomic(durable=True)(project_screen_in_transaction)
project_return = transaction.atomic(durable=True)(project_return_in_transaction)
project_approve = transaction.atomic(durable=True)(project_approve_in_transaction)
project_reject = transaction.atomic(durable=True)(project_reject_in_transaction)
project_sign_agreement = transaction.atomic(durable=True)(project_sign_agreement_in_transaction)
project_disburse = transaction.atomic(durable=True)(project_disburse_in_transaction)
project_close = transaction.atomic(durable=True)(project_close_in_transaction)
project_cancel = transaction.atomic(durable=True)(project_cancel_in_transaction)
