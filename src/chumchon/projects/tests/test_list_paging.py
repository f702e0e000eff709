"""The project list pages its projects (50 a page) instead of one very long page."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.urls import reverse

from chumchon.projects.models import Project

from .conftest import World

pytestmark = pytest.mark.django_db


def test_project_list_is_paged_with_filters_kept(client: Any, world: World) -> None:
    for n in range(53):
        world.project(title_th=f"โครงการทดสอบ {n:02d}")
    client.force_login(world.staff)
    url = reverse("projects:index")
    first = client.get(url, {"q": "โครงการทดสอบ"})
    assert first.status_code == 200
    assert len(first.context["rows"]) == 50 and first.context["page"].paginator.count == 53
    content = first.content.decode()
    assert 'id="project-next"' in content
    pager = content[content.find('id="project-pager"') :]
    assert f"?q={quote('โครงการทดสอบ')}&amp;page=2" in pager  # the search stays on in the page links
    second = client.get(url, {"q": "โครงการทดสอบ", "page": "2"})
    titles = [p.title_th for p, _, _ in second.context["rows"]]
    assert len(titles) == 3 and Project.objects.filter(title_th__in=titles).count() == 3
    assert 'id="project-previous"' in second.content.decode()
