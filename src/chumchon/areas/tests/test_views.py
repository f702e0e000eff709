import pytest
from django.urls import reverse

from chumchon.areas import selectors
from chumchon.areas.models import Area
from chumchon.organizations.models import Body, BodyKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user("codi_regional_staff", region="R5"))
    return client


def test_tambon_page_breadcrumb_and_groupings(staff_client) -> None:
    html = staff_client.get(reverse("areas:detail", args=["240104"])).content.decode()
    crumb = html[html.index('id="area-breadcrumb"') : html.index("</ol>")]
    assert crumb.index("ฉะเชิงเทรา") < crumb.index("เมืองฉะเชิงเทรา") < crumb.index("คลองนา")
    assert reverse("areas:region", args=["R5"]) in crumb
    assert reverse("areas:cluster", args=["C08"]) in crumb
    assert reverse("areas:detail", args=["2401"]) in crumb


def test_district_page_children_with_counts(staff_client) -> None:
    area = Area.objects.get(code="240104")
    Area.objects.create(code="24010401", level="village", parent=area, name_th="บ้านคลองนา", search_name="คลองนา")
    Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th="กองทุนสวัสดิการชุมชนตำบลคลองนา", area=area)
    response = staff_client.get(reverse("areas:detail", args=["2401"]))
    assert response.status_code == 200
    rows = {r.area.code: r for r in response.context["children"]}
    assert rows["240104"].child_count == 1 and rows["240104"].body_count == 1
    assert rows["240101"].child_count == 0
    assert len(rows) == Area.objects.filter(parent__code="2401").count()
    summary = response.context["summary"]
    assert (summary.subdistricts, summary.villages, summary.bodies) == (len(rows), 1, 1)
    assert "คลองนา" in response.content.decode()


def test_province_summary_counts(staff_client, django_assert_max_num_queries) -> None:
    area = Area.objects.get(code="24")
    summary = selectors.area_summary(area)
    assert summary.districts == Area.objects.filter(level="district", code__startswith="24").count() == 11
    assert summary.subdistricts == Area.objects.filter(level="subdistrict", code__startswith="24").count()
    selectors.area_children_with_counts(area)  # the children's kept summaries are computed on first read
    with django_assert_max_num_queries(3):
        selectors.area_summary(area)
    with django_assert_max_num_queries(2):  # the children, and the kept summaries of the area and its children
        selectors.area_children_with_counts(area)


def test_summary_providers_are_rendered(staff_client) -> None:
    def provider(area, user):
        return [("Target households", "42", "/poverty/")]

    selectors.AREA_SUMMARY_PROVIDERS.append(provider)
    try:
        html = staff_client.get(reverse("areas:detail", args=["24"])).content.decode()
    finally:
        selectors.AREA_SUMMARY_PROVIDERS.remove(provider)
    assert "Target households" in html and ">42<" in html


def test_out_of_scope_area_is_404(client, make_user) -> None:
    client.force_login(make_user("tambon_council_secretary", area="240104"))
    assert client.get(reverse("areas:detail", args=["240104"])).status_code == 200
    assert client.get(reverse("areas:detail", args=["240105"])).status_code == 404
    assert client.get(reverse("areas:detail", args=["2401"])).status_code == 404
    assert client.get(reverse("areas:region", args=["R5"])).status_code == 404
    assert client.get(reverse("areas:nation")).status_code == 404


def test_region_cluster_and_nation_pages(client, make_user) -> None:
    client.force_login(make_user("codi_regional_staff", region="R5"))
    response = client.get(reverse("areas:region", args=["R5"]))
    assert response.status_code == 200 and len(response.context["provinces"]) == 13
    assert client.get(reverse("areas:cluster", args=["C08"])).status_code == 200
    assert client.get(reverse("areas:cluster", args=["C02"])).status_code == 404  # Ayutthaya is not in R5
    assert client.get(reverse("areas:nation")).status_code == 404
    client.force_login(make_user("national_admin", nation=True))
    response = client.get(reverse("areas:nation"))
    assert response.status_code == 200 and len(response.context["children"]) == 77


