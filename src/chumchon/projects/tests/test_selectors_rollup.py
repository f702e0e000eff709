"""Roll-up: activities and sub-projects to a project (weighted), projects to programme and area
(weighted by approved amount), overdue reports, and what the project page offers each user."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chumchon.areas.models import Area
from chumchon.projects import selectors, services
from chumchon.projects.models import Activity, Project, ProjectStatus

from .conftest import World

pytestmark = pytest.mark.django_db
S = ProjectStatus


def test_weighted_mean() -> None:
    assert selectors.weighted_mean([(Decimal(1), Decimal(100)), (Decimal(3), Decimal(0))]) == Decimal("25.00")
    assert selectors.weighted_mean([(Decimal(0), Decimal(50))]) is None


def test_activities_and_subprojects_roll_up(world: World) -> None:
    parent = world.project(activities=[("อบรม", 1), ("ศึกษาดูงาน", 3)])
    a1, a2 = parent.activities.all()
    Activity.objects.filter(pk=a1.pk).update(progress_pct=100)
    Activity.objects.filter(pk=a2.pk).update(progress_pct=20)
    # Activities alone: (1×100 + 3×20) / 4 = 40
    assert selectors.project_progress(parent) == Decimal("40.00")
    child = world.project(parent=parent, weight=Decimal(4), title_th="โครงการย่อย")
    Project.objects.filter(pk=child.pk).update(progress_pct=Decimal(10))  # no activities: its reported %
    # (1×100 + 3×20 + 4×10) / 8 = 25
    assert selectors.project_progress(parent) == Decimal("25.00")
    grandchild = world.project(parent=child, activities=[("ก่อสร้าง", 1)], title_th="ย่อยของย่อย")
    Activity.objects.filter(project=grandchild).update(progress_pct=70)
    # child now rolls up its only component: 70 → parent (100 + 60 + 4×70) / 8 = 55
    assert selectors.project_progress(parent) == Decimal("55.00")
    assert selectors.progress_map([parent, child]) == {parent.pk: Decimal("55.00"), child.pk: Decimal("70.00")}


def test_report_updates_activity_progress(world: World) -> None:
    project = world.to_in_progress(world.project(activities=[("อบรม", 1), ("ตลาดชุมชน", 1)]))
    a1, a2 = project.activities.all()
    services.project_report_progress(
        project=project,
        actor=world.secretary,
        progress_pct=30,
        spent_amount="1000",
        activity_progress={a1.pk: 80, a2.pk: 20},
    )
    assert selectors.project_progress(project) == Decimal("50.00")


def test_programme_and_area_rollup_weighted_by_approved_amount(world: World) -> None:
    big = world.to_in_progress(world.project(amount="300000"), tranche="100000")
    small = world.to_in_progress(world.project(amount="100000", title_th="เล็ก"), tranche="50000")
    services.project_report_progress(project=big, actor=world.secretary, progress_pct=20, spent_amount="80000")
    services.project_report_progress(project=small, actor=world.secretary, progress_pct=60, spent_amount="50000")
    world.project(amount="70000", title_th="ร่าง")  # drafts count but carry no approved money
    groups = selectors.rollup(Project.objects.all(), key_field="programme_id")
    total = groups[""]
    assert total.projects == 3
    assert total.requested == Decimal("470000.00")
    assert total.approved == Decimal("400000.00")
    assert total.disbursed == Decimal("150000.00")
    assert total.spent == Decimal("130000.00")
    # (300000×20 + 100000×60) / 400000 = 30
    assert total.progress_pct == Decimal("30.00")
    assert total.by_status == {S.IN_PROGRESS: 2, S.DRAFT: 1}
    assert groups[str(world.programme.pk)].approved == Decimal("400000.00")
    area = Area.objects.get(code="24")
    assert selectors.area_rollup(area.code).approved == Decimal("400000.00")
    assert selectors.area_rollup("20").projects == 0
    rows = selectors.programme_rollups(world.staff, fiscal_year=2565)
    assert [(r.label, r.projects) for r in rows] == [(str(world.programme), 3)]
    items = dict((label, value) for label, value, _url in selectors.area_summary_items(area, world.staff))
    assert "400,000" in items.values()
    assert selectors.area_summary_items(area, world.outside_screener) == []


def test_overdue_reports_flagged(world: World) -> None:
    project = world.to_in_progress(world.project())  # signed 2022-04-01 → first report due 2022-06-30
    assert project.next_report_due == dt.date(2022, 6, 30)
    assert project.is_report_overdue
    assert list(selectors.overdue_filter(Project.objects.all())) == [project]
    assert list(selectors.overdue_filter(Project.objects.all(), today=dt.date(2022, 6, 30))) == []
    services.project_report_progress(project=project, actor=world.secretary, progress_pct=10, spent_amount="0")
    assert not project.is_report_overdue
    assert selectors.rollup(Project.objects.all())[""].overdue == 0


def test_list_is_scoped_and_filtered(world: World) -> None:
    project = world.project()
    world.project(programme=world.housing, title_th="บ้านมั่นคงคลองนา")
    assert selectors.project_list(world.secretary).count() == 2
    assert selectors.project_list(world.outside_screener).count() == 0
    assert list(selectors.project_list(world.staff, programme_id=world.programme.pk)) == [project]
    assert selectors.project_list(world.staff, status=S.SUBMITTED).count() == 0
    assert selectors.project_list(world.staff, housing=True).count() == 1
    assert selectors.project_list(world.staff, area_code="2401").count() == 2
    assert selectors.project_list(world.staff, text="บ้านมั่นคง").count() == 1


def test_available_transitions_follow_role_and_state(world: World) -> None:
    project = world.project()
    assert selectors.available_transitions(world.secretary, project) == ["submit", "cancel"]
    assert selectors.available_transitions(world.screener, project) == []
    services.project_submit(project=project, actor=world.secretary)
    assert selectors.available_transitions(world.screener, project) == ["screen", "return"]
    assert selectors.available_transitions(world.outside_screener, project) == []
    services.project_screen(project=project, actor=world.screener)
    assert selectors.available_transitions(world.approver, project) == ["return", "approve", "reject"]
    assert selectors.available_transitions(world.housing_approver, project) == []


def _reference_rollup(projects: list[Project]) -> tuple[int, Decimal, Decimal, Decimal, Decimal, Decimal | None]:
    """The roll-up computed row by row in Python (as the selector did before it summed in SQL)."""
    progress = selectors.progress_map(projects)
    funded = [p for p in projects if p.status in selectors.APPROVED_STATUSES and p.approved_amount]
    approved = sum((p.approved_amount or Decimal(0) for p in funded), Decimal(0))
    weighted = sum(((p.approved_amount or Decimal(0)) * progress[p.pk] for p in funded), Decimal(0))
    return (
        len(projects),
        sum((p.requested_amount for p in projects), Decimal(0)),
        approved,
        sum((p.disbursed_amount for p in funded), Decimal(0)),
        sum((p.spent_amount for p in funded), Decimal(0)),
        (weighted / approved).quantize(Decimal("0.01")) if approved else None,
    )


def test_sql_rollup_equals_the_row_by_row_one(world: World) -> None:
    """Sums in the database, rolled-up progress only where activities or sub-projects exist: the same
    figures as rolling every project up in Python, and a fixed number of queries however many projects."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def running(project: Project) -> Project:
        return world.to_in_progress(project, tranche="700")

    parent = running(world.project(amount="30000", activities=[("อบรม", 1), ("ดูงาน", 3)]))
    a1, a2 = parent.activities.all()
    Activity.objects.filter(pk=a1.pk).update(progress_pct=Decimal(100))
    Activity.objects.filter(pk=a2.pk).update(progress_pct=Decimal(20))
    Project.objects.filter(pk=parent.pk).update(progress_pct=Decimal(5))  # reported % differs from rolled-up
    child = running(world.project(amount="9000", parent=parent, weight=Decimal(2), title_th="ย่อย"))
    Project.objects.filter(pk=child.pk).update(progress_pct=Decimal("33.33"))
    for i, pct in enumerate(("12.50", "70", "0")):
        leaf = running(world.project(amount=str(5000 + i * 777), title_th=f"ใบ {i}"))
        Project.objects.filter(pk=leaf.pk).update(progress_pct=Decimal(pct), spent_amount=Decimal("1234.56"))
    world.project(amount="7000", title_th="ร่าง")
    projects = list(Project.objects.all())
    total = selectors.rollup(Project.objects.all())[""]
    expected = _reference_rollup(projects)
    assert (
        total.projects,
        total.requested,
        total.approved,
        total.disbursed,
        total.spent,
        total.progress_pct,
    ) == expected
    assert total.progress_pct is not None
    with CaptureQueriesContext(connection) as few:
        selectors.rollup(Project.objects.all(), key_field="programme_id")
    for i in range(5):  # more projects without activities add no query
        running(world.project(amount="1000", title_th=f"เพิ่ม {i}"))
    with CaptureQueriesContext(connection) as more:
        groups = selectors.rollup(Project.objects.all(), key_field="programme_id")
    assert len(more) == len(few)
    by_programme = groups[str(world.programme.pk)]
    assert (by_programme.projects, by_programme.progress_pct) == (groups[""].projects, groups[""].progress_pct)
    assert groups[""].progress_pct == _reference_rollup(list(Project.objects.all()))[5]


