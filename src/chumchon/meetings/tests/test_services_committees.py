"""Committees, terms, meetings and resolutions: composition on a date, extension by resolution,
overlapping terms refused, quorum, a resolution of a meeting without quorum refused, external
resolutions only with minutes, and a former member losing the power that followed from the seat."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chumchon.accounts import permissions
from chumchon.accounts.models import Role, RoleAssignment
from chumchon.accounts.permissions import Action
from chumchon.areas.models import CodiRegion
from chumchon.audit.models import AuditEvent
from chumchon.meetings import services
from chumchon.meetings.decisions import decisions_of
from chumchon.meetings.error_codes import MeetingError, MeetingErrorCode
from chumchon.meetings.models import Membership, Resolution, TermExtension
from chumchon.organizations.models import Body, BodyKind, BodyRoleAssignment

D = dt.date
TERM_START, TERM_END = D(2020, 10, 1), D(2022, 9, 30)


@pytest.fixture
def committee(db: Any) -> Body:
    return Body.objects.create(
        kind=BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
        name_th="คณะอนุกรรมการภาค",
        scope_kind="region",
        region=CodiRegion.objects.get(code="R5"),
        term_ends_on=TERM_END,
    )


@pytest.fixture
def staff(make_user: Any) -> Any:
    return make_user(Role.CODI_REGIONAL_STAFF, region="R5", username="staff")


def seat(staff: Any, body: Body, name: str, **kw: Any) -> Membership:
    values: dict[str, Any] = {"represents": "movement", "starts_on": TERM_START, "ends_on": TERM_END}
    values.update(kw)
    return services.membership_add(actor=staff, body=body, person_name=name, **values)


def test_composition_on_a_date(committee: Body, staff: Any) -> None:
    seat(staff, committee, "นางสาวหนึ่ง", position="chair")
    seat(staff, committee, "นายสอง", starts_on=D(2021, 6, 1))
    seat(staff, committee, "นายสาม", ends_on=D(2021, 3, 31))
    names = lambda day: [m.person_name for m in services.committee_on(committee, day)]  # noqa: E731
    assert names(D(2021, 1, 15)) == ["นางสาวหนึ่ง", "นายสาม"]
    assert names(D(2021, 7, 1)) == ["นางสาวหนึ่ง", "นายสอง"]
    assert names(D(2023, 1, 1)) == []


def test_overlapping_terms_of_one_member_refused_and_nothing_changes(committee: Body, staff: Any) -> None:
    seat(staff, committee, "นายสอง", ends_on=D(2021, 9, 30))
    before = (Membership.objects.count(), AuditEvent.objects.count())
    with pytest.raises(MeetingError) as exc:
        seat(staff, committee, "นายสอง", starts_on=D(2021, 9, 30), position="secretary")
    assert exc.value.code == MeetingErrorCode.OVERLAPPING_TERM
    assert " / " in exc.value.messages[0] and "ทับซ้อน" in exc.value.messages[0]
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before
    seat(staff, committee, "นายสอง", starts_on=D(2021, 10, 1))  # the next term, right after: fine


def test_seat_gives_the_role_and_a_former_member_loses_the_power(committee: Body, staff: Any, make_user: Any) -> None:
    user = make_user(username="member1")
    today = dt.date.today()
    membership = seat(staff, committee, "", user=user, starts_on=today - dt.timedelta(days=30), ends_on=None)
    assignment = membership.role_assignment
    assert assignment is not None and assignment.role == Role.REGIONAL_SUBCOMMITTEE_MEMBER
    assert BodyRoleAssignment.objects.get(assignment=assignment).body == committee
    user = type(user).objects.get(pk=user.pk)
    assert permissions.can(user, Action.ALLOCATION_ADOPT, committee)
    services.membership_end(actor=staff, membership=membership, ends_on=today - dt.timedelta(days=1))
    assert RoleAssignment.objects.get(pk=assignment.pk).ends_on == today - dt.timedelta(days=1)
    user = type(user).objects.get(pk=user.pk)
    assert not permissions.can(user, Action.ALLOCATION_ADOPT, committee)
    assert not permissions.holds_role(user, Role.REGIONAL_SUBCOMMITTEE_MEMBER, committee)


MEETING_DAY = D(2022, 9, 20)


def _meeting(staff: Any, body: Body, day: D = MEETING_DAY) -> Any:
    return services.meeting_create(
        actor=staff, body=body, held_on=day, place="สำนักงาน พอช. ภาค", agenda=["รับรองรายงาน", "ขยายวาระ"]
    )


def test_meetings_numbered_per_body_and_fiscal_year(committee: Body, staff: Any) -> None:
    assert _meeting(staff, committee, D(2021, 10, 20)).number == "1/2565"
    assert _meeting(staff, committee, D(2022, 2, 1)).number == "2/2565"
    assert _meeting(staff, committee, D(2022, 10, 5)).number == "1/2566"


def test_quorum_and_a_resolution_without_quorum_refused(committee: Body, staff: Any) -> None:
    members = [seat(staff, committee, f"กรรมการ {i}") for i in range(5)]
    meeting = _meeting(staff, committee)
    with pytest.raises(MeetingError) as exc:  # attendance first
        services.resolution_at_meeting(actor=staff, meeting=meeting, text="มติ")
    assert exc.value.code == MeetingErrorCode.NO_ATTENDANCE
    quorum = services.attendance_record(actor=staff, meeting=meeting, present=[m.pk for m in members[:2]])
    assert (quorum.sitting, quorum.present, quorum.needed, quorum.met) == (5, 2, 3, False)
    before = (Resolution.objects.count(), AuditEvent.objects.count())
    with pytest.raises(MeetingError) as exc:
        services.resolution_at_meeting(actor=staff, meeting=meeting, text="ขยายวาระ")
    assert exc.value.code == MeetingErrorCode.NO_QUORUM and "องค์ประชุม" in exc.value.messages[0]
    assert (Resolution.objects.count(), AuditEvent.objects.count()) == before
    quorum = services.attendance_record(actor=staff, meeting=meeting, present=[m.pk for m in members[:3]])
    assert quorum.met
    resolution = services.resolution_at_meeting(actor=staff, meeting=meeting, text="ขยายวาระ")
    assert (resolution.meeting, resolution.number, resolution.meeting_date) == (meeting, "1/2565", meeting.held_on)


def test_attendance_only_of_members_sitting_that_day(committee: Body, staff: Any) -> None:
    gone = seat(staff, committee, "อดีตกรรมการ", ends_on=D(2021, 1, 1))
    meeting = _meeting(staff, committee)
    with pytest.raises(MeetingError) as exc:
        services.attendance_record(actor=staff, meeting=meeting, present=[gone.pk])
    assert exc.value.code == MeetingErrorCode.NOT_A_MEMBER


def test_the_secretary_minutes_and_an_ordinary_member_may_not(committee: Body, staff: Any, make_user: Any) -> None:
    secretary, member = make_user(username="sec"), make_user(username="mem")
    seat(staff, committee, "", user=secretary, position="secretary")
    seat(staff, committee, "", user=member)
    assert services.can_minute(secretary, committee, D(2022, 1, 1))
    assert not services.can_minute(secretary, committee, D(2023, 1, 1))  # after the term
    assert not services.can_minute(member, committee, D(2022, 1, 1))
    meeting = services.meeting_create(
        actor=secretary, body=committee, held_on=D(2022, 1, 5), online_link="https://meet.example/x"
    )
    assert meeting.created_by == secretary


def test_term_extended_by_resolution_with_explicit_dates(committee: Body, staff: Any) -> None:
    members = [seat(staff, committee, f"กรรมการ {i}") for i in range(3)]
    early = seat(staff, committee, "ลาออก", ends_on=D(2021, 5, 1))
    meeting = _meeting(staff, committee)
    services.attendance_record(actor=staff, meeting=meeting, present=[m.pk for m in members])
    resolution = services.resolution_at_meeting(
        actor=staff, meeting=meeting, text="ขยายวาระคณะอนุกรรมการภาคออกไปถึง 30 พฤศจิกายน 2565"
    )
    ext = services.term_extend(actor=staff, body=committee, resolution=resolution, new_end=D(2022, 11, 30))
    assert (ext.previous_end, ext.new_start, ext.new_end) == (TERM_END, D(2022, 10, 1), D(2022, 11, 30))
    committee.refresh_from_db()
    assert committee.term_ends_on == D(2022, 11, 30)
    assert len(services.committee_on(committee, D(2022, 11, 15))) == 3
    early.refresh_from_db()
    assert early.ends_on == D(2021, 5, 1)  # a seat that ended earlier stays ended
    assert [d.kind for d in decisions_of(resolution, staff)] == ["term_extension"]
    with pytest.raises(MeetingError):  # not after the current end
        services.term_extend(actor=staff, body=committee, resolution=resolution, new_end=D(2022, 11, 1))
    assert TermExtension.objects.count() == 1


def test_external_resolution_only_with_minutes(committee: Body, staff: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    kw = {"actor": staff, "body": committee, "meeting_date": D(2022, 3, 1), "number": "3/2565", "text": "อนุมัติ"}
    with pytest.raises(MeetingError) as exc:
        services.resolution_external(minutes=None, **kw)
    assert exc.value.code == MeetingErrorCode.NO_MINUTES
    minutes = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    resolution = services.resolution_external(minutes=minutes, **kw)
    assert resolution.is_external and resolution.meeting is None and resolution.minutes.name
    assert "นอกระบบ" in str(resolution)
