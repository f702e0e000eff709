"""The organisation registry: filters, leaders under the PDPA, history, Excel import and export."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from chumchon.areas.models import Area
from chumchon.audit.models import AuditEvent
from chumchon.organizations.imports import EXPORT_HEADERS, registry_import
from chumchon.organizations.models import Body, BodyKind, BodyLeader, BodyStatus
from chumchon.organizations.selectors import body_list
from chumchon.organizations.services import body_update, leader_add

pytestmark = pytest.mark.django_db
VALID_ID = "1101700207030"  # a valid check digit (a made-up number)


def _xlsx(tmp_path: Path, rows: list[list[object]], headers=EXPORT_HEADERS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(headers))
    for r in rows:
        ws.append(r)
    path = tmp_path / "registry.xlsx"
    wb.save(path)
    return path


GOOD_ROWS = [
    ["สภาองค์กรชุมชนตำบล", "สภาองค์กรชุมชนตำบลคลองนา", "Khlong Na Council", "240104", "ดำเนินการ", "สอช.240104",
     "01/10/2552", "", 25, "", "หมู่ 3 ตำบลคลองนา", "038-000000", ""],
    ["องค์กรชุมชน", "กลุ่มออมทรัพย์บ้านคลองนา", "", "240104", "ดำเนินการ", "", "", "15/02/2555", 40, "สอช.240104",
     "", "", ""],
    ["กองทุนสวัสดิการชุมชน", "กองทุนสวัสดิการชุมชนตำบลคลองนา", "", "240104", "ไม่ดำเนินการ", "กสช.240104", "", "", 800,
     "", "", "", "fund@example.org"],
]  # fmt: skip


def test_import_rejects_a_broken_file_whole_then_imports_and_reruns_idempotently(make_user, tmp_path) -> None:
    staff = make_user("codi_regional_staff", region="R5")
    broken = [
        *GOOD_ROWS,
        ["ประเภทที่ไม่มี", "องค์กรแปลก", "", "240104", "", "", "", "", "", "", "", "", ""],
        ["องค์กรชุมชน", "กลุ่มวันที่ผิด", "", "2401x", "", "", "31/02/2565", "", -3, "", "", "", ""],
        ["องค์กรชุมชน", "กลุ่มไกล", "", "500105", "", "", "", "", "", "", "", "", ""],
    ]
    result = registry_import(path=_xlsx(tmp_path, broken), actor=staff)
    assert not result.ok and result.created == 0
    by_row = {(e.row_number, e.column) for e in result.errors}
    assert {(5, "kind"), (6, "area_code"), (6, "registered_on"), (6, "member_count")} <= by_row
    assert all(e.message_th and e.message_en for e in result.errors)
    assert not Body.objects.filter(name_th__contains="คลองนา").exists()  # nothing imported
    # Out of scope (Chiang Mai for region 5 staff): refused at write time, still nothing imported.
    far = [*GOOD_ROWS, ["องค์กรชุมชน", "กลุ่มไกล", "", "500105", "", "", "", "", "", "", "", "", ""]]
    result = registry_import(path=_xlsx(tmp_path, far), actor=staff)
    assert not result.ok and [(e.row_number, e.code) for e in result.errors] == [(5, "not_allowed")]
    assert not Body.objects.filter(name_th__contains="คลองนา").exists()

    result = registry_import(path=_xlsx(tmp_path, GOOD_ROWS), actor=staff)
    assert result.ok and (result.created, result.updated, result.unchanged) == (3, 0, 0)
    council = Body.objects.get(registration_number="สอช.240104")
    group = Body.objects.get(name_th="กลุ่มออมทรัพย์บ้านคลองนา")
    fund = Body.objects.get(registration_number="กสช.240104")
    assert group.member_of == council and group.founded_on.isoformat() == "2012-02-15"
    assert council.registered_on.isoformat() == "2009-10-01" and council.phone == "038-000000"
    assert fund.status == BodyStatus.DORMANT and not fund.is_active and fund.member_count == 800
    events = AuditEvent.objects.count()
    result = registry_import(path=_xlsx(tmp_path, GOOD_ROWS), actor=staff)  # the same file again
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert Body.objects.filter(name_th__contains="คลองนา").count() == 3
    assert AuditEvent.objects.count() == events + 1  # only the import's own record
    changed = [list(r) for r in GOOD_ROWS]
    changed[2][8] = 850
    result = registry_import(path=_xlsx(tmp_path, changed), actor=staff)
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 1, 2)
    fund.refresh_from_db()
    assert fund.member_count == 850


def test_export_reimports_unchanged(client, make_user, tmp_path) -> None:
    staff = make_user("codi_regional_staff", region="R5")
    assert registry_import(path=_xlsx(tmp_path, GOOD_ROWS), actor=staff).ok
    client.force_login(staff)
    response = client.get(reverse("organizations:export"), {"area": "240104"})
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == list(EXPORT_HEADERS) and len(rows) == 4
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    result = registry_import(path=path, actor=staff)
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert AuditEvent.objects.filter(action="export", model_label="organizations.body").exists()


def test_registry_filters(make_user) -> None:
    staff = make_user("codi_regional_staff", region="R5")
    khlong_na, na_mueang = Area.objects.get(code="240104"), Area.objects.get(code="240101")
    a = Body.objects.create(kind=BodyKind.NETWORK, name_th="เครือข่ายคลองนา", area=khlong_na)
    b = Body.objects.create(kind=BodyKind.NETWORK, name_th="เครือข่ายหน้าเมือง", area=na_mueang, status="dissolved")
    c = Body.objects.create(kind=BodyKind.COOPERATIVE, name_th="สหกรณ์คลองนา", area=khlong_na)
    assert set(body_list(staff, kind=BodyKind.NETWORK)) == {a, b}
    assert set(body_list(staff, area_code="240104")) == {a, c}
    assert set(body_list(staff, status="dissolved")) == {b}
    assert set(body_list(staff, area_code="2401", status="active", kind=BodyKind.COOPERATIVE)) == {c}


def test_leaders_masked_unless_allowed_and_viewing_ids_is_audited(client, make_user) -> None:
    council = Body.objects.create(
        kind=BodyKind.TAMBON_COMMUNITY_COUNCIL, name_th="สภาองค์กรชุมชนตำบลคลองนา", area=Area.objects.get(code="240104")
    )
    secretary = make_user("tambon_council_secretary", area="240104")
    leader_add(body=council, actor=secretary, position="chair", name="นางสมศรี ใจดี", national_id=VALID_ID)
    event = AuditEvent.objects.get(model_label="organizations.bodyleader", action="create")
    assert VALID_ID not in str(event.changes) and event.personal_data
    client.force_login(secretary)  # no PERSON_VIEW_ID: masked, nothing logged
    html = client.get(reverse("organizations:detail", args=[council.pk])).content.decode()
    assert "นางสมศรี ใจดี" in html and "1-xxxx-xxxxx-03-0" in html and "1-1017-00207-03-0" not in html
    assert not AuditEvent.objects.filter(action="view", object_pk=str(council.pk)).exists()
    officer = make_user("cdd_district_officer", area="2401")
    client.force_login(officer)
    html = client.get(reverse("organizations:detail", args=[council.pk])).content.decode()
    assert "1-1017-00207-03-0" in html
    assert AuditEvent.objects.filter(
        action="view", object_pk=str(council.pk), personal_data=True, actor=officer
    ).exists()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        leader_add(body=council, actor=secretary, position="member", name="x", national_id="1101700207031")
    assert "1101700207031" not in str(exc.value)
    assert BodyLeader.objects.count() == 1


def test_history_page_shows_changes_and_is_scoped(client, make_user) -> None:
    council = Body.objects.create(
        kind=BodyKind.TAMBON_COMMUNITY_COUNCIL, name_th="สภาองค์กรชุมชนตำบลคลองนา", area=Area.objects.get(code="240104")
    )
    secretary = make_user("tambon_council_secretary", area="240104")
    body_update(body=council, actor=secretary, status="dormant", registration_number="สอช.1")
    client.force_login(secretary)
    html = client.get(reverse("organizations:history", args=[council.pk])).content.decode()
    assert "สอช.1" in html and "ไม่ดำเนินการ" in html  # the new status, as people read it
    client.force_login(make_user("tambon_council_member", area="240104"))  # may see, may not edit: refused
    assert client.get(reverse("organizations:history", args=[council.pk])).status_code == 403
    client.force_login(make_user("tambon_council_secretary", area="500105"))  # other province: 404
    assert client.get(reverse("organizations:history", args=[council.pk])).status_code == 404
    assert client.get(reverse("organizations:detail", args=[council.pk])).status_code == 404


def test_import_page(client, make_user, tmp_path) -> None:
    client.force_login(make_user("codi_regional_staff", region="R5"))
    bad = [["องค์กรชุมชน", "", "", "240104", "", "", "", "", "", "", "", "", ""]]
    with _xlsx(tmp_path, bad).open("rb") as fh:
        response = client.post(reverse("organizations:import"), {"file": fh})
    assert response.status_code == 400 and "ต้องกรอก ชื่อองค์กร" in response.content.decode()
    with _xlsx(tmp_path, GOOD_ROWS).open("rb") as fh:
        response = client.post(reverse("organizations:import"), {"file": fh})
    assert response.status_code == 302 and Body.objects.filter(name_th__contains="คลองนา").count() == 3
    client.force_login(make_user("tambon_council_member", area="240104"))
    assert client.get(reverse("organizations:import")).status_code == 403


def test_leader_add_and_remove_pages(client, make_user) -> None:
    council = Body.objects.create(
        kind=BodyKind.TAMBON_COMMUNITY_COUNCIL, name_th="สภาองค์กรชุมชนตำบลคลองนา", area=Area.objects.get(code="240104")
    )
    client.force_login(make_user("tambon_council_secretary", area="240104"))
    response = client.post(
        reverse("organizations:leader_add", args=[council.pk]),
        {"position": "secretary", "name": "นายสมชาย ดีใจ", "national_id": "1101700207031", "since": "01/01/2566"},
    )
    assert response.status_code == 400 and "เลขประจำตัวประชาชนไม่ถูกต้อง" in response.content.decode()
    response = client.post(
        reverse("organizations:leader_add", args=[council.pk]),
        {"position": "secretary", "name": "นายสมชาย ดีใจ", "national_id": VALID_ID, "since": "01/01/2566"},
    )
    assert response.status_code == 302
    leader = BodyLeader.objects.get(body=council)
    client.force_login(make_user("tambon_council_member", area="240104"))  # may see, not change
    assert client.post(reverse("organizations:leader_remove", args=[council.pk, leader.pk])).status_code == 403
    client.force_login(make_user("tambon_council_secretary", area="240104"))
    assert client.post(reverse("organizations:leader_remove", args=[council.pk, leader.pk])).status_code == 302
    assert not BodyLeader.objects.exists()
    deleted = AuditEvent.objects.get(model_label="organizations.bodyleader", action="delete")
    assert VALID_ID not in str(deleted.changes)
