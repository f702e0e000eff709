"""The worklist items the demo does not produce (failed jobs, imports to confirm), and the digest switch."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from chumchon.accounts.digest import digest_send
from chumchon.accounts.worklist import worklist_for
from chumchon.core.models import Job, JobStatus
from chumchon.poverty.models import ImportStatus, SurveyImport
from chumchon.poverty.tests.logbook_data import survey_round

pytestmark = pytest.mark.django_db
ROW = re.compile(rb"<tr data-row")


def _item(user: Any, key: str) -> Any:
    return next((i for i in worklist_for(user) if i.key == key), None)


def test_failed_jobs_own_for_everyone_all_for_national_admins(make_user: Any, client: Client) -> None:
    officer = make_user("cdd_district_officer", area="2401")
    other = make_user("cdd_district_officer", area="2401")
    admin = make_user("national_admin", nation=True)
    Job.objects.create(kind="tests.count", created_by=officer, area_code="240104", status=JobStatus.FAILED)
    Job.objects.create(kind="tests.count", created_by=officer, area_code="240104", status=JobStatus.SUCCEEDED)
    Job.objects.create(kind="tests.count", created_by=other, area_code="240104", status=JobStatus.FAILED)
    Job.objects.create(kind="areas.load", created_by=None, area_code="", status=JobStatus.FAILED)

    mine = _item(officer, "core.jobs_failed")
    assert mine is not None and mine.count == 1 and mine.severity == "danger"
    client.force_login(officer)
    assert len(ROW.findall(client.get(mine.url).content)) == 1

    everything = _item(admin, "core.jobs_failed")
    assert everything is not None and everything.count == 3
    client.force_login(admin)
    assert len(ROW.findall(client.get(everything.url).content)) == 3
    assert _item(make_user("tambon_council_member", area="240104"), "core.jobs_failed") is None


def test_imports_waiting_for_confirmation_in_scope(make_user: Any, client: Client) -> None:
    officer = make_user("cdd_provincial_officer", area="24")
    rnd = survey_round("jpt-2566", 2566)
    for code, status in (
        ("2401", ImportStatus.UPLOADED),
        ("24", ImportStatus.SUCCEEDED),
        ("25", ImportStatus.UPLOADED),
    ):
        SurveyImport.objects.create(
            survey_round=rnd,
            area_code=code,
            household_file="x.csv",
            household_filename="x.csv",
            content_hash=code + status,
            status=status,
            created_by=officer,
        )
    item = _item(officer, "poverty.imports_confirm")
    assert item is not None and item.count == 1
    client.force_login(officer)
    assert len(ROW.findall(client.get(item.url).content)) == 1
    # Without the filter the page lists both imports in the province.
    assert len(ROW.findall(client.get("/poverty/imports/").content)) == 2


def test_the_digest_switch_on_my_account(make_user: Any, client: Client) -> None:
    user = make_user("cdd_district_officer", area="2401", email="kit@example.org")
    Job.objects.create(kind="tests.count", created_by=user, area_code="240104", status=JobStatus.FAILED)
    client.force_login(user)
    page = client.get("/accounts/me/").content.decode()
    assert 'id="digest-off"' in page
    assert client.post("/accounts/me/digest/", {"daily_digest": "0"}).status_code == 302
    user.refresh_from_db()
    assert user.daily_digest is False
    mail.outbox.clear()
    assert digest_send().sent == 0 and mail.outbox == []
    client.post("/accounts/me/digest/", {"daily_digest": "1"})
    user.refresh_from_db()
    assert user.daily_digest is True
    assert digest_send().sent == 1
    assert mail.outbox[0].to == ["kit@example.org"]
    assert "/jobs/?status=failed&mine=1" in mail.outbox[0].body
