"""The body a role is held in is organizations' link; accounts shows and makes it through accounts.roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chumchon.accounts import roles
from chumchon.accounts.models import RoleAssignment
from chumchon.accounts.selectors import user_role_rows
from chumchon.organizations.roles import BodiesOfRoles

pytestmark = pytest.mark.django_db


def _council() -> Any:
    from chumchon.areas.models import Area
    from chumchon.organizations.models import Body

    return Body.objects.create(
        kind="tambon_council", name_th="สภาองค์กรชุมชนตำบลคลองนา", area=Area.objects.get(code="240104")
    )


def test_organizations_registers_where_roles_are_held() -> None:
    assert isinstance(roles._role_bodies, BodiesOfRoles)


def test_my_account_shows_the_body_each_role_is_held_in(make_user: Any, client: Client) -> None:
    council = _council()
    secretary = make_user("tambon_council_secretary", area="240104", body=council)
    rows = user_role_rows(secretary)
    assert [row.body for row in rows] == [council.name_th]
    client.force_login(secretary)
    assert council.name_th in client.get(reverse("accounts:me")).content.decode()


def test_linking_replaces_the_earlier_body(make_user: Any) -> None:
    from chumchon.organizations.models import Body, BodyRoleAssignment

    first = _council()
    second = Body.objects.create(kind="welfare_fund", name_th="กองทุนสวัสดิการ", area=first.area)
    user = make_user("tambon_council_member", area="240104", body=first)
    assignment = RoleAssignment.objects.get(user=user)
    roles.role_body_link(assignment=assignment, body=second)
    assert list(BodyRoleAssignment.objects.values_list("assignment_id", "body_id")) == [(assignment.pk, second.pk)]
    assert roles.role_body_labels([assignment]) == {assignment.pk: second.name_th} == {assignment.pk: str(second)}
    other = make_user("tambon_council_member", area="240104", body=first)  # two assignments, two bodies
    both = [assignment, RoleAssignment.objects.get(user=other)]
    assert roles.role_body_labels(both) == {a.pk: str(BodyRoleAssignment.objects.get(assignment=a).body) for a in both}
    assert roles.role_body_labels([]) == {}


def test_without_organizations_a_link_is_refused_and_nothing_is_shown(make_user: Any) -> None:
    user = make_user("tambon_council_member", area="240104")
    assignment = RoleAssignment.objects.get(user=user)
    before = roles._role_bodies
    roles.register_role_bodies(roles._NoBodies())
    try:
        with pytest.raises(LookupError):
            roles.role_body_link(assignment=assignment, body=object())
        assert roles.role_body_labels([assignment]) == {}
    finally:
        roles.register_role_bodies(before)


def test_the_admin_sets_the_body_of_a_role_through_organizations_inline(make_user: Any) -> None:
    from chumchon.audit.models import AuditEvent
    from chumchon.organizations.models import BodyRoleAssignment

    council = _council()
    member = make_user("tambon_council_member", area="240104")
    assignment = RoleAssignment.objects.get(user=member)
    admin = make_user("national_admin", nation=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    url = f"/admin/accounts/roleassignment/{assignment.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and "body_link-TOTAL_FORMS" in page.content.decode()
    response = client.post(
        url,
        {
            "user": member.pk,
            "role": assignment.role,
            "scope_kind": "area",
            "area": assignment.area_id,
            "starts_on": assignment.starts_on.isoformat(),
            "body_link-TOTAL_FORMS": "1",
            "body_link-INITIAL_FORMS": "0",
            "body_link-MIN_NUM_FORMS": "0",
            "body_link-MAX_NUM_FORMS": "1",
            "body_link-0-body": str(council.pk),
            "body_link-0-assignment": str(assignment.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert BodyRoleAssignment.objects.get(assignment=assignment).body == council
    assert AuditEvent.objects.filter(model_label="organizations.bodyroleassignment", action="create").exists()
