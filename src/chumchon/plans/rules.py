"""Who writes which plan (ใครเขียนแผนใด): the owning side's roles, per kind of plan.

A user may write a plan (its items, versions, imports, and the answers to proposals it receives)
when the permission module grants ``plan.edit`` over the plan's scope *and* the user holds, over
that scope, one of the roles that write plans of its kind: the tambon council secretary the
council's plans, CDD officers the One Plan and district plans (the CDD tambon officer is the
integrated tambon committee's secretary), the provincial working group and CDD provincial office
the provincial plans. National administrators write every plan.
"""

from __future__ import annotations

from typing import Any

from chumchon.accounts import permissions
from chumchon.accounts.models import Role
from chumchon.accounts.permissions import Action, can, covers
from chumchon.organizations.models import COUNCIL_KINDS
from chumchon.plans.models import LEVEL_RANK, Plan, PlanKind, PlanLevel

WRITER_ROLES: dict[str, frozenset[str]] = {
    PlanKind.VILLAGE: frozenset({Role.TAMBON_COUNCIL_SECRETARY, Role.CDD_DISTRICT_OFFICER}),
    PlanKind.ONE_PLAN_TAMBON: frozenset({Role.CDD_DISTRICT_OFFICER, Role.CDD_PROVINCIAL_OFFICER}),
    PlanKind.LOCAL_GOVERNMENT: frozenset({Role.CDD_DISTRICT_OFFICER, Role.CDD_PROVINCIAL_OFFICER}),
    PlanKind.COUNCIL_TAMBON: frozenset({Role.TAMBON_COUNCIL_SECRETARY}),
    PlanKind.ISSUE_BASED: frozenset({Role.TAMBON_COUNCIL_SECRETARY, Role.PROVINCIAL_WORKING_GROUP_MEMBER}),
    PlanKind.DISTRICT: frozenset({Role.CDD_DISTRICT_OFFICER, Role.CDD_PROVINCIAL_OFFICER}),
    PlanKind.PROVINCIAL: frozenset({Role.CDD_PROVINCIAL_OFFICER, Role.PROVINCIAL_WORKING_GROUP_MEMBER}),
    PlanKind.PEOPLES_PROVINCIAL: frozenset({Role.PROVINCIAL_WORKING_GROUP_MEMBER, Role.CODI_REGIONAL_STAFF}),
}


def charter_probe(body: Any) -> Plan:
    """The council's own tambon plan, unsaved: who may write it may record and amend the council's charter."""
    return Plan(kind=PlanKind.COUNCIL_TAMBON, level=PlanLevel.TAMBON, scope_kind=body.scope_kind, area=body.area)


def may_write_charter(user: Any, body: Any) -> bool:
    """Whether ``user`` may record a tambon charter of ``body`` or add to and amend its rules."""
    return body.kind in COUNCIL_KINDS and may_write(user, charter_probe(body))


def writer_roles(kind: str) -> frozenset[str]:
    return WRITER_ROLES.get(kind, frozenset()) | {Role.NATIONAL_ADMIN}


def may_write(user: Any, plan: Plan) -> bool:
    """Whether ``user`` may write ``plan`` (and answer the proposals it receives)."""
    return may_write_scope(user, plan.kind, plan.scope_codes)


def may_write_scope(user: Any, kind: str, scope_codes: tuple[str, ...]) -> bool:
    """``may_write`` of a plan of ``kind`` over ``scope_codes`` (its ``scope_codes``), without the plan."""
    if not can(user, Action.PLAN_EDIT, scope_codes):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return may_write_kind(user, kind, scope_codes)


def may_write_kind(user: Any, kind: str, scope_codes: tuple[str, ...]) -> bool:
    """Whether ``user`` holds a role that writes plans of ``kind`` over ``scope_codes``."""
    if getattr(user, "is_superuser", False):
        return can(user, Action.PLAN_EDIT, scope_codes)
    roles = writer_roles(kind)
    for assignment in _current_roles(user):
        if assignment.role in roles and covers(frozenset(assignment.scope_codes), scope_codes):
            return True
    return False


def writable_kinds(user: Any) -> list[str]:
    """The kinds of plan ``user`` writes somewhere (for the new-plan form)."""
    if getattr(user, "is_superuser", False):
        return list(PlanKind.values)
    held = {a.role for a in _current_roles(user)}
    return [k for k in PlanKind.values if held & writer_roles(k)]


def _current_roles(user: Any) -> list[Any]:
    return permissions.current_assignments(user)


def is_higher(upper: Plan, lower: Plan) -> bool:
    """A proposal goes to a plan of a higher level whose scope contains the lower plan's."""
    if LEVEL_RANK[upper.level] <= LEVEL_RANK[lower.level]:
        return False
    return covers(frozenset(upper.scope_codes), lower.scope_codes)
