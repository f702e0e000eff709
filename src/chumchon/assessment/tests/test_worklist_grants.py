"""The projects' and assessments' worklist items skip a todo whose permission the user holds nowhere
(known from the grants, no query built): the same items and counts as counting every todo's rows."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.assessment import selectors as assessment_selectors
from chumchon.assessment.worklist import worklist_items as assessment_items
from chumchon.projects import selectors, worklist
from chumchon.projects.models import Project

pytestmark = pytest.mark.django_db


def _every_todo(user: Any) -> dict[str, int]:
    base = permissions.scoped(Project.objects.all(), user, Action.PROJECT_VIEW)
    counts = {}
    for todo in worklist.TODOS:
        tallied = selectors.tallied_to_disburse(user) if todo == "disburse" else None
        n = tallied if tallied is not None else worklist.todo_filter(base, user, todo).count()
        if n:
            counts[f"projects.{todo}"] = n
    return counts


def _every_assessment_list(user: Any) -> dict[str, int]:
    counts = {
        "assessment.review": len(assessment_selectors.to_review(user)),
        "assessment.complete": assessment_selectors.to_complete(user).count(),
        "assessment.adopt": len(assessment_selectors.selections_to_adopt(user)),
    }
    return {k: n for k, n in counts.items() if n}


def test_skipped_todos_change_no_item_for_any_demo_user(shared_demo: Any) -> None:
    users = list(shared_demo.shared["users"].values())
    assert len(users) >= 10
    seen = 0
    for user in users:
        user = type(user).objects.get(pk=user.pk)  # fresh grants
        got = {i.key: i.count for i in worklist.worklist_items(user)}
        assert got == _every_todo(user), user.username
        got_assessment = {i.key: i.count for i in assessment_items(user)}
        assert got_assessment == _every_assessment_list(user), user.username
        seen += len(got) + len(got_assessment)
    assert seen > 0  # the demo has work waiting for someone
