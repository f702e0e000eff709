"""The poverty pages' breadcrumb comes from the ancestors read with the area (``views.common``): the same
list as ``areas.selectors.area_breadcrumb``, without a statement of its own."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chumchon.areas.models import Area
from chumchon.areas.selectors import area_breadcrumb
from chumchon.poverty.views.common import area_or_404, breadcrumb

pytestmark = pytest.mark.django_db


def _codes(areas: list[Area]) -> list[str]:
    return [a.code for a in areas]


@pytest.mark.parametrize("code", ["24", "2401", "240104"])
def test_same_breadcrumb_with_no_statement(code: str) -> None:
    area = area_or_404(code)
    with CaptureQueriesContext(connection) as queries:
        got = breadcrumb(area)
    assert len(queries) == 0
    expected = area_breadcrumb(Area.objects.get(code=code))
    assert _codes(got) == _codes(expected)
    assert [(a.pk, a.name_th, a.name_en, a.level) for a in got] == [
        (a.pk, a.name_th, a.name_en, a.level) for a in expected
    ]


def test_a_village_reads_its_whole_chain() -> None:
    tambon = Area.objects.get(code="240104")
    Area.objects.create(code="24010401", level="village", parent=tambon, name_th="หมู่ 1", name_en="Village 1")
    area = area_or_404("24010401")
    with CaptureQueriesContext(connection) as queries:
        got = breadcrumb(area)
    assert len(queries) == 0
    assert _codes(got) == _codes(area_breadcrumb(area)) == ["24", "2401", "240104", "24010401"]


def test_falls_back_when_the_chain_is_not_the_code_prefixes(django_assert_num_queries: Any) -> None:
    """A parent link that disagrees with the code (data entered by hand): the list by codes, as before."""
    district = Area.objects.get(code="2401")
    other = Area.objects.filter(level="province").exclude(code="24").order_by("code").first()
    assert other is not None
    Area.objects.filter(pk=district.pk).update(parent=other)
    area = area_or_404("240104")
    with django_assert_num_queries(1):
        got = breadcrumb(area)
    assert _codes(got) == _codes(area_breadcrumb(area)) == ["24", "2401", "240104"]


def test_an_area_read_without_its_ancestors_is_read_as_before(django_assert_num_queries: Any) -> None:
    area = Area.objects.get(code="240104")  # no select_related
    with django_assert_num_queries(1):
        got = breadcrumb(area)
    assert _codes(got) == ["24", "2401", "240104"]
