"""The materialised project tally (``ProjectTally``): kept by the database on every kind of write, equal
to its rebuild from the projects, and the roll-ups read from it equal to those summed from the projects."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils.translation import gettext as _

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.core import request_memo
from chumchon.projects import selectors, services, tally, worklist
from chumchon.projects.models import Activity, Project, ProjectStatus, ProjectTally

from .conftest import World

pytestmark = pytest.mark.django_db
S = ProjectStatus
FIGURES = ("projects", "requested", "approved", "disbursed", "spent", "weighted", "to_disburse", *tally.AWAITING)


def tally_rows() -> list[tuple[Any, ...]]:
    return sorted(ProjectTally.objects.values_list("province", "programme_id", "status", *FIGURES))


def assert_kept() -> None:
    """What the triggers kept equals the table rebuilt from the projects."""
    kept = tally_rows()
    tally.rebuild()
    assert tally_rows() == kept


def figures(r: selectors.Rollup) -> tuple[Any, ...]:
    return (r.projects, r.by_status, r.requested, r.approved, r.disbursed, r.spent, r.progress_pct, r.overdue)


def counts(r: selectors.Rollup) -> tuple[Any, ...]:
    return (r.projects, r.by_status, r.requested, r.approved, r.disbursed, r.spent, r.overdue)


def assert_same_rollups(user: User, **filters: Any) -> None:
    """The tally's roll-up equals the one summed from the projects, in total and per programme."""
    for key_field in ("programme_id", None):
        tallied = selectors.scope_rollup(user, key_field=key_field, **filters)
        assert tallied is not None
        direct = selectors.rollup(selectors.project_list(user, **filters), key_field=key_field)
        assert {k: figures(r) for k, r in tallied.items()} == {k: figures(r) for k, r in direct.items()}
        # Counts and money only (the area pages' headline): the same figures, no progress computed.
        lean_tallied = selectors.scope_rollup(user, key_field=key_field, progress=False, **filters)
        lean_direct = selectors.rollup(selectors.project_list(user, **filters), key_field=key_field, progress=False)
        assert lean_tallied is not None
        for lean, full in ((lean_tallied, tallied), (lean_direct, direct)):
            assert {k: counts(r) for k, r in lean.items()} == {k: counts(r) for k, r in full.items()}
            assert all(r.progress_pct is None for r in lean.values())
        # The worklist's "tranche to disburse" set (?todo=disburse): its money from the tally's own columns.
        tallied = selectors.scope_rollup(user, key_field=key_field, to_disburse=True, **filters)
        assert tallied is not None
        awaiting = worklist.todo_filter(selectors.project_list(user, **filters), user, "disburse")
        direct = selectors.rollup(awaiting, key_field=key_field)
        assert {k: figures(r) for k, r in tallied.items()} == {k: figures(r) for k, r in direct.items()}


