"""What every project service shares: the row lock, validation, moving along the transition
table with its audit row, and the approval subject handed to ``meetings.authority``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from chumchon.accounts.models import User
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core.bilingual import bilingual
from chumchon.meetings import authority
from chumchon.meetings.authority import Authority, Category, Power, Subject
from chumchon.projects.error_codes import ProjectErrorCode
from chumchon.projects.models import Project, ProjectStatus
from chumchon.projects.transitions import target_of

S = ProjectStatus
ZERO = Decimal(0)


def lock(project: Project) -> Project:
    """Re-read the project row under a lock (select_for_update) inside the caller's transaction."""
    return Project.objects.select_for_update().select_related("area", "programme", "proposer").get(pk=project.pk)


def sync(target: Project, source: Project) -> None:
    """Copy the locked row's fields back to the caller's instance so it sees the new state."""
    for f in Project._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


# Foreign keys are not re-validated on every transition (each would cost a query); the locked row
# was read from the database, and the database enforces the keys and check constraints anyway.
_FK_FIELDS = [f.name for f in Project._meta.concrete_fields if f.is_relation]


def validate(project: Project) -> None:
    project.full_clean(exclude=_FK_FIELDS, validate_unique=False, validate_constraints=False)


def move(project: Project, *, action: str) -> str:
    """Set the status the transition table leads ``action`` to, validate and save (caller holds the
    lock and has checked the state); returns the status left, for the event and the audit row."""
    from_status = project.status
    project.status = target_of(action)
    validate(project)
    project.save()
    return from_status


def audit_transition(
    project: Project,
    *,
    actor: User,
    action: str,
    from_status: str,
    comment: str = "",
    extra_changes: Mapping[str, Any] | None = None,
) -> None:
    changes: dict[str, Any] = {"status": [from_status, project.status]}
    changes.update(extra_changes or {})
    audit_record(
        actor=actor, action=AuditAction.TRANSITION, obj=project, changes=changes, note=f"{action}: {comment}"[:500]
    )


def require_comment(comment: str, what_th: str, what_en: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(bilingual(f"ต้องระบุ{what_th}", f"Please give {what_en}"), code=ProjectErrorCode.REQUIRED)
    return comment


def approval_subject(
    project: Project, power: Power = Power.APPROVE, amount: Decimal | None = None, on: dt.date | None = None
) -> Subject:
    """The project's decision described in plain values for ``meetings.authority`` (``on``: the
    deciding meeting's date, today by default — a dated delegation holds on some dates only)."""
    return Subject(
        power=power,
        category=Category.HOUSING if project.is_housing else Category.ORDINARY,
        programme_id=project.programme_id,
        programme_code=project.programme.code,
        fiscal_year=project.programme.fiscal_year,
        amount=amount if amount is not None else project.requested_amount,
        province_code=project.area.code[:2],
        on=on,
    )


def approval_subject_of_programme(
    programme_id: int, programme_code: str, fiscal_year: int, *, housing: bool, power: Power = Power.APPROVE
) -> Subject:
    """``approval_subject`` of a programme's projects, their amount and province left out (today's decision):
    what ``meetings.authority.decidable_q`` reads each programme's rules by."""
    return Subject(
        power=power,
        category=Category.HOUSING if housing else Category.ORDINARY,
        programme_id=programme_id,
        programme_code=programme_code,
        fiscal_year=fiscal_year,
    )


def approval_action(project: Project) -> str:
    """The permission a decider on this project holds (housing: the Baan Mankong subcommittee's)."""
    category = Category.HOUSING if project.is_housing else Category.ORDINARY
    return authority.action_for(Subject(power=Power.APPROVE, category=category))


def approver_rule(project: Project, amount: Decimal | None = None) -> Authority:
    """Who decides this project at ``amount`` (the requested amount by default) — asks ``meetings.authority``."""
    return authority.authority_for(approval_subject(project, amount=amount))
