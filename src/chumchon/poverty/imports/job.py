"""The survey import job ("poverty.import"): validate every row, write all or nothing, recompute."""

from __future__ import annotations

import contextlib
import fcntl
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core import memory, tabular
from chumchon.core.bilingual import bilingual as bi
from chumchon.core.jobs import Progress, SilentProgress, register_job
from chumchon.core.national_id import mask_national_ids_in_text
from chumchon.core.tabular import RowErrors, TabularError
from chumchon.core.uploads import files_removed_on_failure, track_stored_file
from chumchon.poverty import engine, store
from chumchon.poverty.imports.columnar import ColumnarValidator, read_spooled
from chumchon.poverty.imports.store_writes import write
from chumchon.poverty.models import ImportStatus, RoundStatus, SurveyImport, SurveyRound
from chumchon.poverty.services.duplicates import duplicates_from_import_in_transaction

JOB_KIND = "poverty.import"
# DuckDB's memory for finding the file's national IDs the round holds in other areas (it spills
# beyond): the IDs' hash table no longer grows the job's peak with the file.
HELD_ELSEWHERE_MEMORY = "64MB"


def survey_import_run(*, survey_import: SurveyImport, progress: Progress | None = None) -> dict[str, Any]:
    """Validate every row; write all or nothing; recompute the subdistricts written."""
    progress = progress or SilentProgress()
    record = SurveyImport.objects.select_related("survey_round__indicator_set", "created_by").get(pk=survey_import.pk)
    SurveyImport.objects.filter(pk=record.pk).update(status=ImportStatus.RUNNING)
    errors = RowErrors()
    # Four steps: households checked, persons checked, store written, results recomputed.
    progress.set_total(4)
    spool_dir, spool_lock = _spool_dir(record)
    _allow_open_files()
    # Large blocks (a batch's columns) mapped and given back when freed, so the peak does not climb
    # batch by batch (core.memory says why).
    memory.return_large_blocks()
    # Arrow's default allocator (mimalloc) keeps the memory of freed batches for reuse, so the
    # process's peak grew with the file; the system allocator gives large buffers back as soon as a
    # batch is done (measured: peak 497 → 379 MB on 678,602 rows, same CPU time).
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        return _run(record, errors, progress, spool_dir)
    finally:
        pa.set_memory_pool(previous)
        shutil.rmtree(spool_dir, ignore_errors=True)
        spool_lock.close()


def _allow_open_files() -> None:
    """The spool keeps a file open per district and step (a national file: ~1,900), more than a soft
    limit of 1,024 allows: raise the soft limit to the hard one (no privilege needed)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65_536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


SPOOL_LOCK = ".lock"
# A spool directory without its lock file older than this is left over (its job was killed between
# creating it and locking it, or by a version that did not lock): removed.
UNLOCKED_SPOOL_SECONDS = 3600


def spool_base() -> Path:
    return Path(settings.SURVEY_STORE) / ".import-spool"


def _spool_dir(record: SurveyImport) -> tuple[Path, IO[bytes]]:
    """A fresh spool directory for the job, locked (``flock``) while the job runs. The kernel drops
    the lock when the process ends however it ends, so a later job can tell a killed job's
    spool (no lock held: removed by ``spools_remove_stale``) from a running one's."""
    base = spool_base()
    base.mkdir(parents=True, exist_ok=True)
    spools_remove_stale()
    while True:
        directory = Path(tempfile.mkdtemp(prefix=f"import-{record.pk}-", dir=base))
        handle = (directory / SPOOL_LOCK).open("wb")
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if os.stat(directory / SPOOL_LOCK).st_ino == os.fstat(handle.fileno()).st_ino:
                return directory, handle
        except FileNotFoundError:
            pass
        handle.close()  # another job's sweep took it between its creation and the lock: again


def spools_remove_stale() -> list[Path]:
    """Remove the spool directories no running import holds (left by a killed job); returns them."""
    removed: list[Path] = []
    base = spool_base()
    if not base.is_dir():
        return removed
    for directory in sorted(base.iterdir()):
        if not directory.is_dir():
            continue
        lock = directory / SPOOL_LOCK
        try:
            handle = lock.open("rb")
        except FileNotFoundError:
            try:
                age = time.time() - directory.stat().st_mtime
            except FileNotFoundError:
                continue  # removed meanwhile
            if age > UNLOCKED_SPOOL_SECONDS:
                shutil.rmtree(directory, ignore_errors=True)
                removed.append(directory)
            continue
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a running job's
            shutil.rmtree(directory, ignore_errors=True)
            removed.append(directory)
    return removed


