"""Area pages (thin: permission check, selector, template)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from chumchon.areas import selectors, services
from chumchon.areas.models import AreaLevel, CodiRegion, ProvincialCluster
from chumchon.core import access as permissions
from chumchon.core.access import Action
from chumchon.core.fragments import Fragment
from chumchon.core.links import link_maker


def _search_results(request: HttpRequest) -> tuple[str, list, str]:
    """The ?q= search, narrowed to what the user may see; (query, results, error)."""
    query = request.GET.get("q", "").strip()
    if not query:
        return "", [], ""
    try:
        found = selectors.area_lookup(query)
    except selectors.AreaNotFound as exc:
        return query, [], str(exc)
    return query, [a for a in found if permissions.can(request.user, Action.AREA_VIEW, a)], ""


def _search_context(request: HttpRequest) -> dict:
    query, results, error = _search_results(request)
    return {"q": query, "results": results, "search_error": error}


@login_required
def nation(request: HttpRequest) -> HttpResponse:
    """The whole country: regions, clusters and provinces (national scope only)."""
    permissions.require_read(request.user, Action.AREA_VIEW, "")
    return render(
        request,
        "areas/nation.html",
        {
            "regions": selectors.regions().prefetch_related("provinces"),
            "clusters": selectors.clusters().prefetch_related("provinces"),
            "children": _linked(selectors.area_children_with_counts(None)),
            **_search_context(request),
        },
    )


@login_required
def search(request: HttpRequest) -> HttpResponse:
    return render(request, "areas/search.html", _search_context(request))


@login_required
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(CodiRegion, code=code)
    provinces = list(selectors.region_provinces(region))
    permissions.require_read(request.user, Action.AREA_VIEW, [p.code for p in provinces] or [""])
    return render(
        request,
        "areas/grouping_detail.html",
        {"grouping": region, "kind": "region", "provinces": _province_rows(provinces), **_search_context(request)},
    )


@login_required
def cluster_detail(request: HttpRequest, code: str) -> HttpResponse:
    cluster = get_object_or_404(ProvincialCluster, code=code)
    provinces = list(selectors.cluster_provinces(cluster))
    permissions.require_read(request.user, Action.AREA_VIEW, [p.code for p in provinces] or [""])
    return render(
        request,
        "areas/grouping_detail.html",
        {"grouping": cluster, "kind": "cluster", "provinces": _province_rows(provinces), **_search_context(request)},
    )


def _may_open_grouping(request: HttpRequest, grouping: CodiRegion | ProvincialCluster) -> bool:
    """The same test region_detail and cluster_detail apply: read access to all of its provinces (their
    codes from the request's groupings, no query)."""
    return permissions.can(request.user, Action.AREA_VIEW, list(grouping.scope_codes) or [""])


def _province_rows(provinces: list) -> list[selectors.ChildRow]:
    codes = frozenset(p.code for p in provinces)
    return _linked(selectors.area_children_with_counts(None, prefixes=codes))


def _linked(rows: list[selectors.ChildRow]) -> list[selectors.ChildRow]:
    """The rows with their areas' links, the pattern reversed once (``core.links``; was one ``reverse`` a row:
    77 on the nation's page)."""
    link = link_maker("areas:detail", mark="99999999")  # the pattern takes digits only
    for row in rows:
        row.url = link(row.area.code)
    return rows


@login_required
def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    # Its ancestors come with it, with their groupings: the province is one.
    area, crumbs = selectors.area_with_breadcrumb(code)
    if area is None:
        raise Http404("ไม่พบพื้นที่ / Area not found")
    permissions.require_read(request.user, Action.AREA_VIEW, area)
    # The summary providers read most apps: the kept page (core.fragments) depends on every app's data.
    fragment = Fragment(request, "areas.detail", apps=None, parts=("breadcrumb", "content"))
    if fragment.hit:
        return render(request, "areas/area_detail.html", {"area": area, "fragment": fragment})
    province = (
        area
        if area.level == AreaLevel.PROVINCE
        else next((a for a in crumbs if a.code == area.province_code), None) or selectors.area_get(area.province_code)
    )
    # The breadcrumb names every level above, but links only those this user may open: a tambon
    # secretary sees "ภาค 5 › กลุ่มจังหวัด … › ฉะเชิงเทรา" as plain names (their scope is the tambon;
    # opening the region would show other provinces' counts), never a link that answers 404.
    region = province.codi_region if province else None
    cluster = province.cluster if province else None
    return render(
        request,
        "areas/area_detail.html",
        {
            "area": area,
            "province": province,
            "breadcrumb": [(a, permissions.can(request.user, Action.AREA_VIEW, a)) for a in crumbs],
            "region_link": region is not None and _may_open_grouping(request, region),
            "cluster_link": cluster is not None and _may_open_grouping(request, cluster),
            "children": _linked(selectors.area_children_with_counts(area)),
            "summary": selectors.area_summary(area, request.user),
            "local_governments": selectors.local_governments_of(area)[:50],
            "bodies": selectors.bodies_at_area(area, request.user),
            "can_view_nation": permissions.can(request.user, Action.AREA_VIEW, ""),
            **_search_context(request),
            "fragment": fragment,
        },
    )


@login_required
@require_POST
def areas_reload(request: HttpRequest) -> HttpResponse:
    """Queue a reload of the national area registry (national administrators; the service checks)."""
    job = services.areas_reload_start(actor=permissions.acting_user(request))
    return redirect("core:job_detail", job_id=job.pk)
