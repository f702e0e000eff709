"""The Logbook pages: opening a case, the case page, status changes, help recorded and its evidence."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.areas.selectors import area_breadcrumb
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core.pagination import paginate
from chumchon.organizations.models import Body
from chumchon.poverty import forms, worklist
from chumchon.poverty.models import AssistanceRecord, Case, CaseStatus, DimensionCode
from chumchon.poverty.selectors import duplicates as duplicates_selectors
from chumchon.poverty.selectors import logbook as logbook_selectors
from chumchon.poverty.selectors import results as results_selectors
from chumchon.poverty.selectors import targets as targets_selectors
from chumchon.poverty.services import logbook as logbook_services
from chumchon.poverty.views.common import (
    DIM_LABELS,
    area_or_404,
    breadcrumb,
    indicator_labels,
    round_from_request,
    show_errors,
    tambon_for_people,
)


@login_required
@require_POST
def case_open(request: HttpRequest, code: str, ref: str) -> HttpResponse:
    tambon = tambon_for_people(request, code)
    survey_round = round_from_request(request)
    if survey_round is None:
        raise Http404("ยังไม่มีรอบการสำรวจ / No survey round yet")
    form = forms.CaseOpenForm(request.POST)
    back = reverse("poverty:household", args=[tambon.code, ref]) + f"?round={survey_round.code}"
    if "member" in form.errors:
        raise Http404("ไม่พบสมาชิกในครัวเรือน / Household member not found")
    if not form.is_valid():
        messages.error(request, _("Choose a dimension."))
        return redirect(back)
    h = targets_selectors.target_household(survey_round=survey_round, tambon=tambon, household_id=ref, show_ids=False)
    if h is None:
        raise Http404("ไม่พบครัวเรือนเป้าหมาย / Target household not found")
    dimension = form.cleaned_data["dimension"]
    indicators = h.targeted.get(dimension, [])
    member_ref = form.cleaned_data["member"]
    person_id = ""
    if member_ref is not None:
        # The form names the member by an opaque reference; the national ID is resolved here, server-side.
        person = h.member(member_ref)
        if person is None:
            raise Http404("ไม่พบสมาชิกในครัวเรือน / Household member not found")
        if dimension not in person.offered_dimensions:
            messages.error(request, _("This dimension cannot be chosen for a case for this person."))
            return redirect(back)
        person_id = h.member_national_id(member_ref)
        indicators = person.targeted.get(dimension, [])
    try:
        case = logbook_services.case_open(
            actor=acting_user(request),
            survey_round=survey_round,
            area=tambon,
            dimension=dimension,
            household_id="" if h.addition else h.household_id,
            person_id=person_id,
            addition=h.addition,
            village_code=h.village_code,
            label=f"{h.house_no} ({h.village_code[-2:]})" if h.village_code else h.house_no,
            indicators=indicators,
            comment=form.cleaned_data["comment"],
        )
    except PermissionDenied:
        raise
    except ValidationError as exc:
        show_errors(request, exc)
        return redirect(back)
    messages.success(request, _("Case opened."))
    return redirect("poverty:case", case_id=case.pk)


def _case_or_404(request: HttpRequest, case_id: int) -> Case:
    case = Case.objects.select_related("area", "survey_round", "addition", "opened_by").filter(pk=case_id).first()
    if case is None:
        raise Http404("ไม่พบรายการ / Case not found")
    permissions.require_read(request.user, Action.LOGBOOK_VIEW, case)
    return case


def _agencies(case: Case) -> Any:
    """Bodies a helper may pick: those serving the case's area (or above it), and national ones."""
    codes = [case.area.code[:n] for n in (2, 4, 6)]
    return Body.objects.filter(
        Q(scope_kind="nation") | Q(scope_kind="area", area__code__in=codes) | Q(scope_kind__in=["region", "cluster"])
    ).order_by("name_th")[:300]


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    audit_record(actor=acting_user(request), action=AuditAction.VIEW, obj=case, personal_data=True)
    can_edit = permissions.can(request.user, Action.LOGBOOK_EDIT, case)
    agencies = Body.objects.filter(pk__in=[b.pk for b in _agencies(case)]).order_by("name_th")
    return render(
        request,
        "poverty/case.html",
        {
            "case": case,
            "area": case.area,
            "breadcrumb": area_breadcrumb(case.area),
            "events": case.events.select_related("actor"),
            "assistance": case.assistance.select_related("agency", "recorded_by"),
            "can_edit": can_edit,
            "next_statuses": [(s, CaseStatus(s).label) for s in case.allowed_next()],
            "transition_form": forms.TransitionForm(),
            "assistance_form": forms.AssistanceForm(agencies=agencies),
            "can_view_people": permissions.can(request.user, Action.PERSON_VIEW, case),
            "target": logbook_selectors.case_targets([case], viewer=request.user)[case.pk],
            "indicator_labels": indicator_labels(case.survey_round),
            "duplicate_flags": _duplicate_flags(case),
        },
    )


