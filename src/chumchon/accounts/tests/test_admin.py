"""ScopedModelAdmin: rows narrowed to scope, 404 on out-of-scope reads, 403 on out-of-scope writes, audited saves."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chumchon.accounts.models import RoleAssignment, User
from chumchon.areas.models import Area
from chumchon.audit.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.urls("chumchon.accounts.tests.admin_urls")]

BASE = "/scoped-admin"


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_in_scope_area_edit_is_audited(make_user: Any) -> None:
    editor = make_user("national_admin", area="24", is_staff=True)
    area = Area.objects.get(code="240104")
    c = client_for(editor)
    assert c.get(f"{BASE}/areas/area/{area.pk}/change/").status_code == 200
    resp = c.post(f"{BASE}/areas/area/{area.pk}/change/", {"name_th": "คลองนา (แก้)", "name_en": area.name_en})
    assert resp.status_code == 302, resp.content[:500]
    area.refresh_from_db()
    assert area.name_th == "คลองนา (แก้)"
    event = AuditEvent.objects.get(model_label="areas.area", object_pk=str(area.pk))
    assert event.actor == editor
    assert event.action == "update"
    assert event.changes["name_th"][1] == "คลองนา (แก้)"
    assert event.area_code == "240104"


@pytest.mark.parametrize("code", ["25", "2501", "250101", "10"])
def test_out_of_scope_area_read_404_write_403(make_user: Any, code: str) -> None:
    editor = make_user("national_admin", area="24", is_staff=True)
    area = Area.objects.get(code=code)
    before = area.name_th
    c = client_for(editor)
    assert c.get(f"{BASE}/areas/area/{area.pk}/change/").status_code == 404
    resp = c.post(f"{BASE}/areas/area/{area.pk}/change/", {"name_th": "x", "name_en": "x"})
    assert resp.status_code == 403
    area.refresh_from_db()
    assert area.name_th == before
    assert not AuditEvent.objects.exists()


def test_changelist_is_scoped(make_user: Any) -> None:
    viewer = make_user("national_admin", area="2401", is_staff=True)
    resp = client_for(viewer).get(f"{BASE}/areas/area/?q=คลอง")
    assert resp.status_code == 200
    result_list = resp.context["cl"].result_list
    assert result_list and all(a.code.startswith("2401") for a in result_list)


def test_read_only_role_sees_but_cannot_change(make_user: Any) -> None:
    member = make_user("tambon_council_member", area="240104", is_staff=True)
    area = Area.objects.get(code="240104")
    c = client_for(member)
    assert c.get(f"{BASE}/areas/area/{area.pk}/change/").status_code == 200
    assert c.post(f"{BASE}/areas/area/{area.pk}/change/", {"name_th": "x", "name_en": "x"}).status_code == 403
    area.refresh_from_db()
    assert area.name_th != "x"
    assert not AuditEvent.objects.exists()


def test_role_assignment_admin_scoped_and_audited(make_user: Any) -> None:
    manager = make_user("national_admin", area="24", is_staff=True)
    inside = make_user("tambon_council_member", area="240104")
    outside = make_user("tambon_council_member", area="250101")
    c = client_for(manager)
    changelist = c.get(f"{BASE}/accounts/roleassignment/")
    shown = {ra.user_id for ra in changelist.context["cl"].result_list}
    assert inside.pk in shown and outside.pk not in shown
    out_ra = outside.roles.get()
    assert c.get(f"{BASE}/accounts/roleassignment/{out_ra.pk}/change/").status_code == 404
    resp = c.post(f"{BASE}/accounts/roleassignment/{out_ra.pk}/delete/", {"post": "yes"})
    assert resp.status_code == 403
    assert RoleAssignment.objects.filter(pk=out_ra.pk).exists()
    in_ra = inside.roles.get()
    resp = c.post(f"{BASE}/accounts/roleassignment/{in_ra.pk}/delete/", {"post": "yes"})
    assert resp.status_code == 302
    assert not RoleAssignment.objects.filter(pk=in_ra.pk).exists()
    event = AuditEvent.objects.get(model_label="accounts.roleassignment", action="delete")
    assert event.actor == manager and event.object_pk == str(in_ra.pk)


def test_role_assignment_cannot_be_moved_out_of_scope(make_user: Any) -> None:
    manager = make_user("national_admin", area="24", is_staff=True)
    inside = make_user("tambon_council_member", area="240104")
    ra = inside.roles.get()
    outside_area = Area.objects.get(code="250101")
    resp = client_for(manager).post(
        f"{BASE}/accounts/roleassignment/{ra.pk}/change/",
        {
            "user": inside.pk,
            "role": ra.role,
            "scope_kind": "area",
            "area": outside_area.pk,
            "starts_on": ra.starts_on.isoformat(),
        },
    )
    # The area choice is narrowed to scope, so the form refuses it; nothing is written either way.
    assert resp.status_code in (200, 403)
    ra.refresh_from_db()
    assert ra.area.code == "240104"
    assert not AuditEvent.objects.exists()


def test_user_admin_hides_users_outside_scope_and_never_audits_password(make_user: Any) -> None:
    manager = make_user("national_admin", area="24", is_staff=True)
    inside = make_user("tambon_council_member", area="240104")
    outside = make_user("tambon_council_member", area="250101")
    c = client_for(manager)
    assert c.get(f"{BASE}/accounts/user/{inside.pk}/change/").status_code == 200
    assert c.get(f"{BASE}/accounts/user/{outside.pk}/change/").status_code == 404
    resp = c.post(f"{BASE}/accounts/user/{outside.pk}/delete/", {"post": "yes"})
    assert resp.status_code == 403
    assert User.objects.filter(pk=outside.pk).exists()

    superuser = User.objects.create_superuser("root", password="x-long-password-1")
    sc = client_for(superuser)
    resp = sc.post(
        f"{BASE}/accounts/user/add/",
        {
            "username": "newbie",
            "password1": "a-Long-pass-2565",
            "password2": "a-Long-pass-2565",
            "usable_password": "true",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert resp.status_code == 302, resp.content[:800]
    created = AuditEvent.objects.get(model_label="accounts.user", action="create")
    assert created.changes["password"] == [None, "••••••"]
    assert "pbkdf2" not in str(created.changes)


def test_admin_password_change_is_audited_without_the_hash_and_scoped(make_user: Any) -> None:
    manager = make_user("national_admin", area="24", is_staff=True)
    inside = make_user("tambon_council_member", area="240104")
    outside = make_user("tambon_council_member", area="250101")
    c = client_for(manager)
    form = {"password1": "a-New-pass-2569", "password2": "a-New-pass-2569", "usable_password": "true"}
    resp = c.post(f"{BASE}/accounts/user/{inside.pk}/password/", form)
    assert resp.status_code == 302, resp.content[:800]
    inside.refresh_from_db()
    assert inside.check_password("a-New-pass-2569")
    event = AuditEvent.objects.get(model_label="accounts.user", object_pk=str(inside.pk), action="update")
    assert event.actor == manager and "password" in event.note
    assert event.changes["password"] == ["••••••", "••••••"]
    assert "pbkdf2" not in str(event.changes) and "md5" not in str(event.changes)
    # Out of scope: a write is refused (403), password unchanged, nothing audited.
    before = outside.password
    assert c.post(f"{BASE}/accounts/user/{outside.pk}/password/", form).status_code == 403
    outside.refresh_from_db()
    assert outside.password == before
    assert not AuditEvent.objects.filter(model_label="accounts.user", object_pk=str(outside.pk)).exists()
    # A rejected form (passwords differ) changes and audits nothing.
    bad = c.post(f"{BASE}/accounts/user/{inside.pk}/password/", {**form, "password2": "something-else-1"})
    assert bad.status_code == 200
    assert AuditEvent.objects.filter(model_label="accounts.user", object_pk=str(inside.pk)).count() == 1
