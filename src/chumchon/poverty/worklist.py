"""Poverty's part of the worklist (งานที่รอฉัน): additions to verify, imports to confirm, follow-ups due.

Each item links to a page that reads the same filter from its query string (``?awaiting=me`` on
the additions, ``?status=uploaded`` on the imports, ``?follow_up=due`` on an area's Logbook), so
the count on the home page and the rows on the page are one query. Registered into
``accounts.worklist.WORKLIST_PROVIDERS`` from ``registrations.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import F, Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.permissions import Action, grants_for
from chumchon.accounts.worklist import WorklistItem
from chumchon.areas.models import Area
from chumchon.areas.selectors import prefix_q
from chumchon.core import prepared
from chumchon.core.templatetags.thai import localized_name
from chumchon.poverty.models import AdditionStatus, Case, CaseStatus, DuplicateStatus, FieldAddition, ImportStatus
from chumchon.poverty.selectors import survey_imports as survey_imports_selectors
from chumchon.poverty.selectors.additions import additions_for
from chumchon.poverty.selectors.duplicates import duplicates_for

OPEN_CASE_STATUSES = (CaseStatus.TARGET, CaseStatus.IN_PROGRESS)
_Row = TypeVar("_Row")  # a queryset's rows: cases, or the values read of them


def awaiting_verification(qs: QuerySet[FieldAddition], user: Any) -> QuerySet[FieldAddition]:
    """Pending additions this user may verify: in their PERSON_VERIFY scope, added by someone else."""
    prefixes = grants_for(user).prefixes(Action.PERSON_VERIFY)
    if not prefixes:
        return qs.none()
    return qs.filter(prefix_q(prefixes, "area__code"), status=AdditionStatus.PENDING).exclude(created_by_id=user.pk)


def follow_ups_due(qs: QuerySet[Case, _Row], today: dt.date | None = None) -> QuerySet[Case, _Row]:
    """Open cases whose latest follow-up date has come with no help recorded on or after it."""
    day = today or timezone.localdate()
    return (
        qs.filter(status__in=OPEN_CASE_STATUSES)
        .annotate(_follow_up=Max("assistance__follow_up_on"), _last_help=Max("assistance__given_on"))
        .filter(_follow_up__lte=day, _last_help__lt=F("_follow_up"))
    )


def _additions_items(user: Any) -> Iterable[WorklistItem]:
    grants = grants_for(user)
    # Made of the viewing, editing and verifying scopes and the user alone: built once per process for them.
    scopes = tuple(grants.prefixes(a) for a in (Action.PERSON_VIEW, Action.PERSON_EDIT, Action.PERSON_VERIFY))
    codes = prepared.rows(
        ("poverty.additions_to_verify", scopes, user.pk),
        lambda: awaiting_verification(additions_for(user), user).values_list("survey_round__code"),
    )
    by_round = Counter(code for (code,) in codes)
    for code, count in sorted(by_round.items()):
        label = _("People added outside the survey waiting for your verification")
        yield WorklistItem(
            key="poverty.additions_verify",
            label=f"{label} ({code})" if len(by_round) > 1 else label,
            count=count,
            url=f"{reverse('poverty:additions')}?awaiting=me&round={code}",
            severity="warning",
            order=30,
        )


def _import_items(user: Any) -> Iterable[WorklistItem]:
    # Made of the import scope alone: built once per process for it (``core.prepared``).
    count = prepared.count(
        ("poverty.imports_uploaded", grants_for(user).prefixes(Action.SURVEY_IMPORT)),
        lambda: survey_imports_selectors.imports_for(user).filter(status=ImportStatus.UPLOADED),
    )
    if count:
        yield WorklistItem(
            key="poverty.imports_confirm",
            label=_("Survey imports waiting for confirmation"),
            count=count,
            url=f"{reverse('poverty:imports')}?status={ImportStatus.UPLOADED}",
            severity="warning",
            order=31,
        )


def _follow_up_items(user: Any) -> Iterable[WorklistItem]:
    """One item per area the user keeps a Logbook for (a national user: per province)."""
    prefixes = grants_for(user).prefixes(Action.LOGBOOK_EDIT)
    if not prefixes:
        return
    day = timezone.localdate()

    def build() -> QuerySet[Case, tuple[str]]:
        # Grouped by the case alone (``values("pk")``), not by every column of it: the same cases, a third
        # cheaper to build.
        due = follow_ups_due(Case.objects.filter(prefix_q(prefixes, "area__code")).values("pk"), day)
        return due.values_list("area__code")

    # Made of the Logbook's scope and the day alone: built once per process for them (``core.prepared``).
    codes = [code for (code,) in prepared.rows(("poverty.follow_ups_due", prefixes, day), build)]
    if "" in prefixes:
        counts = Counter(code[:2] for code in codes)
    else:
        counts = Counter(next(p for p in sorted(prefixes) if code.startswith(p)) for code in codes)
    if not counts:
        return  # no follow-up due: no names to read
    names = {a.code: a for a in Area.objects.filter(code__in=list(counts))}
    for code, count in sorted(counts.items()):
        area = names.get(code)
        where = localized_name(area) if area is not None else code
        yield WorklistItem(
            key="poverty.follow_ups_due",
            label=_("Logbook follow-ups due in %(area)s") % {"area": where},
            count=count,
            url=f"{reverse('poverty:logbook', args=[code])}?follow_up=due",
            severity="warning",
            order=32,
        )


def _duplicate_items(user: Any) -> Iterable[WorklistItem]:
    """Cross-area duplicates waiting for a provincial officer of either record's province."""
    # Made of the resolving scope alone: built once per process for it (``core.prepared``).
    count = prepared.count(
        ("poverty.duplicates_open", grants_for(user).prefixes(Action.PERSON_RESOLVE_DUPLICATE)),
        lambda: duplicates_for(user, status=DuplicateStatus.OPEN),
    )
    if count:
        yield WorklistItem(
            key="poverty.duplicates_open",
            label=_("Cross-area duplicates waiting for your decision"),
            count=count,
            url=f"{reverse('poverty:duplicates')}?status={DuplicateStatus.OPEN}",
            severity="warning",
            order=33,
        )


def worklist_items(user: Any) -> Iterable[WorklistItem]:
    yield from _additions_items(user)
    yield from _duplicate_items(user)
    yield from _import_items(user)
    yield from _follow_up_items(user)


__all__ = ["awaiting_verification", "follow_ups_due", "worklist_items"]
