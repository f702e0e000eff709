"""Public pages (no login): area pages, the cartogram, downloads, the open-data catalogue, feedback.

Thin: every figure comes from ``portal.selectors`` / ``portal.figures`` (through the disclosure
module) and every response body passes ``disclosure.guard_text``.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chumchon.accounts.http import acting_user
from chumchon.areas import cartogram
from chumchon.budgets.models import Programme
from chumchon.core.pagination import paginate
from chumchon.portal import figures, moderation, opendata, pagecache, places, selectors, services
from chumchon.portal.disclosure import Note, guard_text
from chumchon.portal.forms import FeedbackForm, ModerationForm
from chumchon.portal.models import FeedbackStatus
from chumchon.portal.sections import sections
from chumchon.projects.models import Project

# Public pages and downloads are kept this long (per place, query and language) in the cache.
PAGE_CACHE_SECONDS = 60

MEASURES = {
    "headcount_pct": gettext_lazy("Headcount ratio H (%)"),
    "m0": gettext_lazy("Adjusted headcount ratio M0"),
    "target_poor_households": gettext_lazy("Target poor households"),
    "budget_per_household": gettext_lazy("Approved budget per household surveyed (baht)"),
}


def guarded(response: HttpResponse) -> HttpResponse:
    """The last line of defence: a public body never carries a national ID."""
    if not getattr(response, "streaming", False):
        guard_text(response.content.decode(response.charset or "utf-8", errors="replace"))
    response.headers.setdefault("Cache-Control", "public, max-age=60")
    return response


def _fiscal_year(request: HttpRequest) -> int | None:
    value = request.GET.get("fy", "")
    return int(value) if value.isdigit() and 2400 < int(value) < 2700 else None


def _cache_key(kind: str, *parts: str) -> str:
    """A per-process cache key that changes with the public data version (``pagecache.version``)."""
    raw = "|".join((*parts, get_language() or "", pagecache.version()))
    return f"portal:{kind}:" + hashlib.sha256(raw.encode()).hexdigest()


def _place(key: str) -> places.Place:
    cache_key = _cache_key("place", key)
    place = cache.get(cache_key)
    if place is None:
        place = places.place_get(key)
        if place is None:
            raise Http404(_("No such area."))
        cache.set(cache_key, place, PAGE_CACHE_SECONDS)
    return place


def cartogram_context(request: HttpRequest, provinces: list[str] | None = None) -> dict[str, Any]:
    measure = request.GET.get("measure", "headcount_pct")
    if measure not in MEASURES:
        measure = "headcount_pct"
    table = selectors.latest_table()
    names = places.province_names()
    values: dict[str, Decimal | None] = {}
    shown: dict[str, str] = {}
    approved = opendata.approved_by_province() if measure == "budget_per_household" else {}
    for code in cartogram.GRID:
        value: Decimal | None = None
        if table is not None and table.has(code) and (provinces is None or code in provinces):
            if measure == "headcount_pct":
                value = figures.percent(table.headcount_ratio(code))
            elif measure == "m0":
                value = figures.ratio(table.m0(code))
            elif measure == "target_poor_households":
                raw = table.value("target_poor_households", code)
                value = Decimal(raw) if raw is not None else None
            else:
                households = table.value("households", code)
                value = (approved.get(code, Decimal(0)) / households).quantize(Decimal("0.01")) if households else None
        values[code] = value
        shown[code] = f"{value:,}" if value is not None else "—"
    urls = {code: reverse("portal:place", args=[code]) for code in cartogram.GRID}
    tiles, bounds = cartogram.tiles(names, values, shown, urls)
    width, height = cartogram.size()
    return {
        "tiles": tiles,
        "bounds": bounds,
        "palette": [
            (cartogram.PALETTE[round(i * (len(cartogram.PALETTE) - 1) / max(len(bounds) - 1, 1))], b)
            for i, b in enumerate(bounds)
        ],
        "map_width": width,
        "map_height": height,
        "tile": cartogram.TILE,
        "measure": measure,
        "measure_label": str(MEASURES[measure]),
        "measures": [(k, str(v)) for k, v in MEASURES.items()],
        "map_rows": sorted(tiles, key=lambda t: t.code),
    }


def _page(request: HttpRequest, place: places.Place) -> HttpResponse:
    """The page shell (menu, language switch with its CSRF token, messages) is rendered per request; the
    body — every figure — is kept in this process for a minute per place, query, language and data version
    (what logged-in users see; anonymous visitors get the whole page from ``pagecache``)."""
    key = _cache_key("body", place.key, request.GET.urlencode())
    body = cache.get(key)
    if body is None:
        body = _body(request, place)
        cache.set(key, body, PAGE_CACHE_SECONDS)
    return guarded(render(request, "portal/place.html", {"place": place, "body": mark_safe(body)}))


def _body(request: HttpRequest, place: places.Place) -> str:
    fiscal_year = _fiscal_year(request)
    blocks = []
    note = Note()
    for section in sections():
        table = section.build(place, fiscal_year)
        note.primary += table.note.primary
        note.secondary += table.note.secondary
        page = paginate(request, table.rows, 20, param=f"{section.key}_page") if table.paginate else None
        blocks.append(
            {
                "section": section,
                "table": table,
                "page": page,
                "rows": page.object_list if page else table.rows,
                "page_param": f"{section.key}_page",
            }
        )
    context: dict[str, Any] = {
        "place": place,
        "blocks": blocks,
        "note": note,
        "fiscal_year": fiscal_year,
        "fiscal_years": sorted(set(Programme.objects.values_list("fiscal_year", flat=True)), reverse=True),
        "feedback": moderation.published_for(place.key)[:20],
        "clusters": places.clusters() if place.kind == "nation" else [],
        "rounds": figures.ready_rounds(),
    }
    if place.kind in ("nation", "region", "cluster"):
        context.update(cartogram_context(request, None if place.kind == "nation" else place.prefixes))
    return render_to_string("portal/_place_body.html", context, request=request)


@pagecache.public_cache
def home(request: HttpRequest) -> HttpResponse:
    return _page(request, places.nation())


@pagecache.public_cache
def place(request: HttpRequest, key: str) -> HttpResponse:
    if key == places.NATION:
        return redirect("portal:home")
    return _page(request, _place(key))


@pagecache.public_cache
def project(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(
        Project.objects.select_related("programme", "area", "proposer", "approval_resolution__body"),
        pk=pk,
        status__in=selectors.PUBLIC_STATUSES,
    )
    row = selectors.project_rows([obj])[0]
    return guarded(
        render(
            request,
            "portal/project.html",
            {
                "project": obj,
                "row": row,
                "indicators": obj.indicators.all(),
                "feedback": moderation.published_for("", obj.pk)[:20],
                "place": _place(obj.area.code[:6]) if len(obj.area.code) >= 6 else _place(obj.area.code),
            },
        )
    )


@pagecache.public_cache
def download(request: HttpRequest, key: str, section: str, fmt: str) -> HttpResponse:
    """A dataset for one place (and fiscal year); kept in the cache for a minute like the pages."""
    cache_key = _cache_key("download", key, section, fmt, request.GET.urlencode())
    response = cache.get(cache_key)
    if response is None:
        response = opendata.download(_place(key), section, fmt, _fiscal_year(request))
        if response is None:
            raise Http404(_("No such dataset."))
        guarded(response)
        cache.set(cache_key, response, PAGE_CACHE_SECONDS)
    return response


@pagecache.public_cache
def catalogue(request: HttpRequest) -> HttpResponse:
    return guarded(opendata.dcat_response(request))


@pagecache.public_cache
def iati(request: HttpRequest, key: str) -> HttpResponse:
    return guarded(opendata.iati_response(_place(key), _fiscal_year(request), request))


@pagecache.public_cache
def opendata_page(request: HttpRequest) -> HttpResponse:
    return guarded(render(request, "portal/opendata.html", {"sections": sections(), "nation": places.nation()}))


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    project_obj = None
    project_id = request.GET.get("project", "") or request.POST.get("project", "")
    if project_id.isdigit():
        project_obj = get_object_or_404(Project, pk=int(project_id), status__in=selectors.PUBLIC_STATUSES)
        place = _place(project_obj.area.code[:6])
    else:
        place = _place(request.GET.get("place", "") or request.POST.get("place", "") or places.NATION)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):  # the hidden field only robots fill
            return redirect("portal:place", key=place.key)
        try:
            services.feedback_submit(
                place_key=place.key,
                area_code=place.key if place.is_area else "",
                message=form.cleaned_data["message"],
                address=request.META.get("REMOTE_ADDR", ""),
                project=project_obj,
            )
        except ValidationError as error:
            form.add_error("message", error)
        else:
            messages.success(request, _("Thank you. Your message will appear once the area's staff have read it."))
            if project_obj is not None:
                return redirect("portal:project", pk=project_obj.pk)
            return redirect("portal:place", key=place.key)
    return guarded(render(request, "portal/feedback.html", {"form": form, "place": place, "project": project_obj}))


@require_http_methods(["GET", "POST"])
def moderation_page(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    rows = moderation.moderatable(user)
    status = request.GET.get("status", FeedbackStatus.PENDING)
    if status in FeedbackStatus.values:
        rows = rows.filter(status=status)
    if request.method == "POST":
        item = get_object_or_404(moderation.moderatable(user), pk=request.POST.get("feedback", "0") or 0)
        form = ModerationForm(request.POST)
        if form.is_valid():
            try:
                services.feedback_moderate(
                    feedback=item,
                    publish=form.cleaned_data["decision"] == "publish",
                    reply=form.cleaned_data["reply"],
                    actor=user,
                )
            except ValidationError as error:
                messages.error(request, "; ".join(error.messages))
            else:
                messages.success(request, _("Saved."))
        return redirect(reverse("portal:moderation") + f"?status={status}")
    page = paginate(request, rows)
    return render(
        request,
        "portal/moderation.html",
        {"page": page, "status": status, "statuses": FeedbackStatus.choices, "form": ModerationForm()},
    )
