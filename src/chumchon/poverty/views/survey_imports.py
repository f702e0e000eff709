"""Survey import pages: upload, preview and mapping, confirmation, the error report."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.areas.forms import prefer_areas_of
from chumchon.audit.exports import xlsx_response
from chumchon.core.national_id import mask_national_ids_in_text
from chumchon.core.pagination import paginate
from chumchon.poverty import forms
from chumchon.poverty.models import ImportStatus, SurveyImport
from chumchon.poverty.selectors import survey_imports as survey_imports_selectors
from chumchon.poverty.services import survey_imports as survey_imports_services
from chumchon.poverty.views.common import show_errors


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    prefixes = permissions.grants_for(request.user).prefixes(Action.SURVEY_IMPORT)
    if not prefixes:
        raise Http404("ไม่พบข้อมูล / Not found")
    qs = survey_imports_selectors.imports_for(request.user)
    # The worklist links here with ?status=uploaded (waiting for confirmation).
    status = request.GET.get("status", "")
    if status in ImportStatus.values:
        qs = qs.filter(status=status)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    prefer_areas_of(form, request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = survey_imports_services.survey_import_upload(
                actor=acting_user(request),
                survey_round=data["survey_round"],
                area_code=data["area_code"].code if data["area_code"] else "",
                replace_tambon=data["replace_tambon"],
                household_file=data["household_file"],
                person_file=data["person_file"],
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            return redirect("poverty:import", import_id=record.pk)
    page = paginate(request, qs.order_by("-pk"))
    return render(
        request,
        "poverty/imports.html",
        {
            "rows": page.object_list,
            "page": page,
            "form": form,
            "status_label": ImportStatus(status).label if status else "",
        },
    )


def _import_or_404(request: HttpRequest, import_id: int) -> SurveyImport:
    record = SurveyImport.objects.select_related("survey_round", "job", "created_by").filter(pk=import_id).first()
    if record is None:
        raise Http404("ไม่พบการนำเข้า / Import not found")
    permissions.require_read(request.user, Action.SURVEY_IMPORT, record)
    return record


@login_required
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    record = _import_or_404(request, import_id)
    if request.method == "POST" and record.status in (ImportStatus.UPLOADED, ImportStatus.FAILED):
        mapping: dict[str, dict[str, str]] = {"households": {}, "persons": {}}
        for key in request.POST:
            value = request.POST.get(key, "")
            kind, _sep, target = key.partition(":")
            if kind in mapping and target:
                mapping[kind][target] = value
        try:
            record = survey_imports_services.survey_import_confirm(
                survey_import=record, actor=acting_user(request), mapping=mapping
            )
        except ValidationError as exc:
            show_errors(request, exc)
        return redirect("poverty:import", import_id=record.pk)
    show_ids = permissions.can(request.user, Action.PERSON_VIEW_ID, record.area_code)
    if not show_ids:
        record.message = mask_national_ids_in_text(record.message)  # shown, never saved
    previews = []
    if record.status in (ImportStatus.UPLOADED, ImportStatus.FAILED):
        previews = survey_imports_selectors.survey_import_preview(record, show_ids=show_ids)
    return render(
        request,
        "poverty/import_detail.html",
        {
            "record": record,
            "previews": previews,
            "errors": survey_imports_selectors.error_rows(record, show_ids=show_ids)[1:51],
            "can_confirm": record.status in (ImportStatus.UPLOADED, ImportStatus.FAILED),
        },
    )


@login_required
def import_errors(request: HttpRequest, import_id: int, fmt: str) -> HttpResponse | FileResponse:
    record = _import_or_404(request, import_id)
    if not record.error_report:
        raise Http404("ไม่มีรายงานข้อผิดพลาด / No error report")
    show_ids = permissions.can(request.user, Action.PERSON_VIEW_ID, record.area_code)
    rows = survey_imports_selectors.error_rows(record, show_ids=show_ids)
    if fmt == "xlsx":
        return xlsx_response(
            filename=f"import-{record.pk}-errors.xlsx",
            headers=rows[0] if rows else [],
            rows=rows[1:],
            actor=acting_user(request),
            model_label="poverty.surveyimport",
            area_code=record.area_code,
            personal_data=False,
            sheet_title="errors",
        )
    if show_ids:
        content = record.error_report.open("rb").read()
    else:  # the stored report, its national IDs masked
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        content = buffer.getvalue().encode("utf-8-sig")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{record.pk}-errors.csv"'
    return response
