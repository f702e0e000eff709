"""/api/imports — the table imports the pages offer, as multipart uploads: the organisation registry,
indicator values, a plan's items and project progress reports.

Each asks the same permission question as its page before reading the file (403 with the reason),
applies the table-import upload policy of ``core.uploads`` as the page's form field does (400), and
runs the same import service the page runs — synchronously, all rows or none. A file with a wrong row
answers 400 with the row-by-row report the page offers for download (``errors``: row, column, code,
message), and nothing is written; a good one answers 201 with the counts.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.api._files import file_required
from chumchon.api._writes import PathId
from chumchon.api.schemas import AREA_CODE, READ_ERRORS, WRITE_ERRORS, FormInput, InputSchema
from chumchon.core.bilingual import bilingual
from chumchon.core.national_id import mask_national_ids_in_text
from chumchon.core.tabular import RowErrors
from chumchon.core.uploads import UploadPurpose, check_upload, upload_on_disk
from chumchon.indicators import services as indicator_services
from chumchon.organizations import imports as registry_imports
from chumchon.plans import imports as plan_imports
from chumchon.plans import selectors as plan_selectors
from chumchon.poverty.models import SurveyImport
from chumchon.poverty.selectors import results as results_selectors
from chumchon.poverty.selectors import survey_imports as survey_imports_selectors
from chumchon.poverty.services import survey_imports as survey_imports_services
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


# ---------------------------------------------------------------------------------------------
# Survey rounds: the household and person files, stored and mapped (201), then confirmed, which queues
# the import job (202); the record, its job and its row-by-row error report are read back (IDs in the
# report masked unless PERSON_VIEW_ID, as on the import page)


class SurveyImportForm(FormInput):
    survey_round: str = Field(min_length=1, max_length=32, description="the survey round's code")
    area_code: str = Field("", max_length=8, pattern=AREA_CODE, description="province, district or tambon")
    replace_tambon: bool = False


class SurveyImportOut(Schema):
    id: int
    survey_round: str
    area_code: str
    replace_tambon: bool
    status: str
    household_filename: str
    person_filename: str
    mapping: dict[str, Any]
    household_count: int
    person_count: int
    tambon_count: int
    error_count: int
    message: str
    job_id: int | None = None
    created_at: dt.datetime
    finished_at: dt.datetime | None = None
    errors: list[list[str]] = Field(description="the first 50 rows of the error report (header first)")

    @staticmethod
    def resolve_survey_round(obj: SurveyImport) -> str:
        return obj.survey_round.code


class SurveyConfirmIn(InputSchema):
    mapping: dict[str, dict[str, str]] | None = Field(
        None, description="households/persons: target column → the file's column; left out: the suggested one"
    )


def _survey_out(request: HttpRequest, record: SurveyImport) -> SurveyImport:
    show_ids = permissions.can(request.user, Action.PERSON_VIEW_ID, record.area_code)
    if not show_ids:
        record.message = mask_national_ids_in_text(record.message)  # shown, never saved
    record.errors = survey_imports_selectors.error_rows(record, show_ids=show_ids)[:51]  # type: ignore[attr-defined]
    return record


def _survey_import(request: HttpRequest, import_id: int) -> SurveyImport:
    record = SurveyImport.objects.select_related("survey_round", "job").filter(pk=import_id).first()
    if record is None:
        raise Http404
    permissions.require_read(request.user, Action.SURVEY_IMPORT, record)
    return record


@router.post(
    "/survey",
    response={201: SurveyImportOut, **WRITE_ERRORS},
    summary="Upload a survey round's household and person files (multipart) / อัปโหลดไฟล์ข้อมูลสำรวจ",
)
def survey_upload(
    request: HttpRequest,
    data: Form[SurveyImportForm],
    household_file: File[UploadedFile | None] = None,
    person_file: File[UploadedFile | None] = None,
) -> Any:
    survey_round = results_selectors.round_get(data.survey_round)
    if survey_round is None:
        raise ValidationError({"survey_round": [bilingual("ไม่พบรอบสำรวจนี้", "No survey round has this code")]})
    record = survey_imports_services.survey_import_upload(
        actor=acting_user(request),
        survey_round=survey_round,
        area_code=data.area_code,
        replace_tambon=data.replace_tambon,
        household_file=file_required(household_file),
        person_file=file_required(person_file),
    )
    return Status(201, _survey_out(request, _survey_import(request, record.pk)))


@router.post(
    "/survey/{import_id}/confirm",
    response={202: SurveyImportOut, **WRITE_ERRORS},
    summary="Confirm the mapping and start the import job / ยืนยันและเริ่มนำเข้า",
)
def survey_confirm(request: HttpRequest, import_id: PathId, payload: SurveyConfirmIn) -> Any:
    record = _survey_import(request, import_id)
    survey_imports_services.survey_import_confirm(
        survey_import=record, actor=acting_user(request), mapping=payload.mapping
    )
    return Status(202, _survey_out(request, _survey_import(request, import_id)))


@router.get(
    "/survey/{import_id}",
    response={200: SurveyImportOut, **READ_ERRORS},
    summary="A survey import, its job and its error report / การนำเข้าข้อมูลสำรวจ",
)
def survey_detail(request: HttpRequest, import_id: PathId) -> Any:
    return _survey_out(request, _survey_import(request, import_id))
