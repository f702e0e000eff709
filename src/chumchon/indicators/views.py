"""Thin views over indicators.selectors and indicators.services."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.areas.forms import prefer_areas_of
from chumchon.areas.models import Area, AreaLevel, CodiRegion, ProvincialCluster
from chumchon.audit.exports import xlsx_response
from chumchon.core import jobs, thai
from chumchon.core.pagination import paginate
from chumchon.core.uploads import upload_on_disk
from chumchon.indicators import selectors, services, units
from chumchon.indicators.forms import ImportForm, IndicatorForm, ReasonForm, TargetForm, UnitForm
from chumchon.indicators.measures import measure_get, measures_list
from chumchon.indicators.models import (
    ApprovalState,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
)

TREND_YEARS = 4


def this_year() -> int:
    return thai.fiscal_year(timezone.localdate())


def _form_errors(form: Form | IndicatorForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def home_unit(user: Any) -> str:
    """The widest unit the user sees: the nation, a region, a cluster, or an area."""
    prefixes = permissions.grants_for(user).prefixes(Action.INDICATOR_VIEW)
    if "" in prefixes or not prefixes:
        return ""
    if len(prefixes) == 1:
        return next(iter(prefixes))
    pmap = units.province_map()
    for cluster in ProvincialCluster.objects.values_list("code", flat=True):
        if set(pmap.provinces_of(f"cluster:{cluster}")) == set(prefixes):
            return f"cluster:{cluster}"
    for region in CodiRegion.objects.values_list("code", flat=True):
        if set(prefixes) == set(pmap.provinces_of(f"region:{region}")):
            return f"region:{region}"
    return sorted(prefixes)[0]


def _unit_or_404(request: HttpRequest, unit: str) -> str:
    unit = "" if unit == "all" else unit
    if not units.unit_exists(unit):
        raise Http404("ไม่พบพื้นที่ / Area not found")
    permissions.require_read(request.user, Action.INDICATOR_VIEW, units.codes_of(unit))
    return unit


def _slug(unit: str) -> str:
    return unit or "all"


def _indicator_or_404(request: HttpRequest, pk: int) -> Indicator:
    if not permissions.can_anywhere(request.user, Action.INDICATOR_VIEW):
        raise Http404
    indicator = selectors.indicator_get(pk)
    if indicator is None:
        raise Http404("ไม่พบตัวชี้วัด / Indicator not found")
    return indicator


def formula_text(text: str) -> str:
    """A formula with each measure's name replaced by its label (no internal names on the page)."""
    if not text:
        return ""
    out = text
    for name in sorted({m for m in _names(text)}, key=len, reverse=True):
        measure = measure_get(name)
        if measure is not None:
            label = measure.label if name == measure.name else f"{measure.label}: {name.split('.', 1)[1]}"
            out = out.replace(name, f"[{label}]")
    return out.replace("*", "×").replace("/", "÷")


def _names(text: str) -> list[str]:
    return re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", text)


