"""/api/imports — the table imports the pages offer, as multipart uploads: the organisation registry,
indicator values, a plan's items and project progress reports.

Each asks the same permission question as its page before reading the file (403 with the reason),
applies the table-import upload policy of ``core.uploads`` as the page's form field does (400), and
runs the same import service the page runs — synchronously, all rows or none. A file with a wrong row
answers 400 with the row-by-row report the page offers for download (``errors``: row, column, code,
message), and nothing is written; a good one answers 201 with the counts.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.api._files import file_required
from chumchon.api._writes import PathId
from chumchon.api.schemas import WRITE_ERRORS
from chumchon.core.bilingual import bilingual
from chumchon.core.tabular import RowErrors
from chumchon.core.uploads import UploadPurpose, check_upload, upload_on_disk
from chumchon.indicators import services as indicator_services
from chumchon.organizations import imports as registry_imports
from chumchon.plans import imports as plan_imports
from chumchon.plans import selectors as plan_selectors
from chumchon.projects.imports import progress_import

router = Router(tags=["imports"])


class ImportCountsOut(Schema):
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _refused(errors: RowErrors) -> Any:
    """The row-by-row report of a refused file (nothing written), as a 400."""
    rows = [{"row": e.row_number, "column": e.column, "code": e.code, "message": e.message} for e in errors]
    more = f" (+{errors.truncated})" if errors.truncated else ""
    return Status(
        400,
        {
            "detail": bilingual(
                f"ไฟล์มีข้อผิดพลาด {len(rows)} รายการ{more} จึงไม่ได้นำเข้าข้อมูลใด",
                f"The file has {len(rows)} error(s){more}: nothing was imported",
            ),
            "errors": rows,
        },
    )


def _table(file: UploadedFile | None) -> UploadedFile:
    upload = file_required(file)
    check_upload(upload, UploadPurpose.TABLE_IMPORT)  # the page's form validator (core/uploads.py)
    return upload


@router.post(
    "/registry",
    response={201: ImportCountsOut, **WRITE_ERRORS},
    summary="Import the organisation registry (multipart) / นำเข้าทะเบียนองค์กร",
)
def registry_import(request: HttpRequest, file: File[UploadedFile | None] = None) -> Any:
    if not permissions.can_anywhere(request.user, Action.ORG_EDIT):
        permissions.require_write(request.user, Action.ORG_EDIT, "")  # 403 with the reason, as the page
    upload = _table(file)
    with upload_on_disk(upload) as path:
        result = registry_imports.registry_import(path=path, actor=acting_user(request), filename=upload.name or "")
    if not result.ok:
        return _refused(result.errors)
    return Status(
        201, {"rows": result.rows, "created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    )


@router.post(
    "/indicator-values",
    response={201: ImportCountsOut, **WRITE_ERRORS},
    summary="Import indicator values (multipart) / นำเข้าค่าตัวชี้วัด",
)
def indicator_values_import(request: HttpRequest, file: File[UploadedFile | None] = None) -> Any:
    if not permissions.can_anywhere(request.user, Action.INDICATOR_ENTER):
        raise PermissionDenied(bilingual("คุณไม่มีสิทธิ์บันทึกค่าตัวชี้วัด", "You are not allowed to enter indicator values"))
    upload = _table(file)
    with upload_on_disk(upload) as path:
        result = indicator_services.values_import(actor=acting_user(request), path=path, filename=upload.name or "")
    if result.errors:
        return _refused(result.errors)
    return Status(201, {"rows": result.written, "created": result.written})


@router.post(
    "/plans/{plan_id}/items",
    response={201: ImportCountsOut, **WRITE_ERRORS},
    summary="Import a plan's items (multipart) / นำเข้ารายการในแผน",
)
def plan_items_import(request: HttpRequest, plan_id: PathId, file: File[UploadedFile | None] = None) -> Any:
    plan = plan_selectors.plan_get(request.user, plan_id)  # out of scope: 404
    if not plan_selectors.can_write(request.user, plan):
        raise PermissionDenied(
            bilingual("คุณไม่มีสิทธิ์เขียนแผนนี้", "You may not write this plan (the owning side's roles write it)")
        )
    upload = _table(file)
    with upload_on_disk(upload) as path:
        result = plan_imports.items_import(actor=acting_user(request), plan=plan, path=path, filename=upload.name or "")
    if not result.ok:
        return _refused(result.errors)
    return Status(201, {"rows": result.rows_read, "created": len(result.items)})


@router.post(
    "/project-progress",
    response={201: ImportCountsOut, **WRITE_ERRORS},
    summary="Import progress reports (multipart) / นำเข้ารายงานความก้าวหน้า",
)
def project_progress_import(request: HttpRequest, file: File[UploadedFile | None] = None) -> Any:
    if not permissions.can_anywhere(request.user, Action.PROJECT_REPORT):
        raise PermissionDenied(bilingual("คุณไม่มีสิทธิ์รายงานความก้าวหน้า", "You are not allowed to report progress"))
    upload = _table(file)
    with upload_on_disk(upload) as path:
        result = progress_import(path=path, actor=acting_user(request), filename=upload.name or "")
    if not result.ok:
        return _refused(result.errors)
    return Status(201, {"rows": result.rows, "created": result.created})
