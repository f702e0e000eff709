"""The survey import job ("poverty.import"): validate every row, write all or nothing, recompute."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core import tabular
from chumchon.core.bilingual import bilingual as bi
from chumchon.core.jobs import Progress, SilentProgress, register_job
from chumchon.core.national_id import mask_national_ids_in_text
from chumchon.core.tabular import RowErrors, TabularError
from chumchon.core.uploads import files_removed_on_failure, track_stored_file
from chumchon.poverty import engine, store
from chumchon.poverty.imports.columnar import ColumnarValidator, with_members
from chumchon.poverty.imports.store_writes import write
from chumchon.poverty.models import ImportStatus, RoundStatus, SurveyImport, SurveyRound
from chumchon.poverty.services.duplicates import duplicates_from_import_in_transaction

JOB_KIND = "poverty.import"


def survey_import_run(*, survey_import: SurveyImport, progress: Progress | None = None) -> dict[str, Any]:
    """Validate every row; write all or nothing; recompute the subdistricts written."""
    progress = progress or SilentProgress()
    record = SurveyImport.objects.select_related("survey_round__indicator_set", "created_by").get(pk=survey_import.pk)
    SurveyImport.objects.filter(pk=record.pk).update(status=ImportStatus.RUNNING)
    errors = RowErrors()
    # Four steps: households checked, persons checked, store written, results recomputed.
    progress.set_total(4)
    validator = ColumnarValidator(record, errors, progress)
    hh_table, p_table = None, None
    try:
        hh_table, households = validator.households()
        progress.advance(1, "ตรวจไฟล์ครัวเรือนแล้ว / households checked")
        p_table = validator.persons(households)
        progress.advance(1, "ตรวจไฟล์บุคคลแล้ว / persons checked")
    except TabularError as exc:
        errors.add(1, "", exc.code, exc.message_th, exc.message_en)
        households = {}
    if errors or hh_table is None or p_table is None:
        return _fail(record, errors)
    tambons = sorted({t for t in households.values() if t})
    if record.replace_tambon and any(t != record.area_code for t in tambons):
        errors.add(1, "tambon_code", "other_tambon", "ไฟล์มีข้อมูลตำบลอื่นปนอยู่", "the file holds rows of other tambons")
        return _fail(record, errors)
    _refuse_households_of_other_areas(record, validator, tambons, errors)
    if errors:
        return _fail(record, errors)
    replaced = tambons if not record.replace_tambon else [record.area_code]
    del validator, households  # the household-id dictionaries are not needed past this point
    imported = {
        nid: (hid, tambon)
        for nid, hid, tambon in zip(
            p_table.column("national_id").to_pylist(),
            p_table.column("household_id").to_pylist(),
            p_table.column("tambon_code").to_pylist(),
            strict=True,
        )
    }
    # National IDs the round already holds in other areas: flagged as cross-area duplicates, not refused.
    held = store.persons_held_elsewhere(record.survey_round, imported, except_tambons=replaced)
    hh_table = with_members(hh_table, p_table)
    write(record, hh_table, p_table, replaced)
    progress.advance(1, "บันทึกข้อมูลแล้ว / written")
    others = duplicates_from_import_in_transaction(
        survey_import=record, imported=imported, held_elsewhere=held, replaced_tambons=replaced
    )
    _recompute(record.survey_round, sorted(set(replaced) | others))
    progress.advance(1, "คำนวณผลแล้ว / recomputed")
    with transaction.atomic():
        record.status = ImportStatus.SUCCEEDED
        record.household_count = hh_table.num_rows
        record.person_count = p_table.num_rows
        record.tambon_count = len(tambons)
        record.error_count = 0
        record.finished_at = timezone.now()
        record.message = bi(
            f"นำเข้า {hh_table.num_rows:,} ครัวเรือน {p_table.num_rows:,} คน ใน {len(tambons):,} ตำบล",
            f"Imported {hh_table.num_rows:,} households and {p_table.num_rows:,} persons in {len(tambons):,} subdistricts",
        )
        record.save()
        audit_record(
            actor=record.created_by,
            action=AuditAction.IMPORT,
            obj=record,
            changes={"households": record.household_count, "persons": record.person_count, "tambons": tambons[:50]},
            personal_data=True,
            note=record.message,
        )
    return {
        "import_id": record.pk,
        "status": record.status,
        "households": hh_table.num_rows,
        "persons": p_table.num_rows,
    }


def _refuse_households_of_other_areas(
    record: SurveyImport, validator: ColumnarValidator, tambons: Sequence[str], errors: RowErrors
) -> None:
    """A household id the round already holds in an area this import does not replace is refused, row
    by row, without naming that area or its household (re-importing a tambon's own data replaces it)."""
    replaced = [record.area_code] if record.replace_tambon else list(tambons)
    held = store.households_held_elsewhere(record.survey_round, validator.household_rows, except_tambons=replaced)
    rows = validator.household_rows
    for hid in sorted(held, key=lambda h: rows[h]):
        errors.add(
            rows[hid],
            "household_id",
            "household_in_other_area",
            f"รหัสครัวเรือน {hid} มีอยู่แล้วในพื้นที่อื่นของรอบสำรวจนี้ ใช้รหัสอื่นหรือให้พื้นที่นั้นแก้ไข",
            f"household id {hid} is already held by another area of this survey round: use another id, "
            "or ask that area to correct it",
        )


def _recompute(survey_round: SurveyRound, tambons: Sequence[str]) -> None:
    """Recompute only the imported tambons of a ready round; a round never computed gets a full run
    (which also marks it ready, so pages show it)."""

    status = SurveyRound.objects.filter(pk=survey_round.pk).values_list("status", flat=True).first()
    if status == RoundStatus.READY:
        engine.recompute_tambons(survey_round, list(tambons))
    else:
        engine.recompute_round(survey_round)


def _fail(record: SurveyImport, errors: RowErrors) -> dict[str, Any]:
    report = tabular.error_report_bytes(errors, fmt="csv")
    with files_removed_on_failure(), transaction.atomic():
        record.error_report.save(f"import-{record.pk}-errors.csv", ContentFile(report), save=False)
        track_stored_file(record.error_report)
        record.status = ImportStatus.FAILED
        record.error_count = errors.total
        record.finished_at = timezone.now()
        first = errors.errors[0]
        record.message = bi(
            f"ไม่ได้นำเข้า: พบข้อผิดพลาด {errors.total:,} รายการ (แถว {first.row_number}: {first.message_th})",
            f"Nothing imported: {errors.total:,} errors (row {first.row_number}: {first.message_en})",
        )
        record.save()
        audit_record(actor=record.created_by, action=AuditAction.IMPORT, obj=record, note=record.message)
    return {"import_id": record.pk, "status": record.status, "errors": errors.total}


class ImportFailed(Exception):
    """The import refused its files (row errors): the job fails with the import's bilingual message."""


@register_job(JOB_KIND, _("Survey import"))
def run_import_job(*, progress: Progress, import_id: int) -> dict[str, Any]:
    record = SurveyImport.objects.get(pk=import_id)
    try:
        result = survey_import_run(survey_import=record, progress=progress)
    except Exception as exc:
        SurveyImport.objects.filter(pk=import_id).update(
            status=ImportStatus.FAILED, message=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    if result.get("status") == ImportStatus.FAILED:
        # A job whose import failed is a failed job (its message is the import's, Thai / English).
        message = SurveyImport.objects.filter(pk=import_id).values_list("message", flat=True).first()
        raise ImportFailed(mask_national_ids_in_text(message or bi("การนำเข้าไม่สำเร็จ", "The import failed")))
    return result
