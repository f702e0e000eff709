"""The project list filtered by an area: an area inside the user's scope implies the scope (the projects are
chosen by the area's code alone), one outside it or wider than it keeps the scope — the same projects as
scoping and filtering every project, for every kind of scope, every way of testing the scope (the areas
listed, or each project's area tested: the newest-first walk, ``few``)."""

from __future__ import annotations

import pytest

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.projects import selectors
from chumchon.projects.models import Project

from .conftest import World

pytestmark = pytest.mark.django_db


def _tambon_under(prefix: str, *, other_than: str = "") -> Area:
    area = Area.objects.filter(code__startswith=prefix, level="subdistrict").exclude(code=other_than).first()
    assert area is not None, prefix
    return area


def test_an_area_filter_selects_what_scoping_every_project_selects(world: World) -> None:
    here = world.project(title_th="คลองนา")
    neighbour = world.project(title_th="ข้างเคียง")
    elsewhere_in_province = world.project(title_th="อำเภออื่น")
    outside = world.project(title_th="นอกภาค")
    Project.objects.filter(pk=neighbour.pk).update(area=_tambon_under("2401", other_than=here.area.code))
    Project.objects.filter(pk=elsewhere_in_province.pk).update(area=_tambon_under("2402"))
    Project.objects.filter(pk=outside.pk).update(area=_tambon_under("50"))
    codes = ["24", "2401", here.area.code, "2402", "50", "10", _tambon_under("50").code]
    users = [world.staff, world.secretary, world.screener, world.outside_screener, world.other_secretary]
    for user in users:
        scoped = permissions.scoped(Project.objects.all(), user, Action.PROJECT_VIEW).select_related("area")
        for code in codes:
            expected = {p.pk for p in scoped if p.area.code.startswith(code)}
            for walk, few in ((False, False), (True, False), (False, True)):
                listed = selectors.project_list(user, area_code=code, newest_walk=walk, few=few)
                assert set(listed.values_list("pk", flat=True)) == expected, (user.username, code, walk, few)
        # Without an area filter, every way of testing the scope selects the scoped projects.
        for walk, few in ((False, False), (True, False), (False, True)):
            listed = selectors.project_list(user, newest_walk=walk, few=few)
            assert set(listed.values_list("pk", flat=True)) == {p.pk for p in scoped}, (user.username, walk, few)
    # The filter did narrow and widen as the scopes say (the comparison above is not vacuous).
    assert set(selectors.project_list(world.staff, area_code="24").values_list("pk", flat=True)) == {
        here.pk,
        neighbour.pk,
        elsewhere_in_province.pk,
    }
    assert not selectors.project_list(world.staff, area_code="50").exists()
    assert list(selectors.project_list(world.secretary, area_code="24")) == [here]
    assert list(selectors.project_list(world.outside_screener, area_code="50")) == [outside]


def test_an_area_inside_the_scope_is_filtered_by_its_code_alone(world: World) -> None:
    """No list of the scope's areas in the statement when the area filter lies inside the scope."""
    inside = str(selectors.project_list(world.staff, area_code="2401").query)
    wider = str(selectors.project_list(world.secretary, area_code="24").query)
    assert "IN (SELECT" not in inside  # the join for the area's code only
    assert "IN (SELECT" in wider  # the scope's areas too


def test_the_walk_tests_each_project_s_scope_by_its_code_s_head(world: World) -> None:
    """The newest-first walk tests the scope on each project's area as the code's head in a list (no code
    ranges: an index on the code must not drive the walk): on PostgreSQL on the area the row joins anyway (no
    second probe of the area), on SQLite in an ``EXISTS`` (a joined condition makes it Bloom-filter the whole
    area table first)."""
    from django.db import connection

    sql = str(selectors.project_list(world.staff, newest_walk=True).query)
    assert "SUBSTR(" in sql and " >= " not in sql
    assert ("EXISTS" in sql) == (connection.vendor != "postgresql")
