"""Thin views over assessment.selectors and assessment.services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.assessment import exports, ranking, rules, selectors, services
from chumchon.assessment.forms import (
    CertifyForm,
    EvidenceForm,
    OpenForm,
    ResolutionChoiceForm,
    ReturnForm,
    ScoreForm,
    SelectionForm,
)
from chumchon.assessment.models import AssessmentStatus, SelectionStatus, Track
from chumchon.core.access import not_allowed
from chumchon.core.bilingual import split_bilingual
from chumchon.core.forms import add_service_error
from chumchon.core.pagination import paginate
from chumchon.core.thai import fiscal_year
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import COMMITTEE_KINDS


def _message(exc: ValidationError | PermissionDenied) -> str:
    text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    th, en = split_bilingual(text)
    return en if (get_language() or "th").startswith("en") else th


def _track(request: HttpRequest) -> str:
    track = request.GET.get("track", Track.SELF_MANAGING)
    return track if track in Track.values else Track.SELF_MANAGING


def _year(request: HttpRequest, default: int | None) -> int | None:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return default


@login_required
def index(request: HttpRequest) -> HttpResponse | FileResponse:
    user = request.user
    track = _track(request)
    years = selectors.years(user)
    year = _year(request, years[0] if years else None)
    todo = request.GET.get("todo", "")
    qs = selectors.assessments_for(user)
    if todo not in ("review", "complete"):
        qs = qs.filter(track=track)
    if todo == "review":
        qs = qs.filter(pk__in=[a.pk for a in selectors.to_review(user)])
    elif todo == "complete":
        qs = qs.filter(pk__in=selectors.to_complete(user).values("pk"))
    elif year is not None:
        qs = qs.filter(fiscal_year=year)
    if request.GET.get("export") == "xlsx":
        return exports.assessments_xlsx(qs.order_by("-fiscal_year", "province__code"), actor=acting_user(request))
    page = paginate(request, qs.order_by("-fiscal_year", "province__code"))
    provinces = selectors.provinces_to_open(user)
    form = OpenForm(
        provinces=permissions.scoped(Area.objects.filter(level="province"), user, Action.ASSESSMENT_EDIT, "code"),
        initial={"fiscal_year": fiscal_year(dt.date.today()), "track": track},
    )
    context: dict[str, Any] = {
        "page": page,
        "track": track,
        "tracks": Track.choices,
        "years": years,
        "year": year,
        "todo": todo,
        "open_form": form if provinces else None,
        "levels": selectors.level_texts(),
    }
    context.update(selectors.map_context(user, year, track))
    return render(request, "assessment/index.html", context)


@login_required
@require_POST
def open_assessment(request: HttpRequest) -> HttpResponse | FileResponse:
    user = request.user
    provinces = permissions.scoped(Area.objects.filter(level="province"), user, Action.ASSESSMENT_EDIT, "code")
    form = OpenForm(request.POST, provinces=provinces)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("assessment:index")
    try:
        assessment = services.assessment_open(actor=acting_user(request), **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
        return redirect("assessment:index")
    messages.success(request, _("The assessment is open; the system has proposed a level for the criteria it can see."))
    return redirect("assessment:detail", pk=assessment.pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    user = request.user
    assessment = selectors.assessment_get(user, pk)
    can_edit = assessment.editable and rules.may_edit(user, assessment)
    can_review = assessment.status == AssessmentStatus.SUBMITTED and rules.may_review(user, assessment)
    can_certify = assessment.status == AssessmentStatus.REVIEWED and permissions.can(
        user, Action.ASSESSMENT_SELECT, assessment
    )
    if request.GET.get("export") == "xlsx":
        return exports.scores_xlsx(assessment, actor=acting_user(request))
    context = {
        "a": assessment,
        "rows": selectors.score_rows(assessment),
        "can_edit": can_edit,
        "can_review": can_review,
        "can_certify": can_certify,
        "levels": selectors.level_texts(),
        "level_choices": list(range(5)),
        "evidence_form": EvidenceForm(),
        "return_form": ReturnForm(),
        "reviewer": rules.reviewing_body(assessment.province),
        "trend": selectors.trend(user, assessment.province, assessment.track),
        "certifications": selectors.certifications_for(user).filter(province=assessment.province),
        "certify_form": CertifyForm(
            resolutions=_resolutions((assessment.province.code,)), initial={"fiscal_year": assessment.fiscal_year + 1}
        )
        if can_certify
        else None,
        "english": (get_language() or "th").startswith("en"),
    }
    return render(request, "assessment/detail.html", context)


def _back(pk: int) -> HttpResponse:
    return redirect("assessment:detail", pk=pk)


@login_required
@require_POST
def score(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    row = selectors.score_get(request.user, pk)
    form = ScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a level from 0 to 4."))
        return _back(row.assessment.pk)
    try:
        services.score_set(score=row, actor=acting_user(request), **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect(f"{_detail_url(row.assessment.pk)}#c{row.criterion.number}")


def _detail_url(pk: int) -> str:
    return reverse("assessment:detail", args=[pk])


@login_required
@require_POST
def refresh(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    assessment = selectors.assessment_get(request.user, pk)
    try:
        services.proposals_refresh(assessment=assessment, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("The proposed levels were recomputed from the data as it stands now."))
    return _back(pk)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    row = selectors.score_get(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
        return _back(row.assessment.pk)
    data = form.cleaned_data
    kind, object_id = data["kind"], None
    if data.get("record"):
        kind, _sep, ident = data["record"].partition(":")
        object_id = int(ident) if ident.isdigit() else None
    try:
        services.evidence_add(
            score=row,
            kind=kind,
            title=data.get("title") or "",
            document=data.get("document"),
            object_id=object_id,
            url=data.get("url") or "",
            actor=acting_user(request),
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Evidence added."))
    return redirect(f"{_detail_url(row.assessment.pk)}#c{row.criterion.number}")


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    evidence = selectors.evidence_get(request.user, pk)
    assessment_pk = evidence.score.assessment.pk
    try:
        services.evidence_remove(evidence=evidence, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    return _back(assessment_pk)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = selectors.evidence_get(request.user, pk)
    if not evidence.document:
        raise Http404("ไม่มีไฟล์ / No file")
    return FileResponse(
        evidence.document.open("rb"), as_attachment=True, filename=evidence.document.name.rsplit("/", 1)[-1]
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    assessment = selectors.assessment_get(request.user, pk)
    try:
        services.assessment_submit(
            assessment=assessment, summary=request.POST.get("summary", ""), actor=acting_user(request)
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Sent to the cluster for review."))
    return _back(pk)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    assessment = selectors.assessment_get(request.user, pk)
    levels: dict[int, int] = {}
    notes: dict[int, str] = {}
    for number in range(1, 11):
        raw = request.POST.get(f"level_{number}", "")
        if raw.isdigit():
            levels[number] = int(raw)
        notes[number] = request.POST.get(f"note_{number}", "")
    try:
        services.assessment_review(
            assessment=assessment,
            levels=levels,
            notes=notes,
            note=request.POST.get("note", ""),
            actor=acting_user(request),
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Reviewed: the readiness score is recorded."))
    return _back(pk)


@login_required
@require_POST
def return_assessment(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    assessment = selectors.assessment_get(request.user, pk)
    try:
        services.assessment_return(assessment=assessment, note=request.POST.get("note", ""), actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Returned to the province for changes."))
    return _back(pk)


def _resolutions(codes: tuple[str, ...]) -> Any:
    """Resolutions of committees whose scope covers every one of ``codes`` (most recent first)."""
    recent = (
        Resolution.objects.filter(body__kind__in=COMMITTEE_KINDS)
        .select_related("body")
        .order_by("-meeting_date", "-pk")[:300]
    )
    return (
        Resolution.objects.filter(pk__in=[r.pk for r in recent if rules.body_covers(r.body, codes)])
        .select_related("body")
        .order_by("-meeting_date", "-pk")
    )


@login_required
@require_POST
def certify(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    assessment = selectors.assessment_get(request.user, pk)
    form = CertifyForm(request.POST, resolutions=_resolutions((assessment.province.code,)))
    if not form.is_valid():
        messages.error(request, _("Choose the resolution and the fiscal year."))
        return _back(pk)
    try:
        services.certification_record(assessment=assessment, actor=acting_user(request), **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Certified as an expansion province."))
    return _back(pk)


@login_required
def ranking_page(request: HttpRequest) -> HttpResponse | FileResponse:
    track = _track(request)
    years = selectors.years(request.user)
    year = _year(request, years[0] if years else None)
    ranked, ties = selectors.ranking_for(request.user, year, track) if year else ([], [])
    if request.GET.get("export") == "xlsx":
        return exports.ranking_xlsx(ranked, year or 0, actor=acting_user(request))
    english = (get_language() or "th").startswith("en")
    return render(
        request,
        "assessment/ranking.html",
        {
            "ranked": ranked,
            "ties": [t.en if english else t.th for t in ties],
            "year": year,
            "years": years,
            "track": track,
            "tracks": Track.choices,
        },
    )


@login_required
def trend_page(request: HttpRequest) -> HttpResponse | FileResponse:
    track = _track(request)
    years, rows = selectors.trend_table(request.user, track)
    if request.GET.get("export") == "xlsx":
        return exports.trend_xlsx(years, rows, actor=acting_user(request))
    return render(
        request, "assessment/trend.html", {"years": years, "rows": rows, "track": track, "tracks": Track.choices}
    )


@login_required
def selections(request: HttpRequest) -> HttpResponse | FileResponse:
    user = request.user
    qs = selectors.selections_for(user)
    if request.GET.get("todo") == "adopt":
        qs = qs.filter(pk__in=[s.pk for s in selectors.selections_to_adopt(user)])
    can_propose = permissions.can_anywhere(user, Action.ASSESSMENT_SELECT)
    form = SelectionForm(request.POST or None) if can_propose else None
    if request.method == "POST":
        if form is None:
            raise not_allowed(Action.ASSESSMENT_SELECT)
        if form.is_valid():
            try:
                selection = services.selection_propose(actor=acting_user(request), **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Pilot selection proposed."))
                return redirect("assessment:selection", pk=selection.pk)
    return render(
        request,
        "assessment/selections.html",
        {"page": paginate(request, qs), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def selection(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    user = request.user
    sel = selectors.selection_get(user, pk)
    entries = list(sel.entries.select_related("province", "assessment").order_by("rank"))
    if request.GET.get("export") == "xlsx":
        return exports.selection_xlsx(sel, entries, actor=acting_user(request))
    province_codes = tuple(p.code for p in services.scope_provinces(sel.scope_kind, sel.region))
    can_adopt = sel.status == SelectionStatus.PROPOSED and permissions.can(user, Action.ASSESSMENT_SELECT, sel)
    form = ResolutionChoiceForm(request.POST or None, resolutions=_resolutions(province_codes)) if can_adopt else None
    if request.method == "POST":
        if form is None:
            raise not_allowed(Action.ASSESSMENT_SELECT)
        if form.is_valid():
            try:
                services.selection_adopt(
                    selection=sel, resolution=form.cleaned_data["resolution"], actor=acting_user(request)
                )
            except (ValidationError, PermissionDenied) as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Adopted: the chosen provinces are certified as pilot provinces."))
                return redirect("assessment:selection", pk=pk)
    provinces = list(Area.objects.filter(code__in=province_codes).select_related("cluster"))
    found, groups = services.candidates(provinces, sel.assessed_year, sel.track)
    _ranked, ties = ranking.rank(found)
    english = (get_language() or "th").startswith("en")
    group_names = services.group_names_en(provinces) if english else dict(groups)
    return render(
        request,
        "assessment/selection.html",
        {
            "s": sel,
            "entries": entries,
            "chosen": [e for e in entries if e.selected],
            "ties": [t.en if english else t.th for t in ties],
            "uncovered": [group_names.get(code, code) for code in sel.uncovered_groups],
            "form": form,
            "resolution_seen": sel.resolution is not None
            and permissions.can(request.user, Action.MEETING_VIEW, sel.resolution.body),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def certifications(request: HttpRequest) -> HttpResponse | FileResponse:
    qs = selectors.certifications_for(request.user)
    track = request.GET.get("track", "")
    if track in Track.values:
        qs = qs.filter(track=track)
    if request.GET.get("province"):
        qs = qs.filter(province__code=request.GET["province"])
    if request.GET.get("export") == "xlsx":
        return exports.certifications_xlsx(qs, actor=acting_user(request))
    page = paginate(request, qs.select_related("resolution__body"))
    # A resolution is linked only for those who may open it (the meetings register is scoped by body).
    seen = {c.resolution_id for c in page if permissions.can(request.user, Action.MEETING_VIEW, c.resolution.body)}
    return render(
        request,
        "assessment/certifications.html",
        {"page": page, "track": track, "tracks": Track.choices, "seen_resolutions": seen},
    )
