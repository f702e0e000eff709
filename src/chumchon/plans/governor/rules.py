"""Who records and follows proposals to the governor and agencies.

A user may write a proposal (record, send, enter the reply and the proof of inclusion) when the
permission module grants ``plan.edit`` over the proposing body's area and the user holds there a
role of the proposing side (the tambon council secretary, the provincial working group, the CDD
provincial office, CODI regional staff, national administrators) — or holds a role in the
follow-up secretariat that follows it.
"""

from __future__ import annotations

from typing import Any

from chumchon.accounts import permissions
from chumchon.accounts.models import Role
from chumchon.accounts.permissions import Action, can, covers, grants_for
from chumchon.core import prepared
from chumchon.organizations.models import BodyRoleAssignment

WRITER_ROLES = frozenset(
    {
        Role.NATIONAL_ADMIN,
        Role.CODI_REGIONAL_STAFF,
        Role.PROVINCIAL_WORKING_GROUP_MEMBER,
        Role.CDD_PROVINCIAL_OFFICER,
        Role.TAMBON_COUNCIL_SECRETARY,
    }
)


def _current_roles(user: Any) -> list[Any]:
    return permissions.current_assignments(user)


def body_ids(user: Any) -> set[int]:
    """The bodies the user currently holds a role in."""
    assignments = tuple(a.pk for a in _current_roles(user))
    if not assignments:
        return set()
    # Made of the assignments' ids alone: built once per process for them (``core.prepared``; asked on every home).
    found = prepared.rows(
        ("governor.body_ids", assignments),
        lambda: BodyRoleAssignment.objects.filter(assignment_id__in=assignments).values_list("body_id"),
    )
    return {body for (body,) in found}


def may_write_in(user: Any, scope_codes: tuple[str, ...]) -> bool:
    """Whether ``user`` may record proposals of a body over ``scope_codes``."""
    if not can(user, Action.PLAN_EDIT, scope_codes):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(a.role in WRITER_ROLES and covers(frozenset(a.scope_codes), scope_codes) for a in _current_roles(user))


def may_write(user: Any, proposal: Any) -> bool:
    """Whether ``user`` may write ``proposal``: the proposing side, or the secretariat following it."""
    if may_write_in(user, proposal.scope_codes):
        return True
    return proposal.secretariat_id is not None and proposal.secretariat_id in body_ids(user)


def may_record_anywhere(user: Any) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(grants_for(user).prefixes(Action.PLAN_EDIT)) and any(
        a.role in WRITER_ROLES for a in _current_roles(user)
    )
