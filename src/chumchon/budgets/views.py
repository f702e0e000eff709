"""Thin views: permission check, selector, template (or an Excel export of the same rows)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.audit.exports import xlsx_response
from chumchon.budgets import selectors, services
from chumchon.budgets.allocation import FEATURE_LABELS, TERM_ORDER, FormulaError
from chumchon.budgets.forms import AdoptForm, ProgrammeIndicatorForm, ReallocateForm, ScenarioForm
from chumchon.budgets.models import Allocation, Programme
from chumchon.meetings.authority import deciding_bodies, may_decide
from chumchon.meetings.selectors import bodies_user_may_record_for
from chumchon.meetings.services import resolution_record_in_transaction


def _require_budget_view(user: User | AnonymousUser, province_codes: tuple[str, ...] | None = None) -> None:
    provinces = selectors.province_prefixes(user)
    if provinces is not None and not provinces:
        raise Http404("ไม่พบข้อมูล / Not found")
    if province_codes is not None and provinces is not None and not provinces & set(province_codes):
        raise Http404("ไม่พบข้อมูล / Not found")


def _fy(request: HttpRequest) -> int | None:
    years = selectors.fiscal_years()
    raw = request.GET.get("fy")
    if raw and raw.isdigit():
        return int(raw)
    return years[0] if years else None


def _wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


# Excel headers in Thai and English, as every export of the system (issue 9).
TOTAL_HEADERS = [
    "จัดสรร / Allocated",
    "อนุมัติแล้ว (ผูกพัน) / Approved (committed)",
    "เบิกจ่ายแล้ว / Disbursed",
    "คืนเงิน / Refunded",
    "ใช้จ่ายตามรายงาน / Reported spent",
    "คงเหลือ / Remaining",
]
GROUP_HEADERS = {
    "province": "รหัสจังหวัด / Province code",
    "region": "รหัสภาค / Region code",
    "cluster": "รหัสกลุ่มจังหวัด / Cluster code",
    "programme": "รหัสแผนงาน / Programme code",
}
NAME_HEADER = "ชื่อ / Name"


def _total_cells(t: selectors.Totals) -> list[Decimal]:
    return [t.allocated, t.committed, t.disbursed, t.refunded, t.spent, t.remaining]


@login_required
def index(request: HttpRequest) -> HttpResponseBase:
    _require_budget_view(request.user)
    fy = _fy(request)
    rows = selectors.programmes_for_year(request.user, fy)
    if _wants_xlsx(request):
        return xlsx_response(
            filename=f"programmes-{fy}.xlsx",
            headers=["รหัสแผนงาน / Code", "ปีงบประมาณ / Fiscal year", NAME_HEADER, "ประเภท / Kind", *TOTAL_HEADERS],
            rows=(
                [
                    r.programme.code,
                    r.programme.fiscal_year,
                    r.programme.name_th,
                    r.programme.get_kind_display(),
                    *_total_cells(r.totals),
                ]
                for r in rows
            ),
            actor=acting_user(request),
            model_label="budgets.programme",
        )
    grand = selectors.Totals()
    for r in rows:
        grand.add(r.totals)
    return render(
        request,
        "budgets/index.html",
        {"rows": rows, "fy": fy, "years": selectors.fiscal_years(), "grand": grand},
    )


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    _require_budget_view(request.user)
    programme = get_object_or_404(Programme, pk=pk)
    rows, grand = selectors.dashboard(request.user, programme=programme, group_by="province")
    if _wants_xlsx(request):
        return xlsx_response(
            filename=f"{programme.code}-{programme.fiscal_year}-provinces.xlsx",
            headers=[GROUP_HEADERS["province"], NAME_HEADER, *TOTAL_HEADERS],
            rows=([r.code, r.name, *_total_cells(r.totals)] for r in rows),
            actor=acting_user(request),
            model_label="budgets.fundbalance",
        )
    indicators = selectors.indicator_progress(request.user, programme)
    form = None
    if permissions.can_anywhere(request.user, Action.ALLOCATION_EDIT):
        form = ScenarioForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                allocation = services.allocation_create(
                    actor=acting_user(request),
                    programme=programme,
                    name=form.cleaned_data["name"],
                    scope_kind=form.cleaned_data["scope_kind"],
                    scope_code=form.cleaned_data["scope_code"].strip().upper(),
                    total=form.cleaned_data["total"],
                    params=form.params(),
                )
                return redirect("budgets:allocation", pk=allocation.pk)
            except (ValidationError, FormulaError) as exc:
                form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
    return render(
        request,
        "budgets/programme.html",
        {
            "programme": programme,
            "rows": rows,
            "grand": grand,
            "allocations": selectors.allocations_for(programme),
            "rules": programme.approval_rules.all(),
            "form": form,
            "indicators": indicators,
            "programme_indicators": [p.indicator for p in indicators],
            "indicator_form": _indicator_form(programme, request.GET.get("indicator"))
            if _may_manage_programme(request.user)
            else None,
            "reallocate_form": _reallocate_form(request.user) if _may_reallocate(request.user) else None,
        },
    )


def _may_manage_programme(user: User | AnonymousUser) -> bool:
    """Programme indicators (like programmes and their rules) are managed at national level."""
    return permissions.can(user, Action.PROGRAMME_MANAGE, "")


def _indicator_form(programme: Programme, code: str | None) -> ProgrammeIndicatorForm:
    """An empty form, or one filled in with the indicator of that code (the "edit" link)."""
    existing = programme.indicators.filter(code=code.strip().upper()).first() if code else None
    return ProgrammeIndicatorForm(initial=ProgrammeIndicatorForm.initial_for(existing) if existing else None)


@login_required
def programme_indicator(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Add a programme indicator or update the one with the same code (the service decides)."""
    _require_budget_view(request.user)
    # The right first: a user without it gets the same answer whether the programme exists or not.
    if not _may_manage_programme(request.user):
        raise PermissionDenied("คุณไม่มีสิทธิ์จัดการตัวชี้วัดแผนงาน / You may not manage programme indicators.")
    programme = get_object_or_404(Programme, pk=pk)
    if request.method != "POST":
        form = _indicator_form(programme, request.GET.get("code"))
        return render(request, "budgets/programme_indicator.html", {"programme": programme, "form": form})
    form = ProgrammeIndicatorForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            indicator = services.programme_indicator_set(
                actor=acting_user(request),
                programme=programme,
                code=data["code"],
                name_th=data["name_th"],
                name_en=data["name_en"],
                unit=data["unit"],
                target=data["target"],
                aggregation=data["aggregation"],
            )
        except ValidationError as exc:  # BudgetError is one; so is the model's full_clean
            form.add_error(None, "; ".join(exc.messages))
        else:
            messages.success(request, _("Programme indicator %(code)s was saved.") % {"code": indicator.code})
            return redirect(f"{reverse('budgets:programme', args=[programme.pk])}#programme-indicators")
    return render(request, "budgets/programme_indicator.html", {"programme": programme, "form": form}, status=400)


