"""Where a role is held (ดำรงบทบาทในองค์กรใด): a registry accounts owns, filled by the app that owns bodies.

A role assignment may be held in a body (a tambon council's secretary, a member of the cluster
working group). Bodies live above accounts (organizations), so the link is organizations' model;
accounts asks through this registry to make a link (the demo, fixtures) and to show it (/accounts/me).
Organizations registers its implementation from its AppConfig.ready(). When committees come (issue
12), membership of a committee will make the assignment and its link through the same two calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from chumchon.accounts.models import RoleAssignment


class RoleBodies(Protocol):
    def link(self, *, assignment: RoleAssignment, body: Any) -> None:
        """Record that ``assignment`` is held in ``body`` (replacing any earlier body)."""
        ...

    def labels(self, assignments: Sequence[RoleAssignment]) -> dict[int, str]:
        """The body each assignment is held in, as text, by assignment id (those without none are left out)."""
        ...


class _NoBodies:
    def link(self, *, assignment: RoleAssignment, body: Any) -> None:
        raise LookupError("ไม่มีแอปที่บันทึกองค์กร / no installed app records bodies (organizations)")

    def labels(self, assignments: Sequence[RoleAssignment]) -> dict[int, str]:
        return {}


_role_bodies: RoleBodies = _NoBodies()


def register_role_bodies(implementation: RoleBodies) -> None:
    global _role_bodies
    _role_bodies = implementation


def role_body_link(*, assignment: RoleAssignment, body: Any) -> None:
    _role_bodies.link(assignment=assignment, body=body)


def role_body_labels(assignments: Sequence[RoleAssignment]) -> dict[int, str]:
    return _role_bodies.labels(assignments)
