"""The projects' part of the worklist (งานที่รอฉัน): what awaits a user in the project life cycle.

Each kind of work is a ``todo`` value that the project list reads from its query string
(``/projects/?todo=approve``), so the count on the home page and the rows of the list are the
same query. Registered into ``accounts.worklist.WORKLIST_PROVIDERS`` from ``registrations.py``.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from functools import reduce
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.accounts.worklist import WorklistItem
from chumchon.areas.models import Area
from chumchon.core import prepared
from chumchon.core.dopa import prefix_q
from chumchon.meetings import authority
from chumchon.projects import selectors
from chumchon.projects.models import Project, ProjectStatus
from chumchon.projects.services import approval_subject_of_programme

S = ProjectStatus
REPORT_DUE_DAYS = 30  # a report "due" is one whose date falls within the next 30 days
RUNNING = (S.AGREEMENT_SIGNED, S.IN_PROGRESS)

# todo value → (label, severity, order on the home page)
TODOS: dict[str, tuple[Any, str, int]] = {
    "screen": (_("Proposals waiting for your screening"), "warning", 10),
    "approve": (_("Proposals waiting for your decision"), "warning", 11),
    "sign": (_("Agreements to sign"), "warning", 12),
    "disburse": (_("Projects with a tranche to disburse"), "info", 13),
    "report_overdue": (_("Progress reports overdue"), "danger", 14),
    "report_due": (_("Progress reports due within 30 days"), "warning", 15),
}


# Where a project keeps what its approval's ``Subject`` is made of (``services.approval_subject``).
APPROVAL_FIELDS = authority.SubjectFields(
    housing="is_housing", programme="programme_id", amount="requested_amount", area_code="area__code"
)


def _approvable(qs: QuerySet[Project], user: Any) -> QuerySet[Project]:
    """The screened projects of ``qs`` that ``user`` may decide now (``_approvable_q``)."""
    return qs.filter(_approvable_q(qs, user))


def _approvable_q(qs: QuerySet[Project], user: Any) -> Q:
    """The condition on ``qs``'s rows true for the screened projects ``user`` may decide now: the ordinary ones in
    the scope of ``PROJECT_APPROVE`` and the housing ones in that of ``PROJECT_APPROVE_HOUSING``, whose rule's
    deciding role the user holds (a project no rule covers is left to nobody's worklist). Decided in SQL by the
    approval-authority module from the rules of the candidates' programmes (read first from ``qs``: one short
    query), so the cost does not grow with the number of proposals awaiting a decision."""
    grants = permissions.grants_for(user)
    ordinary, housing = grants.prefixes(Action.PROJECT_APPROVE), grants.prefixes(Action.PROJECT_APPROVE_HOUSING)
    if not ordinary and not housing:
        return Q(pk__in=[])
    if ordinary == housing:  # one scope for both (a national administrator's): no condition on the category
        scope = prefix_q(ordinary, "area__code")
    else:
        scope = reduce(
            operator.or_,
            (
                Q(is_housing=h) & prefix_q(prefixes, "area__code")
                for h, prefixes in ((False, ordinary), (True, housing))
                if prefixes
            ),
        )
    candidates = scope & Q(status=S.SCREENED)
    programmes = (
        qs.filter(candidates)
        .order_by()
        .values_list("is_housing", "programme_id", "programme__code", "programme__fiscal_year")
        .distinct()
    )
    subjects = [
        approval_subject_of_programme(programme_id, code, fiscal_year, housing=housing)
        for housing, programme_id, code, fiscal_year in programmes
    ]
    return candidates & authority.decidable_q(user, subjects, APPROVAL_FIELDS)


def _implied(user: Any, action: str) -> bool:
    """Whether every area ``user`` may view is in the scope of ``action`` (each viewing prefix starts with one
    of its prefixes): scoping a viewable set by ``action`` again then changes nothing."""
    grants = permissions.grants_for(user)
    scope = grants.prefixes(action)
    return all(any(area.startswith(prefix) for prefix in scope) for area in grants.prefixes(Action.PROJECT_VIEW))


def _scope_q(user: Any, action: str, *, viewable: bool) -> Q:
    """The rows in the scope of ``action``: the area's code under one of its prefixes — no condition on a set the
    user may view (``viewable``) when the viewing scope implies the action's."""
    if viewable and _implied(user, action):
        return Q()
    prefixes = permissions.grants_for(user).prefixes(action)
    return prefix_q(prefixes, "area__code") if prefixes else Q(pk__in=[])


