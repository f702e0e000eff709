"""``permissions.current_assignments``: the role assignments the grants were computed from, read once per user
object (the signed-in request's come with the user from the authentication backend), the same as reading the
user's current roles, and forgotten with the grants."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.backends import ScopedPermissionBackend
from chumchon.accounts.models import Role, RoleAssignment
from chumchon.areas.models import Area

pytestmark = pytest.mark.django_db


def _read(user: Any) -> list[int]:
    return sorted(a.pk for a in user.roles.select_related("area").all() if a.is_current())


def test_the_backend_read_serves_them_without_a_query(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    RoleAssignment.objects.create(
        user=user, role=Role.TAMBON_COUNCIL_MEMBER, scope_kind="area", area=Area.objects.get(code="250101")
    )
    ended = RoleAssignment.objects.create(
        user=user,
        role=Role.CDD_PROVINCIAL_OFFICER,
        scope_kind="area",
        area=Area.objects.get(code="24"),
        ends_on=timezone.localdate() - dt.timedelta(days=1),
    )
    signed_in = ScopedPermissionBackend().get_user(user.pk)
    with CaptureQueriesContext(connection) as ctx:
        held = permissions.current_assignments(signed_in)
        codes = [a.area.code for a in held]
    assert not ctx.captured_queries
    assert sorted(a.pk for a in held) == _read(user)
    assert ended.pk not in {a.pk for a in held} and sorted(codes) == ["240104", "250101"]


def test_read_once_and_forgotten_with_the_grants(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    assert [a.pk for a in permissions.current_assignments(user)] == _read(user)
    added = RoleAssignment.objects.create(
        user=user, role=Role.TAMBON_COUNCIL_MEMBER, scope_kind="area", area=Area.objects.get(code="250101")
    )
    assert added.pk not in {a.pk for a in permissions.current_assignments(user)}  # kept for the request
    permissions.forget_grants(user)
    assert added.pk in {a.pk for a in permissions.current_assignments(user)}
    assert "250101" in permissions.grants_for(user).prefixes(permissions.Action.AREA_VIEW)


def test_a_superusers_come_with_the_backend_read_too(make_user: Any) -> None:
    user = make_user(Role.NATIONAL_ADMIN, nation=True, is_superuser=True)
    signed_in = ScopedPermissionBackend().get_user(user.pk)
    with CaptureQueriesContext(connection) as ctx:
        held = permissions.current_assignments(signed_in)
    assert not ctx.captured_queries
    assert [a.pk for a in held] == _read(user) != []
    # Grants computed without the backend (a job's actor): a superuser's are not read for them, but on demand.
    fresh = type(user).objects.get(pk=user.pk)
    assert "" in permissions.grants_for(fresh).prefixes(permissions.Action.PROJECT_APPROVE)
    assert [a.pk for a in permissions.current_assignments(fresh)] == _read(user)
