"""The public Indicators section: approved values unmarked, submitted / computed-unapproved ones marked
"not yet verified", small counts of people hidden, names (never codes) in Thai and English, and the same
rows in the downloads."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chumchon.indicators import services
from chumchon.indicators.tests.conftest import (  # noqa: F401 (fixtures)
    OTHER_TAMBON,
    PROVINCE,
    TAMBON,
    YEAR,
    chain,
    fast_passwords,
    test_measure,
)

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def kpis(chain: dict[str, Any], test_measure: dict[str, D]) -> dict[str, Any]:  # noqa: F811
    admin = chain["admin"]
    funds = services.indicator_create(
        actor=admin, code="pk-funds", name_th="กองทุนเข้มแข็ง", name_en="Strong funds", unit="กองทุน", kind="reported"
    )
    homes = services.indicator_create(
        actor=admin,
        code="pk-homes",
        name_th="ครัวเรือนที่พ้นจน",
        name_en="Households out of poverty",
        unit="ครัวเรือน",
        kind="reported",
    )
    data = services.indicator_create(
        actor=admin,
        code="pk-data",
        name_th="กองทุนจากข้อมูล",
        name_en="Funds from the data",
        kind="formula",
        formula="test.funds",
    )
    services.target_set(actor=admin, indicator=funds, unit="", fiscal_year=YEAR, value=D(40))
    test_measure.update({TAMBON: D(7), OTHER_TAMBON: D(5)})
    services.values_refresh(fiscal_year=YEAR)
    sec, other = chain["secretary"], chain["other_secretary"]
    services.value_enter(actor=sec, indicator=funds, area_code=TAMBON, fiscal_year=YEAR, value=D(3))
    services.value_enter(actor=sec, indicator=homes, area_code=TAMBON, fiscal_year=YEAR, value=D(3))
    services.value_enter(actor=other, indicator=funds, area_code=OTHER_TAMBON, fiscal_year=YEAR, value=D(8))
    services.value_enter(actor=other, indicator=homes, area_code=OTHER_TAMBON, fiscal_year=YEAR, value=D(120))
    services.period_submit(actor=sec, unit=TAMBON, fiscal_year=YEAR)
    services.period_approve(actor=chain["pwg"], unit=TAMBON, fiscal_year=YEAR)
    services.period_submit(actor=other, unit=OTHER_TAMBON, fiscal_year=YEAR)
    return {"funds": funds, "homes": homes, "data": data}


def _rows(html: str) -> dict[str, str]:
    """Indicator name → the text of its row in the page's indicators table."""
    table = re.search(r'<table id="table-indicators">(.*?)</table>', html, re.S)
    assert table, "no indicators table"
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)[1:]:
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        out[cells[0]] = " | ".join(cells)
    return out


def _page(client: Client, key: str) -> str:
    response = client.get(reverse("portal:place", args=[key]) + f"?fy={YEAR}")
    assert response.status_code == 200
    return response.content.decode()


def _value(rows: dict[str, str], name: str) -> str:
    return rows[name].split(" | ")[1]


def test_approved_unmarked_unverified_marked_small_count_hidden(kpis: dict[str, Any]) -> None:
    client = Client()
    tambon = _rows(_page(client, TAMBON))
    # Approved: the value and its unit, with no mark.
    assert _value(tambon, "กองทุนเข้มแข็ง") == "3 กองทุน"
    assert "ยังไม่ผ่านการรับรอง" not in tambon["กองทุนเข้มแข็ง"]
    # A count of households is never in this section (a small one could be recovered by subtraction).
    assert "ครัวเรือนที่พ้นจน" not in tambon
    # Submitted, not yet approved: marked.
    other = _rows(_page(client, OTHER_TAMBON))
    assert _value(other, "กองทุนเข้มแข็ง") == "8 กองทุน* ยังไม่ผ่านการรับรอง"
    assert "ครัวเรือนที่พ้นจน" not in other  # not even a large count
    # The province is not approved: its figures (typed and computed from the data) are marked.
    province = _rows(_page(client, PROVINCE))
    assert _value(province, "กองทุนจากข้อมูล") == "12* ยังไม่ผ่านการรับรอง"
    assert _value(province, "กองทุนเข้มแข็ง") == "11 กองทุน* ยังไม่ผ่านการรับรอง"
    # Codes never appear; the legend does.
    page = _page(client, PROVINCE)
    assert "pk-funds" not in page and "test.funds" not in page
    assert "ยังไม่ผ่านการรับรอง" in page.split('id="section-indicators"')[1].split("<table")[0]


def test_english_switch_and_downloads(kpis: dict[str, Any]) -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    rows = _rows(_page(client, OTHER_TAMBON))
    assert "Not yet verified" in rows["Strong funds"]
    tambon = _rows(_page(client, TAMBON))
    assert "Not yet" not in tambon["Strong funds"]
    data = json.loads(
        Client().get(reverse("portal:download", args=[TAMBON, "indicators", "json"]) + f"?fy={YEAR}").content
    )
    by_name = {r["indicator"]: r for r in data["rows"]}
    assert by_name["กองทุนเข้มแข็ง"]["verified"] is True
    assert by_name["กองทุนจากข้อมูล"]["verified"] is True
    assert by_name["กองทุนเข้มแข็ง"]["verification"] == "ผ่านการรับรองแล้ว"
    assert "ครัวเรือนที่พ้นจน" not in by_name
    csv_text = Client().get(reverse("portal:download", args=[OTHER_TAMBON, "indicators", "csv"])).content.decode()
    assert "กองทุนเข้มแข็ง" in csv_text and "pk-funds" not in csv_text
