"""Issue 9 item 7: bad survey files are refused cleanly (or read), and nothing is left behind."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from chumchon.core.models import Job, JobStatus
from chumchon.core.thai import thai_digits
from chumchon.poverty import store
from chumchon.poverty.errors import PovertyError
from chumchon.poverty.models import ImportStatus, SurveyImport
from chumchon.poverty.selectors import survey_imports as survey_imports_selectors
from chumchon.poverty.services import survey_imports as survey_imports_services
from chumchon.poverty.tests import test_import as base
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)
from chumchon.poverty.tests.test_import import HH_HEADERS, P_HEADERS, T1, T2, csv_upload, hh_rows, p_rows, run

pytestmark = pytest.mark.django_db
env = base.env  # the survey-import fixture


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def utf16_tab(name: str, headers: list[str], rows: list[list[Any]]) -> SimpleUploadedFile:
    """What Excel's "Unicode text" export writes: UTF-16 LE with a BOM, tab-separated, CRLF."""
    text = "\r\n".join("\t".join(str(v) for v in row) for row in [headers, *rows]) + "\r\n"
    return SimpleUploadedFile(name, b"\xff\xfe" + text.encode("utf-16-le"))


def test_utf16_tab_separated_csv_is_read(env: dict[str, Any]) -> None:
    record = run(env, utf16_tab("hh.txt", HH_HEADERS, hh_rows()), utf16_tab("p.txt", P_HEADERS, p_rows()))
    assert record.status == ImportStatus.SUCCEEDED, record.message
    assert record.detected["households"]["encoding"].startswith("utf-16")
    assert record.detected["households"]["delimiter"] == "\t"
    names = store.read_tambon(env["round"], T1)[1].column("name_th").to_pylist()
    assert names[0] == "นางสาว ก 0"


@pytest.mark.parametrize(
    "content",
    [
        b"\xdb\xdc\xdd\xde\n\xdb\xdc",  # neither UTF-8 nor TIS-620/cp874 nor UTF-16
        b"\xff\xfe" + "a\tb\r\n".encode("utf-16-le") + b"\x00\xd8",  # a UTF-16 file cut in the middle
    ],
)
def test_an_unreadable_file_is_refused_and_leaves_no_file(env: dict[str, Any], content: bytes) -> None:
    with pytest.raises(PovertyError) as info:
        survey_imports_services.survey_import_upload(
            actor=env["user"],
            survey_round=env["round"],
            area_code="24",
            household_file=SimpleUploadedFile("hh.csv", content),
            person_file=csv_upload("p.csv", P_HEADERS, p_rows()),
        )
    assert " / " in str(info.value)  # Thai / English
    assert SurveyImport.objects.count() == 0
    assert media_files() == []


