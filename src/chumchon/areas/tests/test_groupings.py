import json
from pathlib import Path

import pytest

from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.areas.services import AreaDataError, areas_load

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data"


def test_every_province_but_bangkok_in_exactly_one_cluster() -> None:
    provinces = Area.objects.filter(level="province")
    assert not provinces.filter(code="10", cluster__isnull=False).exists()
    assert provinces.exclude(code="10").filter(cluster__isnull=True).count() == 0
    document = json.loads((DATA / "provincial_clusters.json").read_text(encoding="utf-8"))
    listed = [code for c in document["clusters"] for code in c["provinces"]]
    assert len(listed) == len(set(listed)) == 76
    assert "10" not in listed
    assert ProvincialCluster.objects.count() == 18


def test_eastern_1_and_the_2017_southern_clusters() -> None:
    assert sorted(Area.objects.filter(cluster__code="C08").values_list("code", flat=True)) == ["11", "20", "21", "24"]
    assert sorted(Area.objects.filter(cluster__code="C07").values_list("code", flat=True)) == ["94", "95", "96"]
    assert Area.objects.get(code="90").cluster.code == "C05"  # Songkhla: Gulf of Thailand since 2017
    assert Area.objects.get(code="91").cluster.code == "C06"  # Satun: Andaman since 2017


def test_every_province_in_exactly_one_region_and_r5_has_13() -> None:
    assert Area.objects.filter(level="province", codi_region__isnull=True).count() == 0
    r5 = CodiRegion.objects.get(code="R5")
    assert r5.provinces.count() == 13
    assert {"10", "24"} <= set(r5.provinces.values_list("code", flat=True))
    assert Area.objects.get(code="24").codi_region == r5


def _snapshot() -> list[tuple]:
    return [
        *Area.objects.filter(level="province").order_by("code").values_list("code", "cluster_id", "codi_region_id"),
        *ProvincialCluster.objects.order_by("code").values_list("code", "name_th", "source"),
        *CodiRegion.objects.order_by("code").values_list("code", "name_th", "source"),
    ]


def _clusters() -> dict:
    return json.loads((DATA / "provincial_clusters.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "breakage",
    ["bad_json", "unknown_province", "province_twice", "missing_field", "renamed_and_broken"],
)
def test_broken_cluster_file_changes_nothing(tmp_path: Path, breakage: str) -> None:
    document = _clusters()
    text = None
    if breakage == "bad_json":
        text = json.dumps(document)[:-5]
    elif breakage == "unknown_province":
        document["clusters"][0]["provinces"].append("99")
    elif breakage == "province_twice":
        document["clusters"][1]["provinces"].append(document["clusters"][0]["provinces"][0])
    elif breakage == "missing_field":
        del document["clusters"][3]["name_en"]
    elif breakage == "renamed_and_broken":
        # A valid change early in the file must not be applied when a later entry is broken.
        document["clusters"][0]["name_th"] = "ชื่อใหม่"
        document["clusters"][-1]["provinces"].append("98")
    path = tmp_path / "clusters.json"
    path.write_text(text if text is not None else json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = _snapshot()
    with pytest.raises(AreaDataError) as info:
        areas_load(clusters_file=path)
    message = str(info.value)
    assert " / " in message
    thai, english = message.split(" / ", 1)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in thai)
    assert english.isascii() or any(c.isascii() and c.isalpha() for c in english)
    assert _snapshot() == before


def test_broken_regions_file_changes_nothing(tmp_path: Path) -> None:
    document = json.loads((DATA / "codi_regions.json").read_text(encoding="utf-8"))
    document["regions"][4]["provinces"].append("20")  # Chon Buri listed twice... already in R5
    document["regions"][0]["provinces"].append("24")  # Chachoengsao in R1 and R5
    path = tmp_path / "regions.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = _snapshot()
    with pytest.raises(AreaDataError) as info:
        areas_load(regions_file=path)
    assert "จังหวัด" in str(info.value) and "province" in str(info.value)
    assert _snapshot() == before


def test_a_valid_edited_file_is_applied(tmp_path: Path) -> None:
    document = _clusters()
    document["clusters"][7]["name_th"] = "กลุ่มจังหวัดภาคตะวันออก 1 (แก้ไข)"
    path = tmp_path / "clusters.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    report = areas_load(clusters_file=path)
    assert report.updated["clusters"] == 1
    assert ProvincialCluster.objects.get(code="C08").name_th.endswith("(แก้ไข)")


def test_prefix_filter_selects_exactly_the_codes_under_the_prefixes() -> None:
    """Code ranges on SQLite, LIKE on PostgreSQL: the same areas as Python's startswith."""
    from chumchon.core.dopa import prefix_q

    codes = list(Area.objects.values_list("code", flat=True))
    assert codes
    for prefixes in [{"24"}, {"2401"}, {"240101"}, {"2401", "25"}, {"249"}, {"10", "11", "24"}, {"1"}, {"9"}]:
        expected = {c for c in codes if any(c.startswith(p) for p in prefixes)}
        assert set(Area.objects.filter(prefix_q(prefixes)).values_list("code", flat=True)) == expected, prefixes


def test_grouping_codes_equal_the_direct_query_and_are_read_once_per_request() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chumchon.areas.models import cluster_province_codes, region_province_codes
    from chumchon.core import request_memo

    def direct(field: str, pk: int) -> tuple[str, ...]:
        return tuple(Area.objects.filter(**{f"{field}_id": pk}).order_by("code").values_list("code", flat=True))

    for region in CodiRegion.objects.all():
        assert region_province_codes(region.pk) == direct("codi_region", region.pk) == region.scope_codes
    for cluster in ProvincialCluster.objects.all():
        assert cluster_province_codes(cluster.pk) == direct("cluster", cluster.pk)
    r5 = CodiRegion.objects.get(code="R5")
    with CaptureQueriesContext(connection) as outside:
        region_province_codes(r5.pk)
        region_province_codes(r5.pk)
    assert len(outside) == 2  # no memo outside a request: read every time
    with request_memo.active(), CaptureQueriesContext(connection) as inside:
        first = region_province_codes(r5.pk)
        region_province_codes(r5.pk)
        cluster_province_codes(ProvincialCluster.objects.get(code="C08").pk)
        assert len(inside) == 2  # the cluster lookup above, and the groupings once
        # Moving a province to another region within the request is seen at once.
        province = Area.objects.get(code="24")
        province.codi_region = CodiRegion.objects.exclude(pk=r5.pk).first()
        province.save()
        assert region_province_codes(r5.pk) == tuple(c for c in first if c != "24")
