"""Plans pages: thin — parse input, call one service or selector, render."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action, can, can_anywhere
from chumchon.areas.forms import prefer_areas_of
from chumchon.audit.exports import xlsx_response
from chumchon.core.exports import XLSX_CONTENT_TYPE
from chumchon.core.forms import add_service_error
from chumchon.core.pagination import paginate
from chumchon.core.tabular import error_report_bytes
from chumchon.core.uploads import upload_on_disk
from chumchon.plans import forms, imports, selectors, services
from chumchon.plans.models import ANSWERED, PlanProposal, ProposalStatus
from chumchon.plans.rules import may_write_charter, writable_kinds
from chumchon.plans.strategy import selectors as strategy_selectors


def _refuse_write(request: HttpRequest, plan: Any) -> None:
    if not selectors.can_write(request.user, plan):
        raise PermissionDenied(
            "คุณไม่มีสิทธิ์เขียนแผนนี้ / You may not write this plan (the owning side's roles in its area write it)."
        )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form = forms.PlanFilterForm(request.GET or None)
    prefer_areas_of(form, request.user)
    filters: dict[str, Any] = {}
    if form.is_valid():
        d = form.cleaned_data
        filters = {
            "area_code": d["area"].code if d.get("area") else "",
            "level": d.get("level") or "",
            "kind": d.get("kind") or "",
        }
    qs = selectors.plan_list(request.user, **filters)
    page = paginate(request, qs)
    context = {
        "form": form,
        "page": page,
        "can_create": bool(writable_kinds(request.user)) and can_anywhere(request.user, Action.PLAN_EDIT),
        "charters": list(selectors.charters_visible(request.user)[:10]),
        "can_record_charter": bool(selectors.charter_bodies(request.user)),
        "can_consolidate": bool(strategy_selectors.consolidation_prefixes(request.user)),
    }
    return render(request, "plans/index.html", context)


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    kinds = writable_kinds(request.user)
    if not kinds or not can_anywhere(request.user, Action.PLAN_EDIT):
        raise PermissionDenied("คุณไม่มีสิทธิ์สร้างแผน / You may not create plans.")
    bodies = selectors.owner_bodies(request.user)
    form = forms.PlanForm(request.POST or None, kinds=kinds, bodies=bodies)
    prefer_areas_of(form, request.user)
    if request.method == "GET":
        first = bodies.filter(area__isnull=False).first()
        if first is not None and first.area is not None:
            form.initial["area_code"] = first.area.code
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = services.plan_create(
                actor=acting_user(request),
                title=d["title"],
                level=d["level"],
                kind=d["kind"],
                owner=d["owner"],
                area=d["area_code"],
                start_year_be=d["start_year_be"],
                end_year_be=d["end_year_be"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Plan created. Add its items."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/form.html", {"form": form, "title": _("New plan")})


def _plan_context(request: HttpRequest, plan: Any) -> dict[str, Any]:
    items = list(selectors.plan_items(plan))
    counts = selectors.target_households(items)
    projects = selectors.item_projects(request.user, [i.pk for i in items])
    up = {
        p.item_id: p
        for p in PlanProposal.objects.filter(item__plan=plan).select_related("to_plan").order_by("proposed_at")
    }
    rows: list[dict[str, Any]] = [
        {
            "item": i,
            "count": counts.get(i.pk),
            "total": sum((b.amount for b in i.budgets.all()), Decimal(0)),
            "budgets": {b.fiscal_year_be: b.amount for b in i.budgets.all()},
            "proposal": up.get(i.pk),
            "projects": projects.get(i.pk, []),
        }
        for i in items
    ]
    for r in rows:
        r["by_year"] = [r["budgets"].get(y) for y in plan.years]
    coverage = selectors.coverage(plan)
    return {
        "plan": plan,
        "rows": rows,
        "versions": list(plan.versions.select_related("adopted_by", "resolution__body").order_by("sequence")),
        "budget_by_year": selectors.budget_by_year(plan),
        "grand_total": sum((t for _, t in selectors.budget_by_year(plan)), Decimal(0)),
        "coverage": coverage,
        "covered_rows": [(r["item"], coverage.by_item.get(r["item"].pk, [])) for r in rows],
        "can_write": selectors.can_write(request.user, plan),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    context = _plan_context(request, plan)
    context["events"] = list(selectors.plan_events(plan)[:20])
    # A version's resolution links to its page where the viewer may see that body's meetings.
    context["seen_bodies"] = {
        v.resolution.body_id
        for v in context["versions"]
        if v.resolution is not None and can(request.user, Action.MEETING_VIEW, v.resolution.body)
    }
    return render(request, "plans/detail.html", context)


@login_required
def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    return render(request, "plans/print.html", _plan_context(request, plan))


@login_required
def plan_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    plan = selectors.plan_get(request.user, pk)
    return xlsx_response(
        filename=f"plan-{plan.pk}.xlsx",
        headers=imports.export_headers(plan),
        rows=imports.export_rows(plan),
        actor=request.user,  # type: ignore[arg-type]
        model_label="plans.plan",
        area_code=plan.area_code,
        sheet_title="แผน",
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    years = [int(y) for y in request.GET.getlist("year") if y.isdigit()][:10] or [2567, 2568, 2569, 2570]
    response = HttpResponse(imports.template_bytes(years), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="plan-template.xlsx"'
    return response


@login_required
def plan_import(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    _refuse_write(request, plan)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with upload_on_disk(upload) as path:
            result = imports.items_import(actor=acting_user(request), plan=plan, path=path, filename=upload.name)
        if result.ok:
            messages.success(request, _("%(n)d items imported.") % {"n": len(result.items)})
            return redirect("plans:detail", pk=plan.pk)
    error_csv = base64.b64encode(error_report_bytes(result.errors)).decode() if result and result.errors else ""
    return render(
        request,
        "plans/import.html",
        {"form": form, "plan": plan, "result": result, "error_csv": error_csv, "specs": imports.SPECS},
    )


def _item_form_initial(item: Any) -> dict[str, Any]:
    initial = {
        f: getattr(item, f)
        for f in ("title", "problem", "objective", "target_group", "dimension", "activities", "budget_source")
    }
    initial.update(
        {
            "area_code": item.area.code if item.area else "",
            "responsible_text": item.responsible_text,
            "status": item.status,
        }
    )
    for b in item.budgets.all():
        initial[f"budget_{b.fiscal_year_be}"] = b.amount
    indicator = item.indicators.first()
    if indicator is not None:
        initial.update(
            {
                "indicator_name": indicator.name,
                "indicator_unit": indicator.unit,
                "indicator_baseline": indicator.baseline,
            }
        )
        for y, v in indicator.targets.items():
            initial[f"target_{y}"] = Decimal(v)
    return initial


def _indicators(form: forms.ItemForm) -> list[services.IndicatorInput]:
    d = form.cleaned_data
    if not (d.get("indicator_name") or "").strip():
        return []
    return [
        services.IndicatorInput(
            d["indicator_name"], d.get("indicator_unit") or "", d.get("indicator_baseline"), form.targets()
        )
    ]


@login_required
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    _refuse_write(request, plan)
    form = forms.ItemForm(request.POST or None, years=plan.years)
    prefer_areas_of(form, request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = services.item_create(
                actor=acting_user(request),
                plan=plan,
                title=d["title"],
                problem=d["problem"],
                objective=d["objective"],
                target_group=d["target_group"],
                area=d["area_code"],
                dimension=d["dimension"],
                activities=d["activities"],
                budget_source=d["budget_source"],
                responsible_text=d["responsible_text"],
                budgets=form.budgets(),
                indicators=_indicators(form),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Item added to the plan."))
            return redirect("plans:item", pk=item.pk)
    return render(request, "plans/form.html", {"form": form, "title": _("New plan item"), "plan": plan})


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(request.user, pk)
    _refuse_write(request, item.plan)
    form = forms.ItemForm(request.POST or None, years=item.plan.years, initial=_item_form_initial(item))
    prefer_areas_of(form, request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changes = {
            f: d[f]
            for f in (
                "title",
                "problem",
                "objective",
                "target_group",
                "dimension",
                "activities",
                "budget_source",
                "responsible_text",
                "status",
            )
        }
        try:
            services.item_update(
                item=item,
                actor=acting_user(request),
                area=d["area_code"],
                budgets=form.budgets(),
                indicators=_indicators(form),
                **changes,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Item saved."))
            return redirect("plans:item", pk=item.pk)
    return render(
        request, "plans/form.html", {"form": form, "title": _("Edit plan item"), "plan": item.plan, "item": item}
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(request.user, pk)
    can_write = selectors.can_write(request.user, item.plan)
    receivers = selectors.receiving_plans(request.user, item) if can_write else []
    budgets = list(item.budgets.order_by("fiscal_year_be"))
    context = {
        "item": item,
        "plan": item.plan,
        "count": selectors.target_households_of(item),
        "budgets": budgets,
        "total": sum((b.amount for b in budgets), Decimal(0)),
        "indicators": list(item.indicators.all()),
        "proposals": list(selectors.proposals_of_item(item)),
        "covers": list(selectors.covered_by_item(item)),
        "projects": selectors.item_projects(request.user, [item.pk]).get(item.pk, []),
        "project_url": selectors.project_proposal_url(request.user, item),
        "can_write": can_write,
        "propose_form": forms.ProposeForm(plans=receivers) if receivers else None,
    }
    return render(request, "plans/item.html", context)


@login_required
@require_POST
def item_propose(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(request.user, pk)
    _refuse_write(request, item.plan)
    receivers = selectors.receiving_plans(request.user, item)
    form = forms.ProposeForm(request.POST, plans=receivers)
    if form.is_valid():
        to_plan = next(p for p in receivers if p.pk == form.cleaned_data["to_plan"])
        try:
            services.proposal_make(
                actor=acting_user(request), item=item, to_plan=to_plan, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Item proposed to %(plan)s.") % {"plan": to_plan})
    else:
        messages.error(request, _("Choose the plan to propose the item to."))
    return redirect("plans:item", pk=item.pk)


TODOS = {"answer": "Awaiting your answer", "answered": "Answers to your proposals"}


@login_required
def proposals(request: HttpRequest) -> HttpResponse:
    todo = request.GET.get("todo", "answer")
    if todo == "answered":
        qs = selectors.answers_to_note(request.user).order_by("-answered_at", "-id")
        heading = _("Answers to the plan items you proposed upward")
    else:
        todo = "answer"
        qs = selectors.proposals_to_answer(request.user).order_by("proposed_at", "id")
        heading = _("Plan items proposed to your plans, awaiting your answer")
    page = paginate(request, qs)
    return render(request, "plans/proposals.html", {"page": page, "todo": todo, "heading": heading})


@login_required
def proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(request.user, pk)
    _refuse_write(request, proposal.to_plan)
    items = proposal.to_plan.items.order_by("number")
    form = forms.AnswerForm(request.POST or None, items=items)
    if proposal.status != ProposalStatus.PENDING:
        messages.info(request, _("This proposal has already been answered."))
        return redirect("plans:detail", pk=proposal.to_plan_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actor = acting_user(request)
        try:
            if d["answer"] == "accept":
                services.proposal_accept(actor=actor, proposal=proposal, reason=d["reason"])
            elif d["answer"] == "merge":
                services.proposal_merge(actor=actor, proposal=proposal, into_item=d["into_item"], reason=d["reason"])
            else:
                services.proposal_decline(actor=actor, proposal=proposal, reason=d["reason"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Answer recorded."))
            return redirect("plans:detail", pk=proposal.to_plan_id)
    count = selectors.target_households_of(proposal.item)
    return render(request, "plans/answer.html", {"form": form, "proposal": proposal, "count": count})


@login_required
@require_POST
def proposal_note(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(request.user, pk)
    if proposal.status not in ANSWERED:
        messages.error(request, _("This proposal has no answer yet."))
    else:
        _refuse_write(request, proposal.item.plan)
        services.proposal_note(actor=acting_user(request), proposal=proposal)
        messages.success(request, _("Answer noted."))
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) or not target.startswith("/"):
        target = reverse("plans:proposals")
    return redirect(target)


@login_required
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    _refuse_write(request, plan)
    form = forms.VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.version_record(
                actor=acting_user(request),
                plan=plan,
                kind=d["kind"],
                number=d["number"],
                year_be=d["year_be"],
                adopted_on=d["adopted_on"],
                adopted_by=plan.owner,
                resolution_text=d["resolution_text"],
                note=d["note"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Version recorded."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/form.html", {"form": form, "title": _("Record adoption or amendment"), "plan": plan})


@login_required
def charter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    charter = selectors.charter_get(request.user, pk)
    context = {
        "charter": charter,
        "rules": list(charter.rules.all()),
        "can_write": may_write_charter(request.user, charter.body),
    }
    return render(request, "plans/charter.html", context)


@login_required
def charter_create(request: HttpRequest) -> HttpResponse:
    bodies = selectors.charter_bodies(request.user)
    if not bodies:
        raise PermissionDenied(
            "คุณไม่มีสิทธิ์บันทึกธรรมนูญตำบล / You may not record a tambon charter (who writes the council's plans does)."
        )
    form = forms.CharterForm(request.POST or None, request.FILES or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            charter = services.charter_create(
                actor=acting_user(request),
                body=d["body"],
                title=d["title"] or "",
                rules=form.rule_lines(),
                adopted_on=d.get("adopted_on"),
                document=d.get("document"),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Tambon charter recorded."))
            return redirect("plans:charter", pk=charter.pk)
    return render(request, "plans/charter_form.html", {"form": form, "title": _("Record a tambon charter")})


@login_required
def charter_rules(request: HttpRequest, pk: int) -> HttpResponse:
    charter = selectors.charter_get(request.user, pk)
    if not may_write_charter(request.user, charter.body):
        raise PermissionDenied(
            "คุณไม่มีสิทธิ์แก้ไขธรรมนูญนี้ / You may not amend this charter (who writes the council's plans does)."
        )
    initial = {"rules": "\n".join(r.text for r in charter.rules.all())}
    form = forms.CharterRulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.charter_rules_set(actor=acting_user(request), charter=charter, rules=form.rule_lines())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Rules of the charter saved."))
            return redirect("plans:charter", pk=charter.pk)
    return render(
        request,
        "plans/charter_form.html",
        {"form": form, "title": _("Add or amend the rules"), "charter": charter},
    )
