"""Survey import (นำเข้าข้อมูลสำรวจ จปฐ.): upload → preview and column mapping → confirm → background job.

A household file and a person file (CSV in UTF-8 or TIS-620, Excel .xlsx, or Parquet) are checked
row by row — national ID check digit, unknown subdistrict or village code, missing required column,
duplicate household id or person, bad numbers or dates, a person whose household is not in the
household file, a subdistrict outside the import's area. The import is ALL OR NOTHING: with any error
nothing is written and a row-by-row report (Thai and English) is kept for download. Otherwise the
subdistricts in the file replace their data in the round's store and the engine recomputes them.
The same files imported again (same content hash as the last successful import) change nothing.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone

from chumchon.accounts.permissions import Action, require_write
from chumchon.areas.models import Area, AreaLevel
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core import tabular
from chumchon.core.bilingual import bilingual as _bi
from chumchon.core.jobs import Progress, SilentProgress, register_job, start_job
from chumchon.core.national_id import NationalIdError, clean_national_id
from chumchon.core.tabular import CellError, ColumnSpec, RowErrors, TabularError
from chumchon.core.uploads import UploadPurpose, check_upload
from chumchon.poverty.models import ImportStatus, IndicatorLevel, SurveyImport, SurveyRound

JOB_KIND = "poverty.import"

HOUSEHOLD_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "household_id",
        "รหัสครัวเรือน",
        "household id",
        required=True,
        synonyms=("hh_id", "hhid", "รหัสบ้าน", "เลขที่ครัวเรือน", "household"),
    ),
    ColumnSpec("house_no", "บ้านเลขที่", "house number", synonyms=("houseno", "เลขที่บ้าน", "address")),
    ColumnSpec(
        "village_code",
        "รหัสหมู่บ้าน",
        "village code",
        required=True,
        synonyms=("moo_code", "vill_code", "villcode", "รหัสหมู่", "รหัสชุมชน"),
    ),
    ColumnSpec(
        "tambon_code",
        "รหัสตำบล",
        "tambon code",
        required=True,
        synonyms=("subdistrict_code", "subdistrict", "tambon", "tam_code", "รหัสแขวง"),
    ),
    ColumnSpec(
        "members", "จำนวนสมาชิก", "members", synonyms=("สมาชิก", "member_count", "จำนวนคน", "จำนวนสมาชิกในครัวเรือน")
    ),
)
PERSON_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "national_id",
        "เลขประจำตัวประชาชน",
        "national ID",
        required=True,
        synonyms=("เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน", "pid", "cid", "citizen_id", "id_card"),
    ),
    ColumnSpec("household_id", "รหัสครัวเรือน", "household id", required=True, synonyms=("hh_id", "hhid", "รหัสบ้าน")),
    ColumnSpec("tambon_code", "รหัสตำบล", "tambon code", synonyms=("subdistrict_code", "tambon", "รหัสแขวง")),
    ColumnSpec(
        "name_th", "ชื่อ-สกุล", "name", required=True, synonyms=("ชื่อ", "ชื่อสกุล", "ชื่อ นามสกุล", "full_name", "fullname")
    ),
    ColumnSpec("sex", "เพศ", "sex", required=True, synonyms=("gender",)),
    ColumnSpec("birth_date", "วันเกิด", "date of birth", required=True, synonyms=("วันเดือนปีเกิด", "dob", "birthdate")),
    ColumnSpec("relation_to_head", "ความสัมพันธ์กับหัวหน้าครัวเรือน", "relation to head", synonyms=("ความสัมพันธ์", "relation")),
    ColumnSpec("education", "การศึกษา", "education", synonyms=("ระดับการศึกษา",)),
    ColumnSpec("occupation", "อาชีพ", "occupation", synonyms=("อาชีพหลัก",)),
    ColumnSpec(
        "income_baht",
        "รายได้ (บาท/ปี)",
        "income (baht per year)",
        synonyms=("รายได้", "income", "รายได้ต่อปี", "รายได้บาทต่อปี"),
    ),
    ColumnSpec("income_satang", "รายได้ (สตางค์/ปี)", "income (satang per year)"),
    ColumnSpec(
        "welfare_registered",
        "ลงทะเบียนบัตรสวัสดิการแห่งรัฐ",
        "welfare card registered",
        synonyms=("บัตรสวัสดิการแห่งรัฐ", "บัตรสวัสดิการ", "welfare_card"),
    ),
    ColumnSpec("welfare_verified", "ผ่านการตรวจสอบสิทธิ์บัตรสวัสดิการ", "welfare card verified", synonyms=("ผ่านการตรวจสอบ",)),
    ColumnSpec("disabled", "คนพิการ", "disabled", synonyms=("พิการ", "ผู้พิการ")),
    ColumnSpec("chronically_ill", "ผู้ป่วยเรื้อรัง", "chronically ill", synonyms=("ป่วยเรื้อรัง", "โรคเรื้อรัง")),
    ColumnSpec("bedridden", "ผู้ป่วยติดเตียง", "bedridden", synonyms=("ติดเตียง",)),
)
_INDICATOR_FAST = {"1": 1, "0": 0}
# Distinct values remembered per column by `_Validator._cached` (bounds memory on a hostile file).
_MEMO_LIMIT = 100_000
_BOOL_PERSON = ("welfare_registered", "welfare_verified", "disabled", "chronically_ill", "bedridden")
_SEX = {"m": "M", "male": "M", "ชาย": "M", "1": "M", "f": "F", "female": "F", "หญิง": "F", "2": "F"}


def indicator_specs(survey_round: SurveyRound) -> tuple[list[ColumnSpec], list[ColumnSpec]]:
    """One optional column per indicator of the round's set: (household-level, person-level)."""
    household: list[ColumnSpec] = []
    person: list[ColumnSpec] = []
    for ind in survey_round.indicator_set.indicators.order_by("number"):
        n = ind.number
        spec = ColumnSpec(
            ind.code,
            f"ตัวชี้วัดที่ {n} {ind.name_th}",
            f"indicator {n} {ind.name_en}".strip(),
            synonyms=(f"ตัวชี้วัดที่ {n}", f"ตัวชี้วัด {n}", f"ข้อ {n}", f"จปฐ {n}", f"indicator {n}", f"i{n}", f"i{n:02d}"),
        )
        (household if ind.level == IndicatorLevel.HOUSEHOLD else person).append(spec)
    return household, person


