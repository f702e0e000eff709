"""Writes: validation, transactions, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.audit.services import audited_create
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import COMMITTEE_KINDS, Body

# A member of a deciding body may record its own resolutions, as may meeting secretaries.
_RECORDING_ACTIONS = (
    Action.MEETING_EDIT,
    Action.ALLOCATION_ADOPT,
    Action.PROJECT_APPROVE,
    Action.PROJECT_APPROVE_HOUSING,
)


def can_record_resolution(user: Any, body: Body) -> bool:
    return any(permissions.can(user, action, body) for action in _RECORDING_ACTIONS)


@transaction.atomic
def resolution_record(*, actor: Any, body: Body, meeting_date: dt.date, number: str, text: str) -> Resolution:
    """Record a resolution of ``body``'s meeting (audited). Refuses bodies that are not committees."""
    if not can_record_resolution(actor, body):
        raise PermissionDenied("คุณไม่มีสิทธิ์บันทึกมติของคณะนี้ / You are not allowed to record resolutions of this body.")
    if body.kind not in COMMITTEE_KINDS:
        raise ValidationError(
            "มติต้องมาจากคณะกรรมการหรือคณะทำงาน / A resolution must come from a committee or working group."
        )
    number = number.strip()
    text = text.strip()
    if not number or not text:
        raise ValidationError("ต้องระบุเลขที่และข้อความมติ / The resolution needs a number and a text.")
    return audited_create(
        Resolution,
        actor=actor,
        body=body,
        meeting_date=meeting_date,
        number=number,
        text=text,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
