"""The project list as the worklist links to it (``/projects/?todo=…``): each todo lists the projects awaiting the
user, whatever way the page reads them (issue 16 item 4: the money to pay out is totalled from the tally and its
page read newest first; the few of a status are grouped through the status index).

The expected rows are written from the permissions directly, not from the code under test: what the user may
view, in the scope of the todo's own permission, in the todo's state.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db.models import F
from django.test import Client, override_settings

from chumchon.accounts import permissions
from chumchon.accounts.models import Role, RoleAssignment
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.projects import selectors, worklist
from chumchon.projects.models import Project, ProjectStatus

from .conftest import World

pytestmark = pytest.mark.django_db
S = ProjectStatus
RUNNING = (S.AGREEMENT_SIGNED, S.IN_PROGRESS)


def _populate(world: World) -> dict[str, Project]:
    """Projects in every state a todo asks about, in the scope's province, another district and outside the region."""
    made = {
        "to_pay": world.to_in_progress(world.project(amount="300000", title_th="รอเบิก"), tranche="100000"),
        "paid": world.to_in_progress(world.project(amount="5000", title_th="จ่ายครบ"), tranche="5000"),
        "approved": world.to_approved(world.project(amount="7000", title_th="รอลงนาม")),
        "screened": world.to_screened(world.project(amount="8000", title_th="รออนุมัติ")),
        "submitted": world.project(amount="9000", title_th="รอกลั่นกรอง"),
        "elsewhere_to_pay": world.to_in_progress(world.project(amount="60000", title_th="นอกเขต"), tranche="1000"),
        "other_district_to_pay": world.to_in_progress(world.project(amount="70000", title_th="อำเภออื่น"), "2000"),
    }
    # Moved by the database (the tally's triggers follow): one outside the region, one in another district.
    outside = Area.objects.filter(code__startswith="50", level="subdistrict").order_by("code").first()
    other = Area.objects.filter(code__startswith="2402", level="subdistrict").order_by("code").first()
    assert outside is not None and other is not None
    Project.objects.filter(pk=made["elsewhere_to_pay"].pk).update(area=outside)
    Project.objects.filter(pk=made["other_district_to_pay"].pk).update(area=other)
    Project.objects.filter(pk=made["to_pay"].pk).update(next_report_due="2001-01-01")  # overdue too
    Project.objects.filter(pk=made["other_district_to_pay"].pk).update(next_report_due="2999-01-01")  # not
    return made


def _expected(user: Any, todo: str) -> list[int]:
    """The projects awaiting ``user`` for ``todo``, newest first, from the permissions directly."""
    viewable = permissions.scoped(Project.objects.all(), user, Action.PROJECT_VIEW)
    if todo == "disburse":
        awaiting = viewable.filter(status__in=RUNNING, approved_amount__isnull=False).filter(
            disbursed_amount__lt=F("approved_amount")
        )
        rows = permissions.scoped(awaiting, user, Action.PROJECT_DISBURSE)
    else:  # the others are checked against the worklist's own filter on the plainly scoped set
        rows = worklist.todo_filter(viewable, user, todo)
    return list(rows.order_by("-created_at", "-id").values_list("pk", flat=True))


def _listed(user: Any, todo: str) -> tuple[list[int], Any]:
    client = Client()
    client.force_login(user)
    response = client.get(f"/projects/?todo={todo}")
    assert response.status_code == 200
    return [p.pk for p, _, _ in response.context["rows"]], response.context["totals"]


def _figures(r: selectors.Rollup) -> tuple[Any, ...]:
    return (r.projects, r.by_status, r.requested, r.approved, r.disbursed, r.spent, r.progress_pct, r.overdue)