def test_rollup_reads_kept_progress_and_computes_what_writes_marked(world: World) -> None:
    """The weighted progress of a set takes the rolled-up % of projects with activities or sub-projects from
    ``KeptProgress`` once settled, and computes it for those still marked: the row-by-row figure either way."""
    from chumchon.projects import kept_progress
    from chumchon.projects.models import KeptProgress, ProgressMark

    parent = world.to_in_progress(world.project(amount="30000", activities=[("อบรม", 1), ("ดูงาน", 3)]), tranche="700")
    a1, a2 = parent.activities.all()
    Activity.objects.filter(pk=a1.pk).update(progress_pct=Decimal(100))
    Activity.objects.filter(pk=a2.pk).update(progress_pct=Decimal(20))
    Project.objects.filter(pk=parent.pk).update(progress_pct=Decimal(5))  # reported 5, rolled up 40
    leaf = world.to_in_progress(world.project(amount="10000", title_th="ใบ"), tranche="700")
    Project.objects.filter(pk=leaf.pk).update(progress_pct=Decimal(80))

    def total() -> Decimal | None:
        return selectors.rollup(Project.objects.all(), key_field="programme_id")[""].progress_pct

    expected = _reference_rollup(list(Project.objects.all()))[5]
    assert expected == Decimal("50.00")  # (30000×40 + 10000×80) / 40000, not (30000×5 + …)
    assert ProgressMark.objects.exists() and total() == expected  # marked: computed now
    kept_progress.settle()
    assert not ProgressMark.objects.exists() and KeptProgress.objects.filter(project_id=parent.pk).exists()
    assert total() == expected  # settled: the kept value
    KeptProgress.objects.filter(project_id=parent.pk).update(rolled_pct=Decimal(0))  # a kept value is what is read
    assert total() == Decimal("20.00")


