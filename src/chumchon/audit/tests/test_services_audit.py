"""The audit services record who changed what, with before/after, inside the caller's transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from chumchon.accounts.models import Role
from chumchon.areas.models import Area
from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.audit.services import audit_record, audited_create, audited_delete, audited_update
from chumchon.organizations.models import Body

pytestmark = pytest.mark.django_db


def test_update_records_before_after_and_user(make_user: Any) -> None:
    """Issue acceptance: an update records before/after and the user."""
    user = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    body = Body.objects.create(kind="welfare_fund", name_th="กองทุนเดิม", area=Area.objects.get(code="240104"))
    audited_update(body, actor=user, name_th="กองทุนใหม่", member_count=30)
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.UPDATE
    assert event.actor == user
    assert event.changes == {"name_th": ["กองทุนเดิม", "กองทุนใหม่"], "member_count": [0, 30]}
    assert event.area_code == "240104"
    assert event.model_label == "organizations.body" and event.object_pk == str(body.pk)


def test_update_without_change_writes_no_row(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    body = Body.objects.create(kind="welfare_fund", name_th="ก", area=Area.objects.get(code="240104"))
    audited_update(body, actor=user, name_th="ก")
    assert not AuditEvent.objects.exists()


def test_create_and_delete_are_recorded(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    body = audited_create(Body, actor=user, kind="welfare_fund", name_th="ใหม่", area=Area.objects.get(code="240104"))
    pk = str(body.pk)
    audited_delete(body, actor=user)
    created, deleted = AuditEvent.objects.order_by("id")
    assert created.action == "create" and created.changes["name_th"] == [None, "ใหม่"]
    assert deleted.action == "delete" and deleted.object_pk == pk and deleted.object_repr == "ใหม่"
    assert deleted.changes["name_th"] == ["ใหม่", None]
    assert deleted.area_code == "240104"


def test_rolled_back_change_leaves_no_audit_row(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    body = Body.objects.create(kind="welfare_fund", name_th="ก", area=Area.objects.get(code="240104"))
    with pytest.raises(RuntimeError), transaction.atomic():
        audited_update(body, actor=user, name_th="ข")
        raise RuntimeError("boom")
    assert not AuditEvent.objects.exists()
    body.refresh_from_db()
    assert body.name_th == "ก"


def test_secrets_are_redacted(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    admin = make_user(None, is_superuser=True)
    old_hash = user.password
    user.set_password("another-long-password")
    new_hash = user.password
    user.password = old_hash
    audited_update(user, actor=admin, password=new_hash)
    event = AuditEvent.objects.get(model_label="accounts.user")
    assert event.changes["password"] == ["••••••", "••••••"]
    assert old_hash not in str(event.changes) and new_hash not in str(event.changes)


def test_viewing_personal_data_is_recorded(make_user: Any) -> None:
    user = make_user(Role.CDD_DISTRICT_OFFICER, area="2401")
    area = Area.objects.get(code="240104")
    audit_record(actor=user, action=AuditAction.VIEW, obj=area, personal_data=True, note="target list")
    event = AuditEvent.objects.get()
    assert event.personal_data and event.area_code == "240104" and event.note == "target list"