def _report_window(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=REPORT_DUE_DAYS)


def _status_q(user: Any, todo: str, day: dt.date, *, viewable: bool = False) -> Q | None:
    """The condition of a todo decided by the project's own row (its status, a report's due date) and the
    permission's scope over its area (``viewable``: on a set the user may view); None for "approve" and
    "disburse"."""
    if todo == "screen":
        return Q(status=S.SUBMITTED) & _scope_q(user, Action.PROJECT_SCREEN, viewable=viewable)
    if todo == "sign":
        return Q(status=S.APPROVED) & _scope_q(user, Action.PROJECT_SIGN, viewable=viewable)
    if todo == "report_overdue":
        return Q(status__in=RUNNING, next_report_due__lt=day) & _scope_q(user, Action.PROJECT_REPORT, viewable=viewable)
    if todo == "report_due":
        due = Q(status__in=RUNNING, next_report_due__gte=day, next_report_due__lte=_report_window(day))
        return due & _scope_q(user, Action.PROJECT_REPORT, viewable=viewable)
    return None


def todo_filter(
    qs: QuerySet[Project], user: Any, todo: str, today: dt.date | None = None, *, newest_walk: bool = False
) -> QuerySet[Project]:
    """Narrow ``qs`` (already scoped to what the user may view) to the projects awaiting ``user`` for ``todo``;
    ``newest_walk``: ``qs`` is ``project_list(newest_walk=True)`` (``selectors.awaiting_payout``)."""
    day = today or timezone.localdate()
    if todo == "approve":
        return _approvable(qs, user)
    if todo == "disburse":
        # Signed projects with money still to pay out (approved more than disbursed so far), in the scope of
        # the payout permission too — not tested again when the view's scope already implies it (a region's
        # staff, a national admin): the page's rows are then read newest first and stop after the page
        # instead of listing the scope's areas once more.
        awaiting = selectors.awaiting_payout(qs, newest_walk=newest_walk)
        if _implied(user, Action.PROJECT_DISBURSE):
            return awaiting
        # Else "area in (the areas of the scope)" rather than a condition on the joined area's code: the
        # database then reads the (status, area) index for the areas in scope instead of every running
        # project in the country (1.3 s → ms at 100,000 projects). The same rows.
        areas = permissions.scoped(Area.objects.all(), user, Action.PROJECT_DISBURSE, "code")
        return awaiting.filter(area__in=areas.values("pk"))
    condition = _status_q(user, todo, day)
    return qs.none() if condition is None else qs.filter(condition)


# The todos whose projects an index narrows to few (a status of the pipeline, a report due date), of which
# the list tests each for the viewer's scope (``selectors.project_list(few=True)``); "disburse" is every
# running project with money left, a good share of a region's.
FEW: frozenset[str] = frozenset(TODOS) - {"disburse"}

# The permissions each todo's rows are scoped by (todo_filter): a user holding none of them anywhere has
# nothing to count there, known from the grants without building (and compiling) an empty query.
TODO_ACTIONS: dict[str, tuple[str, ...]] = {
    "screen": (Action.PROJECT_SCREEN,),
    "approve": (Action.PROJECT_APPROVE, Action.PROJECT_APPROVE_HOUSING),
    "sign": (Action.PROJECT_SIGN,),
    "disburse": (Action.PROJECT_DISBURSE,),
    "report_overdue": (Action.PROJECT_REPORT,),
    "report_due": (Action.PROJECT_REPORT,),
}


# The todos decided by the project's own row (``_status_q``): counted together in one statement, made of the
# viewing scope, the day and the scopes of these permissions.
STATUS_TODOS = ("screen", "sign", "report_overdue", "report_due")
_STATUS_ACTIONS = (Action.PROJECT_SCREEN, Action.PROJECT_SIGN, Action.PROJECT_REPORT)


