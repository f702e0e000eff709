"""Areas knows no higher app: bodies reach area pages through ``AreaBodies`` (organizations registers
it), and the scoped admin narrows foreign-key choices through the narrowers apps register."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chumchon.areas import selectors, summaries
from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.audit.scoped_admin import FOREIGN_KEY_NARROWERS
from chumchon.organizations.selectors import BodiesAtAreas

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_bodies() -> Iterator[None]:
    """Neither organizations' ``AreaBodies`` nor its "bodies" summary source (``areas.summaries``)."""
    before = selectors.area_bodies()
    source = summaries.SOURCES.pop("bodies")
    selectors.register_area_bodies(selectors._NoBodies())
    try:
        yield
    finally:
        selectors.register_area_bodies(before)
        summaries.SOURCES["bodies"] = source


def _council(code: str) -> Any:
    from chumchon.organizations.models import Body

    return Body.objects.create(kind="tambon_council", name_th=f"สภา {code}", area=Area.objects.get(code=code))


def test_organizations_registers_the_bodies_of_areas(make_user: Any) -> None:
    assert isinstance(selectors.area_bodies(), BodiesAtAreas)
    inside, _other = _council("240104"), _council("240105")
    district = Area.objects.get(code="2401")
    assert selectors.area_summary(district).bodies == 2
    rows = {row.area.code: row.body_count for row in selectors.area_children_with_counts(district)}
    assert rows["240104"] == 1 and rows["240105"] == 1 and rows["240101"] == 0
    secretary = make_user("tambon_council_secretary", area="240104")
    assert list(selectors.bodies_at_area(Area.objects.get(code="240104"), secretary)) == [inside]
    assert list(selectors.bodies_at_area(Area.objects.get(code="240105"), secretary)) == []


def test_without_organizations_the_area_pages_show_no_bodies(no_bodies: None, make_user: Any) -> None:
    _council("240104")
    district = Area.objects.get(code="2401")
    assert selectors.area_summary(district).bodies == 0
    assert all(row.body_count == 0 for row in selectors.area_children_with_counts(district))
    admin = make_user("national_admin", nation=True)
    assert list(selectors.bodies_at_area(Area.objects.get(code="240104"), admin)) == []


def test_admin_choice_narrowers_are_registered_by_their_apps(make_user: Any) -> None:
    assert set(FOREIGN_KEY_NARROWERS) >= {"areas.area", "organizations.body"}
    secretary = make_user("tambon_council_secretary", area="240104")
    areas = FOREIGN_KEY_NARROWERS["areas.area"](Area.objects.all(), secretary, "org.edit")
    assert set(areas.values_list("code", flat=True)) == {"240104"}


def test_regions_and_clusters_share_one_grouping_base() -> None:
    from chumchon.areas.models import ProvinceGrouping

    assert issubclass(CodiRegion, ProvinceGrouping) and issubclass(ProvincialCluster, ProvinceGrouping)
    region, cluster = CodiRegion.objects.get(code="R5"), ProvincialCluster.objects.get(code="C08")
    assert region.scope_codes == tuple(region.provinces.order_by("code").values_list("code", flat=True))
    assert cluster.scope_codes == tuple(cluster.provinces.order_by("code").values_list("code", flat=True))
    assert "24" in region.scope_codes and "24" in cluster.scope_codes
    assert str(region) == region.name_th and [f.name for f in CodiRegion._meta.fields] == [
        f.name for f in ProvincialCluster._meta.fields
    ]
