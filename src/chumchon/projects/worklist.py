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

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.accounts.worklist import WorklistItem
from chumchon.areas.models import Area
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
    """The screened projects of ``qs`` that ``user`` may decide now: the ordinary ones in the scope of
    ``PROJECT_APPROVE`` and the housing ones in that of ``PROJECT_APPROVE_HOUSING``, whose rule's deciding role the
    user holds (a project no rule covers is left to nobody's worklist). Decided in SQL by the approval-authority
    module from the rules of the candidates' programmes (read first: one short query), so the cost does not grow
    with the number of proposals awaiting a decision."""
    grants = permissions.grants_for(user)
    ordinary, housing = grants.prefixes(Action.PROJECT_APPROVE), grants.prefixes(Action.PROJECT_APPROVE_HOUSING)
    if not ordinary and not housing:
        return qs.none()
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
    candidates = qs.filter(scope, status=S.SCREENED)
    programmes = (
        candidates.order_by()
        .values_list("is_housing", "programme_id", "programme__code", "programme__fiscal_year")
        .distinct()
    )
    subjects = [
        approval_subject_of_programme(programme_id, code, fiscal_year, housing=housing)
        for housing, programme_id, code, fiscal_year in programmes
    ]
    return candidates.filter(authority.decidable_q(user, subjects, APPROVAL_FIELDS))


def _implied(user: Any, action: str) -> bool:
    """Whether every area ``user`` may view is in the scope of ``action`` (each viewing prefix starts with one
    of its prefixes): scoping a viewable set by ``action`` again then changes nothing."""
    grants = permissions.grants_for(user)
    scope = grants.prefixes(action)
    return all(any(area.startswith(prefix) for prefix in scope) for area in grants.prefixes(Action.PROJECT_VIEW))


def todo_filter(
    qs: QuerySet[Project], user: Any, todo: str, today: dt.date | None = None, *, newest_walk: bool = False
) -> QuerySet[Project]:
    """Narrow ``qs`` (already scoped to what the user may view) to the projects awaiting ``user`` for ``todo``;
    ``newest_walk``: ``qs`` is ``project_list(newest_walk=True)`` (``selectors.awaiting_payout``)."""
    day = today or timezone.localdate()
    if todo == "screen":
        return permissions.scoped(qs.filter(status=S.SUBMITTED), user, Action.PROJECT_SCREEN)
    if todo == "approve":
        return _approvable(qs, user)
    if todo == "sign":
        return permissions.scoped(qs.filter(status=S.APPROVED), user, Action.PROJECT_SIGN)
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
    if todo == "report_overdue":
        return permissions.scoped(qs.filter(status__in=RUNNING, next_report_due__lt=day), user, Action.PROJECT_REPORT)
    if todo == "report_due":
        window = day + dt.timedelta(days=REPORT_DUE_DAYS)
        due = qs.filter(status__in=RUNNING, next_report_due__gte=day, next_report_due__lte=window)
        return permissions.scoped(due, user, Action.PROJECT_REPORT)
    return qs.none()


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


def worklist_items(user: Any) -> Iterable[WorklistItem]:
    grants = permissions.grants_for(user)
    if not grants.prefixes(Action.PROJECT_VIEW):
        return
    base = permissions.scoped(Project.objects.all(), user, Action.PROJECT_VIEW)
    index = reverse("projects:index")
    for todo, (label, severity, order) in TODOS.items():
        if not any(grants.prefixes(action) for action in TODO_ACTIONS[todo]):
            continue  # todo_filter would scope to nothing: count 0
        # Money to pay out is counted from the materialised tally when the scopes are whole provinces
        # (a region's thousands of running projects otherwise); the same number as the list's rows.
        tallied = selectors.tallied_to_disburse(user) if todo == "disburse" else None
        count = tallied if tallied is not None else todo_filter(base, user, todo).count()
        if count:
            yield WorklistItem(
                key=f"projects.{todo}",
                label=str(label),
                count=count,
                url=f"{index}?todo={todo}",
                severity=severity,
                order=order,
            )