def _run(record: SurveyImport, errors: RowErrors, progress: Progress, spool_dir: Path) -> dict[str, Any]:
    # The validated columns go to Parquet files under spool_dir, one per district, as they are
    # checked: memory holds a batch; the household ids and national IDs go to the spool too, and
    # DuckDB finds repeats and each person's household there once a file is read.
    validator = ColumnarValidator(record, errors, progress, spool_dir=spool_dir)
    households, persons = None, None
    try:
        households = validator.households()
        progress.advance(1, "ตรวจไฟล์ครัวเรือนแล้ว / households checked")
        persons = validator.persons(households)
        progress.advance(1, "ตรวจไฟล์บุคคลแล้ว / persons checked")
    except TabularError as exc:
        errors.add(1, "", exc.code, exc.message_th, exc.message_en)
    if errors or households is None or persons is None:
        return _fail(record, errors)
    tambons = sorted(households.tambon_codes())
    if record.replace_tambon and any(t != record.area_code for t in tambons):
        errors.add(1, "tambon_code", "other_tambon", "ไฟล์มีข้อมูลตำบลอื่นปนอยู่", "the file holds rows of other tambons")
        return _fail(record, errors)
    _refuse_households_of_other_areas(record, validator, tambons, errors)
    if errors:
        return _fail(record, errors)
    replaced = tambons if not record.replace_tambon else [record.area_code]
    hh_spool, p_spool = validator.household_spool, validator.person_spool
    id_file = validator.national_ids.path  # the file's national IDs as integers (Parquet, in the spool)
    household_count, person_count = hh_spool.rows, p_spool.rows
    del validator, households
    person_files = list(p_spool.files().values())
    # National IDs the round already holds in other areas: flagged as cross-area duplicates, not refused.
    held = (
        store.persons_held_elsewhere(
            record.survey_round,
            id_file if id_file is not None and id_file.exists() else _spooled_national_ids(person_files),
            except_tambons=replaced,
            memory_limit=HELD_ELSEWHERE_MEMORY,
        )
        if store.person_files(store.round_dir(record.survey_round))
        else []  # a round's first import: nothing held elsewhere, no need to read the IDs back
    )
    write(record, hh_spool.files(), p_spool.files(), replaced)
    progress.advance(1, "บันทึกข้อมูลแล้ว / written")
    others = duplicates_from_import_in_transaction(
        survey_import=record,
        imported=lambda nids: _spooled_persons(person_files, nids),
        held_elsewhere=held,
        replaced_tambons=replaced,
    )
    _recompute(record.survey_round, sorted(set(replaced) | others))
    progress.advance(1, "คำนวณผลแล้ว / recomputed")
    with transaction.atomic():
        record.status = ImportStatus.SUCCEEDED
        record.household_count = household_count
        record.person_count = person_count
        record.tambon_count = len(tambons)
        record.error_count = 0
        record.finished_at = timezone.now()
        record.message = bi(
            f"นำเข้า {household_count:,} ครัวเรือน {person_count:,} คน ใน {len(tambons):,} ตำบล",
            f"Imported {household_count:,} households and {person_count:,} persons in {len(tambons):,} subdistricts",
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
        "households": household_count,
        "persons": person_count,
    }


def _spooled_national_ids(files: Sequence[Path]) -> pa.ChunkedArray:
    """The imported persons' national IDs, as the spool's chunks (not copied into one array)."""
    chunks = [chunk for f in files for chunk in read_spooled(f, ["national_id"]).column(0).chunks]
    return pa.chunked_array(chunks, pa.string())


def _spooled_persons(files: Sequence[Path], national_ids: Collection[str]) -> dict[str, tuple[str, str]]:
    """National ID → (household id, tambon) of the imported persons holding one of ``national_ids``."""
    found: dict[str, tuple[str, str]] = {}
    if not files or not national_ids:
        return found
    wanted = pa.array(sorted(set(national_ids)), pa.string())
    for path in files:
        table = read_spooled(path, ["national_id", "household_id", "tambon_code"])
        table = table.filter(pc.is_in(table.column("national_id"), value_set=wanted))
        for nid, hid, tambon in zip(*(table.column(i).to_pylist() for i in range(3)), strict=True):
            found[nid] = (hid, tambon)
    return found


def _refuse_households_of_other_areas(
    record: SurveyImport, validator: ColumnarValidator, tambons: Sequence[str], errors: RowErrors
) -> None:
    """A household id the round already holds in an area this import does not replace is refused, row
    by row, without naming that area or its household (re-importing a tambon's own data replaces it)."""
    replaced = [record.area_code] if record.replace_tambon else list(tambons)
    held, total = validator.first_households.held_elsewhere(record.survey_round, replaced, errors.limit)
    for row, hid in held:
        errors.add(
            row,
            "household_id",
            "household_in_other_area",
            f"รหัสครัวเรือน {hid} มีอยู่แล้วในพื้นที่อื่นของรอบสำรวจนี้ ใช้รหัสอื่นหรือให้พื้นที่นั้นแก้ไข",
            f"household id {hid} is already held by another area of this survey round: use another id, "
            "or ask that area to correct it",
        )
    errors.total += total - len(held)


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