def specs_for(survey_round: SurveyRound) -> dict[str, list[ColumnSpec]]:
    hh_ind, p_ind = indicator_specs(survey_round)
    return {"households": [*HOUSEHOLD_SPECS, *hh_ind], "persons": [*PERSON_SPECS, *p_ind]}


# ---------------------------------------------------------------------------------------------
# Upload and confirmation (services)


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
def survey_import_upload(
    *,
    actor: Any,
    survey_round: SurveyRound,
    area_code: str,
    household_file: UploadedFile,
    person_file: UploadedFile,
    replace_tambon: bool = False,
) -> SurveyImport:
    """Store the two files, detect their format and encoding, and suggest a column mapping."""
    from chumchon.poverty.services import PovertyError

    require_write(actor, Action.SURVEY_IMPORT, area_code)
    if replace_tambon and len(area_code) != 6:
        raise PovertyError(
            _bi("การแทนที่ข้อมูลรายตำบลต้องเลือกตำบล", "Replacing one subdistrict needs a subdistrict code"),
            code="not_tambon",
        )
    if area_code and not Area.objects.filter(code=area_code).exists():
        raise PovertyError(_bi(f"ไม่รู้จักพื้นที่ {area_code}", f"Unknown area {area_code}"), code="bad_area")
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
    record.person_file.save(record.person_filename, person_file, save=False)
    specs = specs_for(survey_round)
    detected: dict[str, Any] = {}
    mapping: dict[str, dict[str, str]] = {}
    try:
        for key, field in (("households", record.household_file), ("persons", record.person_file)):
            filename = record.household_filename if key == "households" else record.person_filename
            table = tabular.open_tabular(field.path, filename=filename)
            detected[key] = _describe(table)
            mapping[key] = tabular.suggest_mapping(table.headers, specs[key])
    except TabularError as exc:
        record.household_file.delete(save=False)
        record.person_file.delete(save=False)
        raise PovertyError(str(exc), code=exc.code) from exc
    record.detected = detected
    record.mapping = mapping
    record.full_clean()
    record.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=record, area_code=area_code, note=record.household_filename
    )
    return record