def _may_reallocate(user: User | AnonymousUser) -> bool:
    return permissions.can_anywhere(user, Action.ALLOCATION_ADOPT)


def _reallocate_form(user: User | AnonymousUser, data: Any = None) -> ReallocateForm:
    return ReallocateForm(
        data,
        provinces=selectors.provinces_for_action(user, Action.ALLOCATION_ADOPT),
        bodies=bodies_user_may_record_for(user),
    )


@login_required
def reallocate(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Move uncommitted money between provinces of a programme by a committee's resolution."""
    _require_budget_view(request.user)
    # The right first: a user without it gets the same answer whether the programme exists or not.
    if not _may_reallocate(request.user):
        raise PermissionDenied("คุณไม่มีสิทธิ์โอนจัดสรรงบประมาณ / You may not reallocate budgets.")
    programme = get_object_or_404(Programme, pk=pk)
    form = _reallocate_form(request.user, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # The resolution and the reallocation it decides: one durable transaction made here, the
            # two services' nestable forms inside it.
            with transaction.atomic(durable=True):
                resolution = resolution_record_in_transaction(
                    actor=acting_user(request),
                    body=data["body"],
                    meeting_date=data["meeting_date"],
                    number=data["number"],
                    text=data["text"],
                )
                services.funds_reallocate_in_transaction(
                    programme=programme,
                    from_province=data["from_province"],
                    to_province=data["to_province"],
                    amount=data["amount"],
                    actor=acting_user(request),
                    resolution=resolution,
                )
            messages.success(request, _("The money was reallocated."))
            return redirect("budgets:programme", pk=programme.pk)
        except ValidationError as exc:
            form.add_error(None, "; ".join(exc.messages))
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
    elif request.method == "POST":
        status = 400
    return render(request, "budgets/reallocate.html", {"programme": programme, "form": form}, status=status)


def _term_label(key: str) -> str:
    en, th = FEATURE_LABELS.get(key, (key.replace("_", " "), key.replace("_", " ")))
    return en if (get_language() or "th").startswith("en") else th


def _term_columns(lines: list[Any]) -> list[tuple[str, str, str]]:
    present = {k for line in lines for k in line.terms}
    return [(k, *FEATURE_LABELS[k]) for k in TERM_ORDER if k in present]


@login_required
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    allocation = get_object_or_404(Allocation.objects.select_related("programme", "resolution__body"), pk=pk)
    _require_budget_view(request.user, allocation.scope_codes)
    lines = list(allocation.lines.all().order_by("level", "code"))
    columns = _term_columns(lines)
    if _wants_xlsx(request):
        return xlsx_response(
            filename=f"allocation-{allocation.pk}.xlsx",
            headers=[
                "ระดับ / Level",
                "รหัส / Code",
                "อยู่ใน / Parent",
                NAME_HEADER,
                "จำนวนเงิน / Amount",
                *[f"{c[2]} / {c[1]}" for c in columns],
            ],
            rows=(
                [
                    ln.level,
                    ln.code,
                    ln.parent_code,
                    ln.name,
                    ln.amount,
                    *[Decimal(ln.terms.get(c[0], "0")) for c in columns],
                ]
                for ln in lines
            ),
            actor=acting_user(request),
            model_label="budgets.allocation",
        )
    adopt_form = None
    # Offered only to a user the approval authority lets adopt this allocation (``may_decide``: the
    # permission and the rule's role) and only with the bodies that may adopt it and whose resolutions
    # the user may record, so the form is never offered and then refused.
    subject = services.adopt_subject(allocation)
    bodies: list[Any] = []
    if not allocation.is_locked and may_decide(request.user, subject, allocation):
        deciding = set(deciding_bodies(subject, allocation).values_list("pk", flat=True))
        bodies = [b for b in bodies_user_may_record_for(acting_user(request)) if b.pk in deciding]
    if bodies:
        adopt_form = AdoptForm(request.POST or None, bodies=bodies)
        if request.method == "POST" and adopt_form.is_valid():
            try:
                # The resolution and the adoption it decides: one durable transaction made here,
                # the two services' nestable forms inside it.
                with transaction.atomic(durable=True):
                    resolution = resolution_record_in_transaction(
                        actor=acting_user(request),
                        body=adopt_form.cleaned_data["body"],
                        meeting_date=adopt_form.cleaned_data["meeting_date"],
                        number=adopt_form.cleaned_data["number"],
                        text=adopt_form.cleaned_data["text"],
                    )
                    services.allocation_adopt_in_transaction(
                        actor=acting_user(request), allocation=allocation, resolution=resolution
                    )
                messages.success(request, _("The allocation was adopted and locked."))
                return redirect("budgets:allocation", pk=allocation.pk)
            except ValidationError as exc:
                adopt_form.add_error(None, "; ".join(exc.messages))
    rows = [
        {"line": ln, "terms": [Decimal(ln.terms.get(c[0], "0")) for c in columns], "indent": ln.level != "cluster"}
        for ln in lines
        if ln.level != "tambon"
    ]
    return render(
        request,
        "budgets/allocation.html",
        {
            "allocation": allocation,
            "rows": rows,
            "columns": columns,
            # the weights by their names in the page's language, not the parameters' keys
            "formula_terms": [(_term_label(k), v) for k, v in ((allocation.params or {}).get("weights") or {}).items()],
            "tambon_count": sum(1 for ln in lines if ln.level == "tambon"),
            "adopt_form": adopt_form,
            "siblings": selectors.allocations_for(allocation.programme),
        },
    )


@login_required
def allocation_compare(request: HttpRequest, programme_pk: int) -> HttpResponseBase:
    _require_budget_view(request.user)
    programme = get_object_or_404(Programme, pk=programme_pk)
    wanted = [int(x) for x in request.GET.getlist("ids") if x.isdigit()]
    allocations = list(
        selectors.allocations_for(programme).filter(pk__in=wanted) if wanted else selectors.allocations_for(programme)
    )
    codes: dict[str, str] = {}
    amounts: dict[int, dict[str, Decimal]] = {}
    for a in allocations:
        amounts[a.pk] = {}
        for ln in a.lines.filter(level="province"):
            codes[ln.code] = ln.name
            amounts[a.pk][ln.code] = ln.amount
    table = [
        {"code": code, "name": name, "cells": [amounts[a.pk].get(code) for a in allocations]}
        for code, name in sorted(codes.items())
    ]
    if _wants_xlsx(request):
        return xlsx_response(
            filename=f"{programme.code}-scenarios.xlsx",
            headers=[GROUP_HEADERS["province"], NAME_HEADER, *[a.name for a in allocations]],
            rows=([r["code"], r["name"], *r["cells"]] for r in table),
            actor=acting_user(request),
            model_label="budgets.allocation",
        )
    return render(request, "budgets/compare.html", {"programme": programme, "allocations": allocations, "table": table})


@login_required
def dashboard(request: HttpRequest) -> HttpResponseBase:
    _require_budget_view(request.user)
    fy = _fy(request)
    group_by = request.GET.get("by", "province")
    if group_by not in selectors.GROUPINGS:
        group_by = "province"
    programme = None
    if request.GET.get("programme", "").isdigit():
        programme = get_object_or_404(Programme, pk=int(request.GET["programme"]))
    rows, grand = selectors.dashboard(request.user, fiscal_year=fy, programme=programme, group_by=group_by)
    if _wants_xlsx(request):
        return xlsx_response(
            filename=f"budget-dashboard-{fy}-{group_by}.xlsx",
            headers=[
                GROUP_HEADERS.get(group_by, group_by),
                NAME_HEADER,
                *TOTAL_HEADERS,
                "โครงการที่อนุมัติ / Approved projects",
            ],
            rows=([r.code, r.name, *_total_cells(r.totals), r.totals.projects] for r in rows),
            actor=acting_user(request),
            model_label="budgets.fundbalance",
        )
    return render(
        request,
        "budgets/dashboard.html",
        {
            "rows": rows,
            "grand": grand,
            "fy": fy,
            "years": selectors.fiscal_years(),
            "group_by": group_by,
            "programme": programme,
            "programmes": Programme.objects.filter(fiscal_year=fy) if fy else Programme.objects.none(),
        },
    )
