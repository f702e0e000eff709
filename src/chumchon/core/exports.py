"""Excel export of any list (the lingua franca of the field), streamed and audited."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook

from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record


def xlsx_response(
    *,
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    actor: Any,
    model_label: str,
    area_code: str = "",
    personal_data: bool = False,
    sheet_title: str = "data",
) -> FileResponse:
    """Write ``rows`` to a write-only workbook (constant memory) and record the export in the audit trail."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append(list(headers))
    count = 0
    for row in rows:
        sheet.append(list(row))
        count += 1
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        model_label=model_label,
        area_code=area_code,
        personal_data=personal_data,
        note=f"{filename}: {count} rows",
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