def test_every_kind_of_write_keeps_the_tally(world: World) -> None:
    assert tally_rows() == []
    draft = world.project(amount="12345.67")
    assert tally_rows() == [("24", world.programme.pk, S.DRAFT, 1, 1234567, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)]
    running = world.to_in_progress(world.project(amount="300000", title_th="ใหญ่"), tranche="100000.01")
    services.project_report_progress(project=running, actor=world.secretary, progress_pct=37, spent_amount="8000.50")
    # Awaiting the rest of its money: its figures again in the awaiting-payout columns.
    row = ProjectTally.objects.get(status=S.IN_PROGRESS)
    assert (row.to_disburse, row.to_disburse_approved, row.to_disburse_disbursed) == (1, 30000000, 10000001)
    assert (row.to_disburse_spent, row.to_disburse_weighted) == (row.spent, row.weighted) == (800050, 30000000 * 3700)
    housing = world.to_approved(world.project(amount="250000", programme=world.housing))
    assert_kept()
    # Writes that bypass the services: a queryset update, a bulk insert, a move to another province,
    # a delete.
    Project.objects.filter(pk=running.pk).update(progress_pct=Decimal("12.34"), spent_amount=Decimal("0.10"))
    bulk = Project.objects.bulk_create(
        [
            Project(
                programme=world.programme,
                area=Area.objects.get(code="240104"),
                proposer=world.council,
                title_th=f"นำเข้า {i}",
                status=S.CLOSED,
                requested_amount=Decimal("1000.05"),
                approved_amount=Decimal(i * 1000),  # 0 for the first: not funded
                disbursed_amount=Decimal("500.25"),
                spent_amount=Decimal("400.75"),
                progress_pct=Decimal("99.99"),
            )
            for i in range(3)
        ]
    )
    assert_kept()
    Project.objects.filter(pk=bulk[1].pk).update(
        area=Area.objects.filter(level="subdistrict").exclude(code__startswith="24").first()
    )
    assert_kept()
    assert {row[0] for row in tally_rows()} == {
        "24",
        Area.objects.get(pk=Project.objects.get(pk=bulk[1].pk).area_id).code[:2],
    }
    Project.objects.filter(pk=draft.pk).delete()
    assert_kept()
    assert not ProjectTally.objects.filter(status=S.DRAFT).exists()  # empty rows go
    assert housing.pk and ProjectTally.objects.filter(programme=world.housing, status=S.APPROVED).exists()


def test_projects_deleted_after_the_tally_was_emptied_leave_no_negative_rows(world: World) -> None:
    """Django's ``flush`` and a restore empty the tables in their own order: taking a project off a row
    that is no longer there changes nothing."""
    draft = world.project(amount="1000")
    ProjectTally.objects.all().delete()
    Project.objects.filter(pk=draft.pk).delete()
    assert tally_rows() == []


def test_rollups_read_from_the_tally_equal_the_direct_ones(world: World) -> None:
    parent = world.to_in_progress(world.project(amount="30000", activities=[("อบรม", 1), ("ดูงาน", 3)]), "700")
    a1, a2 = parent.activities.all()
    Activity.objects.filter(pk=a1.pk).update(progress_pct=Decimal(100))
    Activity.objects.filter(pk=a2.pk).update(progress_pct=Decimal(20))
    child = world.to_in_progress(world.project(amount="9000", parent=parent, weight=Decimal(2), title_th="ย่อย"), "700")
    Project.objects.filter(pk=child.pk).update(progress_pct=Decimal("33.33"), next_report_due="2001-01-01")
    for i, pct in enumerate(("12.50", "70", "0")):
        leaf = world.to_in_progress(world.project(amount=str(5000 + i * 777), title_th=f"ใบ {i}"), "900")
        Project.objects.filter(pk=leaf.pk).update(progress_pct=Decimal(pct), spent_amount=Decimal("1234.56"))
    world.project(amount="7000", title_th="ร่าง")
    world.to_approved(world.project(amount="250000", programme=world.housing))
    # The list's page asks the activities and sub-projects only for projects that have them: the same %.
    everything = list(Project.objects.all())
    assert selectors.page_progress(everything) == selectors.progress_map(everything)
    assert selectors.breakdown_ids() == {parent.pk}
    known = selectors.breakdown()
    assert (known.with_activities, known.with_children) == ({parent.pk}, {parent.pk})
    assert selectors.progress_map(everything, known=known) == selectors.progress_map(everything)
    with request_memo.active():  # read once per request, then reused
        assert selectors.page_progress(everything) == selectors.progress_map(everything)
    for user in (world.staff, world.screener):  # a region's provinces; one province
        assert_same_rollups(user)
        assert_same_rollups(user, fiscal_year=2565)
        assert_same_rollups(user, programme_id=world.programme.pk)
        assert_same_rollups(user, status=S.IN_PROGRESS)
        assert selectors.tallied_to_disburse(user) == direct_to_disburse(user)
        assert_same_rollups(user, area_code="24")
        assert_same_rollups(user, area_code="50")  # outside the scope: nothing
    total = selectors.scope_rollup(world.staff)
    assert total is not None and total[""].projects == 7 and total[""].overdue == 5  # report dates of 2022
    # Scopes or filters finer than a province are summed from the projects.
    assert selectors.scope_rollup(world.secretary) is None
    assert selectors.scope_rollup(world.staff, area_code="2401") is None