@login_required
def index(request: HttpRequest) -> HttpResponse | FileResponse:
    if not permissions.can_anywhere(request.user, Action.INDICATOR_VIEW):
        raise Http404
    qs = Indicator.objects.all().order_by("-is_active", "name_th")
    if request.GET.get("export") == "xlsx":
        return _export(
            request,
            "indicators.xlsx",
            [
                _("Indicator"),
                _("Unit"),
                _("Level"),
                _("Kind"),
                _("Formula"),
                _("Aggregation"),
                _("Target rule"),
                _("In use"),
            ],
            [
                [
                    i.name,
                    i.unit,
                    i.get_level_display(),
                    i.get_kind_display(),
                    formula_text(i.formula),
                    i.get_aggregation_display(),
                    i.get_target_rule_display(),
                    _("Yes") if i.is_active else _("No"),
                ]
                for i in qs
            ],
            "indicators.indicator",
        )
    form = UnitForm(request.GET or None, initial={"fiscal_year": this_year()})
    prefer_areas_of(form, request.user)
    if request.GET and form.is_valid():
        code = form.cleaned_data["code"].code
        if units.unit_exists(code) and permissions.can(request.user, Action.INDICATOR_VIEW, code):
            return redirect("indicators:report", unit=code, year=form.cleaned_data["fiscal_year"])
        form.add_error("code", _("No such area in your scope."))
    user = request.user
    return render(
        request,
        "indicators/index.html",
        {
            "page": paginate(request, qs),
            "form": form,
            "home": home_unit(user),
            "home_name": units.unit_name(home_unit(user)),
            "year": this_year(),
            "can_define": permissions.can(user, Action.INDICATOR_DEFINE, ""),
            "can_enter": permissions.can_anywhere(user, Action.INDICATOR_ENTER),
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator_or_404(request, pk)
    user = request.user
    home = home_unit(user)
    year = this_year()
    years = list(range(year - TREND_YEARS + 1, year + 1))
    pmap = units.province_map()
    rolled = selectors.rolled_figures(home, years, [indicator], pmap)
    trend = [(y, selectors.figures_for(home, y, indicators=[indicator], pmap=pmap, rolled=rolled)[0]) for y in years]
    define_prefixes = permissions.grants_for(user).prefixes(Action.INDICATOR_DEFINE)
    targets = [
        t
        for t in IndicatorTarget.objects.filter(indicator=indicator).order_by("-fiscal_year", "unit")
        if permissions.can(user, Action.INDICATOR_VIEW, units.codes_of(t.unit, pmap))
    ]
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "formula": formula_text(indicator.formula),
            "denominator": formula_text(indicator.denominator),
            "weight": formula_text(indicator.weight_formula),
            "home": home,
            "home_name": units.unit_name(home),
            "trend": trend,
            "targets": [(t, units.unit_name(t.unit)) for t in targets[:50]],
            "can_define": permissions.can(user, Action.INDICATOR_DEFINE, ""),
            "can_target": bool(define_prefixes),
        },
    )


@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    permissions.require_write(request.user, Action.INDICATOR_DEFINE, "")
    indicator = _indicator_or_404(request, pk) if pk else None
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in form.Meta.fields}
        try:
            if indicator is None:
                indicator = services.indicator_create(actor=acting_user(request), **fields)
            else:
                fresh = Indicator.objects.get(pk=indicator.pk)  # the form has written into its instance
                services.indicator_update(actor=acting_user(request), indicator=fresh, **fields)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("indicators:detail", pk=indicator.pk)
    return render(
        request,
        "indicators/form.html",
        {"form": form, "indicator": indicator, "measures": measures_list()},
        status=400 if request.method == "POST" else 200,
    )


def _target_units(user: Any) -> list[tuple[str, str]]:
    prefixes = permissions.grants_for(user).prefixes(Action.INDICATOR_DEFINE)
    pmap = units.province_map()
    choices: list[tuple[str, str]] = []
    if "" in prefixes:
        choices.append(("", units.unit_name("")))
    for region in CodiRegion.objects.order_by("code"):
        unit = f"region:{region.code}"
        if permissions.can(user, Action.INDICATOR_DEFINE, units.codes_of(unit, pmap)):
            choices.append((unit, f"{_('CODI region')} {region}"))
    for cluster in ProvincialCluster.objects.order_by("code"):
        unit = f"cluster:{cluster.code}"
        if permissions.can(user, Action.INDICATOR_DEFINE, units.codes_of(unit, pmap)):
            choices.append((unit, f"{_('Provincial cluster')} {cluster}"))
    for code, name_th, name_en in Area.objects.filter(level=AreaLevel.PROVINCE).values_list(
        "code", "name_th", "name_en"
    ):
        if permissions.can(user, Action.INDICATOR_DEFINE, code):
            english = (get_language() or "th").startswith("en")
            choices.append((code, f"{_('Province')} {name_en if english and name_en else name_th}"))
    return choices


