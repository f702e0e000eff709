"""One upload policy for every file a user sends: which types each purpose accepts, and how large.

Every upload names its purpose (``UploadPurpose``); the purpose's ``UploadPolicy`` lists the accepted
file-name extensions and the setting holding its size limit in MB (``CHUMCHON_MAX_UPLOAD_MB`` for
documents, photos, evidence and imports; ``CHUMCHON_MAX_SURVEY_UPLOAD_MB`` for survey data files).
``check_upload`` enforces it in services; ``UploadValidator`` is the same check as a form-field
validator. Refusals are ``ValidationError``s with a bilingual message and an ``UploadErrorCode``.

The type is judged by the file name's extension (browsers' declared content types vary too much to be
trusted either way); content is checked where it is read: photos by Pillow (``forms.ImageField``),
tabular files by ``core.tabular`` sniffing their first bytes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.db import models
from django.db.models.signals import post_save, pre_save
from django.utils.deconstruct import deconstructible

from chumchon.core.bilingual import bilingual

MB = 1024 * 1024


class UploadPurpose(StrEnum):
    SURVEY_DATA = "survey_data"  # poverty: the household and person files of a survey import
    TABLE_IMPORT = "table_import"  # rows imported at once (projects: progress reports)
    EVIDENCE = "evidence"  # poverty: Logbook evidence of help given
    ATTACHMENT = "attachment"  # projects: documents attached to a proposal or a running project
    PHOTO = "photo"  # projects: photos of a progress report
    MINUTES = "minutes"  # meetings: the minutes of a committee's meeting (รายงานการประชุม)


class UploadErrorCode(StrEnum):
    TOO_LARGE = "upload_too_large"
    BAD_TYPE = "upload_bad_type"


@dataclass(frozen=True)
class UploadPolicy:
    extensions: frozenset[str]  # lower case, with the dot
    kinds_th: str
    kinds_en: str
    size_setting: str  # the Django setting holding the limit in MB

    @property
    def max_bytes(self) -> int:
        return int(getattr(settings, self.size_setting)) * MB

    @property
    def max_mb(self) -> int:
        return int(getattr(settings, self.size_setting))


_TABLES = frozenset({".csv", ".txt", ".tsv", ".xlsx", ".parquet"})
_IMAGES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".gif"})
_OFFICE = frozenset({".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".ppt", ".pptx", ".odp", ".csv", ".txt"})

POLICIES: dict[UploadPurpose, UploadPolicy] = {
    UploadPurpose.SURVEY_DATA: UploadPolicy(
        _TABLES, "ไฟล์ CSV, Excel (.xlsx) หรือ Parquet", "a CSV, Excel (.xlsx) or Parquet file", "MAX_SURVEY_UPLOAD_MB"
    ),
    UploadPurpose.TABLE_IMPORT: UploadPolicy(
        _TABLES, "ไฟล์ CSV, Excel (.xlsx) หรือ Parquet", "a CSV, Excel (.xlsx) or Parquet file", "MAX_UPLOAD_MB"
    ),
    UploadPurpose.EVIDENCE: UploadPolicy(
        frozenset({".pdf", ".jpg", ".jpeg", ".png", ".heic", ".webp", ".doc", ".docx", ".xlsx"}),
        "PDF รูปภาพ Word หรือ Excel",
        "a PDF, an image, a Word or an Excel file",
        "MAX_UPLOAD_MB",
    ),
    UploadPurpose.ATTACHMENT: UploadPolicy(
        frozenset({".pdf", *_IMAGES, *_OFFICE}),
        "PDF รูปภาพ หรือเอกสารสำนักงาน (Word Excel PowerPoint OpenDocument CSV)",
        "a PDF, an image or an office document (Word, Excel, PowerPoint, OpenDocument, CSV)",
        "MAX_UPLOAD_MB",
    ),
    UploadPurpose.MINUTES: UploadPolicy(
        frozenset({".pdf", *_IMAGES, ".doc", ".docx", ".odt"}),
        "PDF รูปภาพ หรือเอกสาร Word/OpenDocument",
        "a PDF, an image or a Word/OpenDocument file",
        "MAX_UPLOAD_MB",
    ),
    UploadPurpose.PHOTO: UploadPolicy(
        frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"}),
        "รูปภาพ JPEG PNG WebP หรือ GIF",
        "a JPEG, PNG, WebP or GIF image",
        "MAX_UPLOAD_MB",
    ),
}


def policy_for(purpose: UploadPurpose) -> UploadPolicy:
    return POLICIES[purpose]


def check_upload(upload: Any, purpose: UploadPurpose) -> None:
    """Refuse a file of a type ``purpose`` does not accept or larger than its limit (``None`` passes:
    whether a file is required is the form's or service's business)."""
    if upload is None:
        return
    policy = POLICIES[purpose]
    name = PurePath(getattr(upload, "name", "") or "").name
    if PurePath(name).suffix.lower() not in policy.extensions:
        allowed = " ".join(sorted(policy.extensions))
        raise ValidationError(
            bilingual(
                f"ไฟล์ {name or '(ไม่มีชื่อ)'} ต้องเป็น{policy.kinds_th} ({allowed})",
                f"The file {name or '(no name)'} must be {policy.kinds_en} ({allowed})",
            ),
            code=UploadErrorCode.BAD_TYPE,
        )
    if (getattr(upload, "size", 0) or 0) > policy.max_bytes:
        raise ValidationError(
            bilingual(f"ไฟล์ {name} ใหญ่เกิน {policy.max_mb} MB", f"The file {name} is larger than {policy.max_mb} MB"),
            code=UploadErrorCode.TOO_LARGE,
        )


@deconstructible
class UploadValidator:
    """``check_upload`` as a form-field validator: ``forms.FileField(validators=[UploadValidator(purpose)])``."""

    def __init__(self, purpose: UploadPurpose) -> None:
        self.purpose = UploadPurpose(purpose)

    def __call__(self, upload: Any) -> None:
        check_upload(upload, self.purpose)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadValidator) and other.purpose == self.purpose

    def __hash__(self) -> int:
        return hash(self.purpose)


# ---------------------------------------------------------------------------------------------
# Nothing left behind: files stored by a service that then fails are deleted.
#
# A service that stores uploads runs inside ``files_removed_on_failure()``. Every file stored while
# it is open — through a model's FileField on save, or by hand through ``track_stored_file`` — is
# remembered; if the block ends with an exception (the transaction rolls back), they are deleted.
# Nested blocks share the outermost one, so a file saved by an inner service survives an inner
# success but not an outer failure.

_STORED: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("chumchon_stored_files", default=None)


@contextmanager
def upload_on_disk(upload: Any) -> Iterator[Path]:
    """A received upload written to a temporary file, for readers that need a path; removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{PurePath(upload.name or '').suffix.lower()[:8]}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        yield path


