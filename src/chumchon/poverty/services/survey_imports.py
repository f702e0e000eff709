"""Survey import services: upload the two files (format and mapping detected), confirm to queue the job."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, require_write
from chumchon.areas.models import Area
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core import tabular
from chumchon.core.bilingual import bilingual as bi
from chumchon.core.jobs import start_job
from chumchon.core.tabular import TabularError
from chumchon.core.uploads import UploadPurpose, check_upload, files_removed_on_failure, track_stored_file
from chumchon.poverty.error_codes import PovertyErrorCode
from chumchon.poverty.errors import PovertyError
from chumchon.poverty.imports.columns import specs_for
from chumchon.poverty.imports.job import JOB_KIND
from chumchon.poverty.models import ImportStatus, SurveyImport, SurveyRound


def _sha256_upload(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _describe(table: tabular.Table) -> dict[str, Any]:
    return {
        "format": table.format,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "headers": table.headers,
    }


@transaction.atomic
@files_removed_on_failure()
def survey_import_upload_in_transaction(
    *,
    actor: User,
    survey_round: SurveyRound,
    area_code: str,
    household_file: UploadedFile,
    person_file: UploadedFile,
    replace_tambon: bool = False,
) -> SurveyImport:
    """Store the two files, detect their format and encoding, and suggest a column mapping."""

    require_write(actor, Action.SURVEY_IMPORT, area_code)
    if replace_tambon and len(area_code) != 6:
        raise PovertyError(
            bi("การแทนที่ข้อมูลรายตำบลต้องเลือกตำบล", "Replacing one subdistrict needs a subdistrict code"),
            code=PovertyErrorCode.NOT_TAMBON,
        )
    if area_code and not Area.objects.filter(code=area_code).exists():
        raise PovertyError(bi(f"ไม่รู้จักพื้นที่ {area_code}", f"Unknown area {area_code}"), code=PovertyErrorCode.BAD_AREA)
    for upload in (household_file, person_file):
        check_upload(upload, UploadPurpose.SURVEY_DATA)
    content_hash = hashlib.sha256(
        f"{_sha256_upload(household_file)}:{_sha256_upload(person_file)}".encode()
    ).hexdigest()
    record = SurveyImport(
        survey_round=survey_round,
        area_code=area_code,
        replace_tambon=replace_tambon,
        household_filename=Path(household_file.name or "households").name[:300],
        person_filename=Path(person_file.name or "persons").name[:300],
        content_hash=content_hash,
        created_by=actor,
    )
    record.household_file.save(record.household_filename, household_file, save=False)
    track_stored_file(record.household_file)
    record.person_file.save(record.person_filename, person_file, save=False)
    track_stored_file(record.person_file)
    specs = specs_for(survey_round)
    detected: dict[str, Any] = {}
    mapping: dict[str, dict[str, str]] = {}
    try:
        for key, field in (("households", record.household_file), ("persons", record.person_file)):
            filename = record.household_filename if key == "households" else record.person_filename
            table = tabular.open_tabular(field.path, filename=filename)
            detected[key] = _describe(table)
            mapping[key] = tabular.suggest_mapping(table.headers, specs[key])
    except TabularError as exc:  # the stored files are removed on the way out
        raise PovertyError(str(exc), code=exc.code) from exc
    record.detected = detected
    record.mapping = mapping
    record.full_clean()
    record.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=record, area_code=area_code, note=record.household_filename
    )
    return record


def _last_success(survey_import: SurveyImport) -> SurveyImport | None:
    return (
        SurveyImport.objects.filter(
            survey_round=survey_import.survey_round,
            area_code=survey_import.area_code,
            status__in=[ImportStatus.SUCCEEDED, ImportStatus.UNCHANGED],
        )
        .exclude(pk=survey_import.pk)
        .order_by("-finished_at", "-id")
        .first()
    )


@transaction.atomic
def survey_import_confirm_in_transaction(
    *, survey_import: SurveyImport, actor: User, mapping: dict[str, dict[str, str]] | None = None
) -> SurveyImport:
    """Fix the mapping and queue the import job; the same content as the last success changes nothing."""

    require_write(actor, Action.SURVEY_IMPORT, survey_import)
    record = SurveyImport.objects.select_for_update().get(pk=survey_import.pk)
    if record.status not in (ImportStatus.UPLOADED, ImportStatus.FAILED):
        raise PovertyError(
            bi("การนำเข้านี้ได้ยืนยันไปแล้ว", "This import has already been confirmed"),
            code=PovertyErrorCode.ALREADY_CONFIRMED,
        )
    if mapping is not None:
        record.mapping = {k: {t: s for t, s in v.items() if s} for k, v in mapping.items()}
    specs = specs_for(record.survey_round)
    problems = []
    for key in ("households", "persons"):
        headers = record.detected.get(key, {}).get("headers", [])
        problems += tabular.check_mapping(record.mapping.get(key, {}), headers, specs[key])
    if problems:
        raise PovertyError([e.message for e in problems], code=PovertyErrorCode.BAD_MAPPING)
    previous = _last_success(record)
    if previous is not None and previous.content_hash == record.content_hash:
        record.status = ImportStatus.UNCHANGED
        record.message = bi(
            f"ไฟล์เหมือนกับการนำเข้าครั้งที่ {previous.pk} ไม่มีการเปลี่ยนแปลงข้อมูล",
            f"Same files as import #{previous.pk}: nothing was changed",
        )
        record.household_count, record.person_count = previous.household_count, previous.person_count
        record.tambon_count = previous.tambon_count
        record.finished_at = timezone.now()
        record.save()
        audit_record(actor=actor, action=AuditAction.IMPORT, obj=record, note=record.message)
    else:
        record.status = ImportStatus.QUEUED
        record.error_count = 0
        record.message = ""
        record.job = start_job(JOB_KIND, params={"import_id": record.pk}, actor=actor, area_code=record.area_code)
        record.save()
    survey_import.refresh_from_db()
    return record


# The entry points views, the API and jobs call: each in its own durable transaction. The
# ``*_in_transaction`` forms do the same work inside a caller's transaction (the import benchmark,
# which rolls everything back); a durable block cannot nest.
survey_import_upload = transaction.atomic(durable=True)(survey_import_upload_in_transaction)
survey_import_confirm = transaction.atomic(durable=True)(survey_import_confirm_in_transaction)
