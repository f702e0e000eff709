"""The public portal over a small world: pages open without login, nothing personal or small leaks,
no hidden count is recoverable from what all the public answers publish together, downloads are
well-formed, and the open-data outputs validate against the official IATI 2.03 XSD and DCAT-AP SHACL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Hashable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from chumchon.areas.models import Area
from chumchon.portal.disclosure import Relation, national_ids_in
from chumchon.portal.tests import world as w
from chumchon.portal.tests.test_disclosure import recoverable

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
COUNT_KEYS = ("households", "persons", "target_poor_households", "af_poor_households")


@pytest.fixture
def world(db: None) -> w.World:
    return w.build()


@pytest.fixture
def client_th() -> Client:
    return Client()


def test_every_public_answer_is_free_of_personal_data_and_small_counts(
    world: w.World, client_th: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.PUBLIC_MIN_COUNT = 5
    urls = w.public_urls(world)
    assert len(urls) > 100
    published: dict[str, dict[str, int | None]] = {k: {} for k in COUNT_KEYS}
    for lang in ("th", "en"):
        client_th.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        for url in urls:
            response = client_th.get(url)
            assert response.status_code == 200, url
            assert response.headers["Content-Language"] == lang, url
            text = response.content.decode("utf-8")
            for secret in (w.PERSON_NAME, w.PERSON_ID, w.HOUSEHOLD_ID, world.draft.title_th, *w.SECRETS):
                assert secret not in text, (url, secret)
            assert national_ids_in(text) == [], url
            if url.endswith(".json") and ("/poverty." in url or "/trend." in url):
                data = json.loads(text)
                for row in data["rows"]:
                    for key in COUNT_KEYS:
                        value = row.get(key)
                        assert value is None or value == 0 or value >= 5, (url, key, value)
                        if "/poverty." in url and key in row:
                            published[key][row["code"]] = value
    # Together, the published cells must not let anyone work out a hidden one by subtraction.
    province = Area.objects.select_related("codi_region", "cluster").get(code="24")
    relations = [
        Relation("TH", ("24",)),
        Relation(province.codi_region.code, ("24",)),  # type: ignore[union-attr]
        Relation("24", ("2401", "2402")),
        Relation("2401", ("240101", "240102", "240103", "240104")),
        Relation("2402", ("240201", "240204")),
    ]
    tambons = w.TAMBONS[2566]
    for index, key in enumerate(COUNT_KEYS):
        values: dict[Hashable, int] = {c: f[index] for c, f in tambons.items()}
        hidden = {code for code, value in published[key].items() if value is None}
        assert recoverable(values, relations, hidden) == [], key
    # And the small ones really are hidden (households 1 and 3 AF-poor in the latest round).
    assert published["af_poor_households"]["240204"] is None
    assert published["target_poor_households"]["240102"] is None


def test_pages_show_the_figures_the_projects_and_the_note(world: w.World, client_th: Client) -> None:
    page = client_th.get(reverse("portal:home")).content.decode()
    assert 'id="cartogram"' in page and page.count('class="tile"') == 77
    assert 'id="disclosure-note"' in page
    province = client_th.get(reverse("portal:place", args=["24"])).content.decode()
    assert world.project.title_th in province
    assert "1/2566" in province  # the resolution that approved it
    assert "500,000.00" in province  # allocated to the province
    tambon = client_th.get(reverse("portal:place", args=["240104"])).content.decode()
    assert world.body.name_th in tambon
    project = client_th.get(reverse("portal:project", args=[world.project.pk])).content.decode()
    assert "บ้านที่ซ่อมแล้ว" in project
    assert client_th.get(reverse("portal:project", args=[world.draft.pk])).status_code == 404
    assert client_th.get(reverse("portal:place", args=["99"])).status_code == 404


def test_csv_has_a_bom_and_thai_intact(world: w.World, client_th: Client) -> None:
    response = client_th.get(reverse("portal:download", args=["24", "projects", "csv"]) + "?fy=2566")
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1][1] == world.project.title_th
    empty = client_th.get(reverse("portal:download", args=["24", "projects", "csv"]) + "?fy=2560").content
    assert len(list(csv.reader(io.StringIO(empty.decode("utf-8-sig"))))) == 1


def test_json_download_carries_its_metadata(world: w.World, client_th: Client) -> None:
    data = client_th.get(reverse("portal:download", args=["2401", "poverty", "json"])).json()
    for key in ("title", "description", "licence", "last_updated", "frequency", "disclosure", "columns", "rows"):
        assert key in data
    assert data["disclosure"]["hidden_small"] >= 1


def test_iati_validates_against_the_official_2_03_schema(world: w.World, client_th: Client) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "iati-2.03" / "iati-activities-schema.xsd")))
    body = client_th.get(reverse("portal:iati", args=["TH"])).content
    doc = etree.fromstring(body)
    schema.assertValid(doc)
    activities = doc.findall("iati-activity")
    assert len(activities) == 1
    act = activities[0]
    assert {t.get("code") for t in act.findall("transaction/transaction-type")} == {"2", "3", "4"}
    assert act.find("location").get("ref") == "TH-DOPA-240104"
    assert act.find("result/indicator/period/actual").get("value") == "4.00"
    assert act.find("budget/value").text == "150000.00"


def test_dcat_catalogue_conforms_to_dcat_ap_shapes(world: w.World) -> None:
    import pyshacl
    from rdflib import Graph

    from chumchon.portal.opendata import catalogue

    data = Graph().parse(data=json.dumps(catalogue("http://testserver", keys=["TH", "24"])), format="json-ld")
    assert len(data) > 50
    shapes = Graph()
    for name in ("dcat-ap_2.1.1_shacl_shapes.ttl", "dcat-ap_2.1.1_shacl_range.ttl"):
        shapes.parse(SCHEMAS / "dcat-ap-2.1.1" / name, format="turtle")
    conforms, _graph, report = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert conforms, report


def test_dcat_is_served_as_json_ld(world: w.World, client_th: Client) -> None:
    response = client_th.get(reverse("portal:dcat"))
    assert response["Content-Type"].startswith("application/ld+json")
    data = response.json()
    assert data["@type"] == "dcat:Catalog" and len(data["dcat:dataset"]) >= 5


def test_the_validators_do_refuse_broken_outputs(world: w.World, client_th: Client) -> None:
    """The schema checks above can fail: a dataset without its description, an activity without its
    identifier are refused."""
    import pyshacl
    from lxml import etree
    from rdflib import Graph

    from chumchon.portal.opendata import catalogue

    data = catalogue("http://testserver", keys=["24"])
    del data["dcat:dataset"][0]["dct:description"]
    shapes = Graph().parse(SCHEMAS / "dcat-ap-2.1.1" / "dcat-ap_2.1.1_shacl_shapes.ttl", format="turtle")
    conforms, _graph, _report = pyshacl.validate(
        Graph().parse(data=json.dumps(data), format="json-ld"), shacl_graph=shapes, inference="none"
    )
    assert not conforms
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "iati-2.03" / "iati-activities-schema.xsd")))
    doc = etree.fromstring(client_th.get(reverse("portal:iati", args=["24"])).content)
    activity = doc.find("iati-activity")
    activity.remove(activity.find("iati-identifier"))
    assert not schema.validate(doc)
