"""Public feedback: anyone may send it (rate-limited, nothing personal kept or published), the area's staff
moderate it (a worklist item and a page), and only approved feedback is shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from chumchon.accounts.worklist import worklist_for
from chumchon.portal.models import Feedback, FeedbackStatus
from chumchon.portal.services import FEEDBACK_PER_HOUR, feedback_moderate, feedback_submit
from chumchon.portal.tests import world as w


@pytest.fixture
def world(db: None) -> w.World:
    return w.build()


def test_the_public_sends_staff_publish_and_only_then_it_shows(world: w.World, make_user: Any) -> None:
    public = Client()
    url = reverse("portal:feedback") + f"?project={world.project.pk}"
    assert public.get(url).status_code == 200
    response = public.post(url, {"project": world.project.pk, "message": "ซ่อมบ้านเสร็จแล้ว 4 หลัง ดีมาก"})
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert item.area_code == "240104" and item.status == FeedbackStatus.PENDING
    assert "127.0.0.1" not in item.client_hash
    project_page = reverse("portal:project", args=[world.project.pk])
    assert "ซ่อมบ้านเสร็จแล้ว" not in public.get(project_page).content.decode()

    secretary = make_user("tambon_council_secretary", area="240104")
    other = make_user("tambon_council_secretary", area="240101")
    keys = [i.key for i in worklist_for(secretary)]
    assert "portal.feedback" in keys
    assert "portal.feedback" not in [i.key for i in worklist_for(other)]
    staff = Client()
    staff.force_login(secretary)
    page = staff.get(reverse("portal:moderation") + "?status=pending").content.decode()
    assert "ซ่อมบ้านเสร็จแล้ว" in page
    outsider = Client()
    outsider.force_login(other)
    assert "ซ่อมบ้านเสร็จแล้ว" not in outsider.get(reverse("portal:moderation")).content.decode()
    assert outsider.post(reverse("portal:moderation"), {"feedback": item.pk, "decision": "publish"}).status_code == 404
    staff.post(reverse("portal:moderation"), {"feedback": item.pk, "decision": "publish", "reply": "ขอบคุณครับ"})
    item.refresh_from_db()
    assert item.status == FeedbackStatus.APPROVED and item.moderated_by == secretary
    shown = public.get(project_page).content.decode()
    assert "ซ่อมบ้านเสร็จแล้ว" in shown and "ขอบคุณครับ" in shown


def test_feedback_is_rate_limited_and_refuses_national_ids(world: w.World) -> None:
    for n in range(FEEDBACK_PER_HOUR):
        feedback_submit(place_key="24", area_code="24", message=f"ความเห็น {n}", address="10.0.0.9")
    with pytest.raises(ValidationError) as too_many:
        feedback_submit(place_key="24", area_code="24", message="อีกครั้ง", address="10.0.0.9")
    assert too_many.value.code == "too_many"
    feedback_submit(place_key="24", area_code="24", message="คนอื่น", address="10.0.0.10")
    with pytest.raises(ValidationError) as personal:
        feedback_submit(place_key="24", area_code="24", message=f"บัตร {w.PERSON_ID}", address="10.0.0.11")
    assert personal.value.code == "personal_data"


def test_moderation_needs_the_permission_in_scope(world: w.World, make_user: Any) -> None:
    item = feedback_submit(place_key="2401", area_code="2401", message="ตัวเลขไม่ตรง", address="10.0.0.1")
    member = make_user("tambon_council_member", area="240104")
    with pytest.raises(Exception) as refused:
        feedback_moderate(feedback=item, publish=True, actor=member)
    assert "403" in type(refused.value).__name__ or "Permission" in type(refused.value).__name__
    cdd = make_user("cdd_district_officer", area="2401")
    feedback_moderate(feedback=item, publish=False, actor=cdd)
    item.refresh_from_db()
    assert item.status == FeedbackStatus.REJECTED
    assert "ตัวเลขไม่ตรง" not in Client().get(reverse("portal:place", args=["2401"])).content.decode()
