"""Survey import: formats and encodings, mapping, row validation, all or nothing, idempotence, tambon replace."""

from __future__ import annotations

import csv
import io
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from chumchon.poverty import store
from chumchon.poverty.errors import PovertyError
from chumchon.poverty.models import ImportStatus, SurveyImport
from chumchon.poverty.selectors import results as results_selectors
from chumchon.poverty.selectors import survey_imports as survey_imports_selectors
from chumchon.poverty.services import survey_imports as survey_imports_services
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
T1, T2 = "240104", "240105"
HH_HEADERS = ["รหัสครัวเรือน", "บ้านเลขที่", "รหัสหมู่บ้าน", "รหัสตำบล", "ตัวชี้วัดที่ 4", "ตัวชี้วัดที่ 1"]
P_HEADERS = ["เลขประจำตัวประชาชน", "รหัสครัวเรือน", "ชื่อ-สกุล", "เพศ", "วันเกิด", "รายได้", "บัตรสวัสดิการแห่งรัฐ", "ผ่านการตรวจสอบ"]


def hh_rows(tambon: str = T1, n: int = 3, fail_income: int = 1) -> list[list[Any]]:
    return [
        [f"{tambon}-{i}", f"{i}/2", f"{tambon}01", tambon, "0" if i < fail_income else "1", "ผ่าน"] for i in range(n)
    ]


def p_rows(tambon: str = T1, n: int = 3, start: int = 0) -> list[list[Any]]:
    return [
        [
            logbook_data.national_id(start + i),
            f"{tambon}-{i}",
            f"นางสาว ก {i}",
            "หญิง",
            "15/03/2520",
            "45,000",
            "ใช่",
            "1",
        ]
        for i in range(n)
    ]


def csv_upload(name: str, headers: list[str], rows: list[list[Any]], encoding: str = "utf-8-sig") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([headers, *rows])
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


