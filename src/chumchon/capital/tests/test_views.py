"""Capital pages: scope (404 outside), the form's bilingual errors, the export, the area page rows."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from chumchon.areas.models import Area
from chumchon.audit.models import AuditEvent
from chumchon.capital import services
from chumchon.capital.models import CapitalEntry, CapitalKind, SourceKind
from chumchon.capital.tests.conftest import DATE, FAR_TAMBON, TAMBON
from chumchon.organizations.models import Body, BodyKind
from chumchon.poverty.models import SurveyRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(make_user: Any) -> CapitalEntry:
    officer = make_user("cdd_district_officer", area="2401")
    return services.capital_entry_create(
        actor=officer,
        area=Area.objects.get(code=TAMBON),
        kind=CapitalKind.ASSET_COMMUNITY_HALL,  # access to services: no bearing on income or health
        name="ศาลาอเนกประสงค์คลองนา",
        source_kind=SourceKind.AGENCY,
        source_name="องค์การบริหารส่วนตำบลคลองนา",
        as_of=DATE,
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_profile_and_analysis_show_the_data(make_user: Any, round_2565: SurveyRound, entry: CapitalEntry) -> None:
    Body.objects.create(
        kind=BodyKind.WELFARE_FUND, name_th="กองทุนสวัสดิการชุมชนตำบลคลองนา", area=entry.area, member_count=420
    )
    client = _client(make_user("tambon_council_secretary", area=TAMBON))
    html = client.get(f"/capital/{TAMBON}/").content.decode()
    assert "ศาลาอเนกประสงค์คลองนา" in html and "กองทุนสวัสดิการชุมชนตำบลคลองนา" in html
    assert "จปฐ. 2565" in html and "1 มิถุนายน 2567" in html  # the round, and the entry's date in B.E.
    assert "ประมวลผลเมื่อ" in html  # a round without a reference date: the day its results were computed
    assert 'id="capital-add"' in html
    html = client.get(f"/capital/{TAMBON}/analysis/").content.decode()
    assert 'id="dimension-income" class="gap"' in html  # 67 % deprived, no income capital
    assert 'id="dimension-health" class="gap"' not in html  # the welfare fund


def test_other_province_is_404_and_readers_cannot_write(make_user: Any, entry: CapitalEntry) -> None:
    far = _client(make_user("tambon_council_secretary", area=FAR_TAMBON))
    for url in (
        f"/capital/{TAMBON}/",
        f"/capital/{TAMBON}/analysis/",
        f"/capital/{TAMBON}/export.xlsx",
        f"/capital/{TAMBON}/new/",
        f"/capital/entries/{entry.pk}/edit/",
    ):
        assert far.get(url).status_code == 404, url
    assert far.post(f"/capital/entries/{entry.pk}/retire/", {"reason": "x"}).status_code == 404
    assert far.get(f"/capital/{FAR_TAMBON}/").status_code == 200
    assert far.get("/capital/2401/").status_code == 404  # a district has no profile

    reader = _client(make_user("tambon_council_member", area=TAMBON))
    html = reader.get(f"/capital/{TAMBON}/").content.decode()
    assert "ศาลาอเนกประสงค์คลองนา" in html and 'id="capital-add"' not in html and "/edit/" not in html
    assert reader.get(f"/capital/{TAMBON}/new/").status_code == 403
    assert reader.post(f"/capital/entries/{entry.pk}/retire/", {"reason": "x"}).status_code == 403
    entry.refresh_from_db()
    assert not entry.is_retired


def test_the_form_records_and_reports_errors_in_both_languages(make_user: Any, villages: list[Area]) -> None:
    client = _client(make_user("tambon_council_secretary", area=TAMBON))
    data = {
        "area": villages[0].code,
        "kind": CapitalKind.ECONOMIC_PRODUCT,
        "name": "ปลาสลิดแดดเดียว",
        "quantity": "3",
        "unit": "",
        "source_kind": SourceKind.AGENCY,
        "source_name": "",
        "as_of": "01/06/2567",
    }
    response = client.post(f"/capital/{TAMBON}/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "ระบุหน่วยของจำนวน" in html and "Give the unit of the quantity" in html
    assert "ระบุชื่อแหล่งข้อมูล" in html
    assert not CapitalEntry.objects.exists()
    data.update(unit="ผลิตภัณฑ์", source_name="สำนักงานพัฒนาชุมชนอำเภอ")
    response = client.post(f"/capital/{TAMBON}/new/", data)
    assert response.status_code == 302
    saved = CapitalEntry.objects.get()
    assert saved.area == villages[0] and saved.as_of.year == 2024
    # Retire it from its edit page.
    response = client.post(f"/capital/entries/{saved.pk}/retire/", {"reason": "เลิกผลิต"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.is_retired


def test_export_is_an_audited_workbook(make_user: Any, round_2565: SurveyRound, entry: CapitalEntry) -> None:
    client = _client(make_user("tambon_council_secretary", area=TAMBON))
    response = client.get(f"/capital/{TAMBON}/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert any(row[2] == 3 and "2565" in str(row[5]) for row in values[1:])  # households from the round
    assert any(
        "ศาลาอเนกประสงค์คลองนา" in str(row[1]) and row[5].endswith("องค์การบริหารส่วนตำบลคลองนา") for row in values[1:]
    )
    assert AuditEvent.objects.filter(action="export", model_label="capital.capitalentry", area_code=TAMBON).exists()


def test_area_page_shows_capital_rows(make_user: Any, round_2565: SurveyRound, entry: CapitalEntry) -> None:
    client = _client(make_user("tambon_council_secretary", area=TAMBON))
    html = client.get(f"/areas/{TAMBON}/").content.decode()
    assert f"/capital/{TAMBON}/" in html and f"/capital/{TAMBON}/analysis/" in html
    html = _client(make_user("cdd_district_officer", area="2401")).get("/areas/2401/").content.decode()
    assert "/capital/" in html


def test_index_lists_tambons_in_scope_and_finds_by_code(make_user: Any, entry: CapitalEntry) -> None:
    client = _client(make_user("cdd_district_officer", area="2401"))
    html = client.get("/capital/").content.decode()
    assert f"/capital/{TAMBON}/" in html
    assert client.get("/capital/", {"code": TAMBON}).status_code == 302
    response = client.get("/capital/", {"code": FAR_TAMBON})
    assert response.status_code == 200 and f"/capital/{FAR_TAMBON}/" not in response.content.decode()
    far = _client(make_user("tambon_council_secretary", area=FAR_TAMBON))
    assert f"/capital/{TAMBON}/" not in far.get("/capital/").content.decode()
