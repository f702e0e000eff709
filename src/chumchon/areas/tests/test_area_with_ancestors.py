"""``area_with_ancestors`` gives what ``select_related("parent__parent__parent")`` gave, its statement built once
per process (``core.prepared``) and its row read fresh each time."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chumchon.areas.models import Area, AreaLevel
from chumchon.areas.selectors import area_with_ancestors

pytestmark = pytest.mark.django_db


def _fields(area: Area) -> dict[str, Any]:
    return {f.attname: getattr(area, f.attname) for f in Area._meta.concrete_fields}


def _chain(area: Area | None) -> list[Any]:
    """Each area up the chain with what is cached of its parent: the fields, or "cached None", or "not cached"."""
    found: list[Any] = []
    while area is not None:
        found.append(_fields(area))
        if not Area.parent.is_cached(area):
            found.append("not cached")
            break
        area = area.parent
        if area is None:
            found.append("cached None")
    return found


def _first(level: str) -> Area:
    area = Area.objects.filter(level=level).order_by("code").first()
    assert area is not None
    return area


def _village() -> Area:
    tambon = _first(AreaLevel.SUBDISTRICT)
    return Area.objects.create(code=tambon.code + "01", level=AreaLevel.VILLAGE, parent=tambon, name_th="บ้านทดสอบ")


@pytest.mark.parametrize("level", [AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT, AreaLevel.VILLAGE])
def test_as_select_related_read_it(level: str) -> None:
    code = _village().code if level == AreaLevel.VILLAGE else _first(level).code
    expected = Area.objects.select_related("parent__parent__parent").filter(code=code).first()
    for _ in range(2):  # built, then sent again as kept
        with CaptureQueriesContext(connection) as queries:
            area = area_with_ancestors(code)
        assert len(queries.captured_queries) == 1
        assert area is not None and area._state.db == "default" and not area._state.adding
        assert _chain(area) == _chain(expected)
    # the province's parent is cached as None; a village's great-grandparent (the province) is not read further
    assert _chain(area)[-1] == ("not cached" if level == AreaLevel.VILLAGE else "cached None")


def test_no_such_area() -> None:
    assert area_with_ancestors("99999999") is None
    assert area_with_ancestors("99999999") is None


def test_a_write_is_seen() -> None:
    """Only the statement is kept: a renamed ancestor is read as it is now."""
    village = _village()
    area_with_ancestors(village.code)
    Area.objects.filter(code=village.code[:4]).update(name_th="อำเภอใหม่")
    area = area_with_ancestors(village.code)
    assert area is not None and area.parent is not None and area.parent.parent is not None
    assert area.parent.parent.name_th == "อำเภอใหม่"
