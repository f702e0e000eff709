import pytest

from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.areas.services import areas_load

pytestmark = pytest.mark.django_db


def test_national_counts() -> None:
    assert Area.objects.filter(level="province").count() == 77
    assert Area.objects.filter(level="district").count() == 928
    assert Area.objects.filter(level="subdistrict").count() == 7436
    assert ProvincialCluster.objects.count() == 18
    assert CodiRegion.objects.count() == 5


def test_loading_twice_changes_nothing() -> None:
    before = list(Area.objects.order_by("code").values_list("code", "name_th", "parent_id", "cluster_id"))
    report = areas_load()
    assert report.changed == 0
    assert list(Area.objects.order_by("code").values_list("code", "name_th", "parent_id", "cluster_id")) == before
