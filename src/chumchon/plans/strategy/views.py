"""Pages of the strategy work: tag suggestions (htmx), the duplicates queue, the strategy report."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action, can_anywhere
from chumchon.areas.forms import AreaFilterForm, prefer_areas_of
from chumchon.areas.models import Area
from chumchon.audit.exports import xlsx_response
from chumchon.core.pagination import paginate
from chumchon.plans import selectors as plan_selectors
from chumchon.plans.strategy import selectors, services
from chumchon.plans.strategy.models import Scheme, StrategyEntry


def _panel(request: HttpRequest, item_pk: int, text: str | None = None) -> HttpResponse:
    item = plan_selectors.item_get(request.user, item_pk)
    can_write = plan_selectors.can_write(request.user, item.plan)
    if text is None:
        text = selectors.item_text(item)
    context = {
        "item": item,
        "tags": selectors.item_tags(item),
        "suggestions": selectors.suggestions(text, item) if can_write else [],
        "can_write": can_write,
        "text": text,
        "entries": list(selectors.current_entries().order_by("catalogue__scheme", "position")) if can_write else [],
    }
    return render(request, "plans/strategy/_tags.html", context)


@login_required
def tags_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The item's tags and suggestions; POSTed with the form's text while the item is being written."""
    if request.method == "POST" and "decide" not in request.POST:
        fields = ("title", "problem", "objective", "target_group", "activities")
        text = " ".join(request.POST.get(f, "") for f in fields if request.POST.get(f))
        return _panel(request, pk, text)
    return _panel(request, pk)


@login_required
@require_POST
def suggestion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = plan_selectors.item_get(request.user, pk)
    entry = get_object_or_404(StrategyEntry, pk=request.POST.get("entry"))
    try:
        score = float(request.POST.get("score", "0"))
    except ValueError:
        score = 0.0
    try:
        services.suggestion_decide(
            actor=acting_user(request),
            item=item,
            entry=entry,
            accept=request.POST.get("decide") == "accept",
            score=score,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _panel(request, pk, request.POST.get("text") or None)


@login_required
@require_POST
def tag_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = plan_selectors.item_get(request.user, pk)
    entry = get_object_or_404(selectors.current_entries(), pk=request.POST.get("entry"))
    services.item_tag_add(actor=acting_user(request), item=item, entry=entry)
    return _panel(request, pk)


@login_required
@require_POST
def tag_remove(request: HttpRequest, pk: int, tag_pk: int) -> HttpResponse:
    item = plan_selectors.item_get(request.user, pk)
    tag = get_object_or_404(item.tags, pk=tag_pk)
    services.item_tag_remove(actor=acting_user(request), tag=tag)
    return _panel(request, pk)


def _area_choices(user: object) -> list[Area]:
    """The provinces and districts the user consolidates (for the queue's area filter)."""
    prefixes = selectors.consolidation_prefixes(user)
    if "" in prefixes:  # national: the provinces
        return list(Area.objects.filter(code__regex=r"^\d{2}$").order_by("code"))
    out = list(Area.objects.filter(code__in=[p for p in prefixes if len(p) in (2, 4)]).order_by("code"))
    for p in prefixes:
        if len(p) == 2:
            out.extend(Area.objects.filter(code__startswith=p, code__regex=r"^\d{4}$").order_by("code"))
    return out


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    user = request.user
    prefixes = selectors.consolidation_prefixes(user)
    if not prefixes:
        raise Http404
    area = request.GET.get("area", "")
    if area and not any(area.startswith(p) for p in prefixes):
        area = ""
    if request.method == "POST":
        flag = get_object_or_404(selectors.duplicates_queue(user), pk=request.POST.get("flag"))
        try:
            if request.POST.get("decide") == "different":
                services.duplicate_dismiss(actor=acting_user(request), flag=flag)
                messages.success(request, _("Marked as different work."))
            else:
                keep = flag.first if request.POST.get("keep") == str(flag.first_id) else flag.second
                services.duplicate_merge(actor=acting_user(request), flag=flag, keep=keep)
                messages.success(request, _("Merged: the other item now counts as part of the item kept."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(request.get_full_path())
    page = paginate(request, selectors.duplicates_queue(user, area), per_page=20)
    return render(
        request,
        "plans/strategy/duplicates.html",
        {"page": page, "area": area, "areas": _area_choices(user)},
    )


@login_required
@require_POST
def duplicates_scan(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("area", "")
    if not any(code.startswith(p) for p in selectors.consolidation_prefixes(request.user)) or not code:
        raise PermissionDenied(_("You may not consolidate the plans of this area."))
    found = services.duplicates_scan_under(area_code=code, actor=acting_user(request))
    messages.success(request, _("Looked for duplicates: %(n)s new pairs to look at.") % {"n": found})
    return redirect(f"{request.path.rsplit('/scan/', 1)[0]}/?area={code}")


def _report_args(request: HttpRequest) -> tuple[str, str, int | None, AreaFilterForm]:
    scheme = request.GET.get("scheme", Scheme.NESDP)
    if scheme not in Scheme.values:
        scheme = Scheme.NESDP
    form = AreaFilterForm(request.GET if request.GET.get("area") else None)
    prefer_areas_of(form, request.user)
    chosen = form.cleaned_data["area"] if form.is_valid() else None
    area = chosen.code if chosen is not None else ""
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2500 < int(year_text) < 2700 else None
    return scheme, area, year, form


@login_required
def report(request: HttpRequest) -> HttpResponse:
    if not can_anywhere(request.user, Action.PLAN_VIEW):
        raise Http404
    scheme, area, year, form = _report_args(request)
    rows = selectors.report(request.user, scheme=scheme, area_prefix=area, year=year)
    context = {
        "form": form,
        "rows": rows,
        "scheme": scheme,
        "schemes": Scheme.choices,
        "area": area,
        "year": year or "",
        "total_items": sum(r.items for r in rows),
        "total_budget": sum((r.budget for r in rows), Decimal(0)),
        "total_projects": sum(r.projects for r in rows),
        "total_approved": sum((r.approved for r in rows), Decimal(0)),
        "query": request.GET.urlencode(),
    }
    return render(request, "plans/strategy/report.html", context)


@login_required
def report_export(request: HttpRequest) -> HttpResponseBase:
    if not can_anywhere(request.user, Action.PLAN_VIEW):
        raise Http404
    scheme, area, year, _form = _report_args(request)
    rows = selectors.report(request.user, scheme=scheme, area_prefix=area, year=year)
    return xlsx_response(
        filename=f"strategy-{scheme}-{area or 'all'}-{year or 'all'}.xlsx",
        headers=[
            "รหัส / Code",
            "ยุทธศาสตร์ / Strategy",
            "Strategy (English)",
            "จำนวนรายการ / Items",
            "งบประมาณ (บาท) / Budget (baht)",
            "โครงการ / Projects",
            "อนุมัติ (บาท) / Approved (baht)",
        ],
        rows=(
            [r.entry.code, r.entry.name_th, r.entry.name_en, r.items, r.budget, r.projects, r.approved] for r in rows
        ),
        actor=request.user,  # type: ignore[arg-type]
        model_label="plans.itemtag",
        area_code=area,
        sheet_title="ยุทธศาสตร์",
    )
