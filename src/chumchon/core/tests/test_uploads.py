"""The one upload policy: per purpose, a type whitelist and a size limit from the settings."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chumchon.core.uploads import (
    MB,
    POLICIES,
    UploadErrorCode,
    UploadPurpose,
    UploadValidator,
    check_upload,
    policy_for,
)

ACCEPTED = {
    UploadPurpose.SURVEY_DATA: "households.csv",
    UploadPurpose.TABLE_IMPORT: "progress.xlsx",
    UploadPurpose.EVIDENCE: "receipt.pdf",
    UploadPurpose.ATTACHMENT: "budget.docx",
    UploadPurpose.PHOTO: "site.JPG",
    UploadPurpose.MINUTES: "minutes.pdf",
}
REFUSED = {
    UploadPurpose.SURVEY_DATA: "households.exe",
    UploadPurpose.TABLE_IMPORT: "progress.pdf",
    UploadPurpose.EVIDENCE: "script.js",
    UploadPurpose.ATTACHMENT: "archive.exe",
    UploadPurpose.PHOTO: "scan.pdf",
    UploadPurpose.MINUTES: "minutes.xlsx",
}


@pytest.fixture(autouse=True)
def small_limits(settings: Any) -> None:
    settings.MAX_UPLOAD_MB = 1
    settings.MAX_SURVEY_UPLOAD_MB = 2


def _file(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"x" * size)


def test_every_purpose_has_a_policy() -> None:
    assert set(POLICIES) == set(UploadPurpose) == set(ACCEPTED) == set(REFUSED)


@pytest.mark.parametrize("purpose", list(UploadPurpose))
def test_an_accepted_file_at_the_limit_passes(purpose: UploadPurpose) -> None:
    check_upload(_file(ACCEPTED[purpose], policy_for(purpose).max_bytes), purpose)
    check_upload(None, purpose)  # whether a file is required is the form's business


@pytest.mark.parametrize("purpose", list(UploadPurpose))
def test_a_file_over_the_limit_is_refused(purpose: UploadPurpose) -> None:
    too_big = _file(ACCEPTED[purpose], policy_for(purpose).max_bytes + 1)
    with pytest.raises(ValidationError) as info:
        check_upload(too_big, purpose)
    assert info.value.code == UploadErrorCode.TOO_LARGE
    limit = policy_for(purpose).max_mb
    assert f"ใหญ่เกิน {limit} MB / The file {ACCEPTED[purpose]} is larger than {limit} MB" in info.value.messages[0]


@pytest.mark.parametrize("purpose", list(UploadPurpose))
def test_a_file_of_the_wrong_type_is_refused(purpose: UploadPurpose) -> None:
    with pytest.raises(ValidationError) as info:
        check_upload(_file(REFUSED[purpose], 10), purpose)
    assert info.value.code == UploadErrorCode.BAD_TYPE
    message = info.value.messages[0]
    assert f"ไฟล์ {REFUSED[purpose]} ต้องเป็น" in message and f" / The file {REFUSED[purpose]} must be" in message
    with pytest.raises(ValidationError):
        check_upload(_file("no-extension", 10), purpose)


def test_survey_files_have_their_own_larger_limit(settings: Any) -> None:
    assert policy_for(UploadPurpose.SURVEY_DATA).max_bytes == 2 * MB
    assert policy_for(UploadPurpose.ATTACHMENT).max_bytes == 1 * MB
    settings.MAX_UPLOAD_MB = 3  # read at check time: the setting decides
    check_upload(_file("budget.pdf", 2 * MB + 5), UploadPurpose.ATTACHMENT)


def test_the_validator_refuses_in_a_form() -> None:
    class Form(forms.Form):
        file = forms.FileField(validators=[UploadValidator(UploadPurpose.EVIDENCE)])

    assert Form(files={"file": _file("receipt.pdf", 10)}).is_valid()
    wrong = Form(files={"file": _file("receipt.exe", 10)})
    assert not wrong.is_valid() and "must be" in wrong.errors["file"][0]
    big = Form(files={"file": _file("receipt.pdf", MB + 1)})
    assert not big.is_valid() and "larger than 1 MB" in big.errors["file"][0]
    assert UploadValidator(UploadPurpose.EVIDENCE) == UploadValidator("evidence")
