"""The project list's rows read as values (``selectors.list_rows``) show what the projects themselves show, and
its totals come from one statement (``scope_rollup``: the tally's figures and the overdue reports together)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chumchon.projects import kept_progress, selectors, worklist
from chumchon.projects.models import Project, ProjectStatus

from .conftest import World

pytestmark = pytest.mark.django_db
S = ProjectStatus


def _shown(p: object) -> tuple[object, ...]:
    area, programme = p.area, p.programme  # type: ignore[attr-defined]
    return (
        p.pk,  # type: ignore[attr-defined]
        p.title_th,  # type: ignore[attr-defined]
        p.status,  # type: ignore[attr-defined]
        p.requested_amount,  # type: ignore[attr-defined]
        p.approved_amount,  # type: ignore[attr-defined]
        p.is_report_overdue,  # type: ignore[attr-defined]
        area.code,
        area.name_th,
        programme.name_th,
        programme.fiscal_year,
    )


def test_rows_read_as_values_show_what_the_projects_show(world: World) -> None:
    today = timezone.localdate()
    late = world.to_in_progress(world.project(amount="30000", title_th="ค้าง <&>"), tranche="700")
    Project.objects.filter(pk=late.pk).update(next_report_due=today - dt.timedelta(days=1))
    due = world.to_in_progress(world.project(amount="1000.50", title_th="ยังไม่ถึง"), tranche="700")
    Project.objects.filter(pk=due.pk).update(next_report_due=today, progress_pct=Decimal("12.5"))
    closed = world.to_in_progress(world.project(amount="99", title_th="ปิด", programme=world.housing), tranche="99")
    Project.objects.filter(pk=closed.pk).update(status=S.CLOSED, next_report_due=today - dt.timedelta(days=9))
    world.project(amount="7000", title_th="ร่าง")
    qs = selectors.project_list(world.staff)
    models = list(qs)
    rows = selectors.list_rows(selectors.list_row_values(qs), lambda pk: f"/projects/{pk}/")
    assert [_shown(r) for r in rows] == [_shown(p) for p in models]  # same rows, same order, same values
    assert [r.is_report_overdue for r in rows].count(True) == 1  # late: running and past due; closed is not
    assert [r.list_url for r in rows] == [f"/projects/{p.pk}/" for p in models]
    assert selectors.page_progress(rows) == selectors.progress_map(models)
    # The list's tag writes the same HTML from either.
    for p in models:
        p.list_url = f"/projects/{p.pk}/"  # type: ignore[attr-defined]
    progress = selectors.progress_map(models)
    tag = Template("{% load project_rows %}{% project_rows rows %}")
    from_rows = tag.render(Context({"rows": [(r, progress[r.pk], r.status) for r in rows]}))
    from_models = tag.render(Context({"rows": [(p, progress[p.pk], p.status) for p in models]}))
    assert from_rows == from_models and "ค้าง &lt;&amp;&gt;" in from_rows


def test_the_list_totals_come_from_one_statement(world: World) -> None:
    """The tally's figures and the count of overdue reports are one statement (with the marks writes left)."""
    late = world.to_in_progress(world.project(amount="30000"), tranche="700")
    Project.objects.filter(pk=late.pk).update(next_report_due=dt.date(2001, 1, 1))
    world.project(amount="7000", title_th="ร่าง")
    kept_progress.settle()
    for to_disburse in (False, True):
        with CaptureQueriesContext(connection) as read:
            groups = selectors.scope_rollup(world.staff, key_field="programme_id", to_disburse=to_disburse)
        assert groups is not None and groups[""].overdue == 1
        assert len(read) == 2, [q["sql"] for q in read]  # the tally and the overdue; the marks


def test_a_programme_with_nothing_left_to_pay_out_has_no_row(world: World) -> None:
    """The tally keeps a row for a programme whose running projects are all paid out (nothing to disburse): the
    money-to-pay-out list shows no row for that programme, as the sum over the projects has none."""
    world.to_in_progress(world.project(amount="30000"), tranche="700")
    paid = world.to_in_progress(world.project(amount="250000", programme=world.housing), tranche="250000")
    assert paid.approved_amount == paid.disbursed_amount
    for key_field in ("programme_id", None):
        tallied = selectors.scope_rollup(world.staff, key_field=key_field, to_disburse=True)
        awaiting = worklist.todo_filter(selectors.project_list(world.staff), world.staff, "disburse")
        direct = selectors.rollup(awaiting, key_field=key_field)
        assert tallied is not None and set(tallied) == set(direct)
        assert str(world.housing.pk) not in tallied and tallied[""].projects == 1
