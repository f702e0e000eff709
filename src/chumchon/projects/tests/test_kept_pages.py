"""Kept page fragments (core.fragments) on the project list, the home worklist and the area page:
a committed write shows on the next read, and one user's scoped figures never reach another user.

Transactional (the data versions move only when a write commits), on the small projects world."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chumchon.areas.models import Area
from chumchon.budgets.services import funds_disburse
from chumchon.core import dataversion, fragments
from chumchon.organizations.models import BodyKind
from chumchon.projects import services
from chumchon.projects.models import Project

from .conftest import TAMBON, World, make_body

pytestmark = pytest.mark.django_db(transaction=True)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def total(html: str) -> int:
    match = re.search(r'id="total-projects">([\d,]+)<', html)
    assert match, "no total on the page"
    return int(match.group(1).replace(",", ""))


def disbursed(html: str) -> int:
    match = re.search(r"(?:Disbursed \(baht\)|เบิกจ่ายแล้ว \(บาท\))</span><b>([\d,.]+)<", html)
    assert match, "no disbursed figure on the page"
    return int(float(match.group(1).replace(",", "")))


def get(client: Client, path: str, **params: Any) -> tuple[str, int]:
    """The page's HTML and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_project_list_shows_each_committed_write_and_never_another_users_scope(
    areas_loaded: None, world: World
) -> None:
    fragments.forget_local()
    first = world.project(title_th="โครงการแรก")
    secretary, outsider, staff = (
        client_for(world.secretary),
        client_for(world.outside_screener),
        client_for(world.staff),
    )
    index = reverse("projects:index")

    html, missed = get(secretary, index)
    assert total(html) == 1 and "โครงการแรก" in html
    html, hit = get(secretary, index)
    assert total(html) == 1 and hit < missed  # kept: the list's queries were skipped

    # Another user, another scope, right after: their own figures, never the kept copy.
    html, _ = get(outsider, index)
    assert total(html) == 0 and "โครงการแรก" not in html
    html, _ = get(staff, index)
    assert total(html) == 1

    # A committed service write: the next read shows it (the kept copy's version is stale).
    world.project(title_th="โครงการที่สอง")
    html, _ = get(secretary, index)
    assert total(html) == 2 and "โครงการที่สอง" in html
    # A bulk update (no save signal): seen too.
    Project.objects.filter(pk=first.pk).update(title_th="ชื่อใหม่")
    html, _ = get(secretary, index)
    assert "ชื่อใหม่" in html and "โครงการแรก" not in html
    # A status change moves the filtered view as well, in each language.
    services.project_submit(project=first, actor=world.secretary)
    html, _ = get(secretary, index, status="submitted")
    assert total(html) == 1
    with_en = Client()
    with_en.force_login(world.secretary)
    with_en.cookies["django_language"] = "en"
    html_en, _ = get(with_en, index)
    assert total(html_en) == 2 and 'lang="en"' in html_en
    html_th, _ = get(secretary, index)
    assert 'lang="th"' in html_th and "Projects" not in re.sub(r"<[^>]+>", "", html_th.split("<h1>")[1])[:20]

    # The outsider still sees nothing of the secretary's tambon, and the staff member all of it.
    assert total(get(outsider, index)[0]) == 0
    assert total(get(staff, index)[0]) == 2

    # Money moves by ledger rows alone (no version row is written on the money path: the ledger's newest
    # id is the budgets' version), and a project's disbursement shows on the next read.
    second = Project.objects.get(title_th="โครงการที่สอง")
    world.to_in_progress(second, tranche="40000")
    assert disbursed(get(staff, index)[0]) == 40000
    assert disbursed(get(staff, index)[0]) == 40000  # kept
    before = dataversion.versions(("budgets",))
    with CaptureQueriesContext(connection) as queries:
        funds_disburse(holder=second, amount=Decimal("15000"), actor=world.staff, tranche_no=2)
    assert "core_dataversion" not in " ".join(q["sql"] for q in queries.captured_queries)
    assert dataversion.versions(("budgets",)) != before
    services.project_disburse(project=second, actor=world.staff, amount=Decimal("5000"))
    assert disbursed(get(staff, index)[0]) == 45000


def test_home_worklist_and_area_page_show_committed_writes(areas_loaded: None, world: World) -> None:
    fragments.forget_local()
    project = world.project()
    screener = client_for(world.screener)
    html, missed = get(screener, "/")
    assert 'data-key="projects.screen"' not in html
    assert get(screener, "/")[1] < missed  # kept
    services.project_submit(project=project, actor=world.secretary)
    html, _ = get(screener, "/")
    assert 'data-key="projects.screen"' in html  # the submitted proposal now waits for the screener

    secretary = client_for(world.secretary)
    area_page = reverse("areas:detail", args=[TAMBON])
    html, missed = get(secretary, area_page)
    assert "กองทุนใหม่ของตำบล" not in html
    assert get(secretary, area_page)[1] < missed
    make_body(BodyKind.WELFARE_FUND, area=TAMBON, name="กองทุนใหม่ของตำบล")
    html, _ = get(secretary, area_page)
    assert "กองทุนใหม่ของตำบล" in html
    # Someone without the tambon in scope gets 404, kept copy or not.
    assert client_for(world.outside_screener).get(area_page).status_code == 404
    assert Area.objects.filter(code=TAMBON).exists()
