"""Excel export of any list, streamed and recorded in the audit trail (who exported what, how many rows)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse

from chumchon.audit.models import AuditAction
from chumchon.audit.services import Actor, audit_record
from chumchon.core.exports import XLSX_CONTENT_TYPE, xlsx_write


def xlsx_response(
    *,
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    actor: Actor,
    model_label: str,
    area_code: str = "",
    personal_data: bool = False,
    sheet_title: str = "data",
) -> FileResponse:
    """Write ``rows`` to a write-only workbook (constant memory) and record the export in the audit trail."""
    handle, count = xlsx_write(headers=headers, rows=rows, sheet_title=sheet_title)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        model_label=model_label,
        area_code=area_code,
        personal_data=personal_data,
        note=f"{filename}: {count} rows",
    )
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
