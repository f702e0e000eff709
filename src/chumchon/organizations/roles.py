"""The body a role is held in (organizations.BodyRoleAssignment), offered to accounts.

Registered into ``accounts.roles`` from OrganizationsConfig.ready(): accounts makes the link (the
demo) and shows it (/accounts/me, the admin list) without importing organizations.
"""

from __future__ import annotations

from collections.abc import Sequence

from chumchon.accounts.models import RoleAssignment
from chumchon.organizations.models import Body, BodyRoleAssignment


def role_body_set(*, assignment: RoleAssignment, body: Body) -> BodyRoleAssignment:
    """Record that ``assignment`` is held in ``body`` (replacing any earlier body). Runs in the caller's
    transaction: the demo and test fixtures call it while making users."""
    link, _ = BodyRoleAssignment.objects.update_or_create(assignment=assignment, defaults={"body": body})
    return link


def role_body_labels(assignments: Sequence[RoleAssignment]) -> dict[int, str]:
    """Each assignment's body as ``str(body)`` (its Thai name), read as two columns, not as models (my account
    asks on every visit)."""
    if not assignments:
        return {}
    links = BodyRoleAssignment.objects.filter(assignment__in=[a.pk for a in assignments])
    return dict(links.values_list("assignment_id", "body__name_th"))


class BodiesOfRoles:
    """Organizations' implementation of ``accounts.roles.RoleBodies``."""

    def link(self, *, assignment: RoleAssignment, body: Body) -> None:
        role_body_set(assignment=assignment, body=body)

    def labels(self, assignments: Sequence[RoleAssignment]) -> dict[int, str]:
        return role_body_labels(assignments)
