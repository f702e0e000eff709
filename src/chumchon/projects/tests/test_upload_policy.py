"""Projects' uploads follow the one upload policy (core/uploads.py): attachments, report photos, imports."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chumchon.core.uploads import MB, UploadErrorCode
from chumchon.projects import forms, services
from chumchon.projects.tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limit(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MAX_UPLOAD_MB = 1


def _image(name: str, image_format: str, padding: int = 0) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 110, 79)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue() + b"\0" * padding)


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("plan.pdf", b"x" * (MB + 1)), UploadErrorCode.TOO_LARGE),
        (SimpleUploadedFile("plan.exe", b"MZ"), UploadErrorCode.BAD_TYPE),
    ],
)
def test_attachments_too_large_or_of_the_wrong_type_are_refused(
    world: World, upload: SimpleUploadedFile, code: str
) -> None:
    project = world.project()
    with pytest.raises(ValidationError) as info:
        services.attachment_add(project=project, actor=world.secretary, file=upload)
    assert info.value.code == code
    assert project.attachments.count() == 0
    services.attachment_add(project=project, actor=world.secretary, file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4"))
    assert project.attachments.count() == 1


def _report_form(photo: SimpleUploadedFile) -> forms.ProgressReportForm:
    return forms.ProgressReportForm(
        data={"progress_pct": "10", "spent_amount": "0"}, files={"photos": photo}, indicators=[], activities=[]
    )


def test_report_photos_too_large_or_of_the_wrong_type_are_refused() -> None:
    assert _report_form(_image("site.png", "PNG")).is_valid()
    too_big = _report_form(_image("site.png", "PNG", padding=MB))
    assert not too_big.is_valid() and "larger than 1 MB" in too_big.errors["photos"][0]
    bitmap = _report_form(_image("site.bmp", "BMP"))  # an image Pillow reads, but not a type we accept
    assert not bitmap.is_valid() and "must be" in bitmap.errors["photos"][0]


def test_progress_import_file_too_large_or_of_the_wrong_type_is_refused() -> None:
    assert forms.ImportForm(files={"file": SimpleUploadedFile("progress.csv", b"a\n1\n")}).is_valid()
    too_big = forms.ImportForm(files={"file": SimpleUploadedFile("progress.csv", b"x" * (MB + 1))})
    assert not too_big.is_valid() and "larger than 1 MB" in too_big.errors["file"][0]
    wrong = forms.ImportForm(files={"file": SimpleUploadedFile("progress.pdf", b"%PDF")})
    assert not wrong.is_valid() and "must be" in wrong.errors["file"][0]
