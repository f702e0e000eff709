"""Thin views over organizations.selectors and organizations.services."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.areas.forms import AreaFilterForm, prefer_areas_of
from chumchon.audit.exports import xlsx_response
from chumchon.audit.selectors import change_rows, record_type_label
from chumchon.core.tabular import error_report_bytes
from chumchon.core.thai import be_year
from chumchon.core.uploads import upload_on_disk
from chumchon.organizations import imports, selectors, services, welfare
from chumchon.organizations.forms import (
    BodyForm,
    LeaderForm,
    RegistryImportForm,
    WelfareBenefitForm,
    WelfareYearForm,
)
from chumchon.organizations.links import body_page_links
from chumchon.organizations.models import COMMITTEE_KINDS, COUNCIL_KINDS, Body, BodyKind, BodyLeader, BodyStatus


def _body_or_404(request: HttpRequest, pk: int) -> Body:
    body = selectors.body_get(pk)
    if body is None:
        raise Http404("ไม่พบองค์กร / Body not found")
    permissions.require_read(request.user, Action.ORG_VIEW, body)
    return body


def _body_for_write(request: HttpRequest, pk: int) -> Body:
    """A body to change: one the user cannot even see looks missing (404, GET or POST alike: a write
    out of scope answers as for a body that does not exist); one seen but not editable is refused (403)."""
    body = selectors.body_get(pk)
    if body is None:
        raise Http404("ไม่พบองค์กร / Body not found")
    permissions.require_read(request.user, Action.ORG_VIEW, body)
    permissions.require_write(request.user, Action.ORG_EDIT, body)
    return body


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = "area_code" if field == "area" else field
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _area_filter(request: HttpRequest) -> AreaFilterForm:
    form = AreaFilterForm(request.GET if request.GET.get("area") else None)
    prefer_areas_of(form, request.user)
    return form


def _filters(request: HttpRequest) -> dict[str, Any]:
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    area_form = _area_filter(request)
    area = area_form.cleaned_data["area"] if area_form.is_valid() else None
    return {
        "kind": kind if kind in BodyKind.values else "",
        "status": status if status in BodyStatus.values else "",
        "area_code": area.code if area is not None else "",
        "area_form": area_form,
        "q": request.GET.get("q", "").strip()[:200],
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The registry (ทะเบียนองค์กร): every body the user may see, filtered by kind, area, status and name."""
    f = _filters(request)
    qs = selectors.body_list(request.user, kind=f["kind"], q=f["q"], area_code=f["area_code"], status=f["status"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/index.html",
        {
            "page": page,
            **f,
            "kinds": BodyKind.choices,
            "statuses": BodyStatus.choices,
            "can_create": permissions.can_anywhere(request.user, Action.ORG_EDIT),
            "export_query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
        },
    )


@login_required
def export(request: HttpRequest) -> HttpResponseBase:
    """The registry as filtered, in Excel (the columns the import reads; the export is audited)."""
    f = _filters(request)
    qs = selectors.body_list(
        request.user,
        kind=f["kind"],
        q=f["q"],
        area_code=f["area_code"],
        status=f["status"],
        registry_only=not f["kind"],
    ).select_related("member_of")
    return xlsx_response(
        filename="organisation-registry.xlsx",
        headers=imports.EXPORT_HEADERS,
        rows=imports.export_rows(qs.iterator(chunk_size=2000)),
        actor=acting_user(request),
        model_label="organizations.body",
        area_code=f["area_code"],
        sheet_title="registry",
    )


@login_required
def registry_import(request: HttpRequest) -> HttpResponse:
    if not permissions.can_anywhere(request.user, Action.ORG_EDIT):
        permissions.require_write(request.user, Action.ORG_EDIT, "")  # 403 with the reason
    form = RegistryImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with upload_on_disk(upload) as path:
            result = imports.registry_import(path=path, actor=acting_user(request), filename=upload.name)
        if result.ok:
            messages.success(
                request,
                _("Registry imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("organizations:index")
    error_csv = base64.b64encode(error_report_bytes(result.errors)).decode() if result and result.errors else ""
    return render(
        request,
        "organizations/import.html",
        {"form": form, "result": result, "specs": imports.SPECS, "error_csv": error_csv},
        status=400 if result is not None and not result.ok else 200,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_or_404(request, pk)
    return render(request, "organizations/detail.html", _detail_context(request, body))


def _detail_context(request: HttpRequest, body: Body, **extra: Any) -> dict[str, Any]:
    can_edit = permissions.can(request.user, Action.ORG_EDIT, body)
    leaders, ids_in_clear = selectors.leaders_of(body, request.user, actor=acting_user(request))
    context = {
        "body": body,
        "can_edit": can_edit,
        "is_committee": body.kind in COMMITTEE_KINDS,
        "is_council": body.kind in COUNCIL_KINDS,
        "is_fund": body.kind == BodyKind.WELFARE_FUND,
        "links": body_page_links(request.user, body),
        "leaders": leaders,
        "ids_in_clear": ids_in_clear,
        "leader_form": LeaderForm() if can_edit else None,
        "members": selectors.member_organisations(body, request.user)[:200] if body.kind in COUNCIL_KINDS else [],
        "can_see_history": can_edit or permissions.can(request.user, Action.AUDIT_VIEW, body),
    }
    context.update(extra)
    return context


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_anywhere(request.user, Action.ORG_EDIT):
        permissions.require_write(request.user, Action.ORG_EDIT, "")  # 403 with the reason
    form = BodyForm(request.POST or None)
    prefer_areas_of(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(actor=acting_user(request), **form.service_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("organizations:detail", pk=body.pk)
    return render(request, "organizations/form.html", {"form": form, "body": None})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_for_write(request, pk)
    form = BodyForm(request.POST or None, initial=BodyForm.initial_for(body))
    prefer_areas_of(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(body=body, actor=acting_user(request), **form.service_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("organizations:detail", pk=body.pk)
    return render(request, "organizations/form.html", {"form": form, "body": body})


@login_required
def leader_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_for_write(request, pk)
    form = LeaderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leader_add(body=body, actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("organizations:detail", pk=body.pk)
    return render(
        request,
        "organizations/detail.html",
        _detail_context(request, body, leader_form=form),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def leader_remove(request: HttpRequest, pk: int, leader_pk: int) -> HttpResponse:
    body = _body_for_write(request, pk)
    leader = get_object_or_404(BodyLeader, pk=leader_pk, body=body)
    services.leader_remove(leader=leader, actor=acting_user(request))
    messages.success(request, _("Removed."))
    return redirect("organizations:detail", pk=body.pk)


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every audited change of the body, its leaders and its figures (for those who may edit or audit it)."""
    body = _body_or_404(request, pk)
    if not permissions.can(request.user, Action.AUDIT_VIEW, body):
        permissions.require_write(request.user, Action.ORG_EDIT, body)
    page = Paginator(selectors.body_history(body), 30).get_page(request.GET.get("page"))
    rows = [(event, change_rows(event), record_type_label(event.model_label)) for event in page]
    return render(request, "organizations/history.html", {"body": body, "page": page, "rows": rows})


# --- Welfare funds


def _fund_or_404(request: HttpRequest, pk: int) -> Body:
    body = _body_or_404(request, pk)
    if body.kind != BodyKind.WELFARE_FUND:
        raise Http404("ไม่ใช่กองทุนสวัสดิการชุมชน / Not a welfare fund")
    return body


@login_required
def welfare_fund(request: HttpRequest, pk: int) -> HttpResponse:
    """A fund's yearly figures; its committee records a year's figures and the benefits paid."""
    fund = _fund_or_404(request, pk)
    can_edit = permissions.can(request.user, Action.ORG_EDIT, fund)
    year_form = WelfareYearForm(prefix="y", initial={"year": be_year(timezone.localdate().year)})
    benefit_form = WelfareBenefitForm(prefix="b", initial={"year": be_year(timezone.localdate().year)})
    status = 200
    if request.method == "POST":
        permissions.require_write(request.user, Action.ORG_EDIT, fund)
        if "y-year" in request.POST:
            year_form = WelfareYearForm(request.POST, prefix="y")
            if year_form.is_valid():
                try:
                    services.welfare_year_save(fund=fund, actor=acting_user(request), **year_form.service_kwargs())
                except ValidationError as exc:
                    year_form.add_error(None, exc.messages)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("organizations:welfare_fund", pk=fund.pk)
        else:
            benefit_form = WelfareBenefitForm(request.POST, prefix="b")
            if benefit_form.is_valid():
                try:
                    services.welfare_benefit_pay(fund=fund, actor=acting_user(request), **benefit_form.cleaned_data)
                except ValidationError as exc:
                    benefit_form.add_error(None, exc.messages)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("organizations:welfare_fund", pk=fund.pk)
        status = 400
    years = list(reversed(selectors.fund_years(fund)))
    return render(
        request,
        "organizations/welfare_fund.html",
        {
            "fund": fund,
            "years": years,
            "can_edit": can_edit,
            "year_form": year_form if can_edit else None,
            "benefit_form": benefit_form if can_edit else None,
            "admin_cap_pct": int(welfare.ADMIN_SHARE_CAP * 100),
        },
        status=status,
    )


@login_required
def welfare_rollup(request: HttpRequest) -> HttpResponse:
    """Welfare funds summed over an area (nation, region, province, district, tambon) for one year."""
    scope = selectors.WelfareScope.resolve(request.GET.get("scope"), request.user)
    if scope is None:
        raise Http404("ไม่พบพื้นที่ / Area not found")
    permissions.require_read(request.user, Action.ORG_VIEW, scope.prefixes)
    years = selectors.welfare_years(scope.prefixes)
    try:
        year = int(request.GET.get("year") or (years[0] if years else be_year(timezone.localdate().year)))
    except ValueError:
        year = years[0] if years else be_year(timezone.localdate().year)
    total, rows = selectors.welfare_rollup(scope.prefixes, year, group_by=scope.group_by())
    return render(
        request,
        "organizations/welfare_rollup.html",
        {
            "scope": scope,
            "year": year,
            "years": years,
            "total": total,
            "rows": rows,
            "target": selectors.national_target(year) if scope.is_nation else None,
            "national_target": welfare.NATIONAL_TARGET,
        },
    )
