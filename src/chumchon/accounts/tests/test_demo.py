"""The accounts demo step: one user per role, scoped inside the demo region."""

from __future__ import annotations

import random
from typing import Any

import pytest

from chumchon.accounts import demo, permissions
from chumchon.accounts.models import Role
from chumchon.accounts.permissions import Action
from chumchon.areas.models import CodiRegion
from chumchon.core.demo import DemoContext

pytestmark = pytest.mark.django_db


def _ctx(**shared: Any) -> DemoContext:
    return DemoContext(seed=1, region=CodiRegion.objects.get(code="R5"), rng=random.Random(1), shared=dict(shared))


def test_demo_users_for_every_role_without_bodies() -> None:
    ctx = _ctx()
    demo.generate(ctx)
    users = ctx.shared["users"]
    # The project-review working group's user comes with the group (meetings' demo).
    assert set(users) == set(Role) - {Role.PROJECT_REVIEW_GROUP_MEMBER}
    admin = users[Role.NATIONAL_ADMIN]
    assert admin.username == "admin" and admin.is_superuser and admin.is_staff
    klongna = users[Role.TAMBON_COUNCIL_SECRETARY]
    assert klongna.username == "klongna" and klongna.first_name == "สมศรี"
    assert permissions.can(klongna, Action.ORG_EDIT, "240104")
    assert not permissions.can(klongna, Action.ORG_EDIT, "240105")
    assert permissions.can(users[Role.CLUSTER_WORKING_GROUP_MEMBER], Action.PROJECT_APPROVE, "200101")
    assert permissions.can(users[Role.CDD_DISTRICT_OFFICER], Action.PERSON_EDIT, "240104")
    assert not permissions.can(users[Role.CDD_DISTRICT_OFFICER], Action.PERSON_EDIT, "2402")
    assert permissions.can(users[Role.CODI_REGIONAL_STAFF], Action.ORG_EDIT, "250101")
    assert {u.username for u in ctx.users} >= {"admin", "klongna", "cdd_24", "cdd_2401", "cluster_c08"}
    # Every non-admin user's scope lies in the demo region.
    r5 = set(ctx.region.provinces.values_list("code", flat=True))
    for role, user in users.items():
        if role != Role.NATIONAL_ADMIN:
            assert user.scope_codes and all(code[:2] in r5 for code in user.scope_codes), role


def test_demo_links_bodies_and_is_idempotent() -> None:
    from chumchon.areas.models import Area
    from chumchon.organizations.models import Body

    council = Body.objects.create(
        kind="tambon_council", name_th="สภาองค์กรชุมชนตำบลคลองนา", area=Area.objects.get(code="240104")
    )
    demo.generate(_ctx(tambon_councils={"240104": council}))
    ctx = _ctx(tambon_councils={"240104": council})
    demo.generate(ctx)
    klongna = ctx.shared["users"][Role.TAMBON_COUNCIL_SECRETARY]
    assert list(klongna.roles.values_list("body_link__body_id", flat=True)) == [council.pk]
