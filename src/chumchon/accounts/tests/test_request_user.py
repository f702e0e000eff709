"""The signed-in user of a request is read with their role assignments in one query (the floor of every page).

``ScopedPermissionBackend.get_user`` reads the assignments with their user and area joined and hands them to
the grants; these tests check that what it gives is exactly what reading the user and then the grants gave
(for every kind of scope, expired and future assignments, superusers, users without roles, inactive users),
and that a signed-in page reads the user and the grants in one query, not two.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from chumchon.accounts import permissions, selectors
from chumchon.accounts.backends import ScopedPermissionBackend
from chumchon.accounts.models import Role, RoleAssignment
from chumchon.areas.models import Area


def _fresh_grants(user_id: int) -> permissions.Grants:
    """The grants as before: the user read on its own, then its assignments."""
    user = get_user_model().objects.get(pk=user_id)
    return permissions.grants_for(user)


@pytest.fixture
def users(make_user: Any) -> list[Any]:
    made = [
        make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104"),
        make_user(Role.CODI_REGIONAL_STAFF, region="R5"),
        make_user(Role.CLUSTER_WORKING_GROUP_MEMBER, cluster="C08"),
        make_user(Role.CDD_PROVINCIAL_OFFICER, nation=True),
        make_user(None),  # no role at all
        make_user(None, is_superuser=True, is_staff=True),
        make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104", is_active=False),
    ]
    several = make_user(Role.CDD_PROVINCIAL_OFFICER, area="24")
    today = timezone.localdate()
    RoleAssignment.objects.create(  # expired
        user=several,
        role=Role.CODI_REGIONAL_STAFF,
        scope_kind="area",
        area=Area.objects.get(code="25"),
        starts_on=today - dt.timedelta(days=400),
        ends_on=today - dt.timedelta(days=1),
    )
    RoleAssignment.objects.create(  # not yet begun
        user=several,
        role=Role.TAMBON_COUNCIL_SECRETARY,
        scope_kind="area",
        area=Area.objects.get(code="250101"),
        starts_on=today + dt.timedelta(days=1),
    )
    RoleAssignment.objects.create(  # a second current one
        user=several, role=Role.TAMBON_COUNCIL_MEMBER, scope_kind="area", area=Area.objects.get(code="260101")
    )
    superuser_with_role = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104", is_superuser=True)
    return [*made, several, superuser_with_role]


@pytest.mark.django_db
def test_backend_user_and_grants_equal_reading_them_apart(users: list[Any]) -> None:
    backend = ScopedPermissionBackend()
    for made in users:
        user = backend.get_user(str(made.pk))  # the session keeps the id as text
        if not made.is_active:
            assert user is None
            continue
        assert user is not None and user.pk == made.pk
        expected = get_user_model().objects.get(pk=made.pk)
        for field in get_user_model()._meta.concrete_fields:
            assert getattr(user, field.attname) == getattr(expected, field.attname), field.name
        with CaptureQueriesContext(connection) as queries:
            grants = permissions.grants_for(user)
        assert len(queries) == 0, "the grants come with the user"
        assert grants == _fresh_grants(made.pk)
        assert grants.by_action or user.is_superuser or not user.roles.exists()


@pytest.mark.django_db
def test_my_accounts_roles_from_the_backends_read_equal_reading_them_apart(users: list[Any]) -> None:
    """``user_role_rows`` lists the assignments read with the user (all of them: current, expired, not yet
    begun; area, region, cluster and nation scopes) exactly as it listed them read on its own."""
    backend = ScopedPermissionBackend()
    for made in users:
        user = backend.get_user(str(made.pk))
        if user is None:
            continue
        for language in ("th", "en"):
            with translation.override(language):
                with CaptureQueriesContext(connection) as queries:
                    held = selectors.user_role_rows(user)
                assert not any('FROM "accounts_roleassignment"' in q["sql"] for q in queries.captured_queries)
                assert held == selectors.user_role_rows(get_user_model().objects.get(pk=made.pk))
                assert len(held) == RoleAssignment.objects.filter(user=made).count()


@pytest.mark.django_db
def test_backend_unknown_or_malformed_id_is_no_user(users: list[Any]) -> None:
    backend = ScopedPermissionBackend()
    assert backend.get_user("999999") is None
    assert backend.get_user("not-a-number") is None


@pytest.mark.django_db
def test_a_signed_in_page_reads_user_and_grants_in_one_query(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104", username="floor_user")
    client = Client()
    client.force_login(user, backend="chumchon.accounts.backends.ScopedPermissionBackend")
    client.get("/accounts/me/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/accounts/me/")
    assert response.status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries]
    user_table = get_user_model()._meta.db_table
    reads_of_user = [s for s in sqls if f'FROM "{user_table}"' in s]
    assert reads_of_user == [], "the user is joined to the assignments, not read on its own"
    grants_reads = [s for s in sqls if 'FROM "accounts_roleassignment"' in s and f'"{user_table}"' in s]
    assert len(grants_reads) == 1
    # The page's own list of roles is the one read with the user: no other read of the assignments.
    assert sum('FROM "accounts_roleassignment"' in s for s in sqls) == 1
