"""Poverty pages: scope (404 elsewhere), masked IDs, audit of every personal-data view/export, Logbook forms."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chumchon.areas.models import Area
from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.poverty.models import AssistanceRecord, Case, CaseStatus
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
T1 = "240104"


@pytest.fixture
def round_(settings: Any, tmp_path: Any) -> Any:
    settings.SURVEY_STORE = tmp_path / "store"
    settings.MEDIA_ROOT = tmp_path / "media"
    r = logbook_data.survey_round("h6-2565", 2565)
    return logbook_data.load_round(
        r, [("H1", T1, ["income"], True), ("H2", T1, ["health"], True), ("H3", "240105", ["income"], True)]
    )


def _client(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def test_index_and_area_pages_show_headline_figures(client: Any, round_: Any, make_user: Any) -> None:
    c = _client(client, make_user("cdd_provincial_officer", area="24"))
    page = c.get(reverse("poverty:index")).content.decode()
    assert "poverty-areas" in page and "/poverty/area/24/" in page
    for code in ("24", "2401", T1):
        response = c.get(reverse("poverty:area", args=[code]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "<svg" in html and 'id="poverty-headline"' in html
    tambon = c.get(reverse("poverty:area", args=[T1])).content.decode()
    assert 'id="open-targets"' in tambon
    assert c.get(reverse("poverty:map")).status_code == 200
    # The area page of the areas app shows the poverty headline through the summary provider.
    area_page = c.get(f"/areas/{T1}/").content.decode()
    assert f"/poverty/area/{T1}/" in area_page


def test_out_of_scope_pages_are_404(client: Any, round_: Any, make_user: Any) -> None:
    c = _client(client, make_user("tambon_council_secretary", area="240105"))
    for name, args in (
        ("poverty:area", [T1]),
        ("poverty:targets", [T1]),
        ("poverty:targets_xlsx", [T1]),
        ("poverty:household", [T1, "H1"]),
        ("poverty:logbook", [T1]),
    ):
        assert c.get(reverse(name, args=args)).status_code == 404, name
    assert c.get(reverse("poverty:targets", args=["240105"])).status_code == 200


def test_target_list_masks_ids_and_is_audited(client: Any, round_: Any, make_user: Any) -> None:
    secretary = make_user("tambon_council_secretary", area=T1)  # PERSON_VIEW without PERSON_VIEW_ID
    html = _client(client, secretary).get(reverse("poverty:targets", args=[T1])).content.decode()
    nid = logbook_data.national_id(1000)
    assert "H1" in html and "H2" in html and "H3" not in html
    assert nid not in html and f"{nid[0]}-xxxx-xxxxx" in html
    event = AuditEvent.objects.filter(action=AuditAction.VIEW, personal_data=True).latest("id")
    assert event.actor == secretary and event.area_code == T1
    filtered = client.get(reverse("poverty:targets", args=[T1]) + "?dimension=health").content.decode()
    assert 'data-household="H2"' in filtered and 'data-household="H1"' not in filtered


def test_officer_sees_ids_and_export_is_audited(client: Any, round_: Any, make_user: Any) -> None:
    officer = make_user("cdd_district_officer", area="2401")
    c = _client(client, officer)
    html = c.get(reverse("poverty:targets", args=[T1])).content.decode()
    nid = logbook_data.national_id(1000)
    assert f"{nid[0]}-{nid[1:5]}" in html
    response = c.get(reverse("poverty:targets_xlsx", args=[T1]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "H1" and rows[1][8].replace("-", "") == nid
    # Labels, not codes: indicators by name, the village by name with its code in a column of its own.
    headers = rows[0]
    assert headers[3] == "รหัสหมู่บ้าน / Village code" and len(str(rows[1][3])) == 8
    assert rows[1][7] and "h_" not in rows[1][7] and "ตัวชี้วัด" in rows[1][7]
    village = Area.objects.filter(code=rows[1][3]).first()
    assert (rows[1][2] or "") == (village.name_th if village else "")
    export = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert export.personal_data and export.area_code == T1


def test_case_flow_through_the_pages(client: Any, round_: Any, make_user: Any) -> None:
    officer = make_user("cdd_district_officer", area="2401")
    c = _client(client, officer)
    response = c.post(
        reverse("poverty:case_open", args=[T1, "H1"]),
        {"round": round_.code, "dimension": "income", "comment": "เยี่ยมบ้าน"},
    )
    case = Case.objects.get()
    assert response.url == reverse("poverty:case", args=[case.pk])
    assert case.indicators == ["h_income"] and case.label.startswith("1/1")
    response = c.post(
        reverse("poverty:assistance_add", args=[case.pk]),
        {
            "description": "ฝึกอาชีพทำขนม",
            "help_kind": "in_kind",
            "amount": "750.25",
            "agency_name": "พช.อำเภอเมือง",
            "given_on": "01/02/2566",
        },
    )
    assert response.status_code == 302
    record = AssistanceRecord.objects.get()
    assert str(record.amount) == "750.25"
    c.post(reverse("poverty:case_transition", args=[case.pk]), {"to_status": "helped", "comment": ""})
    case.refresh_from_db()
    assert case.status == CaseStatus.HELPED
    # A refused transition shows the bilingual message and changes nothing.
    response = c.post(reverse("poverty:case_transition", args=[case.pk]), {"to_status": "deceased"}, follow=True)
    assert "cannot move" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.HELPED
    page = c.get(reverse("poverty:case", args=[case.pk])).content.decode()
    assert "ฝึกอาชีพทำขนม" in page and 'id="timeline"' in page
    logbook = c.get(reverse("poverty:logbook", args=["2401"])).content.decode()
    assert 'id="logbook-cases">1<' in logbook and "พช.อำเภอเมือง" in logbook


def test_viewer_cannot_post_to_the_logbook(client: Any, round_: Any, make_user: Any) -> None:
    officer = make_user("cdd_district_officer", area="2401")
    case = Case.objects.create(
        survey_round=round_, area_id=_area_id(T1), household_id="H1", dimension="income", opened_by=officer
    )
    member = make_user("tambon_council_member", area=T1)  # LOGBOOK_VIEW only
    c = _client(client, member)
    assert c.get(reverse("poverty:case", args=[case.pk])).status_code == 200
    response = c.post(
        reverse("poverty:assistance_add", args=[case.pk]),
        {"description": "x", "help_kind": "service", "agency_name": "y", "given_on": "01/01/2566"},
    )
    assert response.status_code == 403 and AssistanceRecord.objects.count() == 0
    other = make_user("cdd_district_officer", area="2402")
    assert _client(client, other).get(reverse("poverty:case", args=[case.pk])).status_code == 404


def test_addition_pages(client: Any, round_: Any, make_user: Any) -> None:
    field = make_user("tambon_council_secretary", area=T1)
    checker = make_user("cdd_district_officer", area="2401")
    c = _client(client, field)
    response = c.post(
        reverse("poverty:addition_new", args=[T1]) + f"?round={round_.code}",
        {
            "kind": "household",
            "reason": "moved_in",
            "full_name": "นายใหม่ ย้ายเข้า",
            "member_count": 2,
            "dimensions": ["income"],
        },
    )
    assert response.status_code == 302
    page = c.get(reverse("poverty:additions")).content.decode()
    assert "นายใหม่ ย้ายเข้า" in page and "addition_decide" not in page
    from chumchon.poverty.models import FieldAddition

    addition = FieldAddition.objects.get()
    c2 = _client(client, checker)
    c2.post(reverse("poverty:addition_decide", args=[addition.pk]), {"verified": "1", "note": "ตรวจแล้ว"})
    addition.refresh_from_db()
    assert addition.status == "verified" and addition.decided_by == checker
    html = c2.get(reverse("poverty:targets", args=[T1])).content.decode()
    assert f'data-household="{addition.ref}"' in html


def _area_id(code: str) -> int:
    from chumchon.areas.models import Area

    return Area.objects.get(code=code).pk


def test_indicators_and_villages_by_name_not_code(client: Any, round_: Any, make_user: Any) -> None:
    """Issue 9: target lists, household and case pages showed indicator codes and village codes only."""
    from chumchon.core.tests.crawl import visible_text

    tambon = Area.objects.get(code=T1)
    Area.objects.get_or_create(
        code=f"{T1}01", defaults={"level": "village", "parent": tambon, "name_th": "บ้านวังไทร", "search_name": "วังไทร"}
    )
    c = _client(client, make_user("cdd_district_officer", area="2401"))
    c.post(reverse("poverty:case_open", args=[T1, "H1"]), {"round": round_.code, "dimension": "income"})
    case = Case.objects.get()
    pages = {
        "targets": reverse("poverty:targets", args=[T1]) + f"?round={round_.code}",
        "household": reverse("poverty:household", args=[T1, "H1"]) + f"?round={round_.code}",
        "case": reverse("poverty:case", args=[case.pk]),
    }
    for name, url in pages.items():
        html = c.get(url).content.decode()
        text = visible_text(html)
        assert "ตัวชี้วัด income" in text, name  # the indicator's name
        # its code only as a secondary label beside the name
        assert "h_income" not in visible_text(html.replace('<small class="code">h_income</small>', "")), name
        if name != "case":
            assert "บ้านวังไทร" in text and f"{T1}01" not in text, name
    targets = c.get(pages["targets"]).content.decode()
    assert "จำนวนสมาชิก" not in targets  # the column lists members' names, so it is not headed "number of"


def test_poverty_breadcrumb_and_map_link_only_areas_the_user_may_open(client: Any, round_: Any, make_user: Any) -> None:
    """Issue 9: a tambon secretary's poverty pages linked /poverty/area/24/ and /poverty/area/2401/ (404)."""
    import re

    c = _client(client, make_user("tambon_council_secretary", area=T1))
    for url in (
        reverse("poverty:area", args=[T1]) + f"?round={round_.code}",
        reverse("poverty:map") + f"?round={round_.code}",
    ):
        html = c.get(url).content.decode()
        for href in set(re.findall(r'href="(/poverty/area/[^"]*)"', html)):
            assert c.get(href.replace("&amp;", "&")).status_code == 200, (url, href)
