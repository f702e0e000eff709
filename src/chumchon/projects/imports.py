"""Bulk import of progress reports from CSV/Excel (all or nothing per file, row-level errors).

Users asked above all for bulk update of progress (Decidim). Each row becomes one progress report
through ``project_report_progress_in_transaction`` (same permission, state and money checks as the
form), all inside the import's one durable transaction; if any row fails, the whole file is rolled
back and every row's errors are reported in Thai and English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from chumchon.accounts.models import User
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core.bilingual import split_bilingual
from chumchon.core.tabular import (
    CellError,
    ColumnSpec,
    RowErrors,
    file_sha256,
    mapped_rows,
    open_mapped,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_text,
)
from chumchon.projects.models import Project
from chumchon.projects.services import project_report_progress_in_transaction

SPECS = (
    ColumnSpec(
        "project_id", "รหัสโครงการ", "Project ID", required=True, synonyms=("project", "id", "โครงการ", "เลขที่โครงการ")
    ),
    ColumnSpec("reported_on", "วันที่รายงาน", "Reporting date", required=True, synonyms=("date", "วันที่")),
    ColumnSpec(
        "progress_pct",
        "ความก้าวหน้า (%)",
        "Progress (%)",
        required=True,
        synonyms=("progress", "ร้อยละความก้าวหน้า", "ความก้าวหน้า"),
    ),
    ColumnSpec(
        "spent_amount", "ใช้จ่ายแล้ว (บาท)", "Spent (baht)", required=True, synonyms=("spent", "ยอดใช้จ่าย", "ใช้จ่ายแล้ว")
    ),
    ColumnSpec("period", "งวด", "Period", synonyms=("งวดรายงาน",)),
    ColumnSpec("narrative", "ผลการดำเนินงาน", "Narrative", synonyms=("note", "รายละเอียด", "หมายเหตุ")),
    ColumnSpec("is_final", "รายงานฉบับสุดท้าย", "Final report", synonyms=("final", "ฉบับสุดท้าย")),
)


@dataclass
class ImportResult:
    created: int = 0
    rows: int = 0
    errors: RowErrors = field(default_factory=RowErrors)

    @property
    def ok(self) -> bool:
        return not self.errors


def _message_parts(exc: Exception) -> tuple[str, str]:
    text = "; ".join(str(m) for m in exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return split_bilingual(text)


def progress_import(*, path: Path | str, actor: User, filename: str = "") -> ImportResult:
    """Read the file and create one progress report per row — or none at all if any row is wrong."""
    result = ImportResult()
    opened = open_mapped(path, SPECS, result.errors, filename=filename)
    if opened is None or result.errors:
        return result
    table, mapping = opened

    parsed: list[tuple[int, dict[str, Any]]] = []
    for number, row in mapped_rows(table, mapping):
        result.rows += 1
        clean: dict[str, Any] = {}
        converters = {
            "project_id": lambda v: parse_int(v, minimum=1),
            "reported_on": parse_date,
            "progress_pct": lambda v: parse_decimal(v, minimum=Decimal(0)),
            "spent_amount": lambda v: parse_decimal(v, minimum=Decimal(0)),
            "period": lambda v: parse_text(v, max_length=64),
            "narrative": parse_text,
            "is_final": parse_bool,
        }
        for name, convert in converters.items():
            try:
                clean[name] = convert(row.get(name))
            except CellError as exc:
                result.errors.add_cell(number, name, exc)
        for spec in SPECS:
            if (
                spec.required
                and clean.get(spec.name) is None
                and not any(e.row_number == number and e.column == spec.name for e in result.errors)
            ):
                result.errors.add(
                    number, spec.name, "required", f"ต้องกรอก {spec.label_th}", f"{spec.label_en} is required"
                )
        if clean.get("progress_pct") is not None and clean["progress_pct"] > 100:
            result.errors.add(
                number, "progress_pct", "out_of_range", "ความก้าวหน้าต้องไม่เกิน 100%", "Progress must be at most 100%"
            )
        parsed.append((number, clean))
    if result.errors:
        return result
    if not parsed:
        result.errors.add(2, "", "empty", "ไม่มีแถวข้อมูลในไฟล์", "The file has no data rows")
        return result

    projects = Project.objects.in_bulk([c["project_id"] for _, c in parsed])
    # All rows or none: one durable transaction made here, each row through the nestable form.
    with transaction.atomic(durable=True):
        for number, clean in parsed:
            project = projects.get(clean["project_id"])
            if project is None:
                result.errors.add(number, "project_id", "not_found", "ไม่พบโครงการนี้", "No such project")
                continue
            try:
                project_report_progress_in_transaction(
                    project=project,
                    actor=actor,
                    progress_pct=clean["progress_pct"],
                    spent_amount=clean["spent_amount"],
                    reported_on=clean["reported_on"],
                    period=clean.get("period") or "",
                    narrative=clean.get("narrative") or "",
                    is_final=bool(clean.get("is_final")),
                )
                result.created += 1
            except (ValidationError, PermissionDenied, Http404) as exc:
                th, en = _message_parts(exc)
                code = "not_allowed" if isinstance(exc, PermissionDenied | Http404) else "refused"
                result.errors.add(number, "project_id", code, th, en)
        if result.errors:
            result.created = 0
            transaction.set_rollback(True)  # all or nothing
        else:
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                model_label="projects.progressreport",
                note=f"{filename or Path(path).name}: {result.created} progress reports (sha256 {file_sha256(path)[:16]})",
            )
    return result
