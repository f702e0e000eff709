"""My account page: roles and scopes with Thai labels; API keys shown once and revocable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from chumchon.accounts.models import ApiToken, Role, RoleAssignment

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_my_account_lists_roles_and_scopes(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    RoleAssignment.objects.create(
        user=user,
        role=Role.CLUSTER_WORKING_GROUP_MEMBER,
        scope_kind="cluster",
        cluster_id=user.roles.get().area.parent.parent.cluster_id,
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2021, 1, 1),
    )
    with translation.override("th"):
        r = _client(user).get("/accounts/me/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "เลขานุการสภาองค์กรชุมชนตำบล" in html
    assert "คลองนา" in html and 'href="/areas/240104/"' in html
    rows = r.context["assignments"]
    assert [row.current for row in rows] == [True, False]  # the expired role is listed last
    assert "2564" in html  # 1 Jan 2021 in the Buddhist Era


def test_my_account_requires_login() -> None:
    r = Client().get("/accounts/me/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_api_key_is_shown_once_and_can_be_revoked(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    c = _client(user)
    r = c.post("/accounts/me/api-keys/", {"name": "รายงานประจำเดือน"}, follow=True)
    key = r.context["new_key"]
    assert key and key in r.content.decode()
    assert key not in c.get("/accounts/me/").content.decode()  # gone on the next visit
    assert Client().get("/api/areas/240104", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    token = ApiToken.objects.get(user=user)
    other = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    assert _client(other).post(f"/accounts/me/api-keys/{token.pk}/revoke/").status_code == 404
    c.post(f"/accounts/me/api-keys/{token.pk}/revoke/")
    assert Client().get("/api/areas/240104", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_api_key_help_shows_the_header_placeholder(client, make_user) -> None:
    """Issue 9: the help printed “Authorization: Bearer ” (the <key> placeholder was parsed as a tag)."""
    client.force_login(make_user("tambon_council_secretary", area="240104"))
    html = client.get("/accounts/me/").content.decode()
    assert "Authorization: Bearer &lt;key&gt;" in html