@dataclass
class FilePreview:
    key: str
    filename: str
    format: str
    encoding: str
    headers: list[str]
    rows: list[dict[str, Any]]
    specs: list[ColumnSpec]
    mapping: dict[str, str]


def survey_import_preview(survey_import: SurveyImport, *, rows: int = 5) -> list[FilePreview]:
    """The first rows of each file with the detected encoding and the current mapping."""
    specs = specs_for(survey_import.survey_round)
    out = []
    for key, field, filename in (
        ("households", survey_import.household_file, survey_import.household_filename),
        ("persons", survey_import.person_file, survey_import.person_filename),
    ):
        table = tabular.open_tabular(field.path, filename=filename)
        out.append(
            FilePreview(
                key=key,
                filename=filename,
                format=table.format,
                encoding=table.encoding,
                headers=table.headers,
                rows=[r for _, r in table.preview(rows)],
                specs=specs[key],
                mapping=dict(survey_import.mapping.get(key, {})),
            )
        )
    return out


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
def survey_import_confirm(
    *, survey_import: SurveyImport, actor: Any, mapping: dict[str, dict[str, str]] | None = None
) -> SurveyImport:
    """Fix the mapping and queue the import job; the same content as the last success changes nothing."""
    from chumchon.poverty.services import PovertyError

    require_write(actor, Action.SURVEY_IMPORT, survey_import)
    record = SurveyImport.objects.select_for_update().get(pk=survey_import.pk)
    if record.status not in (ImportStatus.UPLOADED, ImportStatus.FAILED):
        raise PovertyError(
            _bi("การนำเข้านี้ได้ยืนยันไปแล้ว", "This import has already been confirmed"), code="already_confirmed"
        )
    if mapping is not None:
        record.mapping = {k: {t: s for t, s in v.items() if s} for k, v in mapping.items()}
    specs = specs_for(record.survey_round)
    problems = []
    for key in ("households", "persons"):
        headers = record.detected.get(key, {}).get("headers", [])
        problems += tabular.check_mapping(record.mapping.get(key, {}), headers, specs[key])
    if problems:
        raise PovertyError([e.message for e in problems], code="bad_mapping")
    previous = _last_success(record)
    if previous is not None and previous.content_hash == record.content_hash:
        record.status = ImportStatus.UNCHANGED
        record.message = _bi(
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


# ---------------------------------------------------------------------------------------------
# Validation and writing (the job)


@dataclass
class Validated:
    households: dict[str, list[Any]]
    persons: dict[str, list[Any]]
    tambons: set[str]


class _Validator:
    def __init__(self, survey_import: SurveyImport, errors: RowErrors, progress: Progress) -> None:
        self.imp = survey_import
        self.errors = errors
        self.progress = progress
        self.round = survey_import.survey_round
        hh_ind, p_ind = indicator_specs(self.round)
        self.hh_codes = [s.name for s in hh_ind]
        self.p_codes = [s.name for s in p_ind]
        prefix = survey_import.area_code
        self.tambons = set(
            Area.objects.filter(level=AreaLevel.SUBDISTRICT, code__startswith=prefix).values_list("code", flat=True)
        )
        self._memo: dict[str, dict[Any, Any]] = {}
        self.villages: dict[str, set[str]] = {}
        for code in Area.objects.filter(level=AreaLevel.VILLAGE, code__startswith=prefix).values_list(
            "code", flat=True
        ):
            self.villages.setdefault(code[:6], set()).add(code)

    def _err(self, row: int, column: str, code: str, th: str, en: str) -> None:
        self.errors.add(row, column, code, th, en)

    def _cell(self, row: int, column: str, fn: Any, value: Any, **kw: Any) -> Any:
        try:
            return fn(value, **kw)
        except CellError as exc:
            self.errors.add_cell(row, column, exc)
            return None

    def _cached(self, row: int, column: str, fn: Any, value: Any, **kw: Any) -> Any:
        """``_cell`` for columns with few distinct values (codes, dates, flags): each distinct value
        is converted once (the converters are pure; a failure is remembered and reported per row)."""
        cache = self._memo.setdefault(column, {})
        try:
            outcome = cache[value]
        except KeyError:
            try:
                outcome = fn(value, **kw)
            except CellError as exc:
                outcome = exc
            except TypeError:  # an unhashable cell can't be a key: convert it every time
                return self._cell(row, column, fn, value, **kw)
            if len(cache) < _MEMO_LIMIT:
                cache[value] = outcome
        if isinstance(outcome, CellError):
            self.errors.add_cell(row, column, outcome)
            return None
        return outcome

    def _rows(self, key: str, field: Any, filename: str) -> Iterator[tuple[int, dict[str, Any]]]:
        table = tabular.open_tabular(field.path, filename=filename)
        for number, row in tabular.mapped_rows(table, self.imp.mapping.get(key, {})):
            yield number, row
            if number % 5000 == 0:
                self.progress.advance(0, f"{key}: {number:,}")

    def households(self) -> tuple[dict[str, list[Any]], dict[str, str]]:
        cols: dict[str, list[Any]] = {
            c: [] for c in ("household_id", "house_no", "village_code", "tambon_code", "members")
        }
        for code in self.hh_codes:
            cols[code] = []
        seen: dict[str, str] = {}  # household id → tambon code
        first_row: dict[str, int] = {}
        for n, row in self._rows("households", self.imp.household_file, self.imp.household_filename):
            hid = self._cell(n, "household_id", tabular.parse_text, row.get("household_id"), max_length=64)
            if hid is None:
                self._err(n, "household_id", "required", "ต้องมีรหัสครัวเรือน", "household id is required")
            elif hid in seen:
                self._err(
                    n,
                    "household_id",
                    "duplicate_household",
                    f"รหัสครัวเรือน {hid} ซ้ำกับแถวที่ {first_row[hid]}",
                    f"household id {hid} repeats row {first_row[hid]}",
                )
            tambon = self._cached(n, "tambon_code", tabular.parse_code, row.get("tambon_code"), digits=6)
            if tambon is None and not tabular.is_blank(row.get("tambon_code")):
                pass  # already reported
            elif tambon is None:
                self._err(n, "tambon_code", "required", "ต้องมีรหัสตำบล", "tambon code is required")
            elif tambon not in self.tambons:
                self._err(
                    n,
                    "tambon_code",
                    "unknown_tambon",
                    f"ไม่รู้จักรหัสตำบล {tambon} หรืออยู่นอกพื้นที่ที่นำเข้า ({self.imp.area_code or 'ทั้งประเทศ'})",
                    f"unknown tambon code {tambon}, or outside the import's area ({self.imp.area_code or 'nation'})",
                )
                tambon = None
            village = self._cached(n, "village_code", tabular.parse_code, row.get("village_code"), digits=8)
            if village is None and tabular.is_blank(row.get("village_code")):
                self._err(n, "village_code", "required", "ต้องมีรหัสหมู่บ้าน", "village code is required")
            elif village is not None and tambon is not None:
                known = self.villages.get(tambon)
                if not village.startswith(tambon) or (known and village not in known):
                    self._err(
                        n,
                        "village_code",
                        "unknown_village",
                        f"ไม่รู้จักรหัสหมู่บ้าน {village} ในตำบล {tambon}",
                        f"unknown village code {village} in tambon {tambon}",
                    )
            members = self._cached(n, "members", tabular.parse_int, row.get("members"), minimum=0, maximum=999)
            indicators = [self._indicator(n, code, row.get(code)) for code in self.hh_codes]
            if hid is not None and hid not in seen:
                seen[hid] = tambon or ""
                first_row[hid] = n
            if self.errors:
                continue  # stop building columns; keep checking rows
            cols["household_id"].append(hid)
            cols["house_no"].append(tabular.parse_text(row.get("house_no")) or "")
            cols["village_code"].append(village)
            cols["tambon_code"].append(tambon)
            cols["members"].append(members)
            for code, value in zip(self.hh_codes, indicators, strict=True):
                cols[code].append(value)
        return cols, seen

    def _indicator(self, n: int, code: str, value: Any) -> int | None:
        fast = _INDICATOR_FAST.get(value) if value.__class__ is str else None
        if fast is not None:
            return fast
        parsed = self._cached(n, code, tabular.parse_bool, value)
        return None if parsed is None else int(parsed)

    def persons(self, households: dict[str, str]) -> dict[str, list[Any]]:
        names = (
            "national_id",
            "household_id",
            "tambon_code",
            "name_th",
            "sex",
            "birth_date",
            "relation_to_head",
            "education",
            "occupation",
            "income_satang",
            *_BOOL_PERSON,
            *self.p_codes,
        )
        cols: dict[str, list[Any]] = {c: [] for c in names}
        seen: dict[str, int] = {}
        today = timezone.localdate()
        for n, row in self._rows("persons", self.imp.person_file, self.imp.person_filename):
            raw_id = row.get("national_id")
            nid = None
            if tabular.is_blank(raw_id):
                self._err(n, "national_id", "required", "ต้องมีเลขประจำตัวประชาชน", "national ID is required")
            else:
                try:
                    nid = clean_national_id(tabular.parse_text(raw_id) or "")
                except NationalIdError:
                    self._err(
                        n,
                        "national_id",
                        "bad_national_id",
                        f"เลขประจำตัวประชาชนไม่ถูกต้อง (ตรวจหลักสุดท้าย): {raw_id}",
                        f"invalid national ID (check digit): {raw_id}",
                    )
            if nid is not None and nid in seen:
                self._err(
                    n,
                    "national_id",
                    "duplicate_person",
                    f"เลขประจำตัวประชาชนซ้ำกับแถวที่ {seen[nid]}",
                    f"national ID repeats row {seen[nid]}",
                )
            elif nid is not None:
                seen[nid] = n
            hid = self._cell(n, "household_id", tabular.parse_text, row.get("household_id"), max_length=64)
            tambon = None
            if hid is None:
                self._err(n, "household_id", "required", "ต้องมีรหัสครัวเรือน", "household id is required")
            elif hid not in households:
                self._err(
                    n,
                    "household_id",
                    "missing_household",
                    f"ไม่พบครัวเรือน {hid} ในไฟล์ครัวเรือน",
                    f"household {hid} is not in the household file",
                )
            else:
                tambon = households[hid]
                given = self._cached(n, "tambon_code", tabular.parse_code, row.get("tambon_code"), digits=6)
                if given is not None and tambon and given != tambon:
                    self._err(
                        n,
                        "tambon_code",
                        "tambon_mismatch",
                        f"รหัสตำบล {given} ไม่ตรงกับครัวเรือน ({tambon})",
                        f"tambon code {given} differs from the household's ({tambon})",
                    )
            name = self._cell(n, "name_th", tabular.parse_text, row.get("name_th"), max_length=200)
            if name is None and tabular.is_blank(row.get("name_th")):
                self._err(n, "name_th", "required", "ต้องมีชื่อ", "name is required")
            sex = _SEX.get(str(tabular.parse_text(row.get("sex")) or "").strip().lower())
            if sex is None:
                self._err(n, "sex", "bad_sex", "เพศต้องเป็น ชาย/หญิง (M/F)", "sex must be M or F (ชาย/หญิง)")
            born = self._cached(n, "birth_date", tabular.parse_date, row.get("birth_date"))
            if born is None and tabular.is_blank(row.get("birth_date")):
                self._err(n, "birth_date", "required", "ต้องมีวันเกิด", "date of birth is required")
            elif born is not None and (born > today or born < dt.date(1890, 1, 1)):
                self._err(
                    n, "birth_date", "bad_date", f"วันเกิดไม่สมเหตุสมผล: {born}", f"implausible date of birth: {born}"
                )
            income = self._income(n, row)
            flags = [bool(self._cached(n, f, tabular.parse_bool, row.get(f))) for f in _BOOL_PERSON]
            indicators = [self._indicator(n, code, row.get(code)) for code in self.p_codes]
            if self.errors:
                continue
            values = [
                nid,
                hid,
                tambon,
                name,
                sex,
                born,
                tabular.parse_text(row.get("relation_to_head")) or "",
                tabular.parse_text(row.get("education")) or "",
                tabular.parse_text(row.get("occupation")) or "",
                income,
                *flags,
                *indicators,
            ]
            for c, v in zip(names, values, strict=True):
                cols[c].append(v)
        return cols

    def _income(self, n: int, row: dict[str, Any]) -> int | None:
        if not tabular.is_blank(row.get("income_satang")):
            return self._cell(n, "income_satang", tabular.parse_int, row.get("income_satang"), minimum=0)
        baht = self._cell(n, "income_baht", tabular.parse_decimal, row.get("income_baht"), minimum=Decimal(0))
        if baht is None:
            return None
        satang = baht * 100
        if satang != satang.to_integral_value():
            self._err(
                n, "income_baht", "bad_number", f"รายได้ละเอียดเกินสตางค์: {baht}", f"income finer than a satang: {baht}"
            )
            return None
        return int(satang)


def _to_arrow(survey_round: SurveyRound, hh: dict[str, list[Any]], persons: dict[str, list[Any]]) -> tuple[Any, Any]:
    import pyarrow as pa

    from chumchon.poverty import store

    hh_codes, p_codes = store.indicator_codes(survey_round.indicator_set)
    counts: dict[str, int] = {}
    for hid in persons["household_id"]:
        counts[hid] = counts.get(hid, 0) + 1
    hh["members"] = [
        m if m is not None else counts.get(h, 0) for h, m in zip(hh["household_id"], hh["members"], strict=True)
    ]
    hh_schema, p_schema = store.household_schema(hh_codes), store.person_schema(p_codes)
    hh_table = pa.table({f.name: pa.array(hh.get(f.name, [None] * len(hh["household_id"])), f.type) for f in hh_schema})
    n_p = len(persons["national_id"])
    p_table = pa.table({f.name: pa.array(persons.get(f.name, [None] * n_p), f.type) for f in p_schema})
    return hh_table, p_table


@contextmanager
def store_write_lock(survey_round: SurveyRound) -> Iterator[None]:
    """Serialise writers of one round's store files.

    Writing a district file is read–modify–write (the district's other tambons are kept), so two
    imports touching one district at once could each write a file without the other's rows. On
    PostgreSQL the round's row lock serialises them across machines (the transaction writes
    nothing); on SQLite — one machine — a lock on a file in the round's directory does, without
    holding the database's single write lock while files are written."""
    from chumchon.poverty import engine, store

    if connection.vendor == "postgresql":
        with transaction.atomic():
            engine.lock_round(survey_round)
            yield
        return
    directory = store.round_dir(survey_round)
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".write.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write(survey_import: SurveyImport, hh_table: Any, p_table: Any, tambons: Sequence[str]) -> None:
    """Replace the file's subdistricts in the store, one district file pair at a time."""
    with store_write_lock(survey_import.survey_round):
        _write_locked(survey_import, hh_table, p_table, tambons)


def _write_locked(survey_import: SurveyImport, hh_table: Any, p_table: Any, tambons: Sequence[str]) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from chumchon.poverty import store

    survey_round = survey_import.survey_round
    if survey_import.replace_tambon:
        store.replace_tambon(survey_round, survey_import.area_code, hh_table, p_table)
        return
    directory = store.round_dir(survey_round)
    tambon_set = pa.array(sorted(tambons), pa.string())
    hh_district = pc.utf8_slice_codeunits(hh_table.column("tambon_code"), 0, 4)
    p_district = pc.utf8_slice_codeunits(p_table.column("tambon_code"), 0, 4)
    # Every district is staged before any is swapped in: a failure (a damaged file, a full disk)
    # leaves the store as it was, so the import stays all or nothing.
    staged: store.Staged = []
    try:
        for district in sorted(pc.unique(hh_district).to_pylist()):
            parts = []
            for sub, table, col in (("households", hh_table, hh_district), ("persons", p_table, p_district)):
                new = table.filter(pc.equal(col, district))
                path = directory / sub / f"{district}.parquet"
                if path.exists():
                    old = pq.read_table(path, schema=table.schema)
                    old = old.filter(pc.invert(pc.is_in(old.column("tambon_code"), value_set=tambon_set)))
                    new = pa.concat_tables([old, new])
                parts.append(new)
            staged += store.prepare_district_files(directory, district, parts[0], parts[1])
    except BaseException:
        store.discard(staged)
        raise
    store.swap_in(staged)


def survey_import_run(*, survey_import: SurveyImport, progress: Progress | None = None) -> dict[str, Any]:
    """Validate every row; write all or nothing; recompute the subdistricts written."""
    progress = progress or SilentProgress()
    record = SurveyImport.objects.select_related("survey_round__indicator_set", "created_by").get(pk=survey_import.pk)
    SurveyImport.objects.filter(pk=record.pk).update(status=ImportStatus.RUNNING)
    errors = RowErrors()
    # Four steps: households checked, persons checked, store written, results recomputed.
    progress.set_total(4)
    validator = _Validator(record, errors, progress)
    try:
        hh, households = validator.households()
        progress.advance(1, "ตรวจไฟล์ครัวเรือนแล้ว / households checked")
        persons = validator.persons(households)
        progress.advance(1, "ตรวจไฟล์บุคคลแล้ว / persons checked")
    except TabularError as exc:
        errors.add(1, "", exc.code, exc.message_th, exc.message_en)
        hh, households, persons = {}, {}, {}
    if errors:
        return _fail(record, errors)
    tambons = sorted({t for t in households.values() if t})
    if record.replace_tambon and any(t != record.area_code for t in tambons):
        errors.add(1, "tambon_code", "other_tambon", "ไฟล์มีข้อมูลตำบลอื่นปนอยู่", "the file holds rows of other tambons")
        return _fail(record, errors)
    hh_table, p_table = _to_arrow(record.survey_round, hh, persons)
    _write(record, hh_table, p_table, tambons if not record.replace_tambon else [record.area_code])
    progress.advance(1, "บันทึกข้อมูลแล้ว / written")
    _recompute(record.survey_round, tambons if not record.replace_tambon else [record.area_code])
    progress.advance(1, "คำนวณผลแล้ว / recomputed")
    with transaction.atomic():
        record.status = ImportStatus.SUCCEEDED
        record.household_count = hh_table.num_rows
        record.person_count = p_table.num_rows
        record.tambon_count = len(tambons)
        record.error_count = 0
        record.finished_at = timezone.now()
        record.message = _bi(
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


def _recompute(survey_round: SurveyRound, tambons: Sequence[str]) -> None:
    """Recompute only the imported tambons of a ready round; a round never computed gets a full run
    (which also marks it ready, so pages show it)."""
    from chumchon.poverty import engine
    from chumchon.poverty.models import RoundStatus

    status = SurveyRound.objects.filter(pk=survey_round.pk).values_list("status", flat=True).first()
    if status == RoundStatus.READY:
        engine.recompute_tambons(survey_round, list(tambons))
    else:
        engine.recompute_round(survey_round)


def _fail(record: SurveyImport, errors: RowErrors) -> dict[str, Any]:
    report = tabular.error_report_bytes(errors, fmt="csv")
    with transaction.atomic():
        record.error_report.save(f"import-{record.pk}-errors.csv", ContentFile(report), save=False)
        record.status = ImportStatus.FAILED
        record.error_count = errors.total
        record.finished_at = timezone.now()
        first = errors.errors[0]
        record.message = _bi(
            f"ไม่ได้นำเข้า: พบข้อผิดพลาด {errors.total:,} รายการ (แถว {first.row_number}: {first.message_th})",
            f"Nothing imported: {errors.total:,} errors (row {first.row_number}: {first.message_en})",
        )
        record.save()
        audit_record(actor=record.created_by, action=AuditAction.IMPORT, obj=record, note=record.message)
    return {"import_id": record.pk, "status": record.status, "errors": errors.total}


def error_rows(survey_import: SurveyImport) -> list[list[str]]:
    """The stored error report's rows (for the page and the Excel download)."""
    import csv
    import io

    if not survey_import.error_report:
        return []
    with survey_import.error_report.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@register_job(JOB_KIND)
def run_import_job(*, progress: Progress, import_id: int) -> dict[str, Any]:
    record = SurveyImport.objects.get(pk=import_id)
    try:
        return survey_import_run(survey_import=record, progress=progress)
    except Exception as exc:
        SurveyImport.objects.filter(pk=import_id).update(
            status=ImportStatus.FAILED, message=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
