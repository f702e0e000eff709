"""Reads of the area tree: lookups, scope prefixes, children and counts."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from chumchon.areas.models import Area, CodiRegion, ProvincialCluster


def region_province_codes(region_id: int) -> tuple[str, ...]:
    return tuple(Area.objects.filter(codi_region_id=region_id).order_by("code").values_list("code", flat=True))


def cluster_province_codes(cluster_id: int) -> tuple[str, ...]:
    return tuple(Area.objects.filter(cluster_id=cluster_id).order_by("code").values_list("code", flat=True))


def scope_prefixes_for(
    scope_kind: str, *, region_id: int | None, cluster_id: int | None, area_code: str | None
) -> tuple[str, ...]:
    """DOPA code prefixes covered by a scope. ``("",)`` is the whole nation."""
    if scope_kind == "nation":
        return ("",)
    if scope_kind == "region" and region_id is not None:
        return region_province_codes(region_id)
    if scope_kind == "cluster" and cluster_id is not None:
        return cluster_province_codes(cluster_id)
    if scope_kind == "area" and area_code:
        return (area_code,)
    return ()


def prefix_q(prefixes: tuple[str, ...] | frozenset[str], field: str = "code") -> Q:
    """A Q matching rows whose ``field`` starts with any of ``prefixes`` (one indexed filter)."""
    if "" in prefixes:
        return Q()
    if not prefixes:
        return Q(pk__in=[])
    q = Q()
    for prefix in sorted(prefixes):
        q |= Q(**{f"{field}__startswith": prefix})
    return q


def area_get(code: str) -> Area | None:
    return Area.objects.select_related("parent", "codi_region", "cluster").filter(code=code).first()


def area_children(area: Area | None) -> QuerySet[Area]:
    if area is None:
        return Area.objects.filter(parent__isnull=True)
    return Area.objects.filter(parent=area)


def regions() -> QuerySet[CodiRegion]:
    return CodiRegion.objects.all()


def clusters() -> QuerySet[ProvincialCluster]:
    return ProvincialCluster.objects.all()