@contextmanager
def files_removed_on_failure() -> Iterator[None]:
    if _STORED.get() is not None:
        yield
        return
    stored: list[tuple[Storage, str]] = []
    token = _STORED.set(stored)
    try:
        yield
    except BaseException:
        for storage, name in reversed(stored):
            with suppress(OSError):  # a file already gone, a read-only disk: the first error is what matters
                storage.delete(name)
        raise
    finally:
        _STORED.reset(token)


def track_stored_file(field_file: Any) -> None:
    """Remember a file stored by hand (``field_file.save(..., save=False)``) for ``files_removed_on_failure``."""
    stored = _STORED.get()
    if stored is not None and field_file and getattr(field_file, "name", ""):
        stored.append((field_file.storage, field_file.name))


def _new_files_before_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    if _STORED.get() is None:
        return
    new = [
        f.attname
        for f in instance._meta.concrete_fields
        if isinstance(f, models.FileField)
        and getattr(instance, f.attname)
        and not getattr(getattr(instance, f.attname), "_committed", True)
    ]
    if new:
        instance._chumchon_new_files = new


def _new_files_after_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    for attname in instance.__dict__.pop("_chumchon_new_files", ()):
        track_stored_file(getattr(instance, attname))


pre_save.connect(_new_files_before_save, dispatch_uid="chumchon.uploads.new_files_before_save")
post_save.connect(_new_files_after_save, dispatch_uid="chumchon.uploads.new_files_after_save")