@override_settings(FRAGMENT_CACHE_SECONDS=0)
def test_each_todo_lists_the_projects_awaiting_the_user_under_several_scopes(world: World, make_user: Any) -> None:
    made = _populate(world)
    admin = make_user(Role.NATIONAL_ADMIN, nation=True, username="nat")
    # Views a province outside the region it pays out in: the payout scope is not implied by the view's.
    mixed = make_user(Role.CODI_REGIONAL_STAFF, region="R5", username="mixed")
    RoleAssignment.objects.create(
        user=mixed, role=Role.PROVINCIAL_WORKING_GROUP_MEMBER, area=Area.objects.get(code="50")
    )
    district = make_user(Role.CDD_DISTRICT_OFFICER, area="2401", username="district")
    users = (world.staff, world.screener, world.secretary, world.approver, admin, mixed, district)
    for user in users:
        for todo in worklist.TODOS:
            listed, totals = _listed(user, todo)
            expected = _expected(user, todo)
            assert listed == expected, (user.username, todo)
            assert totals.projects == len(expected), (user.username, todo)
            direct = selectors.rollup(Project.objects.filter(pk__in=expected))[""]
            assert _figures(totals) == _figures(direct), (user.username, todo)
    # The sets are what the fixture meant (so the comparisons above compared something).
    assert _listed(world.staff, "disburse")[0] == [made["other_district_to_pay"].pk, made["to_pay"].pk]
    assert _listed(admin, "disburse")[0] == [
        made["other_district_to_pay"].pk,
        made["elsewhere_to_pay"].pk,
        made["to_pay"].pk,
    ]
    # Views province 50's project but may pay out only in its region.
    assert made["elsewhere_to_pay"].pk not in _listed(mixed, "disburse")[0]
    assert _listed(mixed, "disburse")[0] == _listed(world.staff, "disburse")[0]
    assert _listed(world.staff, "sign")[0] == [made["approved"].pk]
    assert _listed(world.staff, "disburse")[1].overdue == 1


def test_newest_first_walk_of_the_money_to_pay_out_lists_the_same_rows(world: World, make_user: Any) -> None:
    """The page reads a broad set newest first (``newest_walk``), a narrow one from its scope: the same rows."""
    _populate(world)
    admin = make_user(Role.NATIONAL_ADMIN, nation=True, username="nat")
    for user in (world.staff, admin, world.screener):
        walked = worklist.todo_filter(
            selectors.project_list(user, newest_walk=True), user, "disburse", newest_walk=True
        )
        plain = worklist.todo_filter(selectors.project_list(user), user, "disburse")
        assert list(walked.values_list("pk", flat=True)) == list(plain.values_list("pk", flat=True))
        assert list(plain.values_list("pk", flat=True)) == _expected(user, "disburse")


def test_totals_of_the_money_to_pay_out_follow_payouts(world: World) -> None:
    """The tally's awaiting-payout columns move with a payout: paid in full, a project leaves the set's totals."""
    from chumchon.projects import services

    made = _populate(world)
    before = selectors.scope_rollup(world.staff, to_disburse=True)
    assert before is not None and before[""].projects == 2
    services.project_disburse(project=made["to_pay"], actor=world.staff, amount=Decimal(200000))
    after = selectors.scope_rollup(world.staff, to_disburse=True)
    assert after is not None and after[""].projects == 1
    assert after[""].approved == before[""].approved - Decimal(300000)
    assert _listed(world.staff, "disburse")[0] == [made["other_district_to_pay"].pk]


def test_the_scope_of_the_payout_permission_is_tested_only_when_the_view_does_not_imply_it(
    world: World, make_user: Any
) -> None:
    mixed = make_user(Role.CODI_REGIONAL_STAFF, region="R5", username="mixed")
    RoleAssignment.objects.create(
        user=mixed, role=Role.PROVINCIAL_WORKING_GROUP_MEMBER, area=Area.objects.get(code="50")
    )
    assert worklist._implied(world.staff, Action.PROJECT_DISBURSE)
    assert not worklist._implied(mixed, Action.PROJECT_DISBURSE)
    assert "areas_area" not in str(worklist.todo_filter(Project.objects.all(), world.staff, "disburse").query)
    assert "areas_area" in str(worklist.todo_filter(Project.objects.all(), mixed, "disburse").query)
