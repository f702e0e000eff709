"""Issue 9 item 7: a POST to an object outside the user's scope renders nothing of it, and answers
exactly as for an object that does not exist (404) — every POST view with an object in its URL, in
projects, poverty and organizations (budgets: programmes are national, see the last test)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from chumchon.accounts.models import Role
from chumchon.areas.models import Area
from chumchon.poverty.models import Case, FieldAddition
from chumchon.poverty.tests import logbook_data
from chumchon.projects.tests.conftest import TAMBON, World

pytestmark = pytest.mark.django_db

MISSING = 987_654
TITLE = "โครงการพัฒนาอาชีพตำบลคลองนา"
BODY = "สภาองค์กรชุมชนตำบลคลองนา"
SECRET = "นางทดสอบ ลับเฉพาะ"


def objects(world: World, make_user: Any) -> dict[str, Any]:
    project = world.project()
    r = logbook_data.survey_round("h6-2565", 2565)
    area = Area.objects.get(code=TAMBON)
    case = Case.objects.create(
        survey_round=r, area=area, household_id="H1", label=SECRET, dimension="income", opened_by=world.secretary
    )
    addition = FieldAddition.objects.create(
        survey_round=r,
        area=area,
        kind="person",
        reason="moved_in",
        full_name=SECRET,
        created_by=world.secretary,
    )
    return {
        "project": project,
        "line": project.budget_lines.get(),
        "body": world.council,
        "case": case,
        "addition": addition,
    }


# (url name, kwargs for the object in scope of nobody here but its tambon, kwargs for a missing one)
Url = Callable[[dict[str, Any], bool], str]


def _p(name: str, **extra: Any) -> Url:
    return lambda o, missing: reverse(name, kwargs={"pk": MISSING if missing else o["project"].pk, **extra})


URLS: dict[str, Url] = {
    "projects:edit": _p("projects:edit"),
    "projects:line_add": _p("projects:line_add"),
    "projects:co_funding_add": _p("projects:co_funding_add"),
    "projects:indicator_add": _p("projects:indicator_add"),
    "projects:activity_add": _p("projects:activity_add"),
    "projects:attachment_add": _p("projects:attachment_add"),
    "projects:report": _p("projects:report"),
    **{f"projects:transition:{a}": _p("projects:transition", action=a) for a in ("submit", "approve", "sign", "close")},
    "projects:line_delete": lambda o, missing: reverse(
        "projects:line_delete", kwargs={"pk": MISSING if missing else o["project"].pk, "item_pk": o["line"].pk}
    ),
    "organizations:edit": lambda o, missing: reverse(
        "organizations:edit", kwargs={"pk": MISSING if missing else o["body"].pk}
    ),
    "poverty:case_transition": lambda o, missing: reverse(
        "poverty:case_transition", kwargs={"case_id": MISSING if missing else o["case"].pk}
    ),
    "poverty:assistance_add": lambda o, missing: reverse(
        "poverty:assistance_add", kwargs={"case_id": MISSING if missing else o["case"].pk}
    ),
    "poverty:addition_decide": lambda o, missing: reverse(
        "poverty:addition_decide", kwargs={"addition_id": MISSING if missing else o["addition"].pk}
    ),
}


@pytest.mark.parametrize("role", [Role.TAMBON_COUNCIL_SECRETARY, Role.CDD_DISTRICT_OFFICER])
@pytest.mark.parametrize("name", sorted(URLS))
def test_a_post_out_of_scope_answers_as_for_a_missing_object(
    client: Any, world: World, make_user: Any, name: str, role: str
) -> None:
    o = objects(world, make_user)
    outsider = make_user(role, area="500101" if role == Role.TAMBON_COUNCIL_SECRETARY else "5001")  # Chiang Mai
    client.force_login(outsider)
    out_of_scope = client.post(URLS[name](o, False), {})
    missing = client.post(URLS[name](o, True), {})
    assert out_of_scope.status_code == missing.status_code == 404, name
    text = out_of_scope.content.decode()
    for secret in (TITLE, BODY, SECRET):
        assert secret not in text
    # And nothing changed.
    o["project"].refresh_from_db()
    assert o["project"].title_th == TITLE and o["project"].budget_lines.count() == 1


def test_an_empty_edit_post_in_scope_still_shows_the_form(client: Any, world: World, make_user: Any) -> None:
    """The same request by the proposer is answered with the form and its errors (the 404 is scope)."""
    o = objects(world, make_user)
    client.force_login(world.secretary)
    response = client.post(reverse("projects:edit", kwargs={"pk": o["project"].pk}), {})
    assert response.status_code == 200 and TITLE in response.content.decode()


def test_budget_programme_writes_answer_alike_for_a_user_without_the_right(
    client: Any, world: World, make_user: Any
) -> None:
    """Programmes are national (every budget viewer sees them): a user with no budget right gets the
    same answer for an existing programme and a missing one."""
    client.force_login(make_user(Role.TAMBON_COUNCIL_SECRETARY, area="500101"))
    for name in ("budgets:reallocate", "budgets:programme_indicator"):
        existing = client.post(reverse(name, kwargs={"pk": world.programme.pk}), {})
        missing = client.post(reverse(name, kwargs={"pk": MISSING}), {})
        assert existing.status_code == missing.status_code, name
        assert existing.status_code in (403, 404)
        assert world.programme.name_th not in existing.content.decode()