def test_any_failure_after_the_files_are_stored_removes_them(env: dict[str, Any], monkeypatch: Any) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr(survey_imports_services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        survey_imports_services.survey_import_upload(
            actor=env["user"],
            survey_round=env["round"],
            area_code="24",
            household_file=csv_upload("hh.csv", HH_HEADERS, hh_rows()),
            person_file=csv_upload("p.csv", P_HEADERS, p_rows()),
        )
    assert SurveyImport.objects.count() == 0
    assert media_files() == []


def test_a_header_only_file_is_refused_as_having_no_rows(env: dict[str, Any]) -> None:
    with pytest.raises(PovertyError) as info:
        survey_imports_services.survey_import_upload(
            actor=env["user"],
            survey_round=env["round"],
            area_code="24",
            household_file=csv_upload("hh.csv", HH_HEADERS, []),
            person_file=csv_upload("p.csv", P_HEADERS, p_rows()),
        )
    assert "ไม่มีแถวข้อมูล" in str(info.value) and "no rows" in str(info.value)
    assert SurveyImport.objects.count() == 0
    assert media_files() == []


def test_a_twelve_digit_id_is_the_wrong_length_and_thai_digits_are_read(env: dict[str, Any]) -> None:
    persons = p_rows(n=3)
    persons[0][0] = persons[0][0][:12]  # one digit short
    persons[1][0] = thai_digits(persons[1][0])  # ๑๐๐… as people type them in Thai
    record = run(env, csv_upload("hh.csv", HH_HEADERS, hh_rows()), csv_upload("p.csv", P_HEADERS, persons))
    assert record.status == ImportStatus.FAILED
    rows = survey_imports_selectors.error_rows(record)[1:]
    assert [(r[0], r[1], r[2]) for r in rows] == [("2", "national_id", "national_id_length")]
    assert "13 หลัก" in rows[0][3] and "12 digits" in rows[0][4] and "check digit" not in rows[0][4]


def test_a_failed_import_marks_its_job_failed(env: dict[str, Any]) -> None:
    bad = hh_rows()
    bad[0][3] = "999999"
    record = run(env, csv_upload("hh.csv", HH_HEADERS, bad), csv_upload("p.csv", P_HEADERS, p_rows()))
    assert record.status == ImportStatus.FAILED
    job = Job.objects.get(pk=record.job_id)
    assert job.status == JobStatus.FAILED
    assert "999999" in job.message and " / " in job.message
    good = run(env, csv_upload("hh.csv", HH_HEADERS, hh_rows()), csv_upload("p.csv", P_HEADERS, p_rows()))
    assert Job.objects.get(pk=good.job_id).status == JobStatus.SUCCEEDED


def test_preview_and_error_report_mask_national_ids_without_the_right(
    env: dict[str, Any], client: Any, make_user: Any
) -> None:
    staff = make_user("codi_regional_staff", area="24")  # may import, may not see unmasked IDs
    persons = p_rows(n=3)
    good_id = persons[0][0]
    persons[1][0] = "1234567890123"  # bad check digit: quoted in the report
    env = {**env, "user": staff}
    record = run(env, csv_upload("hh.csv", HH_HEADERS, hh_rows()), csv_upload("p.csv", P_HEADERS, persons))
    assert record.status == ImportStatus.FAILED
    for viewer, masked in ((staff, True), (env_officer(make_user), False)):
        client.force_login(viewer)
        page = client.get(reverse("poverty:import", args=[record.pk])).content.decode()
        csv_text = client.get(reverse("poverty:import_errors", args=[record.pk, "csv"])).content.decode("utf-8-sig")
        xlsx = client.get(reverse("poverty:import_errors", args=[record.pk, "xlsx"]))
        sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content if xlsx.streaming else [xlsx.content])))
        xlsx_text = " ".join(str(c) for row in sheet.active.iter_rows(values_only=True) for c in row if c)
        for text in (page, csv_text, xlsx_text):
            assert ("1234567890123" in text) is not masked
        assert (good_id in page) is not masked
        if masked:
            assert "1-xxxx-xxxxx-12-3" in csv_text and "1-xxxx-xxxxx-12-3" in xlsx_text
            assert f"{good_id[0]}-xxxx-xxxxx-{good_id[10:12]}-{good_id[12]}" in page


def env_officer(make_user: Any) -> Any:
    return make_user("cdd_provincial_officer", area="24")


def test_household_id_held_by_another_area_of_the_round_is_refused_row_by_row(env: dict[str, Any]) -> None:
    first = run(env, csv_upload("hh.csv", HH_HEADERS, hh_rows(T1)), csv_upload("p.csv", P_HEADERS, p_rows(T1)))
    assert first.status == ImportStatus.SUCCEEDED
    # Tambon 2 reuses T1's household ids for two of its households.
    hh = hh_rows(T2)
    hh[0][0], hh[1][0] = f"{T1}-0", f"{T1}-1"
    persons = p_rows(T2, start=50)
    persons[0][1], persons[1][1] = f"{T1}-0", f"{T1}-1"
    second = run(env, csv_upload("hh.csv", HH_HEADERS, hh), csv_upload("p.csv", P_HEADERS, persons), area=T2)
    assert second.status == ImportStatus.FAILED
    rows = survey_imports_selectors.error_rows(second)[1:]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("2", "household_id", "household_in_other_area"),
        ("3", "household_id", "household_in_other_area"),
    ]
    for r in rows:  # says so without naming the other area or its household
        assert T1 not in r[3].replace(f"{T1}-0", "").replace(f"{T1}-1", "") and T1 not in r[4].replace(
            f"{T1}-0", ""
        ).replace(f"{T1}-1", "")
        assert "พื้นที่อื่น" in r[3] and "another area" in r[4]
    assert store.read_tambon(env["round"], T2)[0].num_rows == 0
    # Re-importing a tambon's own data still replaces it.
    again = run(
        env,
        csv_upload("hh.csv", HH_HEADERS, hh_rows(T1, n=4)),
        csv_upload("p.csv", P_HEADERS, p_rows(T1, n=4)),
        area=T1,
        replace=True,
    )
    assert again.status == ImportStatus.SUCCEEDED, again.message
    assert store.read_tambon(env["round"], T1)[0].num_rows == 4
