"""Unit tests of the permission module: covers, can, scoped, scoped_by_scope, grants and expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.models import Role, RoleAssignment
from chumchon.accounts.permissions import ROLE_ACTIONS, Action, can, covers, scoped, scoped_by_scope
from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.organizations.models import Body

R5_PROVINCES = {"10", "11", "12", "13", "20", "21", "22", "23", "24", "25", "26", "27", "74"}
C08_PROVINCES = {"24", "20", "21", "11"}


def test_every_role_has_actions_and_area_view() -> None:
    assert set(ROLE_ACTIONS) == set(Role)
    for role, actions in ROLE_ACTIONS.items():
        assert Action.AREA_VIEW in actions, role
    assert ROLE_ACTIONS[Role.NATIONAL_ADMIN] == frozenset(Action)
    assert Action.PERSON_VIEW_ID not in ROLE_ACTIONS[Role.TAMBON_COUNCIL_SECRETARY]


@pytest.mark.parametrize(
    ("prefixes", "codes", "expected"),
    [
        ({""}, ("240104",), True),
        ({""}, (), True),  # national users reach national objects
        ({"24"}, ("240104",), True),
        ({"24"}, ("24",), True),
        ({"2401"}, ("24",), False),  # a child scope does not cover its parent
        ({"240104"}, ("240105",), False),  # nor a sibling
        ({"24"}, ("2501",), False),
        ({"24", "25"}, ("2401", "2501"), True),  # every code must be covered…
        ({"24"}, ("2401", "2501"), False),  # …not just one
        ({"24"}, (), False),  # an object with no codes is national
        ({"24"}, ("",), False),
        (set(), ("24",), False),
    ],
)
def test_covers(prefixes: set[str], codes: tuple[str, ...], expected: bool) -> None:
    assert covers(frozenset(prefixes), codes) is expected


@pytest.mark.django_db
def test_can_with_code_object_and_iterable_targets(make_user: Any) -> None:
    user = make_user(Role.CDD_DISTRICT_OFFICER, area="2401")
    assert can(user, Action.PERSON_EDIT, "240104")
    assert can(user, Action.PERSON_EDIT, Area.objects.get(code="240104"))
    assert can(user, Action.PERSON_EDIT, ["240104", "240105"])
    assert not can(user, Action.PERSON_EDIT, ["240104", "240201"])
    assert not can(user, Action.PERSON_EDIT, "24")
    assert not can(user, Action.ORG_EDIT, "240104")  # right scope, wrong action
    assert not can(user, Action.AREA_VIEW, "")


@pytest.mark.django_db
def test_anonymous_and_inactive_users_have_nothing(make_user: Any) -> None:
    assert not can(AnonymousUser(), Action.AREA_VIEW, "24")
    assert not can(None, Action.AREA_VIEW, "24")
    user = make_user(Role.NATIONAL_ADMIN, nation=True)
    user.is_active = False
    assert not can(user, Action.AREA_VIEW, "24")
    assert scoped(Area.objects.all(), user, Action.AREA_VIEW, "code").count() == 0


@pytest.mark.django_db
def test_superuser_can_everything_everywhere(make_user: Any) -> None:
    user = make_user(None, is_superuser=True)
    assert can(user, Action.PERSON_VIEW_ID, "")
    assert scoped(Area.objects.all(), user, Action.AREA_EDIT, "code").count() == Area.objects.count()


@pytest.mark.django_db
def test_region_and_cluster_roles_expand_to_their_provinces(make_user: Any) -> None:
    regional = make_user(Role.CODI_REGIONAL_STAFF, region="R5")
    cluster = make_user(Role.CLUSTER_WORKING_GROUP_MEMBER, cluster="C08")
    assert permissions.grants_for(regional).prefixes(Action.AREA_VIEW) == R5_PROVINCES
    assert permissions.grants_for(cluster).prefixes(Action.PROJECT_APPROVE) == C08_PROVINCES
    assert can(cluster, Action.PROJECT_APPROVE, "200101")
    assert not can(cluster, Action.PROJECT_APPROVE, "250101")
    assert can(regional, Action.ORG_EDIT, "250101")
    assert not can(regional, Action.ORG_EDIT, "500101")


@pytest.mark.django_db
def test_scoped_filters_by_prefix(make_user: Any) -> None:
    user = make_user(Role.CDD_DISTRICT_OFFICER, area="2401")
    codes = set(scoped(Area.objects.all(), user, Action.AREA_VIEW, "code").values_list("code", flat=True))
    assert codes and all(c.startswith("2401") for c in codes)
    assert "240104" in codes and "24" not in codes
    assert scoped(Area.objects.all(), user, Action.ORG_EDIT, "code").count() == 0


@pytest.mark.django_db
def test_scoped_unions_several_roles(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    RoleAssignment.objects.create(
        user=user, role=Role.TAMBON_COUNCIL_MEMBER, scope_kind="area", area=Area.objects.get(code="250101")
    )
    permissions.forget_grants(user)
    codes = set(
        scoped(Area.objects.filter(level="subdistrict"), user, Action.AREA_VIEW, "code").values_list("code", flat=True)
    )
    assert codes == {"240104", "250101"}


@pytest.fixture
def scoped_bodies(db: Any) -> dict[str, Body]:
    r5 = CodiRegion.objects.get(code="R5")
    r1 = CodiRegion.objects.get(code="R1")
    c08 = ProvincialCluster.objects.get(code="C08")
    c09 = ProvincialCluster.objects.get(code="C09")

    def make(key: str, **scope: Any) -> Body:
        return Body.objects.create(kind="partner_agency", name_th=key, **scope)

    return {
        "nation": make("nation", scope_kind="nation"),
        "R5": make("R5", scope_kind="region", region=r5),
        "R1": make("R1", scope_kind="region", region=r1),
        "C08": make("C08", scope_kind="cluster", cluster=c08),
        "C09": make("C09", scope_kind="cluster", cluster=c09),
        "24": make("24", scope_kind="area", area=Area.objects.get(code="24")),
        "240104": make("240104", scope_kind="area", area=Area.objects.get(code="240104")),
        "250101": make("250101", scope_kind="area", area=Area.objects.get(code="250101")),
    }


@pytest.mark.parametrize(
    ("scope", "visible"),
    [
        ({"nation": True}, {"nation", "R5", "R1", "C08", "C09", "24", "240104", "250101"}),
        ({"region": "R5"}, {"R5", "C08", "C09", "24", "240104", "250101"}),  # clusters inside R5
        ({"cluster": "C08"}, {"C08", "24", "240104"}),  # not R5: the cluster covers only 4 provinces
        ({"area": "24"}, {"24", "240104"}),  # not C08: the province covers one of its 4
        ({"area": "240104"}, {"240104"}),
    ],
)
def test_scoped_by_scope(
    make_user: Any, scoped_bodies: dict[str, Body], scope: dict[str, Any], visible: set[str]
) -> None:
    user = make_user(Role.CODI_REGIONAL_STAFF, **scope)
    names = set(scoped_by_scope(Body.objects.all(), user, Action.ORG_VIEW).values_list("name_th", flat=True))
    assert names == visible
    # The object-level answer agrees with the queryset.
    for key, body in scoped_bodies.items():
        assert can(user, Action.ORG_VIEW, body) is (key in visible), key


@pytest.mark.django_db
def test_scoped_by_scope_without_action_is_empty(make_user: Any, scoped_bodies: dict[str, Body]) -> None:
    user = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    assert scoped_by_scope(Body.objects.all(), user, Action.ORG_EDIT).count() == 0


@pytest.mark.django_db
def test_expired_assignment_grants_nothing(make_user: Any) -> None:
    user = make_user(Role.CDD_PROVINCIAL_OFFICER, area="24")
    assignment = user.roles.get()
    assignment.starts_on = timezone.localdate() - dt.timedelta(days=400)
    assignment.ends_on = timezone.localdate() - dt.timedelta(days=1)
    assignment.save()
    permissions.forget_grants(user)
    assert permissions.grants_for(user).by_action == {}
    assert not can(user, Action.AREA_VIEW, "24")
    assert scoped(Area.objects.all(), user, Action.AREA_VIEW, "code").count() == 0
    with pytest.raises(Http404):
        permissions.require_read(user, Action.AREA_VIEW, "24")


@pytest.mark.django_db
def test_assignment_ending_today_still_counts_and_future_one_does_not(make_user: Any) -> None:
    user = make_user(Role.CDD_PROVINCIAL_OFFICER, area="24")
    assignment = user.roles.get()
    assignment.ends_on = timezone.localdate()
    assignment.save()
    RoleAssignment.objects.create(
        user=user,
        role=Role.CDD_PROVINCIAL_OFFICER,
        scope_kind="area",
        area=Area.objects.get(code="25"),
        starts_on=timezone.localdate() + dt.timedelta(days=1),
    )
    permissions.forget_grants(user)
    assert can(user, Action.AREA_VIEW, "2401")
    assert not can(user, Action.AREA_VIEW, "2501")


@pytest.mark.django_db
def test_expired_role_does_not_hide_a_current_one(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    RoleAssignment.objects.create(
        user=user,
        role=Role.CODI_REGIONAL_STAFF,
        scope_kind="region",
        region=CodiRegion.objects.get(code="R5"),
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2021, 1, 1),
    )
    permissions.forget_grants(user)
    assert can(user, Action.ORG_EDIT, "240104")
    assert not can(user, Action.ORG_EDIT, "250101")


@pytest.mark.django_db
def test_require_read_and_write(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    permissions.require_read(user, Action.AREA_VIEW, "240104")
    with pytest.raises(Http404):
        permissions.require_read(user, Action.AREA_VIEW, "240105")
    with pytest.raises(PermissionDenied) as err:
        permissions.require_write(user, Action.ORG_EDIT, "240104")
    assert "คุณไม่มีสิทธิ์" in str(err.value) and "not allowed" in str(err.value)


@pytest.mark.django_db
def test_grants_are_cached_until_forgotten(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    assert not can(user, Action.AREA_VIEW, "250101")
    RoleAssignment.objects.create(
        user=user, role=Role.TAMBON_COUNCIL_MEMBER, scope_kind="area", area=Area.objects.get(code="250101")
    )
    assert not can(user, Action.AREA_VIEW, "250101")  # cached for the request
    permissions.forget_grants(user)
    assert can(user, Action.AREA_VIEW, "250101")


@pytest.mark.django_db
def test_backend_routes_has_perm_through_scope(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104", is_staff=True)
    inside = Body.objects.create(kind="welfare_fund", name_th="ก", area=Area.objects.get(code="240104"))
    outside = Body.objects.create(kind="welfare_fund", name_th="ข", area=Area.objects.get(code="240105"))
    assert user.has_perm("organizations.change_body")
    assert user.has_perm("organizations.change_body", inside)
    assert not user.has_perm("organizations.change_body", outside)
    assert not user.has_perm("areas.change_area")
    assert not user.has_perm("nosuch.change_thing")


@pytest.mark.django_db
def test_user_scope_codes_follow_current_roles(make_user: Any) -> None:
    user = make_user(Role.CLUSTER_WORKING_GROUP_MEMBER, cluster="C08")
    assert set(user.scope_codes) == C08_PROVINCES
    user.roles.update(ends_on=dt.date(2000, 1, 1))
    assert user.scope_codes == ()


def test_register_admin_actions_is_case_insensitive() -> None:
    permissions.register_admin_actions("Tests.Widget", Action.AREA_VIEW, Action.AREA_EDIT)
    try:
        assert permissions.admin_action_for("tests.view_widget") == Action.AREA_VIEW
        assert permissions.admin_action_for("tests.change_widget") == Action.AREA_EDIT
        assert permissions.admin_action_for("tests.delete_widget") == Action.AREA_EDIT
    finally:
        del permissions.ADMIN_ACTIONS["tests.widget"]
