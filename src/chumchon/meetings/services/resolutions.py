"""Writes: validation, transactions, audit.

``resolution_record`` is the entry point (one durable transaction); ``resolution_record_in_transaction``
does the same work inside a caller's transaction — a decision that records its resolution (projects'
approve and reject, budgets' adopt and reallocate pages), the demo.

``can_record_resolution`` is re-exported from ``meetings.authority`` (who may record a body's
resolutions is part of the authority rules).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from chumchon.accounts.models import User
from chumchon.audit.services import audited_create
from chumchon.meetings.authority import can_record_resolution as can_record_resolution
from chumchon.meetings.error_codes import MeetingErrorCode
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import COMMITTEE_KINDS, Body


@transaction.atomic
def resolution_record_in_transaction(
    *, actor: User, body: Body, meeting_date: dt.date, number: str, text: str
) -> Resolution:
    """Record a resolution of ``body``'s meeting (audited). Refuses bodies that are not committees."""
    if not can_record_resolution(actor, body):
        raise PermissionDenied("คุณไม่มีสิทธิ์บันทึกมติของคณะนี้ / You are not allowed to record resolutions of this body.")
    if body.kind not in COMMITTEE_KINDS:
        raise ValidationError(
            "มติต้องมาจากคณะกรรมการหรือคณะทำงาน / A resolution must come from a committee or working group.",
            code=MeetingErrorCode.NOT_A_COMMITTEE,
        )
    number = number.strip()
    text = text.strip()
    if not number or not text:
        raise ValidationError(
            "ต้องระบุเลขที่และข้อความมติ / The resolution needs a number and a text.", code=MeetingErrorCode.INCOMPLETE
        )
    return audited_create(
        Resolution,
        actor=actor,
        body=body,
        meeting_date=meeting_date,
        number=number,
        text=text,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


# The entry point views, the API and jobs call: its own durable transaction. The ``*_in_transaction``
# form above does the same work inside a caller's transaction; a durable block cannot nest.
resolution_record = transaction.atomic(durable=True)(resolution_record_in_transaction)
