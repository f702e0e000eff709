"""The project timeline (``ProjectEvent``): one public, typed function per kind of event.

Services write history only through these (Saleor style). Each records who did what, from which
status to which, with the comment, the amount and the resolution where they apply.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.meetings.models import Resolution
from chumchon.projects.models import Project, ProjectEvent


def _record(
    *,
    project: Project,
    actor: User | None,
    action: str,
    from_status: str,
    comment: str = "",
    amount: Decimal | None = None,
    resolution: Resolution | None = None,
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


def project_created_event(*, project: Project, actor: User) -> ProjectEvent:
    return _record(project=project, actor=actor, action="create", from_status="")


def project_submitted_event(*, project: Project, actor: User, from_status: str, comment: str = "") -> ProjectEvent:
    return _record(project=project, actor=actor, action="submit", from_status=from_status, comment=comment)


def project_screened_event(*, project: Project, actor: User, from_status: str, comment: str = "") -> ProjectEvent:
    return _record(project=project, actor=actor, action="screen", from_status=from_status, comment=comment)


def project_returned_event(*, project: Project, actor: User, from_status: str, reasons: str) -> ProjectEvent:
    return _record(project=project, actor=actor, action="return", from_status=from_status, comment=reasons)


def project_approved_event(
    *, project: Project, actor: User, resolution: Resolution, amount: Decimal, from_status: str, comment: str = ""
) -> ProjectEvent:
    return _record(
        project=project,
        actor=actor,
        action="approve",
        from_status=from_status,
        comment=comment,
        amount=amount,
        resolution=resolution,
    )


def project_rejected_event(
    *, project: Project, actor: User, resolution: Resolution, from_status: str, reasons: str
) -> ProjectEvent:
    return _record(
        project=project, actor=actor, action="reject", from_status=from_status, comment=reasons, resolution=resolution
    )


def project_agreement_signed_event(*, project: Project, actor: User, from_status: str, comment: str) -> ProjectEvent:
    return _record(project=project, actor=actor, action="sign", from_status=from_status, comment=comment)


def project_disbursed_event(
    *, project: Project, actor: User, from_status: str, amount: Decimal, comment: str
) -> ProjectEvent:
    return _record(
        project=project, actor=actor, action="disburse", from_status=from_status, comment=comment, amount=amount
    )


def project_progress_reported_event(
    *, project: Project, actor: User, spent: Decimal, narrative: str = ""
) -> ProjectEvent:
    """A progress report (the status does not change)."""
    return _record(
        project=project,
        actor=actor,
        action="report",
        from_status=project.status,
        comment=(narrative or "")[:500],
        amount=spent,
    )


def project_closed_event(
    *, project: Project, actor: User, from_status: str, comment: str = "", refund: Decimal | None = None
) -> ProjectEvent:
    return _record(
        project=project, actor=actor, action="close", from_status=from_status, comment=comment, amount=refund
    )


def project_cancelled_event(*, project: Project, actor: User, from_status: str, reasons: str) -> ProjectEvent:
    return _record(project=project, actor=actor, action="cancel", from_status=from_status, comment=reasons)