def _duplicate_flags(case: Case) -> list[str]:
    """The cross-area duplicate flags of the case's person, or of its household's members."""
    if case.addition_id or not case.household_id:
        return []
    if case.person_id:
        flag = duplicates_selectors.duplicate_flags(case.survey_round, case.area.code).get(case.person_id)
        return [flag] if flag else []
    return duplicates_selectors.household_flags(case.survey_round, case.area.code, case.household_id)


@login_required
@require_POST
def case_transition(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    permissions.require_write(request.user, Action.LOGBOOK_EDIT, case)
    form = forms.TransitionForm(request.POST)
    if form.is_valid():
        try:
            logbook_services.case_transition(
                case=case,
                to_status=form.cleaned_data["to_status"],
                actor=acting_user(request),
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Status changed."))
        except ValidationError as exc:
            show_errors(request, exc)
    else:
        messages.error(request, _("Choose a status."))
    return redirect("poverty:case", case_id=case.pk)


@login_required
@require_POST
def assistance_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    permissions.require_write(request.user, Action.LOGBOOK_EDIT, case)
    agencies = Body.objects.filter(pk__in=[b.pk for b in _agencies(case)])
    form = forms.AssistanceForm(request.POST, request.FILES, agencies=agencies)
    if not form.is_valid():
        for field, errs in form.errors.items():
            for e in errs:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {e}")
        return redirect("poverty:case", case_id=case.pk)
    data = form.cleaned_data
    try:
        logbook_services.assistance_add(
            case=case,
            actor=acting_user(request),
            description=data["description"],
            help_kind=data["help_kind"],
            amount=data["amount"] or 0,
            agency=data["agency"],
            agency_name=data["agency_name"],
            given_on=data["given_on"],
            follow_up_on=data["follow_up_on"],
            evidence=data["evidence"],
        )
        messages.success(request, _("Help recorded."))
    except ValidationError as exc:
        show_errors(request, exc)
    return redirect("poverty:case", case_id=case.pk)


@login_required
def evidence(request: HttpRequest, record_id: int) -> FileResponse:
    record = get_object_or_404(AssistanceRecord.objects.select_related("case__area"), pk=record_id)
    permissions.require_read(request.user, Action.LOGBOOK_VIEW, record)
    if not record.evidence:
        raise Http404("ไม่มีไฟล์หลักฐาน / No evidence file")
    audit_record(actor=acting_user(request), action=AuditAction.VIEW, obj=record, personal_data=True, note="evidence")
    return FileResponse(
        record.evidence.open("rb"), as_attachment=False, filename=record.evidence.name.rsplit("/", 1)[-1]
    )


@login_required
def logbook(request: HttpRequest, code: str) -> HttpResponse:
    area = area_or_404(code)
    permissions.require_read(request.user, Action.LOGBOOK_VIEW, area)
    survey_round = results_selectors.round_get(request.GET["round"]) if request.GET.get("round") else None
    status = request.GET.get("status", "")
    dimension = request.GET.get("dimension", "")
    cases = logbook_selectors.cases_for(request.user, area_code=area.code)
    if survey_round is not None:
        cases = cases.filter(survey_round=survey_round)
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if dimension in DIM_LABELS:
        cases = cases.filter(dimension=dimension)
    # The worklist links here with ?follow_up=due: open cases whose follow-up date has come.
    follow_up = request.GET.get("follow_up") == "due"
    if follow_up:
        cases = worklist.follow_ups_due(cases)
    child_length = min(len(area.code) + 2, 6)
    page = paginate(request, cases.select_related("area", "survey_round").order_by("-updated_at", "-pk"))
    shown = list(page.object_list)
    targets = logbook_selectors.case_targets(shown, viewer=request.user)  # person cases: name, masked ID
    summary = logbook_selectors.logbook_summary(
        prefixes=[area.code], survey_round=survey_round, child_length=child_length
    )
    # The counts in the statuses' order, looked up here once (the template searched each status's dict
    # for each status: ~250 comparisons a page).
    return render(
        request,
        "poverty/logbook.html",
        {
            "area": area,
            "breadcrumb": breadcrumb(area),
            "survey_round": survey_round,
            "summary": summary,
            "status_stats": [
                (code, label, summary.by_status[code])
                for code, label in CaseStatus.choices
                if code in summary.by_status
            ],
            "dimension_rows": [
                (d, [d["statuses"][code] for code, _ in CaseStatus.choices if code in d["statuses"]])
                for d in summary.by_dimension
            ],
            "case_rows": [(c, targets[c.pk]) for c in shown],
            "page": page,
            "statuses": CaseStatus.choices,
            "dimensions": DimensionCode.choices,
            "status": status,
            "dimension": dimension,
            "follow_up": follow_up,
        },
    )
