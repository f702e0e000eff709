"""The one place that answers "may user U do action A on object O" (สิทธิ์การเข้าถึง).

A user's roles each grant a set of actions over a scope; a scope is a set of DOPA code prefixes
("" is the nation). An object exposes the codes it occupies (``scope_codes``); the user may act
on it when every one of those codes lies under a prefix granted for that action. Querysets are
narrowed the same way with one indexed prefix filter.

Reads outside scope answer 404 (the object's existence is not disclosed); writes outside scope
answer 403. Views, the API, exports and the admin all call this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from chumchon.accounts.models import Role
from chumchon.areas.models import province_groupings
from chumchon.core.access import Action, Scoped, Target, not_allowed, not_found
from chumchon.core.dopa import prefix_q

__all__ = ["Action", "Scoped", "Target"]  # the vocabulary lives in core.access; higher apps import it from here

M = TypeVar("M", bound=Model)


A = Action
_VIEW_BASICS = {
    A.AREA_VIEW,
    A.ORG_VIEW,
    A.PLAN_VIEW,
    A.PROJECT_VIEW,
    A.MEETING_VIEW,
    A.JOB_VIEW,
    A.ASSESSMENT_VIEW,
    A.INDICATOR_VIEW,
}

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.NATIONAL_ADMIN: frozenset(Action),
    Role.CODI_REGIONAL_STAFF: frozenset(
        _VIEW_BASICS
        | {
            A.ORG_EDIT,
            A.AUDIT_VIEW,
            A.PERSON_VIEW,
            A.LOGBOOK_VIEW,
            A.ALLOCATION_EDIT,
            A.PROJECT_SIGN,
            A.PROJECT_DISBURSE,
            A.PROJECT_CLOSE,
            A.MEETING_EDIT,
            A.SURVEY_IMPORT,
            A.FEEDBACK_MODERATE,
            A.PLAN_EDIT,
            A.ASSESSMENT_EDIT,
            A.ASSESSMENT_SELECT,
            A.REPORT_GENERATE,
            A.INDICATOR_DEFINE,
            A.INDICATOR_ENTER,
        }
    ),
    # PROJECT_APPROVE: the regional subcommittee decides for provinces outside every cluster (Bangkok).
    Role.REGIONAL_SUBCOMMITTEE_MEMBER: frozenset(
        _VIEW_BASICS
        | {
            A.ALLOCATION_ADOPT,
            A.LOGBOOK_VIEW,
            A.PROJECT_APPROVE,
            A.ASSESSMENT_REVIEW,
            A.INDICATOR_APPROVE_CLUSTER,
            A.INDICATOR_APPROVE_PROVINCE,
        }
    ),
    Role.CLUSTER_WORKING_GROUP_MEMBER: frozenset(
        _VIEW_BASICS | {A.PROJECT_APPROVE, A.ALLOCATION_ADOPT, A.ASSESSMENT_REVIEW, A.INDICATOR_APPROVE_PROVINCE}
    ),
    Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER: frozenset(_VIEW_BASICS | {A.PROJECT_APPROVE_HOUSING}),
    # Decides projects only where a delegation names its body (meetings.authority: the rule's body).
    Role.PROJECT_REVIEW_GROUP_MEMBER: frozenset(_VIEW_BASICS | {A.PROJECT_APPROVE}),
    Role.PROVINCIAL_WORKING_GROUP_MEMBER: frozenset(
        _VIEW_BASICS
        | {
            A.PROJECT_SCREEN,
            A.PLAN_EDIT,
            A.PERSON_VIEW,
            A.LOGBOOK_VIEW,
            A.MEETING_EDIT,
            A.ASSESSMENT_EDIT,
            A.REPORT_GENERATE,
            A.INDICATOR_APPROVE_TAMBON,
            A.INDICATOR_ENTER,
        }
    ),
    Role.CDD_PROVINCIAL_OFFICER: frozenset(
        _VIEW_BASICS
        | {
            A.PERSON_VIEW,
            A.PERSON_VIEW_ID,
            A.PERSON_VERIFY,
            A.PERSON_RESOLVE_DUPLICATE,
            A.LOGBOOK_VIEW,
            A.LOGBOOK_EDIT,
            A.SURVEY_IMPORT,
            A.AUDIT_VIEW,
            A.CAPITAL_EDIT,
            A.FEEDBACK_MODERATE,
            A.PLAN_EDIT,
            A.REPORT_GENERATE,
            A.INDICATOR_ENTER,
        }
    ),
    Role.CDD_DISTRICT_OFFICER: frozenset(
        _VIEW_BASICS
        | {
            A.PERSON_VIEW,
            A.PERSON_VIEW_ID,
            A.PERSON_EDIT,
            A.PERSON_VERIFY,
            A.LOGBOOK_VIEW,
            A.LOGBOOK_EDIT,
            A.SURVEY_IMPORT,
            A.CAPITAL_EDIT,
            A.FEEDBACK_MODERATE,
            A.PLAN_EDIT,
            A.REPORT_GENERATE,
            A.INDICATOR_ENTER,
        }
    ),
    Role.TAMBON_COUNCIL_SECRETARY: frozenset(
        _VIEW_BASICS
        | {
            A.ORG_EDIT,
            A.PLAN_EDIT,
            A.CAPITAL_EDIT,
            A.PROJECT_PROPOSE,
            A.PROJECT_REPORT,
            A.PERSON_VIEW,
            A.PERSON_EDIT,
            A.LOGBOOK_VIEW,
            A.LOGBOOK_EDIT,
            A.MEETING_EDIT,
            A.FEEDBACK_MODERATE,
            A.REPORT_GENERATE,
            A.INDICATOR_ENTER,
        }
    ),
    Role.TAMBON_COUNCIL_MEMBER: frozenset(_VIEW_BASICS | {A.LOGBOOK_VIEW}),
    Role.WELFARE_FUND_COMMITTEE: frozenset(_VIEW_BASICS | {A.ORG_EDIT, A.PROJECT_PROPOSE, A.PROJECT_REPORT}),
    Role.PARTNER_AGENCY_STAFF: frozenset(_VIEW_BASICS | {A.LOGBOOK_VIEW, A.LOGBOOK_EDIT}),
}


@dataclass(frozen=True)
class Grants:
    """The prefixes a user holds for each action, computed once per request."""

    by_action: dict[str, frozenset[str]] = field(default_factory=dict)
    # The user's current role assignments as (role, scope prefixes), read with the grants so that
    # ``holds_role`` (the approval rules' "which role decides") asks the database no second time.
    roles: tuple[tuple[str, frozenset[str]], ...] = ()

    def prefixes(self, action: str) -> frozenset[str]:
        return self.by_action.get(str(action), frozenset())


def grants_for(user: Any) -> Grants:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Grants()
    cached = getattr(user, "_chumchon_grants", None)
    if cached is not None:
        return cached
    return remember_grants(user, None if user.is_superuser else user.roles.select_related("area").all())


def remember_grants(user: Any, assignments: Iterable[Any] | None) -> Grants:
    """The grants of ``user`` from ``assignments`` (all of the user's role assignments, with their area),
    kept on the user object for the rest of the request. ``grants_for`` reads the assignments itself;
    the authentication backend hands over the ones it read together with the user (one query, not two)."""
    by_action: dict[str, set[str]] = {}
    roles: list[tuple[str, frozenset[str]]] = []
    # The current ones, kept for current_assignments (no second read); None: not read (a superuser's grants
    # need none — current_assignments then reads them if asked).
    current = None if assignments is None else [a for a in assignments if a.is_current()]
    if current is not None:
        user._chumchon_assignments = current
    if user.is_superuser:
        by_action = {str(a): {""} for a in Action}
    else:
        for assignment in current or ():
            prefixes = assignment.scope_codes
            roles.append((str(assignment.role), frozenset(prefixes)))
            for action in ROLE_ACTIONS.get(assignment.role, frozenset()):
                by_action.setdefault(str(action), set()).update(prefixes)
    # Most actions share one prefix set (a regional role's ~20 provinces): reduce each distinct set once.
    reduced: dict[frozenset[str], frozenset[str]] = {}
    for prefixes in by_action.values():
        key = frozenset(prefixes)
        if key not in reduced:
            reduced[key] = frozenset(_minimal(key))
    grants = Grants({a: reduced[frozenset(p)] for a, p in by_action.items()}, tuple(roles))
    user._chumchon_grants = grants
    return grants


def remember_all_assignments(user: Any, assignments: Iterable[Any]) -> None:
    """Keep every one of the user's role assignments — current or not, with their area, region and cluster
    joined — on the user object for the rest of the request (the authentication backend read them with the
    user: ``my account`` lists them without reading them again)."""
    user._chumchon_all_assignments = list(assignments)


def held_all_assignments(user: Any) -> list[Any] | None:
    """The assignments ``remember_all_assignments`` kept on this user object (None: not read with it)."""
    held = getattr(user, "_chumchon_all_assignments", None)
    return None if held is None else list(held)


def forget_grants(user: Any) -> None:
    """Drop the cached grants (after a user's roles change)."""
    for name in ("_chumchon_grants", "_chumchon_assignments", "_chumchon_all_assignments"):
        if hasattr(user, name):
            delattr(user, name)


def current_assignments(user: Any) -> list[Any]:
    """The user's current role assignments (their area joined), for rules that look past the grants
    (which role over which scope): the ones the grants were computed from, read once per user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    grants_for(user)
    held = getattr(user, "_chumchon_assignments", None)
    if held is None:
        held = [a for a in user.roles.select_related("area").all() if a.is_current()]
        user._chumchon_assignments = held
    return list(held)


def _minimal(prefixes: Iterable[str]) -> set[str]:
    """Drop prefixes already covered by a shorter one ({"24", "2401"} -> {"24"})."""
    result: set[str] = set()
    for p in sorted(set(prefixes), key=len):
        if not any(p.startswith(q) for q in result):
            result.add(p)
    return result


def target_codes(target: Target) -> tuple[str, ...]:
    if isinstance(target, str):
        return (target,)
    codes = getattr(target, "scope_codes", None)
    if codes is not None:
        return tuple(codes)
    return tuple(target)  # type: ignore[arg-type]


def covers(prefixes: frozenset[str], codes: tuple[str, ...]) -> bool:
    """True when every code lies under one of the prefixes. An object with no codes is national."""
    if "" in prefixes:
        return True
    if not codes or "" in codes:
        return False
    return all(any(code.startswith(p) for p in prefixes) for code in codes)


def can(user: Any, action: str, target: Target) -> bool:
    return covers(grants_for(user).prefixes(action), target_codes(target))


def can_anywhere(user: Any, action: str) -> bool:
    """Whether the user holds ``action`` over any scope at all (for menus and list pages)."""
    return bool(grants_for(user).prefixes(action))


def require_read(user: Any, action: str, target: Target) -> None:
    """Out-of-scope reads look exactly like missing objects: 404."""
    if not can(user, action, target):
        raise not_found()


def require_write(user: Any, action: str, target: Target) -> None:
    """Out-of-scope or unauthorised writes are refused: 403, with a bilingual reason."""
    if not can(user, action, target):
        raise not_allowed(action)


def scoped(queryset: QuerySet[M], user: Any, action: str, code_field: str = "area__code") -> QuerySet[M]:
    """Narrow ``queryset`` to rows whose area code lies in the user's scope for ``action``."""
    prefixes = grants_for(user).prefixes(action)
    if not prefixes:
        return queryset.none()
    return queryset.filter(prefix_q(prefixes, code_field))


def scoped_by_scope(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """Narrow a queryset of ``AreaScoped`` rows (bodies, role assignments) to the user's scope.

    A row scoped to a region or cluster is visible only when the user's prefixes cover all of
    its provinces; a national row only to national users.
    """
    return queryset.filter(scope_q(user, action))


def scope_q(user: Any, action: str, *, code_field: str = "area__code") -> Q:
    """The filter ``scoped_by_scope`` applies, as a ``Q`` over the ``AreaScoped`` fields (``scope_kind``,
    ``area__code``, ``region_id``, ``cluster_id``), for callers that combine it with other conditions.
    ``code_field`` names the area's code on rows that keep a copy of it (search documents: no join)."""
    prefixes = grants_for(user).prefixes(action)
    if not prefixes:
        return Q(pk__in=[])
    if "" in prefixes:
        return Q()
    provinces = province_groupings()  # the provinces placed in a region or cluster, read once per request
    regions: dict[int, bool] = {}
    clusters: dict[int, bool] = {}
    for code, region_id, cluster_id in provinces:
        inside = any(code.startswith(p) for p in prefixes)
        if region_id is not None:
            regions[region_id] = regions.get(region_id, True) and inside
        if cluster_id is not None:
            clusters[cluster_id] = clusters.get(cluster_id, True) and inside
    return (
        Q(scope_kind="area") & prefix_q(prefixes, code_field)
        | Q(scope_kind="region", region_id__in=[r for r, ok in regions.items() if ok])
        | Q(scope_kind="cluster", cluster_id__in=[c for c, ok in clusters.items() if ok])
    )


# Django model permissions ("areas.change_area") mapped to our actions, for the admin.
ADMIN_ACTIONS: dict[str, tuple[str, str]] = {
    # app_label.model: (view action, change action)
    "areas.area": (Action.AREA_VIEW, Action.AREA_EDIT),
    "areas.localgovernment": (Action.AREA_VIEW, Action.AREA_EDIT),
    "areas.codiregion": (Action.AREA_VIEW, Action.USER_MANAGE),
    "areas.provincialcluster": (Action.AREA_VIEW, Action.USER_MANAGE),
    "organizations.body": (Action.ORG_VIEW, Action.ORG_EDIT),
    "accounts.user": (Action.USER_MANAGE, Action.USER_MANAGE),
    "accounts.roleassignment": (Action.USER_MANAGE, Action.USER_MANAGE),
    "audit.auditevent": (Action.AUDIT_VIEW, Action.USER_MANAGE),
    "core.job": (Action.JOB_VIEW, Action.USER_MANAGE),
    "accounts.apitoken": (Action.USER_MANAGE, Action.USER_MANAGE),
}


def register_admin_actions(model_label: str, view_action: str, change_action: str) -> None:
    """Let an app declare which actions guard its models in the admin."""
    ADMIN_ACTIONS[model_label.lower()] = (view_action, change_action)


def admin_action_for(perm: str) -> str | None:
    """``"areas.change_area"`` → ``"area.edit"``; ``None`` when the model is not registered."""
    app_label, _, codename = perm.partition(".")
    verb, _, model = codename.partition("_")
    pair = ADMIN_ACTIONS.get(f"{app_label}.{model}")
    if pair is None:
        return None
    return pair[0] if verb == "view" else pair[1]


def holds_role(user: Any, role: str, target: Target) -> bool:
    """Whether ``user`` holds ``role`` (or is a national administrator) over every code of ``target``.

    For rules that name the deciding role, not only the action (budgets.ApprovalRule: "this amount
    band is approved by the Baan Mankong subcommittee"). Read from the grants computed once per
    user object (one request, or one job's actor), like ``can``.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    codes = target_codes(target)
    return any(
        held in (role, Role.NATIONAL_ADMIN) and covers(prefixes, codes) for held, prefixes in grants_for(user).roles
    )


def role_prefixes(user: Any, role: str) -> frozenset[str]:
    """The area-code prefixes over which ``user`` holds ``role`` (or is a national administrator): ``{""}`` for
    the whole nation (a superuser), none for a user who holds it nowhere. A single-code target lies under one
    of them exactly when ``holds_role`` answers True for it — the same answer as a condition on a code column
    (``prefix_q``), for the approval worklist decided in SQL (``meetings.authority.decidable_q``)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset({""})
    held = (role, Role.NATIONAL_ADMIN)
    return frozenset(_minimal(p for name, prefixes in grants_for(user).roles if name in held for p in prefixes))


class PermissionPolicy:
    """This module's answers, offered to the layers below accounts through ``core.access``."""

    def prefixes_for(self, user: Any, action: str) -> frozenset[str]:
        return grants_for(user).prefixes(action)

    def can(self, user: Any, action: str, target: Target) -> bool:
        return can(user, action, target)

    def scoped(self, queryset: QuerySet[M], user: Any, action: str, code_field: str) -> QuerySet[M]:
        return scoped(queryset, user, action, code_field)

    def scoped_by_scope(self, queryset: QuerySet[M], user: Any, action: str) -> QuerySet[M]:
        return scoped_by_scope(queryset, user, action)

    def admin_actions(self, model_label: str) -> tuple[str, str] | None:
        return ADMIN_ACTIONS.get(model_label.lower())
