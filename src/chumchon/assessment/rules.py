"""Who does what in the assessment (กติกาผู้มีสิทธิ์): one module, asked by services, views and the worklist.

* A province writes its own assessment: ``assessment.edit`` over the province (its provincial working
  group; CODI regional staff who support it).
* The cluster reviews it: a member of the province's provincial-cluster working group (role
  ``cluster_working_group`` over the province). Bangkok lies outside every official cluster, so its
  reviewer is its CODI regional subcommittee (role ``regional_subcommittee`` over Bangkok) — the same
  body that decides Bangkok's projects (``accounts.permissions``: PROJECT_APPROVE for the subcommittee).
  National administrators may act for either.
* A pilot selection is prepared with ``assessment.select`` over its scope and adopted by a resolution of
  a committee whose scope covers every province of the selection (the regional subcommittee for a
  region); an expansion province is certified the same way.
"""

from __future__ import annotations

from typing import Any

from chumchon.accounts import permissions
from chumchon.accounts.models import Role
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area, ScopeKind
from chumchon.assessment.models import Assessment
from chumchon.organizations.models import COMMITTEE_KINDS, Body, BodyKind


def reviewer_role(province: Area) -> str:
    return Role.CLUSTER_WORKING_GROUP_MEMBER if province.cluster_id else Role.REGIONAL_SUBCOMMITTEE_MEMBER


def reviewing_body(province: Area) -> Body | None:
    """The body that reviews ``province``'s assessment: its cluster's working group (Bangkok: its region's
    subcommittee)."""
    if province.cluster_id:
        return (
            Body.objects.filter(
                kind=BodyKind.CLUSTER_WORKING_GROUP,
                scope_kind=ScopeKind.CLUSTER,
                cluster_id=province.cluster_id,
                is_active=True,
            )
            .order_by("pk")
            .first()
        )
    if province.codi_region_id:
        return (
            Body.objects.filter(
                kind=BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
                scope_kind=ScopeKind.REGION,
                region_id=province.codi_region_id,
                is_active=True,
            )
            .order_by("pk")
            .first()
        )
    return None


def may_edit(user: Any, assessment: Assessment) -> bool:
    return permissions.can(user, Action.ASSESSMENT_EDIT, assessment)


def may_review(user: Any, assessment: Assessment) -> bool:
    return permissions.can(user, Action.ASSESSMENT_REVIEW, assessment) and permissions.holds_role(
        user, reviewer_role(assessment.province), assessment
    )


def body_covers(body: Body, province_codes: tuple[str, ...]) -> bool:
    """Whether ``body`` is a committee whose scope covers every one of ``province_codes``."""
    if body.kind not in COMMITTEE_KINDS:
        return False
    return permissions.covers(frozenset(body.scope_codes), province_codes)
