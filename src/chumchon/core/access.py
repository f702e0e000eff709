"""The access seam (ช่องทางถามสิทธิ์): how layers below accounts ask "may this user do that here".

``chumchon.accounts.permissions`` is the one module that *decides* (roles → actions over scopes).
Apps below accounts (core's job pages, audit's trail, areas' pages and services, the scoped admin)
cannot import it, so they ask through this module instead; accounts registers its policy from
``AccountsConfig.ready()`` with ``register_policy``. Until a policy is registered every answer is
"no" (fail closed).

The vocabulary of actions lives here too (``Action``), so that any layer can name an action typed;
``chumchon.accounts.permissions`` re-exports it.

Reads outside scope answer 404 (the object's existence is not disclosed); writes outside scope
answer 403 with a bilingual reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AbstractUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

M = TypeVar("M", bound=Model)


class Action(StrEnum):
    AREA_VIEW = "area.view"
    AREA_EDIT = "area.edit"
    ORG_VIEW = "org.view"
    ORG_EDIT = "org.edit"
    AUDIT_VIEW = "audit.view"
    USER_MANAGE = "user.manage"
    JOB_VIEW = "job.view"
    # Poverty targeting and the Logbook
    SURVEY_IMPORT = "survey.import"
    PERSON_VIEW = "person.view"  # target lists, national IDs masked
    PERSON_VIEW_ID = "person.view_id"  # unmasked national IDs
    PERSON_EDIT = "person.edit"  # add people the survey missed
    PERSON_VERIFY = "person.verify"
    PERSON_RESOLVE_DUPLICATE = "person.resolve_duplicate"  # cross-area duplicates of a survey round
    LOGBOOK_VIEW = "logbook.view"
    LOGBOOK_EDIT = "logbook.edit"
    INDICATOR_SET_EDIT = "indicator_set.edit"
    # Plans
    PLAN_VIEW = "plan.view"
    PLAN_EDIT = "plan.edit"
    # Community capital (ทุนชุมชน): recorded entries; reading them is AREA_VIEW
    CAPITAL_EDIT = "capital.edit"
    # Budgets and projects
    PROGRAMME_MANAGE = "programme.manage"
    ALLOCATION_EDIT = "allocation.edit"
    ALLOCATION_ADOPT = "allocation.adopt"
    PROJECT_VIEW = "project.view"
    PROJECT_PROPOSE = "project.propose"
    PROJECT_SCREEN = "project.screen"
    PROJECT_APPROVE = "project.approve"
    PROJECT_APPROVE_HOUSING = "project.approve_housing"
    PROJECT_SIGN = "project.sign"
    PROJECT_DISBURSE = "project.disburse"
    PROJECT_REPORT = "project.report"
    PROJECT_CLOSE = "project.close"
    # Meetings
    MEETING_VIEW = "meeting.view"
    MEETING_EDIT = "meeting.edit"
    # Public portal: moderate feedback the public sent about an area's projects and figures
    FEEDBACK_MODERATE = "feedback.moderate"
    # Self-managing-province assessment (assessment app): read, write a province's own assessment,
    # review it (the cluster's working group), prepare and adopt a pilot selection and certify status
    ASSESSMENT_VIEW = "assessment.view"
    ASSESSMENT_EDIT = "assessment.edit"
    ASSESSMENT_REVIEW = "assessment.review"
    ASSESSMENT_SELECT = "assessment.select"
    # Reports from the data (reports app): generate and store a report over an area; reading one is AREA_VIEW
    REPORT_GENERATE = "report.generate"
    # Indicators: see them, define them and set targets, enter and submit values, approve a level's values
    INDICATOR_VIEW = "indicator.view"
    INDICATOR_DEFINE = "indicator.define"
    INDICATOR_ENTER = "indicator.enter"
    INDICATOR_APPROVE_TAMBON = "indicator.approve_tambon"
    INDICATOR_APPROVE_PROVINCE = "indicator.approve_province"
    INDICATOR_APPROVE_CLUSTER = "indicator.approve_cluster"
    INDICATOR_APPROVE_REGION = "indicator.approve_region"


class Scoped(Protocol):
    @property
    def scope_codes(self) -> tuple[str, ...]: ...


# Who asks: a signed-in user, the request's user as it comes (perhaps anonymous), or nobody.
Viewer = AbstractBaseUser | AnonymousUser | None

# What a permission is asked about: an object with ``scope_codes``, one DOPA code, or several.
Target = Scoped | str | Iterable[str]


class AccessPolicy(Protocol):
    """What the deciding module (accounts.permissions) answers for the layers below it."""

    def prefixes_for(self, user: Viewer, action: str) -> frozenset[str]:
        """The DOPA code prefixes over which ``user`` holds ``action`` ("" is the nation)."""
        ...

    def can(self, user: Viewer, action: str, target: Target) -> bool: ...

    def scoped(self, queryset: QuerySet[M], user: Viewer, action: str, code_field: str) -> QuerySet[M]: ...

    def scoped_by_scope(self, queryset: QuerySet[M], user: Viewer, action: str) -> QuerySet[M]:
        """Narrow rows that carry a nation/region/cluster/area scope (bodies, role assignments)."""
        ...

    def admin_actions(self, model_label: str) -> tuple[str, str] | None:
        """(view action, change action) guarding a model in the admin, or None."""
        ...


class _Closed:
    """The policy before accounts registers its own: nobody may do anything."""

    def prefixes_for(self, user: Viewer, action: str) -> frozenset[str]:
        return frozenset()

    def can(self, user: Viewer, action: str, target: Target) -> bool:
        return False

    def scoped(self, queryset: QuerySet[M], user: Viewer, action: str, code_field: str) -> QuerySet[M]:
        return queryset.none()

    def scoped_by_scope(self, queryset: QuerySet[M], user: Viewer, action: str) -> QuerySet[M]:
        return queryset.none()

    def admin_actions(self, model_label: str) -> tuple[str, str] | None:
        return None


_policy: AccessPolicy = _Closed()


def register_policy(policy: AccessPolicy) -> None:
    """Install the deciding policy (called once, from ``AccountsConfig.ready()``)."""
    global _policy
    _policy = policy


def policy() -> AccessPolicy:
    return _policy


def not_found() -> Http404:
    return Http404("ไม่พบข้อมูล / Not found")


def not_allowed(action: str) -> PermissionDenied:
    return PermissionDenied(
        f"คุณไม่มีสิทธิ์ดำเนินการ “{action}” ในพื้นที่นี้ / You are not allowed to perform “{action}” in this area."
    )


def prefixes_for(user: Viewer, action: str) -> frozenset[str]:
    return _policy.prefixes_for(user, action)


def can(user: Viewer, action: str, target: Target) -> bool:
    return _policy.can(user, action, target)


def can_anywhere(user: Viewer, action: str) -> bool:
    """Whether the user holds ``action`` over any scope at all (for menus and list pages)."""
    return bool(_policy.prefixes_for(user, action))


def is_national(user: Viewer, action: str) -> bool:
    """Whether the user holds ``action`` over the whole nation."""
    return "" in _policy.prefixes_for(user, action)


def require_read(user: Viewer, action: str, target: Target) -> None:
    """Out-of-scope reads look exactly like missing objects: 404."""
    if not _policy.can(user, action, target):
        raise not_found()


def require_write(user: Viewer, action: str, target: Target) -> None:
    """Out-of-scope or unauthorised writes are refused: 403, with a bilingual reason."""
    if not _policy.can(user, action, target):
        raise not_allowed(action)


def scoped(queryset: QuerySet[M], user: Viewer, action: str, code_field: str = "area__code") -> QuerySet[M]:
    """Narrow ``queryset`` to rows whose DOPA code lies in the user's scope for ``action``."""
    return _policy.scoped(queryset, user, action, code_field)


def scoped_by_scope(queryset: QuerySet[M], user: Viewer, action: str) -> QuerySet[M]:
    return _policy.scoped_by_scope(queryset, user, action)


def admin_actions(model_label: str) -> tuple[str, str] | None:
    return _policy.admin_actions(model_label.lower())


def acting_user(request: HttpRequest) -> AbstractUser:
    """The signed-in user of a request, typed for services (``actor: AbstractUser``).

    For views behind ``login_required``; an anonymous request is refused (403) rather than passed on.
    """
    user = request.user
    if not isinstance(user, AbstractUser) or not user.is_authenticated:
        raise PermissionDenied("ต้องเข้าสู่ระบบ / You must be logged in.")
    return user
