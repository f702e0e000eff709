"""Excel workbooks of any list (the lingua franca of the field), written in constant memory.

Core only builds the file; ``chumchon.audit.exports.xlsx_response`` sends it and records the export
in the audit trail.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import IO, Any

from openpyxl import Workbook

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_write(
    *, headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet_title: str = "data"
) -> tuple[IO[bytes], int]:
    """Write ``rows`` under ``headers`` to a write-only workbook in a temporary file.

    Returns the file, rewound, and the number of rows written. The caller closes the file
    (a ``FileResponse`` does).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append(list(headers))
    count = 0
    for row in rows:
        sheet.append(list(row))
        count += 1
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (the caller closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle, count
