"""Thin views over capital.selectors, capital.analysis and capital.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.audit.exports import xlsx_response
from chumchon.capital import analysis, selectors, services
from chumchon.capital.forms import AreaCodeForm, EntryForm, RetireForm
from chumchon.capital.models import CapitalEntry
from chumchon.core import thai
from chumchon.core.pagination import paginate


def _area_or_404(request: HttpRequest, code: str) -> Area:
    area = selectors.profile_area_get(code)
    if area is None:
        raise Http404("ไม่พบพื้นที่ / Area not found")
    permissions.require_read(request.user, Action.AREA_VIEW, area.code)
    return area


def _entry_for_write(request: HttpRequest, pk: int) -> CapitalEntry:
    """An entry the user cannot see looks missing (404); one seen but not editable is refused (403)."""
    entry = selectors.entry_get(pk)
    if entry is None:
        raise Http404("ไม่พบรายการ / Entry not found")
    permissions.require_read(request.user, Action.AREA_VIEW, entry)
    permissions.require_write(request.user, Action.CAPITAL_EDIT, entry)
    return entry


def _form_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form = AreaCodeForm(request.GET or None)
    if form.is_valid():
        area = selectors.profile_area_get(form.cleaned_data["code"].strip())
        if area is not None and permissions.can(request.user, Action.AREA_VIEW, area.code):
            return redirect("capital:profile", code=area.code)
        form.add_error("code", _("No tambon or village/community with this code in your area."))
    page = paginate(request, selectors.tambons_with_capital(request.user))
    return render(request, "capital/index.html", {"page": page, "form": form})


@login_required
def profile(request: HttpRequest, code: str) -> HttpResponse:
    area = _area_or_404(request, code)
    prof = selectors.profile(area, request.user)
    return render(
        request,
        "capital/profile.html",
        {
            "area": area,
            "profile": prof,
            "can_edit": permissions.can(request.user, Action.CAPITAL_EDIT, area.code),
        },
    )


@login_required
def analysis_page(request: HttpRequest, code: str) -> HttpResponse:
    area = _area_or_404(request, code)
    result = analysis.analyse(selectors.profile(area, request.user))
    return render(request, "capital/analysis.html", {"area": area, "analysis": result})


@login_required
def entry_create(request: HttpRequest, code: str) -> HttpResponse:
    area = _area_or_404(request, code)
    permissions.require_write(request.user, Action.CAPITAL_EDIT, area.code)
    form = EntryForm(request.POST or None, profile_area=area)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.capital_entry_create(actor=acting_user(request), **form.service_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{_profile_url(entry.area)}#entry-{entry.pk}")
    return render(
        request,
        "capital/entry_form.html",
        {"form": form, "area": area, "entry": None},
        status=400 if request.method == "POST" else 200,
    )


def _profile_url(area: Area) -> str:
    return reverse("capital:profile", args=[area.code])


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_write(request, pk)
    form = EntryForm(request.POST or None, initial=EntryForm.initial_for(entry), profile_area=entry.area)
    if request.method == "POST" and form.is_valid():
        try:
            services.capital_entry_update(entry=entry, actor=acting_user(request), **form.service_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{_profile_url(entry.area)}#entry-{entry.pk}")
    return render(
        request,
        "capital/entry_form.html",
        {"form": form, "area": entry.area, "entry": entry, "retire_form": RetireForm()},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def entry_retire(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_write(request, pk)
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.capital_entry_retire(entry=entry, actor=acting_user(request), reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The entry was retired."))
            return redirect(_profile_url(entry.area))
    return render(
        request,
        "capital/entry_form.html",
        {
            "form": EntryForm(initial=EntryForm.initial_for(entry), profile_area=entry.area),
            "area": entry.area,
            "entry": entry,
            "retire_form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def export(request: HttpRequest, code: str) -> FileResponse:
    """The profile as an Excel workbook: people, registry bodies and recorded entries, each with its source."""
    area = _area_or_404(request, code)
    prof = selectors.profile(area, request.user)
    lang = get_language() or "th"
    headers = [_("Section"), _("Item"), _("Value"), _("Unit"), _("Area"), _("Source"), _("Date (B.E.)")]
    rows: list[list[object]] = []
    if prof.people is not None:
        p, r = prof.people, prof.people.result
        source = _("Survey round %(round)s") % {"round": p.survey_round.name}
        date = thai.format_date_be(p.date, lang=lang) if p.date else ""
        for label, value in [
            (_("Households surveyed"), r.households),
            (_("Persons surveyed"), r.persons),
            (_("Children (0–5)"), r.children_0_5),
            (_("Persons aged 6–59"), p.working_age_and_youth),
            (_("Elderly (60+)"), r.elderly),
            (_("Disabled"), r.disabled),
            (_("Chronically ill"), r.chronically_ill),
            (_("Bedridden"), r.bedridden),
            (_("Target poor households (TPMAP)"), r.target_poor_households),
        ]:
            rows.append([_("People"), label, value, "", area.code, source, date])
    registry = _("Organizations registry")
    today = thai.format_date_be(prof.registry_read_on, lang=lang)
    for group in [*prof.body_groups, *([prof.welfare_funds] if prof.welfare_funds else [])]:
        for body in group.bodies:
            rows.append(
                [
                    group.label,
                    body.name_th,
                    body.member_count,
                    _("members"),
                    body.area.code if body.area else "",
                    registry,
                    today,
                ]
            )
    for section in prof.sections:
        for e in section.entries:
            source = e.get_source_kind_display() + (f": {e.source_name}" if e.source_name else "")
            rows.append(
                [
                    section.label,
                    f"{e.get_kind_display()}: {e.name}",
                    e.quantity,
                    e.unit,
                    e.area.code,
                    source,
                    thai.format_date_be(e.as_of, lang=lang),
                ]
            )
    return xlsx_response(
        filename=f"capital-{area.code}.xlsx",
        headers=headers,
        rows=rows,
        actor=acting_user(request),
        model_label="capital.capitalentry",
        area_code=area.code,
        sheet_title=f"capital-{area.code}",
    )
