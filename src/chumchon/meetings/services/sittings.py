"""Meetings: numbered per committee and fiscal year, attendance, quorum, minutes, their resolutions.

Who may minute a committee's meeting (record it, its attendance, its resolutions, its minutes): the
member holding the secretary's seat on the meeting date, or whoever holds ``MEETING_EDIT`` over the
committee (the CODI secretariat).

Quorum (องค์ประชุม): more than half of the members sitting on the meeting date must be present,
unless the committee's kind has its own rule in ``QUORUM_RULES`` (a function of the number of
members sitting, giving the number needed). A resolution of a meeting without quorum is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.audit.services import audited_create, audited_update
from chumchon.core.bilingual import bilingual
from chumchon.core.thai import fiscal_year
from chumchon.core.uploads import UploadPurpose, check_upload, files_removed_on_failure
from chumchon.meetings.authority import can_record_resolution
from chumchon.meetings.error_codes import MeetingError, MeetingErrorCode
from chumchon.meetings.models import AgendaItem, Attendance, Meeting, MeetingKind, Membership, Position, Resolution
from chumchon.meetings.services.committees import _check_committee, committee_on, secretary_of
from chumchon.organizations.models import Body

# Body kind → members needed given the number sitting. Default: more than half.
QUORUM_RULES: dict[str, Callable[[int], int]] = {}


def quorum_needed(body: Body, sitting: int) -> int:
    rule = QUORUM_RULES.get(body.kind)
    return rule(sitting) if rule is not None else sitting // 2 + 1


@dataclass(frozen=True)
class Quorum:
    sitting: int
    present: int
    needed: int
    recorded: bool

    @property
    def met(self) -> bool:
        return self.recorded and self.sitting > 0 and self.present >= self.needed


def quorum_of(meeting: Meeting) -> Quorum:
    sitting = committee_on(meeting.body, meeting.held_on)
    ids = {m.pk for m in sitting}
    present = meeting.attendance.filter(present=True, membership_id__in=ids).count()
    return Quorum(
        sitting=len(sitting),
        present=present,
        needed=quorum_needed(meeting.body, len(sitting)),
        recorded=meeting.minutes_recorded,
    )


def can_minute(user: User | AnonymousUser, body: Body, day: dt.date | None = None) -> bool:
    """The committee's secretary on ``day`` (any day when not given), or the secretariat (MEETING_EDIT)."""
    if permissions.can(user, Action.MEETING_EDIT, body):
        return True
    if day is not None:
        return secretary_of(user, body, day)
    if not isinstance(user, User):
        return False
    return Membership.objects.filter(body=body, user=user, position=Position.SECRETARY).exists()


def _require_minute(actor: User, body: Body, day: dt.date) -> None:
    if not can_minute(actor, body, day):
        raise PermissionDenied(
            bilingual(
                "บันทึกการประชุมได้เฉพาะเลขานุการของคณะหรือฝ่ายเลขานุการ",
                "Only the committee's secretary or the secretariat may minute its meetings",
            )
        )


@transaction.atomic
def meeting_create_in_transaction(
    *,
    actor: User,
    body: Body,
    held_on: dt.date,
    place: str = "",
    online_link: str = "",
    agenda: Iterable[str] = (),
    sequence: int | None = None,
    kind: str = MeetingKind.ORDINARY,
) -> Meeting:
    """Record a meeting of ``body``: numbered within the fiscal year of its date (next number by default)."""
    _check_committee(body)
    _require_minute(actor, body, held_on)
    if not place.strip() and not online_link.strip():
        raise MeetingError(
            bilingual("ต้องระบุสถานที่ประชุมหรือลิงก์ประชุมออนไลน์", "Give the meeting's place or its online link"),
            code=MeetingErrorCode.INCOMPLETE,
        )
    Body.objects.select_for_update().filter(pk=body.pk).first()  # numbers are given one at a time
    year = fiscal_year(held_on)
    if sequence is None:
        sequence = (Meeting.objects.filter(body=body, fiscal_year=year).aggregate(n=Max("sequence"))["n"] or 0) + 1
    elif Meeting.objects.filter(body=body, fiscal_year=year, sequence=sequence).exists():
        raise MeetingError(
            bilingual(f"มีการประชุมครั้งที่ {sequence}/{year} แล้ว", f"Meeting {sequence}/{year} is already recorded"),
            code=MeetingErrorCode.INCOMPLETE,
        )
    meeting = audited_create(
        Meeting,
        actor=actor,
        body=body,
        fiscal_year=year,
        sequence=sequence,
        kind=MeetingKind(kind),
        held_on=held_on,
        place=place.strip(),
        online_link=online_link.strip(),
        created_by=actor,
    )
    for order, title in enumerate((t.strip() for t in agenda if t.strip()), start=1):
        AgendaItem.objects.create(meeting=meeting, order=order, title=title)
    return meeting


