"""The sections from the newer apps — plans and their items, committees, welfare funds, relief — on the
pages, in the downloads and in the catalogue, with nothing personal and no small count, direct or
recoverable."""

from __future__ import annotations

import json
from collections.abc import Hashable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chumchon.portal.community import welfare_tree
from chumchon.portal.disclosure import Relation
from chumchon.portal.opendata import catalogue
from chumchon.portal.tests import world as w
from chumchon.portal.tests.test_disclosure import recoverable


@pytest.fixture
def world(db: None) -> w.World:
    return w.build()


def _json(client: Client, key: str, section: str) -> dict[str, Any]:
    response = client.get(reverse("portal:download", args=[key, section, "json"]))
    assert response.status_code == 200
    return json.loads(response.content.decode())


def test_the_new_sections_are_on_the_pages_and_in_the_catalogue(world: w.World) -> None:
    client = Client()
    tambon = client.get(reverse("portal:place", args=["240104"])).content.decode()
    for text in (w.PLAN_TITLE, w.ITEM_TITLE, w.CAMPAIGN_TITLE):
        assert text in tambon
    province = client.get(reverse("portal:place", args=["24"])).content.decode()
    assert w.MEMBER_NAME in province  # a committee chair acts in public office: public
    assert w.DRAFT_PLAN not in province + tambon
    titles = {d["dct:identifier"] for d in catalogue("http://testserver")["dcat:dataset"]}
    for key in ("plans", "plan_items", "committees", "welfare", "relief"):
        assert any(key in str(t) for t in titles), key


def test_plans_count_items_by_status_and_answers_upward(world: w.World) -> None:
    rows = _json(Client(), "240104", "plans")["rows"]
    assert len(rows) == 1
    row = rows[0]
    assert (row["items"], row["planned"], row["done"], row["proposed_upward"]) == (2, 1, 1, 2)
    assert row["answered_pct"] == "50.0"


def test_committee_members_show_name_and_position_but_no_contact(world: w.World) -> None:
    data = _json(Client(), "24", "committees")
    assert [r["name"] for r in data["rows"]] == [w.MEMBER_NAME]
    assert set(data["rows"][0]) == {"committee", "position", "name", "represents", "term_ends_on"}


def test_relief_households_below_the_minimum_are_withheld(world: w.World, settings: Any) -> None:
    settings.PUBLIC_MIN_COUNT = 5
    data = _json(Client(), "24", "relief")
    assert len(data["rows"]) == 1
    assert data["rows"][0]["households"] is None  # three households: fewer than five
    assert Decimal(data["rows"][0]["pledged"]) == 20000
    assert data["disclosure"]["hidden_small"] == 1


def test_welfare_members_are_suppressed_across_every_page(world: w.World, settings: Any) -> None:
    settings.PUBLIC_MIN_COUNT = 5
    client = Client()
    published: dict[str, int | None] = {}
    for key in ("TH", "24", "2401", "2402", "240101", "240104", "240201"):
        for row in _json(client, key, "welfare")["rows"]:
            assert row["members"] is None or row["members"] >= 5, (key, row)
            if row["code"] in published:
                assert published[row["code"]] == row["members"], row["code"]  # same cell, same answer
            published[row["code"]] = row["members"]
    assert published["240104"] is None  # three members
    assert published["240101"] is None  # its complement: 2401 − 240101 would give 240104 away
    assert published["24"] == 3 + 110 + 80
    values: dict[Hashable, int] = {"240101": 110, "240104": 3, "240201": 80}
    relations = [
        Relation("24", ("2401", "2402")),
        Relation("2401", ("240101", "240104")),
        Relation("2402", ("240201",)),
    ]
    hidden = {code for code, value in published.items() if value is None}
    assert recoverable(values, relations, hidden) == []
    tree = welfare_tree(2566)
    assert tree.figures["24"].funds == 3


def test_unknown_welfare_year_gives_an_empty_table(world: w.World) -> None:
    response = Client().get(reverse("portal:download", args=["24", "welfare", "json"]) + "?fy=2500")
    assert response.status_code == 200


def test_relief_rows_are_bilingual_like_the_other_public_rows(world: w.World, settings: Any) -> None:
    from chumchon.organizations.models import Body
    from chumchon.relief.models import Campaign

    campaign = Campaign.objects.get(title=w.CAMPAIGN_TITLE)
    Body.objects.filter(pk=campaign.organiser_id).update(name_en="Test Tambon Community Council")
    client = Client()
    thai = _json(client, "24", "relief")["rows"][0]
    assert (thai["area"], thai["organiser"]) == ("คลองนา", "สภาองค์กรชุมชนตำบลทดสอบ")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _json(client, "24", "relief")["rows"][0]
    assert (english["area"], english["organiser"]) == ("Khlong Na", "Test Tambon Community Council")
    assert english["event"] != thai["event"] and english["event_on"] != thai["event_on"]
    page = client.get(reverse("portal:place", args=["24"])).content.decode()
    assert "Khlong Na" in page and "Test Tambon Community Council" in page
