"""The committee, meeting and resolution pages: scoped (404 outside), forms only for who may use them,
bad input re-rendered with the bilingual reason and nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chumchon.accounts.models import Role
from chumchon.areas.models import CodiRegion
from chumchon.meetings import services
from chumchon.meetings.models import Meeting, MeetingKind, Membership
from chumchon.organizations.models import Body, BodyKind

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def committee(db: Any) -> Body:
    return Body.objects.create(
        kind=BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
        name_th="คณะอนุกรรมการภาคตะวันออก",
        scope_kind="region",
        region=CodiRegion.objects.get(code="R5"),
        term_ends_on=dt.date(2022, 9, 30),
    )


def test_pages_scoped_and_forms_for_who_may_use_them(committee: Body, make_user: Any) -> None:
    staff = make_user(Role.CODI_REGIONAL_STAFF, region="R5", username="staff")
    reader = make_user(Role.REGIONAL_SUBCOMMITTEE_MEMBER, region="R5", username="reader")
    outsider = make_user(Role.CODI_REGIONAL_STAFF, region="R1", username="outsider")
    member = services.membership_add(
        actor=staff, body=committee, person_name="นางวันเพ็ญ ศรีสุข", represents="movement", starts_on=dt.date(2020, 10, 1)
    )
    url = reverse("meetings:body", args=[committee.pk])
    page = client_for(staff).get(url).content.decode()
    assert "นางวันเพ็ญ ศรีสุข" in page and 'id="new-meeting"' in page and 'id="new-member"' in page
    page = client_for(reader).get(url).content.decode()
    assert "นางวันเพ็ญ ศรีสุข" in page and 'id="new-meeting"' not in page
    assert client_for(outsider).get(url).status_code == 404
    # On a date before the term: nobody.
    page = client_for(staff).get(url, {"on": "01/01/2563"}).content.decode()
    assert "นางวันเพ็ญ ศรีสุข" not in page
    # Overlapping seat refused on the page, with the reason; nothing written.
    response = client_for(staff).post(
        url,
        {
            "form": "member",
            "m-person_name": "นางวันเพ็ญ ศรีสุข",
            "m-position": "chair",
            "m-represents": "movement",
            "m-starts_on": "01/01/2565",
        },
    )
    assert response.status_code == 400 and "ทับซ้อน" in response.content.decode()
    assert Membership.objects.count() == 1
    # A meeting through the form; a reader cannot post attendance.
    response = client_for(staff).post(url, {"form": "meeting", "g-held_on": "20/10/2564", "g-place": "ห้องประชุม"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.number == "1/2565"
    meeting_url = reverse("meetings:meeting", args=[meeting.pk])
    assert client_for(reader).post(meeting_url, {"form": "attendance", "present": [member.pk]}).status_code == 403
    assert client_for(outsider).get(meeting_url).status_code == 404
    response = client_for(staff).post(meeting_url, {"form": "resolution", "text": "มติ"})
    assert response.status_code == 400  # no attendance yet
    client_for(staff).post(meeting_url, {"form": "attendance", "present": [str(member.pk)]})
    client_for(staff).post(meeting_url, {"form": "resolution", "text": "ขยายวาระ"})
    resolution = meeting.resolutions.get()
    page = client_for(reader).get(reverse("meetings:resolution", args=[resolution.pk])).content.decode()
    assert "ขยายวาระ" in page
    assert client_for(staff).get(reverse("meetings:index")).status_code == 200


def test_delegation_form_refuses_what_the_body_does_not_hold(committee: Body, make_user: Any) -> None:
    from chumchon.meetings.models import Delegation

    staff = make_user(Role.CODI_REGIONAL_STAFF, region="R5", username="staff")
    review = Body.objects.create(
        kind=BodyKind.PROJECT_REVIEW_WORKING_GROUP,
        name_th="คณะทำงานพิจารณาโครงการภาค",
        scope_kind="region",
        region=committee.region,
    )
    seat = services.membership_add(
        actor=staff, body=committee, person_name="ประธาน", represents="movement", starts_on=dt.date(2020, 10, 1)
    )
    meeting = services.meeting_create(actor=staff, body=committee, held_on=dt.date(2021, 10, 20), place="ห้องประชุม")
    services.attendance_record(actor=staff, meeting=meeting, present=[seat.pk])
    resolution = services.resolution_at_meeting(actor=staff, meeting=meeting, text="มอบอำนาจ")
    url = reverse("meetings:resolution", args=[resolution.pk])
    assert 'id="delegate"' in client_for(staff).get(url).content.decode()
    post = {"power": "approve_ordinary", "to_body": review.pk, "scope": "R5", "fiscal_year": "2565"}
    response = client_for(staff).post(url, post)  # no FY2565 programme: nothing to delegate
    assert response.status_code == 400 and "ไม่มีแผนงานในปีงบประมาณ 2565" in response.content.decode()
    response = client_for(staff).post(url, {**post, "scope": "X99"})
    assert response.status_code == 400
    assert not Delegation.objects.exists()


def test_an_annual_provincial_assembly_is_a_meeting_of_its_kind(committee: Body, make_user: Any) -> None:
    staff = make_user(Role.CODI_REGIONAL_STAFF, region="R5", username="staff")
    url = reverse("meetings:body", args=[committee.pk])
    assert 'name="g-kind"' in client_for(staff).get(url).content.decode()
    response = client_for(staff).post(
        url, {"form": "meeting", "g-kind": "annual_assembly", "g-held_on": "26/03/2565", "g-place": "ศาลากลางจังหวัด"}
    )
    assembly = Meeting.objects.get()
    assert response.status_code == 302 and assembly.kind == MeetingKind.ANNUAL_ASSEMBLY
    ordinary = services.meeting_create(actor=staff, body=committee, held_on=dt.date(2022, 4, 2), place="ห้องประชุม")
    assert ordinary.kind == MeetingKind.ORDINARY
    page = client_for(staff).get(url).content.decode()
    assert page.count('data-kind="annual_assembly"') == 1 and "สมัชชาจังหวัด" in page
    page = client_for(staff).get(reverse("meetings:meeting", args=[assembly.pk])).content.decode()
    assert 'id="meeting-kind">สมัชชาจังหวัดประจำปี<' in page