def test_search_is_narrowed_to_scope(client, make_user) -> None:
    client.force_login(make_user("tambon_council_secretary", area="240104"))
    response = client.get(reverse("areas:search"), {"q": "ต.คลองนา"})
    assert [a.code for a in response.context["results"]] == ["240104"]
    response = client.get(reverse("areas:search"), {"q": "249999"})
    assert "ไม่พบพื้นที่" in response.content.decode()


def test_breadcrumb_links_only_to_what_the_user_may_open(client, make_user) -> None:
    """Issue 9: a tambon secretary was shown links to the region, cluster, province and district (404)."""
    client.force_login(make_user("tambon_council_secretary", area="240104"))
    response = client.get(reverse("areas:detail", args=["240104"]))
    html = response.content.decode()
    crumb = html[html.index('id="area-breadcrumb"') : html.index("</ol>")]
    assert "ฉะเชิงเทรา" in crumb and "คลองนา" in crumb  # the names are still shown
    hrefs = [part.split('"')[0] for part in crumb.split('href="')[1:]]
    for href in hrefs:
        assert client.get(href).status_code == 200, href
    assert reverse("areas:region", args=["R5"]) not in crumb
    assert reverse("areas:detail", args=["2401"]) not in crumb


def test_regions_and_clusters_read_in_english_on_english_pages() -> None:
    """Issue 9: English dropdowns listed regions by their Thai names."""
    from django.utils import translation

    from chumchon.areas.models import CodiRegion, ProvincialCluster

    region = CodiRegion.objects.get(code="R5")
    cluster = ProvincialCluster.objects.get(code="C08")
    with translation.override("en"):
        assert str(region) == region.name_en and str(cluster) == cluster.name_en
    with translation.override("th"):
        assert str(region) == region.name_th


def test_children_tables_link_each_row_to_its_area_page(client, make_user) -> None:
    """The children's links come from one reversed pattern (``core.links``): each is ``reverse``'s, on the
    nation's, a region's, a cluster's and an area's page, under a script prefix too."""
    import re

    from django.urls import set_script_prefix

    client.force_login(make_user("national_admin", nation=True))
    pages = [
        reverse("areas:nation"),
        reverse("areas:region", args=["R5"]),
        reverse("areas:cluster", args=["C08"]),
        reverse("areas:detail", args=["24"]),
        reverse("areas:detail", args=["2401"]),
    ]
    for path in pages:
        response = client.get(path)
        rows = response.context["children"] if "children" in response.context else response.context["provinces"]
        assert rows, path
        table = response.content.decode().split('id="area-children"')[1].split("</table>")[0]
        links = re.findall(r'<a href="([^"]+)">', table)
        assert links == [reverse("areas:detail", args=[r.area.code]) for r in rows], path
    try:
        set_script_prefix("/chumchon/")  # as a server mounted below /chumchon/ sets it for each request
        response = client.get("/areas/24/")
        assert response.context["children"][0].url == "/chumchon/areas/2401/" == reverse("areas:detail", args=["2401"])
    finally:
        set_script_prefix("/")


def test_area_and_breadcrumb_in_one_statement(django_assert_num_queries) -> None:
    """``area_with_breadcrumb`` = ``area_get`` + ``area_breadcrumb(groupings=True)``, at every level."""
    tambon = Area.objects.get(code="240104")
    village = Area.objects.create(code="24010401", level="village", parent=tambon, name_th="บ้านคลองนา")

    def shown(area: Area) -> tuple:
        return (area.pk, area.parent_id, area.codi_region_id, area.cluster_id, area.name_th)

    for code in ("24", "2401", "240104", village.code):
        with django_assert_num_queries(1):
            area, crumbs = selectors.area_with_breadcrumb(code)
            joined = [(a.parent, a.codi_region, a.cluster) for a in crumbs]  # reading them asks nothing more
        expected = selectors.area_get(code)
        assert area is not None and expected is not None and shown(area) == shown(expected)
        assert [shown(a) for a in crumbs] == [shown(a) for a in selectors.area_breadcrumb(expected, groupings=True)]
        assert [a.code for a in crumbs] == [*expected.ancestor_codes(), code]
    assert joined[0][1] is not None and joined[0][1].code == "R5"
    assert selectors.area_with_breadcrumb("99") == (None, [])
    assert selectors.area_with_breadcrumb("240199") == (None, [])
