"""The project page's statements (issue 16 item 4): its activities read once (the list and the progress
roll-up share them), no read of the visible sub-projects when it has none, and no read of a list (activities,
budget lines, co-funding, indicators, tranches, reports, attachments) the project's own read found empty —
same progress, same lists."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chumchon.projects import selectors
from chumchon.projects.models import (
    Activity,
    Attachment,
    BudgetLine,
    CoFunding,
    CoFundingSource,
    ProgressReport,
    Project,
    ProjectIndicator,
    Tranche,
)

from .conftest import World

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def statements(client: Client, project: Project) -> tuple[int, str]:
    url = reverse("projects:detail", args=[project.pk])
    client.get(url)  # per-process caches (menu links, translations) filled
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def activity(project: Project, name: str, weight: str, pct: str, order: int) -> Activity:
    return Activity.objects.create(
        project=project, name=name, weight=Decimal(weight), progress_pct=Decimal(pct), order=order
    )


def test_leaf_project_page_statements_and_progress(world: World) -> None:
    project = world.project()
    activity(project, "อบรม", "2", "50", 1)
    activity(project, "จัดซื้อ", "1", "20", 0)
    n, html = statements(client_for(world.secretary), project)
    # session, user + grants, the project (with which of its lists hold rows), its timeline, sub-projects of
    # the roll-up (none), activities, the menu's jobs check, budget lines; no co-funding, indicators,
    # tranches, reports or attachments: not read
    assert n == 8
    assert "อบรม" in html and "จัดซื้อ" in html
    activities = list(project.activities.all())
    assert selectors.project_progress_and_children(project, activities) == (selectors.project_progress(project), False)
    assert selectors.project_progress(project) == Decimal("40.00")


def test_project_with_sub_projects_lists_them_with_the_same_progress(world: World) -> None:
    parent = world.project(title_th="โครงการหลัก")
    activity(parent, "ประชุม", "1", "100", 0)
    child = world.project(title_th="โครงการย่อยหนึ่ง", parent=parent, weight=Decimal("3"))
    activity(child, "ก่อสร้าง", "1", "10", 0)
    grandchild = world.project(title_th="โครงการย่อยของย่อย", parent=child)
    activity(grandchild, "สำรวจ", "1", "70", 0)
    for project in (parent, child, grandchild):
        project.refresh_from_db()
        activities = list(project.activities.all())
        pct, has_children = selectors.project_progress_and_children(project, activities)
        assert pct == selectors.project_progress(project)
        assert has_children == (project != grandchild)
    n, html = statements(client_for(world.secretary), parent)
    assert "โครงการย่อยหนึ่ง" in html and "โครงการย่อยของย่อย" not in html
    # the leaf page's 8, plus the roll-up's next levels (sub-projects' sub-projects, their activities),
    # the sub-projects the user may see and their own roll-up: seven more
    assert n == 15


def test_page_parts_name_the_lists_that_hold_rows(world: World) -> None:
    """``page_parts`` (one ``EXISTS`` per list in the project's own read) equals, after each row added, the lists
    that hold any row; a sibling project's rows are not counted; the page reads one statement per list held."""
    project = world.project(budget_lines=[])
    sibling = world.project()
    activity(sibling, "อื่น", "1", "10", 0)
    secretary = client_for(world.secretary)

    def parts() -> set[str]:
        return selectors.page_parts(selectors.project_get(world.secretary, project.pk, parts_present=True))

    def holding() -> set[str]:
        return {name for name in selectors.PAGE_PARTS if getattr(project, name).exists()}

    assert parts() == holding() == set()
    base, _ = statements(secretary, project)
    adds = [
        lambda: activity(project, "อบรม", "1", "50", 0),
        lambda: BudgetLine.objects.create(project=project, item="ค่าวัสดุ", amount=Decimal("10")),
        lambda: CoFunding.objects.create(project=project, source=CoFundingSource.values[0], amount=Decimal("5")),
        lambda: ProjectIndicator.objects.create(project=project, name="ครัวเรือน", target=Decimal("20")),
        lambda: Tranche.objects.create(project=project, number=1, amount=Decimal("10")),
        lambda: ProgressReport.objects.create(project=project, progress_pct=Decimal("10"), spent_amount=Decimal("1")),
        lambda: Attachment.objects.create(project=project, file="projects/attachments/2026/a.pdf"),
    ]
    for i, add in enumerate(adds, start=1):
        add()
        assert parts() == holding() and len(holding()) == i
        if i < len(adds):  # (the last one's link needs the file in the store)
            n, _ = statements(secretary, project)
            assert n == base + i + (1 if i >= 6 else 0)  # a report's photos are read with the reports
    assert holding() == set(selectors.PAGE_PARTS)
