"""Creating a sub-project from its parent's page: the link (proposers in the parent's area only),
the form with the parent fixed (programme locked, area defaulted, weight within the parent), the
service doing the checks (404 for an unreadable parent, 403 without the right to propose), and the
parent ↔ sub-project links on the project pages."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chumchon.accounts.models import Role, RoleAssignment
from chumchon.areas.forms import area_address
from chumchon.areas.models import Area
from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.organizations.models import BodyKind
from chumchon.projects.models import Project, ProjectEvent, ProjectStatus

from .conftest import TAMBON, World, make_body

pytestmark = pytest.mark.django_db
LINK = 'id="action-new-subproject"'


def client_for(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def new_url(parent: Project | int | str) -> str:
    pk = parent.pk if isinstance(parent, Project) else parent
    return f"{reverse('projects:create')}?parent={pk}"


def detail_url(project: Project) -> str:
    return reverse("projects:detail", args=[project.pk])


def sub_form(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "programme": world.programme.pk,
        "proposer": world.council.pk,
        "area_code": TAMBON,
        "title_th": "โครงการย่อยหมู่ 3",
        "target_households": "12",
        "weight": "2.5",
    }
    data.update(overrides)
    return data


def written() -> tuple[int, int, int]:
    return Project.objects.count(), ProjectEvent.objects.count(), AuditEvent.objects.count()


def viewer_proposing_elsewhere(world: World, make_user: Any) -> Any:
    """Sees the whole province (working group) but proposes only in another tambon."""
    user = make_user(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area="24", username="wg_and_secretary")
    assignment = RoleAssignment(
        user=user, role=Role.TAMBON_COUNCIL_SECRETARY, scope_kind="area", area=Area.objects.get(code="240105")
    )
    assignment.full_clean()
    assignment.save()
    return user


def test_proposer_in_the_area_sees_the_new_sub_project_link(world: World) -> None:
    parent = world.project()
    html = client_for(world.secretary).get(detail_url(parent)).content.decode()
    assert LINK in html
    assert f'href="{new_url(parent)}"' in html


def test_link_hidden_from_users_who_cannot_propose_in_the_parents_area(world: World, make_user: Any) -> None:
    parent = world.project()
    for user in (world.member, world.screener, viewer_proposing_elsewhere(world, make_user)):
        response = client_for(user).get(detail_url(parent))
        assert response.status_code == 200  # they may read the project…
        assert LINK not in response.content.decode()  # …but not propose under it


def test_form_has_the_parents_programme_fixed_and_area_and_weight_defaults(world: World) -> None:
    parent = world.project()
    response = client_for(world.secretary).get(new_url(parent))
    assert response.status_code == 200
    html = response.content.decode()
    select = re.search(r'<select name="programme"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None and "disabled" in select.group(0)
    assert str(world.programme) in select.group(1) and str(world.housing) not in select.group(1)
    # The parent's tambon, shown as its address rather than its code.
    address = area_address(Area.objects.get(code=TAMBON), lang="th")
    assert re.search(rf'<input[^>]*name="area_code"[^>]*value="{re.escape(address)}"', html), address
    assert re.search(r'<input[^>]*name="weight"[^>]*value="1"', html)
    assert 'id="parent-project"' in html and f'href="{detail_url(parent)}"' in html
    # The plain proposal form offers every programme and no weight.
    plain = client_for(world.secretary).get(reverse("projects:create")).content.decode()
    assert str(world.housing) in plain and 'name="weight"' not in plain


def test_post_creates_a_draft_sub_project_with_exact_weight_and_audit(world: World) -> None:
    parent = world.project()
    audits_before = AuditEvent.objects.count()
    # A tampered programme is ignored: the sub-project always takes its parent's programme.
    response = client_for(world.secretary).post(new_url(parent), sub_form(world, programme=world.housing.pk))
    child = Project.objects.get(title_th="โครงการย่อยหมู่ 3")
    assert response.status_code == 302 and response["Location"] == detail_url(child)
    assert child.parent_id == parent.pk and child.programme_id == world.programme.pk
    assert child.status == ProjectStatus.DRAFT and child.area.code == TAMBON
    assert child.weight == Decimal("2.50") and str(child.weight) == "2.50"
    assert child.target_households == 12 and child.created_by_id == world.secretary.pk
    created = AuditEvent.objects.filter(
        action=AuditAction.CREATE, model_label="projects.project", object_pk=str(child.pk), actor=world.secretary
    )
    assert created.count() == 1 and AuditEvent.objects.count() > audits_before
    assert list(child.events.values_list("action", "to_status")) == [("create", ProjectStatus.DRAFT)]


def test_parent_page_lists_the_sub_project_and_child_links_back(world: World) -> None:
    parent = world.project(title_th="โครงการหลักคลองนา")
    client_for(world.secretary).post(new_url(parent), sub_form(world, weight="3"))
    child = Project.objects.get(parent=parent)
    child.activities.create(name="อบรม", weight=Decimal(1), progress_pct=Decimal("40"))

    html = client_for(world.secretary).get(detail_url(parent)).content.decode()
    table = re.search(r'<table id="sub-projects">(.*?)</table>', html, re.S)
    assert table is not None
    row = re.search(rf'<tr data-pk="{child.pk}">(.*?)</tr>', table.group(1), re.S)
    assert row is not None
    cells = row.group(1)
    assert f'href="{detail_url(child)}"' in cells and child.title_th in cells
    assert 'data-status="draft"' in cells and "3.00" in cells and "40.00%" in cells

    child_html = client_for(world.secretary).get(detail_url(child)).content.decode()
    assert f'<a id="parent-link" href="{detail_url(parent)}">{parent.title_th}</a>' in child_html
    # A project without a parent has no such link.
    assert 'id="parent-link"' not in html


def test_parent_out_of_scope_or_missing_is_404_and_nothing_written(world: World) -> None:
    parent = world.project()
    before = written()
    c = client_for(world.other_secretary)  # may propose, but only in tambon 240105
    assert c.get(new_url(parent)).status_code == 404
    assert c.post(new_url(parent), sub_form(world, area_code="240105")).status_code == 404
    mine = client_for(world.secretary)
    assert mine.get(new_url(parent.pk + 999)).status_code == 404
    assert mine.post(new_url("abc"), sub_form(world)).status_code == 404
    assert written() == before


def test_user_without_propose_rights_gets_403_and_nothing_written(world: World, make_user: Any) -> None:
    parent = world.project()
    before = written()
    for user in (world.member, world.screener):
        assert client_for(user).get(new_url(parent)).status_code == 403
        assert client_for(user).post(new_url(parent), sub_form(world)).status_code == 403
    # Proposing elsewhere is not enough: the service refuses the parent's area (403) even for a
    # body the user may propose for.
    other = viewer_proposing_elsewhere(world, make_user)
    own_body = make_body(BodyKind.TAMBON_COMMUNITY_COUNCIL, area="240105", name="สภาองค์กรชุมชนตำบลอื่น")
    assert client_for(other).post(new_url(parent), sub_form(world, proposer=own_body.pk)).status_code == 403
    assert written() == before
    assert not parent.children.exists()


@pytest.mark.parametrize("weight", ["0", "0.00", "-1", "abc", ""])
def test_bad_weight_is_a_form_error_and_nothing_written(world: World, weight: str) -> None:
    parent = world.project()
    before = written()
    response = client_for(world.secretary).post(new_url(parent), sub_form(world, weight=weight))
    assert response.status_code == 200
    assert "weight" in response.context["form"].errors
    assert written() == before
