"""The worklist's "assessments to complete": read through the provinces in scope (a cheap plan at national
volume), the same rows as scoping on the province's code, never another province's."""

from __future__ import annotations

from typing import Any

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.assessment import selectors, services
from chumchon.assessment.models import Assessment, AssessmentStatus


def _by_code(user: Any) -> set[int]:
    """The previous definition: drafts and returned ones scoped on the joined province's code."""
    qs = Assessment.objects.filter(status__in=[AssessmentStatus.DRAFT, AssessmentStatus.RETURNED])
    return set(permissions.scoped(qs, user, Action.ASSESSMENT_EDIT, "province__code").values_list("pk", flat=True))


def test_to_complete_equals_the_code_scope_after_each_step(world: Any) -> None:
    users = [
        world.editor24,
        world.editor10,
        world.editor22,
        world.reviewer_c08,
        world.subcom_member,
        world.staff,
        world.outsider,
    ]

    def check() -> dict[str, int]:
        counts = {}
        for user in users:
            got = set(selectors.to_complete(user).values_list("pk", flat=True))
            assert got == _by_code(user), user.username
            counts[user.username] = len(got)
        return counts

    assert set(check().values()) == {0}
    draft24 = services.assessment_open(province=Area.objects.get(code="24"), fiscal_year=2569, actor=world.editor24)
    counts = check()
    assert counts[world.editor24.username] == 1
    assert counts[world.editor22.username] == 0 and counts[world.outsider.username] == 0
    services.assessment_open(province=Area.objects.get(code="22"), fiscal_year=2569, actor=world.editor22)
    counts = check()
    assert counts[world.editor22.username] == 1 and counts[world.editor24.username] == 1
    # Submitted: no longer the province's work; returned: the province's again.
    submitted = world.open_and_fill("20", [2] * 10, world.staff)
    check()
    services.assessment_return(assessment=submitted, note="ขอเอกสารเพิ่ม", actor=world.reviewer_for("20"))
    counts = check()
    assert counts[world.outsider.username] == 1  # the provincial working group of 20
    draft24.delete()
    assert check()[world.editor24.username] == 0
