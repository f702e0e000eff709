"""The worklist's counts built once per process (``core.prepared``): for every demo user the same items as the
lists' own counts, the same again from the kept statements, and a change of role seen at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from chumchon.accounts.models import RoleAssignment, User
from chumchon.accounts.permissions import Action, grants_for
from chumchon.accounts.worklist import worklist_for
from chumchon.areas.models import Area
from chumchon.assessment import selectors as assessment_selectors
from chumchon.core import prepared
from chumchon.core.dopa import prefix_q
from chumchon.core.models import Job, JobStatus
from chumchon.indicators import selectors as indicator_selectors
from chumchon.plans.governor import selectors as governor_selectors
from chumchon.plans.strategy import selectors as strategy_selectors
from chumchon.portal.moderation import pending_for
from chumchon.poverty.models import Case, DuplicateStatus, ImportStatus, SurveyImport
from chumchon.poverty.selectors.additions import additions_for
from chumchon.poverty.selectors.duplicates import duplicates_for
from chumchon.poverty.selectors.survey_imports import imports_for
from chumchon.poverty.tests.logbook_data import survey_round
from chumchon.poverty.worklist import awaiting_verification, follow_ups_due

pytestmark = pytest.mark.django_db


def _fresh(user: Any) -> Any:
    return User.objects.get(pk=user.pk)  # no grants or memo kept on the object


def _items(user: Any) -> list[tuple[str, int]]:
    return [(i.key, i.count) for i in worklist_for(_fresh(user))]


def test_kept_counts_are_the_lists_counts_for_every_demo_user(shared_demo: Any) -> None:
    users = list(shared_demo.shared["users"].values())
    assert len(users) >= 10
    today = timezone.localdate()
    prepared.forget()
    first = {u.username: _items(u) for u in users}
    assert {u.username: _items(u) for u in users} == first  # the second time from the kept statements
    assert any(first.values())
    for user in users:
        user = _fresh(user)
        national = "" in grants_for(user).prefixes(Action.JOB_VIEW)
        jobs = Job.objects.filter(status=JobStatus.FAILED, **({} if national else {"created_by": user}))
        overdue = governor_selectors.overdue_for(user, today)
        expected = (
            jobs.count(),
            pending_for(user).count(),
            imports_for(user).filter(status=ImportStatus.UPLOADED).count(),
            duplicates_for(user, status=DuplicateStatus.OPEN).count(),
            strategy_selectors.duplicates_queue(user).count(),
            indicator_selectors.awaiting_approval(user).count(),
            indicator_selectors.to_submit(user).count(),
            assessment_selectors.to_complete(user).count(),
            (overdue.count(), overdue.filter(governor_selectors.long_overdue_q(today)).count()),
            awaiting_verification(additions_for(user), user).count(),
            follow_ups_due(Case.objects.filter(prefix_q(grants_for(user).prefixes(Action.LOGBOOK_EDIT), "area__code")))
            .values("pk")
            .count()
            if grants_for(user).prefixes(Action.LOGBOOK_EDIT)
            else 0,
        )
        counts = {key: n for key, n in first[user.username]}
        got = (
            counts.get("core.jobs_failed", 0),
            counts.get("portal.feedback", 0),
            counts.get("poverty.imports_confirm", 0),
            counts.get("poverty.duplicates_open", 0),
            counts.get("plans.duplicates", 0),
            counts.get("indicators.approve", 0),
            counts.get("indicators.submit", 0),
            counts.get("assessment.complete", 0),
            governor_selectors.overdue_counts(user, today),
            sum(n for key, n in first[user.username] if key == "poverty.additions_verify"),
            sum(n for key, n in first[user.username] if key == "poverty.follow_ups_due"),
        )
        assert got == expected, user.username


def test_a_new_role_is_seen_at_once_by_a_kept_count(make_user: Any) -> None:
    officer = make_user("cdd_provincial_officer", area="24")
    rnd = survey_round("jpt-2566", 2566)
    for code in ("2401", "25"):
        SurveyImport.objects.create(
            survey_round=rnd,
            area_code=code,
            household_file="x.csv",
            household_filename="x.csv",
            content_hash=code,
            status=ImportStatus.UPLOADED,
            created_by=officer,
        )
    assert ("poverty.imports_confirm", 1) in _items(officer)
    assert ("poverty.imports_confirm", 1) in _items(officer)  # kept for the province's scope
    RoleAssignment.objects.create(user=officer, role="cdd_provincial_officer", area=Area.objects.get(code="25"))
    assert ("poverty.imports_confirm", 2) in _items(officer)  # a wider scope: another statement
    RoleAssignment.objects.filter(user=officer, area__code="25").delete()
    assert ("poverty.imports_confirm", 1) in _items(officer)


def test_the_project_counts_move_at_once_with_a_write(shared_demo: Any) -> None:
    from chumchon.projects.models import Project, ProjectStatus

    admin = next(
        u for u in shared_demo.shared["users"].values() if "" in grants_for(u).prefixes(Action.PROJECT_APPROVE)
    )
    before = dict(_items(admin))
    assert before.get("projects.approve", 0) > 0
    assert dict(_items(admin)) == before  # the kept statements
    screened = Project.objects.filter(status=ProjectStatus.SCREENED).order_by("pk").first()
    assert screened is not None
    Project.objects.filter(pk=screened.pk).update(status=ProjectStatus.SUBMITTED)  # rolled back with the test
    after = dict(_items(admin))
    assert after.get("projects.approve", 0) == before["projects.approve"] - 1
    assert after.get("projects.screen", 0) == before.get("projects.screen", 0) + 1


def test_only_a_condition_of_plain_values_is_kept_by_value() -> None:
    from django.db.models import Exists, OuterRef, Q

    from chumchon.projects.models import Project
    from chumchon.projects.worklist import _by_value

    assert _by_value(Q(status="screened", programme_id__in=[1, 2]) & (Q(requested_amount__gte=0) | Q(pk=3)))
    assert not _by_value(Q(status="screened") & Q(Exists(Project.objects.filter(parent=OuterRef("pk")))))
