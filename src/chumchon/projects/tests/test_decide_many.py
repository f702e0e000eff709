""" "Proposals waiting for your decision", asked set-based (issue 16 item 4): ``authority.may_decide_many`` gives,
for every demo user and every project (the screened ones and all others), exactly what ``may_decide`` gives
one at a time — and what the worklist asked before (``may_decide``, then the rule looked up again without the
per-actor memo); each rule source's set-based form yields, for every subject, the rules its per-subject form
yields, in the same order; and the worklist's item costs the same few statements however many projects are
screened (it cost two to three a project before).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.meetings import authority
from chumchon.meetings.authority import AuthorityError, Power
from chumchon.projects import worklist
from chumchon.projects.models import Project, ProjectStatus
from chumchon.projects.services import approval_subject, approval_subject_of_programme

pytestmark = pytest.mark.django_db


def _users(shared_demo: Any) -> list[User]:
    names = sorted({u.username for u in shared_demo.shared["users"].values()})
    return [User.objects.get(username=n) for n in names]


def _old_decides(user: User, project: Project) -> bool:
    """The worklist's question as it was asked per project before ``may_decide_many``."""
    subject = approval_subject(project, Power.APPROVE)
    if not authority.may_decide(user, subject, project):
        return False
    try:
        rule = authority.authority_for(subject)
    except AuthorityError:
        return False
    return not rule.role or permissions.holds_role(user, rule.role, project)


def test_may_decide_many_equals_may_decide_for_every_demo_user_and_project(shared_demo: Any) -> None:
    projects = list(Project.objects.select_related("programme", "area").order_by("pk"))
    screened = [p for p in projects if p.status == ProjectStatus.SCREENED]
    assert screened, "the demo screens proposals"
    decided_somewhere = False
    for power in (Power.APPROVE, Power.REJECT):
        items = [(approval_subject(p, power), p) for p in projects]
        for user in _users(shared_demo):
            alone = User.objects.get(pk=user.pk)  # its own per-actor memo, filled one subject at a time
            one_by_one = [authority.may_decide(alone, s, p) for s, p in items]
            many = authority.may_decide_many(User.objects.get(pk=user.pk), items)
            assert many == one_by_one, (user.username, power)
            if power is Power.APPROVE:
                fresh = User.objects.get(pk=user.pk)
                old = [_old_decides(fresh, p) for p in projects]
                assert authority.may_decide_many(User.objects.get(pk=user.pk), items, needs_rule=True) == old
                decided_somewhere |= any(d for d, p in zip(old, projects, strict=True) if p in screened)
    assert decided_somewhere, "some demo user decides some screened proposal"


def test_each_rule_source_set_based_form_equals_its_per_subject_form(shared_demo: Any) -> None:
    assert authority.RULE_BATCH_SOURCES, "budgets and meetings register their set-based forms"
    projects = list(Project.objects.select_related("programme", "area").order_by("pk"))
    # One subject per programme, power and province (what the sources select by), amounts varied.
    distinct = {
        (p.programme_id, power, p.area.code[:2]): (p, power)
        for p in projects
        for power in (Power.APPROVE, Power.REJECT)
    }
    subjects = [approval_subject(p, power) for p, power in distinct.values()]
    assert any(r.resolution_id for s in subjects for r in authority._rules(s)), "the demo delegates some approvals"
    subjects += [authority.Subject(power=Power.APPROVE, programme_id=None)]  # no programme: no band
    for source, many in authority.RULE_BATCH_SOURCES.items():
        assert source in authority.RULE_SOURCES
        assert many(subjects) == [list(source(s)) for s in subjects], source.__name__


def test_the_approve_item_costs_the_same_statements_however_many_are_screened(shared_demo: Any) -> None:
    """National administrator: every screened proposal in the country is a candidate."""
    admin = next(u for u in _users(shared_demo) if "" in permissions.grants_for(u).prefixes(Action.PROJECT_APPROVE))
    base = Project.objects.all()

    def count_statements() -> tuple[int, int]:
        user = User.objects.get(pk=admin.pk)
        permissions.grants_for(user)
        with CaptureQueriesContext(connection) as ctx:
            n = worklist._approvable(base, user).count()
        return n, len(ctx.captured_queries)

    few, statements = count_statements()
    # The candidates' programmes, one query per rule source, the count: 4.
    assert statements <= 4, statements
    # Screen more proposals: the statements stay the same.
    more = Project.objects.filter(status__in=[ProjectStatus.SUBMITTED, ProjectStatus.DRAFT]).order_by("pk")[:40]
    Project.objects.filter(pk__in=[p.pk for p in more]).update(status=ProjectStatus.SCREENED)
    many_, statements_after = count_statements()
    assert many_ >= few
    assert statements_after == statements


def test_decidable_q_equals_may_decide_many_for_every_demo_user_and_project(shared_demo: Any) -> None:
    """The condition asked in SQL selects exactly the projects ``may_decide_many(needs_rule=True)`` answers True
    for — every project, not only the screened ones, for approval and rejection, every demo user."""
    projects = list(Project.objects.select_related("programme", "area").order_by("pk"))
    programmes = {(p.is_housing, p.programme_id, p.programme.code, p.programme.fiscal_year) for p in projects}
    decided = set()
    for power in (Power.APPROVE, Power.REJECT):
        items = [(approval_subject(p, power), p) for p in projects]
        subjects = [approval_subject_of_programme(i, c, y, housing=h, power=power) for h, i, c, y in programmes]
        for user in _users(shared_demo):
            many = authority.may_decide_many(User.objects.get(pk=user.pk), items, needs_rule=True)
            expected = {p.pk for p, yes in zip(projects, many, strict=True) if yes}
            q = authority.decidable_q(User.objects.get(pk=user.pk), subjects, worklist.APPROVAL_FIELDS)
            assert set(Project.objects.filter(q).values_list("pk", flat=True)) == expected, (user.username, power)
            decided |= expected
    assert decided, "some demo user decides some project"


def test_the_approve_item_lists_what_may_decide_many_answers(shared_demo: Any) -> None:
    """The worklist's rows (and so its count and the list's ``?todo=approve``): the screened projects in scope
    that ``may_decide_many(needs_rule=True)`` answers True for, for every demo user."""
    screened = list(Project.objects.filter(status=ProjectStatus.SCREENED).select_related("programme", "area"))
    some = False
    for user in _users(shared_demo):
        items = [(approval_subject(p, Power.APPROVE), p) for p in screened]
        many = authority.may_decide_many(User.objects.get(pk=user.pk), items, needs_rule=True)
        expected = {p.pk for p, yes in zip(screened, many, strict=True) if yes}
        rows = worklist.todo_filter(Project.objects.all(), User.objects.get(pk=user.pk), "approve")
        assert set(rows.values_list("pk", flat=True)) == expected, user.username
        some |= bool(expected)
    assert some, "some demo user has a proposal to decide"
