"""Poverty pages (thin): permission check through ``accounts.permissions``, a selector or a service, a template.

Out-of-scope reads answer 404; refused writes show the service's bilingual message. Every page or
export that shows personal data (target lists, households, cases) writes an audit VIEW/EXPORT row.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area, AreaLevel
from chumchon.areas.selectors import area_breadcrumb, prefix_q
from chumchon.audit.exports import xlsx_response
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.organizations.models import Body
from chumchon.poverty import charts, forms, imports, selectors, services
from chumchon.poverty.models import (
    AdditionStatus,
    AssistanceRecord,
    Case,
    CaseStatus,
    DimensionCode,
    FieldAddition,
    ImportStatus,
    SurveyImport,
    SurveyRound,
    VulnerableGroup,
)

DIM_LABELS = dict(DimensionCode.choices)
GROUP_LABELS = dict(VulnerableGroup.choices)
TARGET_PAGE_SIZE = 100  # households per target-list page (the Excel export has them all)


def _area_or_404(code: str) -> Area:
    area = Area.objects.select_related("parent").filter(code=code).first()
    if area is None:
        raise Http404("ไม่พบพื้นที่ / Area not found")
    return area


def _can_see_area(user: Any, area: Area) -> None:
    if not selectors.area_results_visible(user, area.code):
        raise Http404("ไม่พบข้อมูล / Not found")


def _round(request: HttpRequest) -> SurveyRound | None:
    return selectors.round_get(request.GET.get("round") or request.POST.get("round"))


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _share(num: int, den: int) -> float | None:
    return 100 * num / den if den else None


# ---------------------------------------------------------------------------------------------
# Index and area pages


@login_required
def index(request: HttpRequest) -> HttpResponse:
    survey_round = _round(request)
    codes = selectors.user_area_codes(request.user)
    rows = selectors.headline_rows(survey_round, codes) if survey_round else []
    pending = (
        selectors.additions_for(request.user).filter(status=AdditionStatus.PENDING).count()
        if permissions.can_anywhere(request.user, Action.PERSON_VERIFY)
        else 0
    )
    return render(
        request,
        "poverty/index.html",
        {
            "survey_round": survey_round,
            "rounds": selectors.rounds_ready(),
            "rows": [
                (area, result, _share(result.target_poor_households, result.households) if result else None)
                for area, result in rows
            ],
            "pending_additions": pending,
            "can_import": permissions.can_anywhere(request.user, Action.SURVEY_IMPORT),
        },
    )


@login_required
def area_page(request: HttpRequest, code: str) -> HttpResponse:
    area = _area_or_404(code)
    _can_see_area(request.user, area)
    survey_round = _round(request)
    figures = selectors.area_figures(survey_round, area.code) if survey_round else None
    children = selectors.child_results(survey_round, area.code) if survey_round else []
    names = dict(Area.objects.filter(code__in=[c.area_code for c in children]).values_list("code", "name_th"))
    tiles = [
        charts.Tile(
            code=c.area_code,
            label=names.get(c.area_code, c.area_code),
            share=_share(c.target_poor_households, c.households),
            url=reverse("poverty:area", args=[c.area_code]) if area.level != AreaLevel.SUBDISTRICT else "",
            title=f"{names.get(c.area_code, c.area_code)} ({c.area_code})",
        )
        for c in children
    ]
    result = figures.result if figures else None
    dimension_chart = charts.bar_chart(
        [(str(r["label"]), r["percent"], f"{r['count']:,}") for r in (figures.dimension_rows if figures else [])]
    )
    return render(
        request,
        "poverty/area.html",
        {
            "area": area,
            "breadcrumb": area_breadcrumb(area),
            "survey_round": survey_round,
            "rounds": selectors.rounds_ready(),
            "figures": figures,
            "result": result,
            "target_share": _share(result.target_poor_households, result.households) if result else None,
            "dimension_chart": dimension_chart,
            "tile_map": charts.tile_map(tiles, provinces=False, columns=8),
            "children": [
                (c, names.get(c.area_code, c.area_code), t.share) for c, t in zip(children, tiles, strict=True)
            ],
            "is_tambon": area.level == AreaLevel.SUBDISTRICT,
            "can_view_people": permissions.can(request.user, Action.PERSON_VIEW, area),
            # The Logbook spans rounds: help given on 2565 targets is still the area's work in 2566.
            "logbook": selectors.logbook_summary(prefixes=[area.code])
            if permissions.can(request.user, Action.LOGBOOK_VIEW, area)
            else None,
        },
    )


@login_required
def nation_map(request: HttpRequest) -> HttpResponse:
    """Provinces on Thailand's tile grid, for users who may see them (others' provinces stay grey)."""
    survey_round = _round(request)
    results = {r.area_code: r for r in selectors.child_results(survey_round, "")} if survey_round is not None else {}
    visible = selectors.user_area_codes(request.user)
    tiles = []
    for province in Area.objects.filter(level=AreaLevel.PROVINCE).order_by("code"):
        r = results.get(province.code)
        allowed = any(province.code.startswith(v) or v.startswith(province.code) for v in visible)
        tiles.append(
            charts.Tile(
                code=province.code,
                label=province.name_th,
                share=_share(r.target_poor_households, r.households) if (r and allowed) else None,
                url=reverse("poverty:area", args=[province.code]) if allowed else "",
            )
        )
    return render(
        request,
        "poverty/map.html",
        {"survey_round": survey_round, "tile_map": charts.tile_map(tiles, provinces=True)},
    )


# ---------------------------------------------------------------------------------------------
# Target lists


def _target_filters(request: HttpRequest) -> dict[str, Any]:
    dimension = request.GET.get("dimension", "")
    group = request.GET.get("group", "")
    return {
        "dimension": dimension if dimension in DIM_LABELS else "",
        "group": group if group in GROUP_LABELS else "",
        "tpmap_only": request.GET.get("tpmap") == "1",
    }


def _tambon_for_people(request: HttpRequest, code: str) -> Area:
    area = _area_or_404(code)
    permissions.require_read(request.user, Action.PERSON_VIEW, area)
    if area.level != AreaLevel.SUBDISTRICT:
        raise Http404("รายชื่อเป้าหมายดูได้ทีละตำบล / Target lists are per subdistrict")
    return area


@login_required
def target_list(request: HttpRequest, code: str) -> HttpResponse:
    tambon = _tambon_for_people(request, code)
    survey_round = _round(request)
    if survey_round is None:
        raise Http404("ยังไม่มีรอบการสำรวจ / No survey round yet")
    filters = _target_filters(request)
    show_ids = permissions.can(request.user, Action.PERSON_VIEW_ID, tambon)
    tl = selectors.target_list(survey_round=survey_round, tambon=tambon, show_ids=show_ids, **filters)
    # A tambon can have thousands of deprived households: the page shows TARGET_PAGE_SIZE of them at a time
    # (the Excel export still has them all). get_page: a missing or invalid ?page gives page 1, a page
    # past the end gives the last page.
    page = Paginator(tl.households, TARGET_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()  # the filters, without the page, for the page and export links
    query.pop("page", None)
    page_query = query.copy()
    page_query["round"] = survey_round.code  # paging stays in the round being viewed

    def page_url(number: int) -> str:
        page_query["page"] = str(number)
        return f"?{page_query.urlencode()}"

    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        model_label="poverty.targetlist",
        object_pk=f"{survey_round.code}:{tambon.code}",
        area_code=tambon.code,
        personal_data=True,
        note=(
            f"target list {survey_round.code} {tambon.code} {filters} "
            f"page {page.number} of {page.paginator.num_pages} "
            f"(households {page.start_index()}-{page.end_index()} of {page.paginator.count})"
        ),
    )
    return render(
        request,
        "poverty/targets.html",
        {
            "area": tambon,
            "breadcrumb": area_breadcrumb(tambon),
            "survey_round": survey_round,
            "tl": tl,
            "page": page,
            "previous_url": page_url(page.previous_page_number()) if page.has_previous() else "",
            "next_url": page_url(page.next_page_number()) if page.has_next() else "",
            "filters": filters,
            "dimensions": DimensionCode.choices,
            "groups": VulnerableGroup.choices,
            "dim_labels": DIM_LABELS,
            "group_labels": GROUP_LABELS,
            "can_edit_logbook": permissions.can(request.user, Action.LOGBOOK_EDIT, tambon),
            "can_add": permissions.can(request.user, Action.PERSON_EDIT, tambon),
            "query": query.urlencode(),
        },
    )


@login_required
def target_export(request: HttpRequest, code: str) -> FileResponse:
    tambon = _tambon_for_people(request, code)
    survey_round = _round(request)
    if survey_round is None:
        raise Http404("ยังไม่มีรอบการสำรวจ / No survey round yet")
    filters = _target_filters(request)
    show_ids = permissions.can(request.user, Action.PERSON_VIEW_ID, tambon)
    tl = selectors.target_list(survey_round=survey_round, tambon=tambon, show_ids=show_ids, **filters)

    def rows() -> Any:
        for h in tl.households:
            dims = ", ".join(str(DIM_LABELS[d]) for d in h.deprived_dimensions)
            source = "เพิ่มโดยทีมภาคสนาม / field team" if h.addition else "จปฐ. / survey"
            people: list[Any] = list(h.persons) or [None]
            for p in people:
                yield [
                    h.ref,
                    h.house_no,
                    h.village_code,
                    source,
                    "✓" if h.is_tpmap_target else "",
                    dims,
                    ", ".join(h.failed_indicators),
                    p.national_id if p else "",
                    p.name if p else "",
                    p.age if p else "",
                    ", ".join(str(GROUP_LABELS[g]) for g in p.groups) if p else "",
                    ", ".join(p.failed_indicators) if p else "",
                    ", ".join(f"{DIM_LABELS[d]}: {c.get_status_display()}" for d, c in h.cases.items()),
                ]

    return xlsx_response(
        filename=f"targets-{survey_round.code}-{tambon.code}.xlsx",
        headers=[
            "รหัสครัวเรือน / Household",
            "บ้านเลขที่ / House no.",
            "หมู่บ้าน / Village",
            "ที่มา / Source",
            "คนจนเป้าหมาย TPMAP",
            "มิติที่ขาด / Deprived dimensions",
            "ตัวชี้วัดที่ไม่ผ่าน (ครัวเรือน) / Failed indicators",
            "เลขประจำตัวประชาชน / National ID",
            "ชื่อ-สกุล / Name",
            "อายุ / Age",
            "กลุ่มเปราะบาง / Vulnerable groups",
            "ตัวชี้วัดที่ไม่ผ่าน (บุคคล) / Person indicators",
            "Logbook",
        ],
        rows=rows(),
        actor=request.user,
        model_label="poverty.targetlist",
        area_code=tambon.code,
        personal_data=True,
        sheet_title=f"targets {tambon.code}",
    )


@login_required
def household(request: HttpRequest, code: str, ref: str) -> HttpResponse:
    tambon = _tambon_for_people(request, code)
    survey_round = _round(request)
    if survey_round is None:
        raise Http404("ยังไม่มีรอบการสำรวจ / No survey round yet")
    show_ids = permissions.can(request.user, Action.PERSON_VIEW_ID, tambon)
    h = selectors.target_household(survey_round=survey_round, tambon=tambon, household_id=ref, show_ids=show_ids)
    if h is None:
        raise Http404("ไม่พบครัวเรือนเป้าหมาย / Target household not found")
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        model_label="poverty.household",
        object_pk=f"{survey_round.code}:{ref}",
        area_code=tambon.code,
        personal_data=True,
        note=f"household {ref}",
    )
    open_dims = [(d, DIM_LABELS[d]) for d in h.deprived_dimensions if d not in h.cases]
    return render(
        request,
        "poverty/household.html",
        {
            "area": tambon,
            "breadcrumb": area_breadcrumb(tambon),
            "survey_round": survey_round,
            "h": h,
            "dim_labels": DIM_LABELS,
            "group_labels": GROUP_LABELS,
            "open_dims": open_dims,
            "cases": [(DIM_LABELS[d], c) for d, c in h.cases.items()],
            "can_edit_logbook": permissions.can(request.user, Action.LOGBOOK_EDIT, tambon),
        },
    )


# ---------------------------------------------------------------------------------------------
# The Logbook


@login_required
@require_POST
def case_open(request: HttpRequest, code: str, ref: str) -> HttpResponse:
    tambon = _tambon_for_people(request, code)
    survey_round = _round(request)
    if survey_round is None:
        raise Http404("ยังไม่มีรอบการสำรวจ / No survey round yet")
    form = forms.CaseOpenForm(request.POST)
    back = reverse("poverty:household", args=[tambon.code, ref]) + f"?round={survey_round.code}"
    if "member" in form.errors:
        raise Http404("ไม่พบสมาชิกในครัวเรือน / Household member not found")
    if not form.is_valid():
        messages.error(request, _("Choose a dimension."))
        return redirect(back)
    h = selectors.target_household(survey_round=survey_round, tambon=tambon, household_id=ref, show_ids=False)
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
        case = services.case_open(
            actor=request.user,
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
        _errors(request, exc)
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
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=case, personal_data=True)
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
            "target": selectors.case_targets([case], viewer=request.user)[case.pk],
        },
    )


@login_required
@require_POST
def case_transition(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    permissions.require_write(request.user, Action.LOGBOOK_EDIT, case)
    form = forms.TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.case_transition(
                case=case,
                to_status=form.cleaned_data["to_status"],
                actor=request.user,
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Status changed."))
        except ValidationError as exc:
            _errors(request, exc)
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
        services.assistance_add(
            case=case,
            actor=request.user,
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
        _errors(request, exc)
    return redirect("poverty:case", case_id=case.pk)


@login_required
def evidence(request: HttpRequest, record_id: int) -> FileResponse:
    record = get_object_or_404(AssistanceRecord.objects.select_related("case__area"), pk=record_id)
    permissions.require_read(request.user, Action.LOGBOOK_VIEW, record)
    if not record.evidence:
        raise Http404("ไม่มีไฟล์หลักฐาน / No evidence file")
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=record, personal_data=True, note="evidence")
    return FileResponse(
        record.evidence.open("rb"), as_attachment=False, filename=record.evidence.name.rsplit("/", 1)[-1]
    )


@login_required
def logbook(request: HttpRequest, code: str) -> HttpResponse:
    area = _area_or_404(code)
    permissions.require_read(request.user, Action.LOGBOOK_VIEW, area)
    survey_round = selectors.round_get(request.GET["round"]) if request.GET.get("round") else None
    status = request.GET.get("status", "")
    dimension = request.GET.get("dimension", "")
    cases = selectors.cases_for(request.user, area_code=area.code)
    if survey_round is not None:
        cases = cases.filter(survey_round=survey_round)
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if dimension in DIM_LABELS:
        cases = cases.filter(dimension=dimension)
    child_length = min(len(area.code) + 2, 6)
    shown = list(cases.select_related("area", "survey_round").order_by("-updated_at")[:200])
    targets = selectors.case_targets(shown, viewer=request.user)  # person cases: name, masked ID
    return render(
        request,
        "poverty/logbook.html",
        {
            "area": area,
            "breadcrumb": area_breadcrumb(area),
            "survey_round": survey_round,
            "summary": selectors.logbook_summary(
                prefixes=[area.code], survey_round=survey_round, child_length=child_length
            ),
            "case_rows": [(c, targets[c.pk]) for c in shown],
            "statuses": CaseStatus.choices,
            "dimensions": DimensionCode.choices,
            "status": status,
            "dimension": dimension,
        },
    )


@login_required
def loop(request: HttpRequest, code: str) -> HttpResponse:
    area = _area_or_404(code)
    permissions.require_read(request.user, Action.LOGBOOK_VIEW, area)
    prev_round = selectors.round_get(request.GET.get("round")) if request.GET.get("round") else None
    if prev_round is None:
        # The latest round that has a next round.
        prev_round = next((r for r in selectors.rounds_ready().order_by("-year_be") if selectors.next_round(r)), None)
    next_round = selectors.next_round(prev_round) if prev_round else None
    match = "district" if request.GET.get("match") == "district" else "tambon"
    report = (
        selectors.loop_closure(prev_round=prev_round, next_round=next_round, prefix=area.code, match=match)
        if prev_round and next_round
        else None
    )
    return render(
        request,
        "poverty/loop.html",
        {"area": area, "breadcrumb": area_breadcrumb(area), "report": report, "match": match},
    )


# ---------------------------------------------------------------------------------------------
# Field additions


@login_required
def additions(request: HttpRequest) -> HttpResponse:
    survey_round = _round(request)
    qs = selectors.additions_for(request.user, survey_round=survey_round, area_code=request.GET.get("area", ""))
    status = request.GET.get("status", "")
    if status in AdditionStatus.values:
        qs = qs.filter(status=status)
    rows = list(qs[:300])
    for a in rows:
        a.can_decide = (  # type: ignore[attr-defined]
            a.status == AdditionStatus.PENDING
            and a.created_by_id != request.user.pk
            and permissions.can(request.user, Action.PERSON_VERIFY, a)
        )
    if rows:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            model_label="poverty.fieldaddition",
            area_code="",
            personal_data=True,
            note=f"additions list ({len(rows)})",
        )
    return render(
        request,
        "poverty/additions.html",
        {
            "rows": rows,
            "survey_round": survey_round,
            "status": status,
            "statuses": AdditionStatus.choices,
            "decision_form": forms.DecisionForm(),
        },
    )


@login_required
def addition_new(request: HttpRequest, code: str) -> HttpResponse:
    tambon = _area_or_404(code)
    if tambon.level != AreaLevel.SUBDISTRICT:
        raise Http404("ต้องเลือกตำบล / Choose a subdistrict")
    permissions.require_read(request.user, Action.PERSON_EDIT, tambon)
    survey_round = _round(request)
    if survey_round is None:
        raise Http404("ยังไม่มีรอบการสำรวจ / No survey round yet")
    form = forms.AdditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.addition_create(actor=request.user, survey_round=survey_round, area=tambon, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Added. A second person must verify it before it counts."))
            return redirect(reverse("poverty:additions") + f"?area={tambon.code}")
    return render(
        request,
        "poverty/addition_form.html",
        {"form": form, "area": tambon, "breadcrumb": area_breadcrumb(tambon), "survey_round": survey_round},
    )


@login_required
@require_POST
def addition_decide(request: HttpRequest, addition_id: int) -> HttpResponse:
    addition = get_object_or_404(FieldAddition.objects.select_related("area"), pk=addition_id)
    permissions.require_read(request.user, Action.PERSON_VIEW, addition)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.addition_decide(
                addition=addition,
                actor=request.user,
                verified=form.cleaned_data["verified"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Decision recorded."))
        except ValidationError as exc:
            _errors(request, exc)
    return redirect(reverse("poverty:additions") + f"?area={addition.area.code}")


# ---------------------------------------------------------------------------------------------
# Survey import


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    prefixes = permissions.grants_for(request.user).prefixes(Action.SURVEY_IMPORT)
    if not prefixes:
        raise Http404("ไม่พบข้อมูล / Not found")
    qs = SurveyImport.objects.select_related("survey_round", "created_by")
    qs = qs if "" in prefixes else qs.filter(prefix_q(prefixes, "area_code")).exclude(area_code="")
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = imports.survey_import_upload(
                actor=request.user,
                survey_round=data["survey_round"],
                area_code=(data["area_code"] or "").strip(),
                replace_tambon=data["replace_tambon"],
                household_file=data["household_file"],
                person_file=data["person_file"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            return redirect("poverty:import", import_id=record.pk)
    return render(request, "poverty/imports.html", {"rows": qs[:100], "form": form})


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
            record = imports.survey_import_confirm(survey_import=record, actor=request.user, mapping=mapping)
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("poverty:import", import_id=record.pk)
    previews = []
    if record.status in (ImportStatus.UPLOADED, ImportStatus.FAILED):
        previews = imports.survey_import_preview(record)
    return render(
        request,
        "poverty/import_detail.html",
        {
            "record": record,
            "previews": previews,
            "errors": imports.error_rows(record)[1:51],
            "can_confirm": record.status in (ImportStatus.UPLOADED, ImportStatus.FAILED),
        },
    )


@login_required
def import_errors(request: HttpRequest, import_id: int, fmt: str) -> HttpResponse | FileResponse:
    record = _import_or_404(request, import_id)
    if not record.error_report:
        raise Http404("ไม่มีรายงานข้อผิดพลาด / No error report")
    rows = imports.error_rows(record)
    if fmt == "xlsx":
        return xlsx_response(
            filename=f"import-{record.pk}-errors.xlsx",
            headers=rows[0] if rows else [],
            rows=rows[1:],
            actor=request.user,
            model_label="poverty.surveyimport",
            area_code=record.area_code,
            personal_data=False,
            sheet_title="errors",
        )
    response = HttpResponse(record.error_report.open("rb").read(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{record.pk}-errors.csv"'
    return response