def _by_value(condition: Q) -> bool:
    """Whether ``condition`` is made of lookups and plain values only (no expression, no subquery): two such
    conditions are equal exactly when they ask the same of the same columns."""
    for child in condition.children:
        if isinstance(child, Q):
            if not _by_value(child):
                return False
        elif not isinstance(child, tuple) or hasattr(child[1], "resolve_expression"):
            return False
    return True


def todo_counts(user: Any, todos: Iterable[str], today: dt.date | None = None) -> dict[str, int]:
    """``todo_filter(<what the user may view>, user, todo).count()`` for each of ``todos`` but "disburse".

    "approve" is counted by itself (its condition is made of the approval rules read from the database). The
    others are counted in one statement — a conditional count each over the projects of the statuses they ask
    about (the status index gives them: the submitted and approved few, the running ones with a report due by
    the window) — built once per process for the user's scopes and the day (``core.prepared``: the statement is
    made of nothing else), since they are asked on every home page."""
    day = today or timezone.localdate()
    wanted = set(todos)
    counts: dict[str, int] = {}
    grants = permissions.grants_for(user)
    view = grants.prefixes(Action.PROJECT_VIEW)
    if "approve" in wanted:
        base = permissions.scoped(Project.objects.all(), user, Action.PROJECT_VIEW)
        approvable = _approvable_q(base, user)
        if _by_value(approvable):
            # Its statement is made of the viewing scope and the condition, which compares by value (the rules
            # read went into it): kept for them while the rules give the same condition.
            key = ("projects.approvable", view, approvable)
            counts["approve"] = prepared.count(key, lambda: base.filter(approvable))
        else:  # a subquery in it (the provinces outside every cluster) compares by identity: never the same key
            counts["approve"] = base.filter(approvable).count()
    asked = tuple(todo for todo in STATUS_TODOS if todo in wanted)
    if not asked:
        return counts
    scopes = (view, *(grants.prefixes(action) for action in _STATUS_ACTIONS))

    def build() -> tuple[QuerySet[Project], dict[str, Count]]:
        conditions = {todo: _status_q(user, todo, day, viewable=True) or Q(pk__in=[]) for todo in asked}
        rows = Q(
            status__in=[status for status, todo in ((S.SUBMITTED, "screen"), (S.APPROVED, "sign")) if todo in asked]
        )
        if {"report_overdue", "report_due"} & set(asked):
            rows |= Q(status__in=RUNNING, next_report_due__lte=_report_window(day))
        base = permissions.scoped(Project.objects.all(), user, Action.PROJECT_VIEW)
        return base.filter(rows), {todo: Count("pk", filter=condition) for todo, condition in conditions.items()}

    counts.update(prepared.counts(("projects.todo_counts", asked, scopes, day), build))
    return counts


def worklist_items(user: Any) -> Iterable[WorklistItem]:
    grants = permissions.grants_for(user)
    if not grants.prefixes(Action.PROJECT_VIEW):
        return
    # A todo whose permissions the user holds nowhere would scope to nothing (count 0): known from the grants
    # without building a condition for it.
    held = [todo for todo in TODOS if any(grants.prefixes(action) for action in TODO_ACTIONS[todo])]
    counts = todo_counts(user, [todo for todo in held if todo != "disburse"])
    if "disburse" in held:
        # Money to pay out is counted from the materialised tally when the scopes are whole provinces
        # (a region's thousands of running projects otherwise); the same number as the list's rows.
        tallied = selectors.tallied_to_disburse(user)
        base = permissions.scoped(Project.objects.all(), user, Action.PROJECT_VIEW)
        counts["disburse"] = tallied if tallied is not None else todo_filter(base, user, "disburse").count()
    index = reverse("projects:index")
    for todo, (label, severity, order) in TODOS.items():
        count = counts.get(todo, 0)
        if count:
            yield WorklistItem(
                key=f"projects.{todo}",
                label=str(label),
                count=count,
                url=f"{index}?todo={todo}",
                severity=severity,
                order=order,
            )