@transaction.atomic
def attendance_record_in_transaction(*, actor: User, meeting: Meeting, present: Iterable[int]) -> Quorum:
    """Record who of the members sitting on the meeting date attended (membership ids); returns the quorum."""
    _require_minute(actor, meeting.body, meeting.held_on)
    sitting = {m.pk: m for m in committee_on(meeting.body, meeting.held_on)}
    chosen = {int(pk) for pk in present}
    strangers = chosen - set(sitting)
    if strangers:
        raise MeetingError(
            bilingual(
                "ผู้เข้าประชุมต้องเป็นกรรมการที่ดำรงตำแหน่งในวันประชุม",
                "Attendees must be members sitting on the meeting date",
            ),
            code=MeetingErrorCode.NOT_A_MEMBER,
        )
    for pk, membership in sitting.items():
        Attendance.objects.update_or_create(meeting=meeting, membership=membership, defaults={"present": pk in chosen})
    audited_update(meeting, actor=actor, note=f"present: {sorted(chosen)}", minutes_recorded=True)
    return quorum_of(meeting)


@transaction.atomic
def meeting_minutes_attach_in_transaction(*, actor: User, meeting: Meeting, minutes: Any) -> Meeting:
    _require_minute(actor, meeting.body, meeting.held_on)
    check_upload(minutes, UploadPurpose.MINUTES)
    with files_removed_on_failure():
        return audited_update(meeting, actor=actor, minutes=minutes)


@transaction.atomic
def resolution_at_meeting_in_transaction(*, actor: User, meeting: Meeting, text: str) -> Resolution:
    """Record a resolution of a quorate meeting (its secretary, or the secretariat). Refused without quorum."""
    _require_minute(actor, meeting.body, meeting.held_on)
    quorum = quorum_of(meeting)
    if not quorum.recorded:
        raise MeetingError(
            bilingual("ต้องบันทึกผู้เข้าประชุมก่อนบันทึกมติ", "Record the attendance before the resolutions"),
            code=MeetingErrorCode.NO_ATTENDANCE,
        )
    if not quorum.met:
        raise MeetingError(
            bilingual(
                f"การประชุมนี้ไม่ครบองค์ประชุม (มาประชุม {quorum.present} จาก {quorum.sitting} คน ต้องมีอย่างน้อย "
                f"{quorum.needed} คน) จึงลงมติไม่ได้",
                f"This meeting had no quorum ({quorum.present} of {quorum.sitting} members present, "
                f"{quorum.needed} needed): it cannot resolve",
            ),
            code=MeetingErrorCode.NO_QUORUM,
        )
    text = text.strip()
    if not text:
        raise MeetingError(bilingual("ต้องระบุข้อความมติ", "The resolution needs a text"), code=MeetingErrorCode.INCOMPLETE)
    return audited_create(
        Resolution,
        actor=actor,
        body=meeting.body,
        meeting=meeting,
        meeting_date=meeting.held_on,
        number=meeting.number,
        text=text,
        created_by=actor,
    )


@transaction.atomic
def resolution_external_in_transaction(
    *, actor: User, body: Body, meeting_date: dt.date, number: str, text: str, minutes: Any
) -> Resolution:
    """A resolution of a meeting held outside the system: only with its minutes attached."""
    _check_committee(body)
    if not can_record_resolution(actor, body):  # the secretary, the secretariat, or a member deciding by it
        _require_minute(actor, body, meeting_date)
    if not minutes:
        raise MeetingError(
            bilingual(
                "มติของการประชุมนอกระบบต้องแนบรายงานการประชุม",
                "A resolution of a meeting held outside the system needs its minutes attached",
            ),
            code=MeetingErrorCode.NO_MINUTES,
        )
    check_upload(minutes, UploadPurpose.MINUTES)
    number, text = number.strip(), text.strip()
    if not number or not text:
        raise MeetingError(
            bilingual("ต้องระบุเลขที่และข้อความมติ", "The resolution needs a number and a text"),
            code=MeetingErrorCode.INCOMPLETE,
        )
    with files_removed_on_failure():
        return audited_create(
            Resolution,
            actor=actor,
            body=body,
            is_external=True,
            minutes=minutes,
            meeting_date=meeting_date,
            number=number,
            text=text,
            created_by=actor,
        )


meeting_create = transaction.atomic(durable=True)(meeting_create_in_transaction)
attendance_record = transaction.atomic(durable=True)(attendance_record_in_transaction)
meeting_minutes_attach = transaction.atomic(durable=True)(meeting_minutes_attach_in_transaction)
resolution_at_meeting = transaction.atomic(durable=True)(resolution_at_meeting_in_transaction)
resolution_external = transaction.atomic(durable=True)(resolution_external_in_transaction)