def test_the_list_filters_choices_from_one_read(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chumchon.budgets.models import Programme

    Programme.objects.create(code="X1", fiscal_year=2569, name_th="แผนงานปีหน้า")
    with CaptureQueriesContext(connection) as ctx:
        years, labels = selectors.filter_choices()
    assert len(ctx.captured_queries) == 1
    assert years == sorted(set(Programme.objects.values_list("fiscal_year", flat=True)), reverse=True)
    assert len(years) > 1
    assert labels == [(str(p.pk), str(p)) for p in selectors.programmes()]


def _figures(groups: dict[str, selectors.Rollup]) -> dict[str, tuple[object, ...]]:
    return {
        k: (r.projects, r.by_status, r.requested, r.approved, r.disbursed, r.spent, r.progress_pct, r.overdue)
        for k, r in groups.items()
    }


def test_a_few_projects_summed_in_python_equal_the_database_sums(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """``rollup(few=True)`` reads up to ``FEW_ROWS`` projects and sums them itself: the same figures as the
    database's sums with the kept-progress correction — with marks pending and settled, an overdue report, a funded project with 0 approved, another programme — in one read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chumchon.projects import kept_progress

    parent = world.to_in_progress(world.project(amount="30000", activities=[("อบรม", 1), ("ดูงาน", 3)]), tranche="700")
    a1, a2 = parent.activities.all()
    Activity.objects.filter(pk=a1.pk).update(progress_pct=Decimal(100))
    Activity.objects.filter(pk=a2.pk).update(progress_pct=Decimal(20))
    Project.objects.filter(pk=parent.pk).update(progress_pct=Decimal(5), next_report_due=dt.date(2001, 1, 1))
    leaf = world.to_in_progress(world.project(amount="10000", title_th="ใบ"), tranche="700")
    Project.objects.filter(pk=leaf.pk).update(
        progress_pct=Decimal("33.33"), spent_amount=Decimal("1234.56"), approved_amount=Decimal("10000.55")
    )
    zero = world.to_approved(world.project(amount="500", title_th="ศูนย์", programme=world.housing))
    Project.objects.filter(pk=zero.pk).update(approved_amount=Decimal(0))
    world.project(amount="7000", title_th="ร่าง")
    for settled in (False, True):
        if settled:
            kept_progress.settle()
        for key_field in ("programme_id", None):
            for qs in (Project.objects.all(), Project.objects.filter(status=S.APPROVED), Project.objects.none()):
                with CaptureQueriesContext(connection) as read:
                    few = selectors.rollup(qs, key_field=key_field, few=True)
                summed = selectors.rollup(qs, key_field=key_field)
                assert _figures(few) == _figures(summed)
                assert len(read) <= 2 or not settled  # the projects and the marks (marked: computed now)
    total = selectors.rollup(Project.objects.all(), few=True)[""]
    assert total.projects == 4 and total.overdue >= 1
    assert total.progress_pct == _reference_rollup(list(Project.objects.all()))[5] == Decimal("38.33")
    # More than FEW_ROWS: the database sums them (the same figures).
    monkeypatch.setattr(selectors, "FEW_ROWS", 2)
    assert _figures(selectors.rollup(Project.objects.all(), key_field="programme_id", few=True)) == _figures(
        selectors.rollup(Project.objects.all(), key_field="programme_id")
    )
