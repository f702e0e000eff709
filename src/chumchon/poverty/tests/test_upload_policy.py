"""Poverty's uploads follow the one upload policy (core/uploads.py): survey files and Logbook evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chumchon.areas.models import Area
from chumchon.core.uploads import MB, UploadErrorCode
from chumchon.poverty import forms
from chumchon.poverty.models import AssistanceRecord, HelpKind, SurveyImport
from chumchon.poverty.services import logbook as logbook_services
from chumchon.poverty.services import survey_imports as survey_import_services
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def env(settings: Any, tmp_path: Any, make_user: Any) -> dict[str, Any]:
    settings.SURVEY_STORE = tmp_path / "store"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAX_UPLOAD_MB = 1
    settings.MAX_SURVEY_UPLOAD_MB = 2
    return {"round": logbook_data.survey_round("h6-2565", 2565), "user": make_user("cdd_provincial_officer", area="24")}


def _upload(env: dict[str, Any], household: SimpleUploadedFile) -> None:
    survey_import_services.survey_import_upload(
        actor=env["user"],
        survey_round=env["round"],
        area_code="24",
        household_file=household,
        person_file=SimpleUploadedFile("p.csv", b"a,b\n1,2\n"),
    )


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("hh.csv", b"x" * (2 * MB + 1)), UploadErrorCode.TOO_LARGE),
        (SimpleUploadedFile("hh.exe", b"a,b\n1,2\n"), UploadErrorCode.BAD_TYPE),
    ],
)
def test_survey_files_too_large_or_of_the_wrong_type_are_refused(
    env: dict[str, Any], upload: SimpleUploadedFile, code: str
) -> None:
    with pytest.raises(ValidationError) as info:
        _upload(env, upload)
    assert info.value.code == code
    assert SurveyImport.objects.count() == 0

    form = forms.UploadForm(
        data={"survey_round": env["round"].pk, "area_code": "24"},
        files={"household_file": upload, "person_file": SimpleUploadedFile("p.csv", b"a\n1\n")},
    )
    assert not form.is_valid() and list(form.errors) == ["household_file"]


@pytest.mark.parametrize(
    ("evidence", "code"),
    [
        (SimpleUploadedFile("receipt.pdf", b"x" * (MB + 1)), UploadErrorCode.TOO_LARGE),
        (SimpleUploadedFile("receipt.html", b"<p>"), UploadErrorCode.BAD_TYPE),
    ],
)
def test_evidence_too_large_or_of_the_wrong_type_is_refused(
    env: dict[str, Any], make_user: Any, evidence: SimpleUploadedFile, code: str
) -> None:
    officer = make_user("cdd_district_officer", area="2401")
    case = logbook_services.case_open(
        actor=officer,
        survey_round=env["round"],
        area=Area.objects.get(code="240104"),
        dimension="income",
        household_id="H1",
    )
    with pytest.raises(ValidationError) as info:
        logbook_services.assistance_add(
            case=case,
            actor=officer,
            description="มอบพันธุ์ไก่ไข่",
            help_kind=HelpKind.IN_KIND,
            amount=0,
            agency_name="อบต.คลองนา",
            given_on=dt.date(2023, 1, 15),
            evidence=evidence,
        )
    assert info.value.code == code
    assert AssistanceRecord.objects.count() == 0

    evidence.seek(0)
    form = forms.AssistanceForm(
        data={"description": "x", "help_kind": HelpKind.IN_KIND, "given_on": "15/01/2566", "agency_name": "x"},
        files={"evidence": evidence},
    )
    assert not form.is_valid() and list(form.errors) == ["evidence"]
