"""/api/public: the portal's figures without login, through the same sections and disclosure module as
the pages — no personal data, small counts hidden exactly as on the pages, paged, in the schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from chumchon.plans.models import Plan
from chumchon.portal import figures, pagecache
from chumchon.portal.disclosure import national_ids_in
from chumchon.portal.sections import sections
from chumchon.portal.tests import world as w


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Answers are cached per place and query: none may survive from another test's world."""
    cache.clear()
    figures._CACHE.clear()
    yield
    cache.clear()
    figures._CACHE.clear()


@pytest.fixture
def world(db: None) -> w.World:
    return w.build()


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    text = response.content.decode()
    for secret in (w.PERSON_NAME, w.PERSON_ID, w.HOUSEHOLD_ID, w.DRAFT_PLAN, *w.SECRETS):
        assert secret not in text, (url, secret)
    assert national_ids_in(text) == [], url
    return json.loads(text)


def test_the_place_tree_opens_without_login(world: w.World) -> None:
    client = Client()
    top = _get(client, "/api/public/places")
    assert top["count"] >= 1 and all(p["kind"] == "region" for p in top["items"])
    districts = _get(client, "/api/public/places?parent=24&limit=1")
    assert districts["count"] >= 2 and [p["key"] for p in districts["items"]] == ["2401"]
    tambon = _get(client, "/api/public/places/240104")
    assert tambon["trail"][0]["key"] == "TH" and tambon["kind"] == "subdistrict"
    assert client.get("/api/public/places/99").status_code == 404
    assert client.get("/api/public/places?parent=nowhere").status_code == 404


def test_every_section_answers_as_its_download_does(world: w.World, settings: Any) -> None:
    settings.PUBLIC_MIN_COUNT = 5
    client = Client()
    keys = {s["key"] for s in _get(client, "/api/public/sections")}
    assert keys == {s.key for s in sections()}
    for place in ("TH", "24", "2401", "240104", "240204"):
        for key in sorted(keys):
            api = _get(client, f"/api/public/places/{place}/sections/{key}?limit=1000")
            download = _get(client, reverse("portal:download", args=[place, key, "json"]))
            assert api["rows"] == download["rows"], (place, key)
            assert api["disclosure"] == download["disclosure"], (place, key)
            assert api["count"] == len(download["rows"])


def test_small_counts_are_hidden_as_on_the_pages(world: w.World, settings: Any) -> None:
    settings.PUBLIC_MIN_COUNT = 5
    client = Client()
    poverty = _get(client, "/api/public/places/2402/sections/poverty")
    by_code = {r["code"]: r for r in poverty["rows"]}
    assert by_code["240204"]["af_poor_households"] is None  # one household in the latest round
    assert poverty["disclosure"]["hidden_small"] >= 1
    relief = _get(client, "/api/public/places/240104/sections/relief")
    assert relief["rows"][0]["households"] is None  # three households helped
    welfare = _get(client, "/api/public/places/2401/sections/welfare")
    assert {r["code"]: r["members"] for r in welfare["rows"]}["240104"] is None


def test_fiscal_year_filter_and_paging(world: w.World) -> None:
    client = Client()
    budget = _get(client, "/api/public/places/24/sections/budget?fiscal_year=2566")
    assert budget["fiscal_year_be"] == 2566 and [r["fiscal_year"] for r in budget["rows"]] == [2566]
    assert _get(client, "/api/public/places/24/sections/budget?fiscal_year=2560")["rows"] == []
    items = _get(client, "/api/public/places/240104/sections/plan_items?limit=1&offset=1")
    assert items["count"] == 2 and len(items["rows"]) == 1 and items["offset"] == 1
    assert client.get("/api/public/places/24/sections/nothing").status_code == 404
    assert client.get("/api/public/places/24/sections/budget?limit=0").status_code == 422


def test_answers_are_cached_like_the_pages(world: w.World) -> None:
    client = Client()
    url = "/api/public/places/240104/sections/plans"
    first = _get(client, url)
    Plan.objects.filter(title=w.PLAN_TITLE).update(title="แผนเปลี่ยนชื่อ")
    # A bulk update sends no signal: the cached answer stays (at most PUBLIC_CACHE_SECONDS), like the pages.
    assert _get(client, url) == first
    pagecache.bump()  # what a saved plan (or any public data) does once its transaction commits
    assert _get(client, url)["rows"][0]["title"] == "แผนเปลี่ยนชื่อ"


def test_the_public_endpoints_are_in_the_openapi_schema(db: None) -> None:
    schema = Client().get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/public/places", "/api/public/places/{key}", "/api/public/places/{key}/sections/{section}"):
        assert path in paths, path
        assert "security" not in paths[path]["get"] or paths[path]["get"]["security"] in ([], [{}])
    params = {p["name"] for p in paths["/api/public/places/{key}/sections/{section}"]["get"]["parameters"]}
    assert {"fiscal_year", "limit", "offset"} <= params
