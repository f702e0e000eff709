"""The project page's statements (issue 16 item 4): its activities read once (the list and the progress
roll-up share them), no read of the visible sub-projects when it has none — same progress, same lists."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chumchon.projects import selectors
from chumchon.projects.models import Activity, Project

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
    # session, user + grants, the project, its timeline, sub-projects of the roll-up (none), activities,
    # the menu's jobs check, budget lines, co-funding, indicators, tranches, reports, attachments
    assert n == 13
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
    # the leaf page's 13, plus the roll-up's next levels (sub-projects' sub-projects, their activities),
    # the sub-projects the user may see and their own roll-up: seven more
    assert n == 20