def xlsx_upload(name: str, headers: list[str], rows: list[list[Any]]) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in [headers, *rows]:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def env(settings: Any, tmp_path: Any, make_user: Any, django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    settings.SURVEY_STORE = tmp_path / "store"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    r = logbook_data.survey_round("h6-2565", 2565)
    return {
        "round": r,
        "user": make_user("cdd_provincial_officer", area="24"),
        "capture": django_capture_on_commit_callbacks,
    }


def run(
    env: dict[str, Any], hh: SimpleUploadedFile, persons: SimpleUploadedFile, *, area: str = "24", replace: bool = False
) -> SurveyImport:
    record = survey_imports_services.survey_import_upload(
        actor=env["user"],
        survey_round=env["round"],
        area_code=area,
        household_file=hh,
        person_file=persons,
        replace_tambon=replace,
    )
    with env["capture"](execute=True):
        record = survey_imports_services.survey_import_confirm(survey_import=record, actor=env["user"])
    record.refresh_from_db()
    return record


def test_thai_headers_are_mapped_and_a_clean_file_is_imported(env: dict[str, Any]) -> None:
    record = run(env, csv_upload("hh.csv", HH_HEADERS, hh_rows()), csv_upload("p.csv", P_HEADERS, p_rows()))
    assert record.mapping["households"]["h_income"] == "ตัวชี้วัดที่ 4"
    assert record.mapping["persons"]["national_id"] == "เลขประจำตัวประชาชน"
    assert record.status == ImportStatus.SUCCEEDED, record.message
    assert (record.household_count, record.person_count, record.tambon_count) == (3, 3, 1)
    hh, persons = store.read_tambon(env["round"], T1)
    assert hh.num_rows == 3 and persons.column("income_satang").to_pylist() == [4_500_000] * 3
    assert persons.column("birth_date").to_pylist()[0].year == 1977  # 2520 B.E.
    result = results_selectors.area_result(env["round"], T1)
    assert result is not None and result.households == 3 and result.target_poor_households == 1
    env["round"].refresh_from_db()
    assert env["round"].status == "ready" and results_selectors.latest_round() == env["round"]


@pytest.mark.parametrize("fmt", ["cp874", "xlsx", "parquet"])
def test_other_formats_import_the_same(env: dict[str, Any], fmt: str, tmp_path: Any) -> None:
    if fmt == "cp874":
        hh = csv_upload("hh.csv", HH_HEADERS, hh_rows(), encoding="cp874")
        p = csv_upload("p.csv", P_HEADERS, p_rows(), encoding="cp874")
    elif fmt == "xlsx":
        hh, p = xlsx_upload("hh.xlsx", HH_HEADERS, hh_rows()), xlsx_upload("p.xlsx", P_HEADERS, p_rows())
    else:
        import pyarrow as pa

        hh_table = pa.table({h: [str(r[i]) for r in hh_rows()] for i, h in enumerate(HH_HEADERS)})
        p_table = pa.table({h: [str(r[i]) for r in p_rows()] for i, h in enumerate(P_HEADERS)})
        paths = []
        for name, table in (("hh.parquet", hh_table), ("p.parquet", p_table)):
            pq.write_table(table, tmp_path / name)
            paths.append(SimpleUploadedFile(name, (tmp_path / name).read_bytes()))
        hh, p = paths
    record = run(env, hh, p)
    assert record.status == ImportStatus.SUCCEEDED, record.message
    assert record.detected["households"]["format"] == ("csv" if fmt == "cp874" else fmt)
    if fmt == "cp874":
        assert record.detected["households"]["encoding"] == "cp874"
    names = store.read_tambon(env["round"], T1)[1].column("name_th").to_pylist()
    assert names[0] == "นางสาว ก 0"


def test_bad_rows_import_nothing_and_report_every_row(env: dict[str, Any]) -> None:
    hh = hh_rows(n=4)
    hh[1][3] = "999999"  # unknown tambon
    hh[2][0] = hh[0][0]  # duplicate household id
    hh[3][4] = "maybe"  # bad indicator value
    persons = p_rows(n=3)
    persons[0][0] = "1234567890123"  # bad check digit
    persons[1][1] = "nowhere"  # household not in the file
    persons[2][4] = "31/02/2520"  # no such date
    record = run(env, csv_upload("hh.csv", HH_HEADERS, hh), csv_upload("p.csv", P_HEADERS, persons))
    assert record.status == ImportStatus.FAILED
    rows = survey_imports_selectors.error_rows(record)
    assert rows[0] == ["แถว / Row", "คอลัมน์ / Column", "รหัส / Code", "ข้อผิดพลาด", "Error"]
    found = {(r[0], r[1], r[2]) for r in rows[1:]}
    assert {
        ("3", "tambon_code", "unknown_tambon"),
        ("4", "household_id", "duplicate_household"),
        ("5", "h_income", "bad_boolean"),
        ("2", "national_id", "bad_national_id"),
        ("3", "household_id", "missing_household"),
        ("4", "birth_date", "bad_date"),
    } <= found
    assert all(r[3] and r[4] for r in rows[1:])  # Thai and English message on every row
    assert not store.household_files(store.round_dir(env["round"]))  # nothing written
    assert record.error_count == len(rows) - 1


def test_a_bad_value_repeated_is_reported_on_every_row(env: dict[str, Any]) -> None:
    """Codes, dates and flags are converted once per distinct value; a failure must still be
    reported on each row that holds it, and a good value after a bad one must still pass."""
    hh = hh_rows(n=4)
    for row in hh[:3]:
        row[4] = "maybe"  # the same bad indicator value on three rows
    persons = p_rows(n=4)
    persons[3][1] = hh[3][0]
    for row in persons[:2]:
        row[4] = "31/02/2520"  # the same impossible date twice
        row[6] = "perhaps"  # the same bad flag twice
    record = run(env, csv_upload("hh.csv", HH_HEADERS, hh), csv_upload("p.csv", P_HEADERS, persons))
    assert record.status == ImportStatus.FAILED
    found = [(r[0], r[1], r[2]) for r in survey_imports_selectors.error_rows(record)[1:]]
    assert [f for f in found if f[2] == "bad_boolean" and f[1] == "h_income"] == [
        ("2", "h_income", "bad_boolean"),
        ("3", "h_income", "bad_boolean"),
        ("4", "h_income", "bad_boolean"),
    ]
    assert [f[0] for f in found if f[1] == "birth_date"] == ["2", "3"]
    assert [f[0] for f in found if f[1] == "welfare_registered"] == ["2", "3"]
    assert not any(f[0] in ("5",) for f in found)  # the clean last rows stay clean


def test_missing_required_column_is_refused_before_the_job(env: dict[str, Any]) -> None:
    record = survey_imports_services.survey_import_upload(
        actor=env["user"],
        survey_round=env["round"],
        area_code="24",
        household_file=csv_upload("hh.csv", HH_HEADERS[:3], [r[:3] for r in hh_rows()]),
        person_file=csv_upload("p.csv", P_HEADERS, p_rows()),
    )
    with pytest.raises(PovertyError) as info:
        survey_imports_services.survey_import_confirm(survey_import=record, actor=env["user"])
    assert "tambon_code" in str(info.value) and "รหัสตำบล" in str(info.value)
    assert SurveyImport.objects.get(pk=record.pk).status == ImportStatus.UPLOADED


def test_same_files_again_change_nothing_and_a_tambon_can_be_replaced(env: dict[str, Any]) -> None:
    first = run(
        env,
        csv_upload("hh.csv", HH_HEADERS, hh_rows(T1) + hh_rows(T2)),
        csv_upload("p.csv", P_HEADERS, p_rows(T1) + p_rows(T2, start=50)),
    )
    assert first.status == ImportStatus.SUCCEEDED and first.tambon_count == 2
    files_before = {p: p.stat().st_mtime_ns for p in store.household_files(store.round_dir(env["round"]))}
    again = run(
        env,
        csv_upload("hh.csv", HH_HEADERS, hh_rows(T1) + hh_rows(T2)),
        csv_upload("p.csv", P_HEADERS, p_rows(T1) + p_rows(T2, start=50)),
    )
    assert again.status == ImportStatus.UNCHANGED and again.job_id is None
    assert {p: p.stat().st_mtime_ns for p in store.household_files(store.round_dir(env["round"]))} == files_before

    # Replace tambon 240105 alone: 5 households, 3 failing income; 240104 is untouched.
    fixed = run(
        env,
        csv_upload("hh.csv", HH_HEADERS, hh_rows(T2, n=5, fail_income=3)),
        csv_upload("p.csv", P_HEADERS, p_rows(T2, n=5, start=80)),
        area=T2,
        replace=True,
    )
    assert fixed.status == ImportStatus.SUCCEEDED, fixed.message
    assert store.read_tambon(env["round"], T2)[0].num_rows == 5
    assert store.read_tambon(env["round"], T1)[0].num_rows == 3
    t2 = results_selectors.area_result(env["round"], T2)
    district = results_selectors.area_result(env["round"], "2401")
    assert t2 is not None and (t2.households, t2.target_poor_households) == (5, 3)
    assert district is not None and district.households == 8


def test_replace_tambon_refuses_rows_of_another_tambon(env: dict[str, Any]) -> None:
    record = run(
        env,
        csv_upload("hh.csv", HH_HEADERS, hh_rows(T1)),
        csv_upload("p.csv", P_HEADERS, p_rows(T1)),
        area=T2,
        replace=True,
    )
    assert record.status == ImportStatus.FAILED
    assert {r[2] for r in survey_imports_selectors.error_rows(record)[1:]} == {"unknown_tambon"}


def test_import_permission(env: dict[str, Any], make_user: Any) -> None:
    outsider = make_user("cdd_provincial_officer", area="20")
    with pytest.raises(PermissionDenied):
        survey_imports_services.survey_import_upload(
            actor=outsider,
            survey_round=env["round"],
            area_code="24",
            household_file=csv_upload("hh.csv", HH_HEADERS, hh_rows()),
            person_file=csv_upload("p.csv", P_HEADERS, p_rows()),
        )
    assert SurveyImport.objects.count() == 0


def test_upload_preview_confirm_and_error_report_through_the_pages(env: dict[str, Any], client: Any) -> None:
    from django.urls import reverse

    client.force_login(env["user"])
    bad = hh_rows()
    bad[0][3] = "999999"
    response = client.post(
        reverse("poverty:imports"),
        {
            "survey_round": env["round"].pk,
            "area_code": "24",
            "household_file": csv_upload("hh.csv", HH_HEADERS, bad, encoding="cp874"),
            "person_file": csv_upload("p.csv", P_HEADERS, p_rows()),
        },
    )
    record = SurveyImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("poverty:import", args=[record.pk])
    page = client.get(response.url).content.decode()
    assert "cp874" in page and 'name="households:tambon_code"' in page
    assert '<option value="รหัสตำบล" selected>' in page  # the suggestion is preselected
    post = {f"households:{t}": s for t, s in record.mapping["households"].items()}
    post.update({f"persons:{t}": s for t, s in record.mapping["persons"].items()})
    with env["capture"](execute=True):
        client.post(response.url, post)
    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED
    page = client.get(response.url).content.decode()
    assert "unknown tambon code 999999" in page and "ไม่รู้จักรหัสตำบล 999999" in page
    csv_bytes = client.get(reverse("poverty:import_errors", args=[record.pk, "csv"])).content
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and "999999" in csv_bytes.decode("utf-8-sig")
    xlsx = client.get(reverse("poverty:import_errors", args=[record.pk, "xlsx"]))
    assert xlsx.status_code == 200