@login_required
def target(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator_or_404(request, pk)
    if not permissions.can_anywhere(request.user, Action.INDICATOR_DEFINE):
        raise permissions.not_allowed(Action.INDICATOR_DEFINE)  # type: ignore[attr-defined]
    form = TargetForm(request.POST or None, units=_target_units(request.user), initial={"fiscal_year": this_year()})
    if request.method == "POST" and form.is_valid():
        try:
            services.target_set(
                actor=acting_user(request),
                indicator=indicator,
                unit=form.cleaned_data["unit"],
                fiscal_year=form.cleaned_data["fiscal_year"],
                value=form.cleaned_data["value"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("indicators:detail", pk=indicator.pk)
    return render(
        request,
        "indicators/target_form.html",
        {"form": form, "indicator": indicator},
        status=400 if request.method == "POST" else 200,
    )


def _actions_for(user: Any, unit: str, year: int, state: str, has_manual: bool) -> dict[str, bool]:
    return selectors.period_actions(user, unit, year, state, has_manual)


@login_required
def report(request: HttpRequest, unit: str, year: int) -> HttpResponse | FileResponse:
    """The KPI report of a unit and fiscal year: figures with targets and status, the trend over the
    years, the units below, the paperwork meter, the approval and its history."""
    unit = _unit_or_404(request, unit)
    user = request.user
    pmap = units.province_map()
    inds = list(selectors.indicators_active())
    years = list(range(year - TREND_YEARS + 1, year + 1))
    children = [
        c
        for c in units.children_of(unit, pmap)
        if permissions.can(user, Action.INDICATOR_VIEW, units.codes_of(c, pmap))
    ]
    rolled = selectors.rolled_figures(unit, years, inds, pmap, wanted=[unit, *children])
    all_figures = selectors.figures_for(unit, year, indicators=inds, pmap=pmap, rolled=rolled)
    # Only what has a figure or a target here (programme indicators of other years stay out of the way).
    figures = [f for f in all_figures if f.value is not None or f.target is not None]

    def at(ind: Indicator, y: int, u: str) -> Decimal | None:
        got = rolled.get((ind.pk, y, u))
        return got.value if got else None

    trend = [(ind, [at(ind, y, unit) for y in years]) for ind in inds]
    trend = [(ind, values) for ind, values in trend if any(v is not None for v in values)]
    inds = [ind for ind in inds if any(at(ind, year, c) is not None for c in children)]
    child_rows = []
    for child in children:
        values = [rolled.get((ind.pk, year, child)) for ind in inds]
        if any(v is not None for v in values):
            child_rows.append(
                (
                    child,
                    units.unit_name(child),
                    selectors.approval_state(child, year),
                    [v.value if v else None for v in values],
                )
            )
    from_data, total = selectors.paperwork_meter(unit, year, pmap)
    approval = selectors.approval_of(unit, year)
    state = approval.state if approval else ApprovalState.DRAFT
    has_manual = bool(approval and approval.has_manual_values)
    export = request.GET.get("export")
    name = units.unit_name(unit)
    if export == "figures":
        return _export(
            request,
            f"kpi-{_slug(unit)}-{year}.xlsx",
            [_("Indicator"), _("Unit"), _("Value"), _("Target"), _("Achieved (%)"), _("Status"), _("Source")],
            [
                [
                    f.indicator.name,
                    f.indicator.unit,
                    f.value,
                    f.target,
                    f.achieved_percent,
                    f.status_label,
                    _("From the data") if f.source == "computed" else (_("Typed in") if f.source == "manual" else ""),
                ]
                for f in figures
            ],
            "indicators.indicatorvalue",
            unit,
        )
    if export == "trend":
        return _export(
            request,
            f"kpi-trend-{_slug(unit)}-{year}.xlsx",
            [_("Indicator"), _("Unit"), *[_("FY %(year)s") % {"year": y} for y in years]],
            [[ind.name, ind.unit, *vals] for ind, vals in trend],
            "indicators.indicatorvalue",
            unit,
        )
    if export == "children":
        return _export(
            request,
            f"kpi-areas-{_slug(unit)}-{year}.xlsx",
            [_("Area"), _("Approval"), *[ind.name for ind in inds]],
            [[label, ApprovalState(st).label, *vals] for _c, label, st, vals in child_rows],
            "indicators.indicatorvalue",
            unit,
        )
    level = units.level_of(unit)
    return render(
        request,
        "indicators/report.html",
        {
            "unit": unit,
            "slug": _slug(unit),
            "name": name,
            "level_label": units.level_label(unit),
            "year": year,
            "years": years,
            "figures": figures,
            "trend": trend,
            "inds": inds,
            "child_rows": paginate(request, child_rows, per_page=50),
            "from_data": from_data,
            "total": total,
            "meter": round(from_data * 100 / total) if total else None,
            "approval": approval,
            "state": state,
            "state_label": ApprovalState(state).label,
            "has_approval": level in ("subdistrict", "province", "cluster", "region"),
            "actions": _actions_for(user, unit, year, state, has_manual),
            "history": selectors.history(unit, year)[:20],
            "reason_form": ReasonForm(),
            "parent": units.approval_parent(unit, pmap) if level not in ("", "nation", "district") else None,
            "up": _up_unit(user, unit, pmap),
        },
    )


def _up_unit(user: Any, unit: str, pmap: units.ProvinceMap) -> tuple[str, str] | None:
    """The nearest unit above that the user may see (none: no link, never a dead end)."""
    for up in units.chain_up(unit, pmap)[1:]:
        if permissions.can(user, Action.INDICATOR_VIEW, units.codes_of(up, pmap)):
            return (_slug(up), units.unit_name(up))
    return None


def _export(
    request: HttpRequest,
    filename: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    label: str,
    unit: str = "",
) -> FileResponse:
    def cell(v: Any) -> Any:
        return float(v) if isinstance(v, Decimal) else v

    return xlsx_response(
        filename=filename,
        headers=[str(h) for h in headers],
        rows=([cell(v) for v in row] for row in rows),
        actor=request.user,
        model_label=label,
        area_code=unit if unit and ":" not in unit else "",
    )


@login_required
def entry(request: HttpRequest, unit: str, year: int) -> HttpResponse:
    """Type the values of the reported indicators of one tambon (or province) for a fiscal year."""
    unit = _unit_or_404(request, unit)
    level = units.level_of(unit)
    if level not in ("subdistrict", "province"):
        raise Http404
    permissions.require_write(request.user, Action.INDICATOR_ENTER, unit)
    inds = list(selectors.indicators_active().filter(kind=IndicatorKind.REPORTED, level=level))
    approval = selectors.approval_of(unit, year)
    state = approval.state if approval else ApprovalState.DRAFT
    errors: list[str] = []
    if request.method == "POST":
        if state != ApprovalState.DRAFT:
            errors.append(str(services._locked_error(unit, year, state).messages[0]))
        else:
            errors = _save_entries(request, unit, year, inds)
            if not errors:
                messages.success(request, _("Saved."))
                return redirect("indicators:entry", unit=unit, year=year)
    current = {f.indicator.pk: f for f in selectors.figures_for(unit, year, indicators=inds)}
    rows = []
    for ind in inds:
        row = selectors.current_row(ind, unit, year)
        rows.append((ind, current.get(ind.pk), row, request.POST.get(f"v{ind.pk}", "") if errors else ""))
    return render(
        request,
        "indicators/entry.html",
        {
            "unit": unit,
            "name": units.unit_name(unit),
            "year": year,
            "rows": rows,
            "state": state,
            "state_label": ApprovalState(state).label,
            "errors": errors,
            "editable": state == ApprovalState.DRAFT,
            "actions": _actions_for(request.user, unit, year, state, bool(approval and approval.has_manual_values)),
        },
        status=400 if errors else 200,
    )


def _save_entries(request: HttpRequest, unit: str, year: int, inds: list[Indicator]) -> list[str]:
    parsed: list[tuple[Indicator, Decimal, Decimal | None]] = []
    errors: list[str] = []
    for ind in inds:
        raw = request.POST.get(f"v{ind.pk}", "").strip().replace(",", "")
        raw_w = request.POST.get(f"w{ind.pk}", "").strip().replace(",", "")
        if not raw:
            continue
        try:
            value = Decimal(thai.arabic_digits(raw))
            weight = Decimal(thai.arabic_digits(raw_w)) if raw_w else None
        except InvalidOperation:
            errors.append(f"{ind.name}: " + _("not a number"))
            continue
        parsed.append((ind, value, weight))
    if errors:
        return errors
    try:
        with transaction.atomic(durable=True):
            for ind, value, weight in parsed:
                services.value_enter_in_transaction(
                    actor=acting_user(request),
                    indicator=ind,
                    area_code=unit,
                    fiscal_year=year,
                    value=value,
                    weight=weight,
                )
    except ValidationError as exc:
        return list(exc.messages)
    return []


def _approval_post(request: HttpRequest, unit: str, year: int, action: str) -> HttpResponse:
    unit = _unit_or_404(request, unit)
    actor = acting_user(request)
    try:
        if action == "submit":
            services.period_submit(actor=actor, unit=unit, fiscal_year=year)
            messages.success(request, _("Submitted for approval."))
        elif action == "approve":
            services.period_approve(actor=actor, unit=unit, fiscal_year=year)
            messages.success(request, _("Approved. The values are locked."))
        else:
            form = ReasonForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("A reason is required."))
                return redirect("indicators:report", unit=_slug(unit), year=year)
            note = form.cleaned_data["note"]
            if action == "return":
                services.period_return(actor=actor, unit=unit, fiscal_year=year, note=note)
                messages.success(request, _("Returned for correction."))
            else:
                services.period_unapprove(actor=actor, unit=unit, fiscal_year=year, note=note)
                messages.success(request, _("Approval withdrawn."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    nxt = request.POST.get("next", "")
    if nxt.startswith("/indicators/"):
        return redirect(nxt)
    return redirect("indicators:report", unit=_slug(unit), year=year)


@login_required
@require_POST
def submit(request: HttpRequest, unit: str, year: int) -> HttpResponse:
    return _approval_post(request, unit, year, "submit")


@login_required
@require_POST
def approve(request: HttpRequest, unit: str, year: int) -> HttpResponse:
    return _approval_post(request, unit, year, "approve")


@login_required
@require_POST
def send_back(request: HttpRequest, unit: str, year: int) -> HttpResponse:
    return _approval_post(request, unit, year, "return")


@login_required
@require_POST
def unapprove(request: HttpRequest, unit: str, year: int) -> HttpResponse:
    return _approval_post(request, unit, year, "unapprove")


@login_required
def approvals(request: HttpRequest) -> HttpResponse | FileResponse:
    """The approval queue (``?todo=approve``) and the values still to submit (``?todo=submit``)."""
    user = request.user
    if not permissions.can_anywhere(user, Action.INDICATOR_VIEW):
        raise Http404
    todo = request.GET.get("todo", "approve")
    qs = selectors.to_submit(user) if todo == "submit" else selectors.awaiting_approval(user)
    rows = [(a, units.unit_name(a.unit), units.level_label(a.unit), _slug(a.unit)) for a in qs[:2000]]
    if request.GET.get("export") == "xlsx":
        return _export(
            request,
            f"indicator-{todo}.xlsx",
            [_("Area"), _("Level"), _("Fiscal year (B.E.)"), _("Status")],
            [[name, level, a.fiscal_year, a.get_state_display()] for a, name, level, _s in rows],
            "indicators.periodapproval",
        )
    return render(request, "indicators/approvals.html", {"page": paginate(request, rows), "todo": todo})


@login_required
def import_values(request: HttpRequest) -> HttpResponse:
    if not permissions.can_anywhere(request.user, Action.INDICATOR_ENTER):
        raise permissions.not_allowed(Action.INDICATOR_ENTER)  # type: ignore[attr-defined]
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with upload_on_disk(upload) as path:
            result = services.values_import(actor=acting_user(request), path=path, filename=upload.name)
        if not result.errors:
            messages.success(request, _("%(n)s values imported.") % {"n": result.written})
            return redirect("indicators:index")
    return render(
        request,
        "indicators/import.html",
        {"form": form, "result": result},
        status=400 if result is not None and result.errors else 200,
    )


@login_required
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    permissions.require_write(request.user, Action.INDICATOR_DEFINE, "")
    try:
        year = int(request.POST.get("fiscal_year", this_year()))
    except ValueError:
        year = this_year()
    job = jobs.start_job("indicators.refresh", params={"fiscal_year": year}, actor=acting_user(request))
    return redirect(reverse("core:job_detail", args=[job.pk]))