def direct_to_disburse(user: User) -> int:
    base = permissions.scoped(Project.objects.all(), user, Action.PROJECT_VIEW)
    return worklist.todo_filter(base, user, "disburse").count()


def test_worklist_money_to_disburse_counted_from_the_tally(world: World) -> None:
    running = world.to_in_progress(world.project(amount="300000"), tranche="100000")
    world.to_in_progress(world.project(amount="5000", title_th="จ่ายครบ"), tranche="5000")
    world.to_approved(world.project(amount="7000", title_th="ยังไม่ลงนาม"))
    assert selectors.tallied_to_disburse(world.staff) == direct_to_disburse(world.staff) == 1
    services.project_disburse(project=running, actor=world.staff, amount=Decimal(200000))
    assert selectors.tallied_to_disburse(world.staff) == direct_to_disburse(world.staff) == 0
    assert selectors.tallied_to_disburse(world.secretary) is None  # a tambon scope: counted directly
    assert selectors.tallied_to_disburse(world.outside_screener) == 0


def test_rebuild_command_repairs_drift(world: World) -> None:
    world.to_in_progress(world.project(amount="300000"))
    world.project(amount="1000")
    kept = tally_rows()
    ProjectTally.objects.update(projects=99, approved=1)
    ProjectTally.objects.create(province="99", programme=world.programme, status=S.CLOSED, projects=5)
    out = StringIO()
    call_command("rebuild_project_tallies", stdout=out)
    assert tally_rows() == kept
    assert "2" in out.getvalue()


def test_newest_first_walk_lists_the_same_page(world: World) -> None:
    for i in range(4):
        world.project(amount=str(1000 + i), title_th=f"โครงการ {i}")
    walked = selectors.project_list(world.staff, newest_walk=True)
    assert list(walked.values_list("pk", flat=True)) == list(
        selectors.project_list(world.staff).values_list("pk", flat=True)
    )
    assert selectors.broad(4) and not selectors.broad(0)


def test_the_demo_tally_equals_its_rebuild_and_the_direct_rollups(shared_demo: Any) -> None:
    """On the demo (activities, sub-projects, every status, several programmes and years)."""
    assert_kept()
    assert ProjectTally.objects.exists()
    for username in ("codi_r5", "cdd_24", "admin"):
        user = User.objects.get(username=username)
        assert_same_rollups(user)
        assert_same_rollups(user, area_code="24")
        assert_same_rollups(user, status=S.IN_PROGRESS)
        assert selectors.tallied_to_disburse(user) == direct_to_disburse(user)


def test_area_summary_reads_the_tally_for_a_province_and_the_projects_for_a_tambon(world: World) -> None:
    from chumchon.core.thai import format_baht

    world.to_in_progress(world.project(amount="300000"), tranche="100000")
    world.project(amount="1000", title_th="ร่าง")
    for code in ("24", "240104"):  # province: from the tally; tambon: summed from its projects
        direct = selectors.rollup(selectors.project_list(world.staff, area_code=code))[""]
        rows = {
            label: value for label, value, _ in selectors.area_summary_items(Area.objects.get(code=code), world.staff)
        }
        assert rows[str(_("Projects"))] == f"{direct.projects:,}" == "2"
        assert rows[str(_("Approved (baht)"))] == format_baht(direct.approved, satang=False)
        assert rows[str(_("Disbursed (baht)"))] == format_baht(direct.disbursed, satang=False)
