"""Units (where a figure stands): the nation ``""``, ``"region:R5"``, ``"cluster:C08"`` or a DOPA code.

Here: a unit's level, the DOPA prefixes it covers (what the permission module compares), its name,
the unit above it in the approval chain, and the province → cluster/region map the roll-up needs.

The approval chain: tambon → its province → the province's cluster (or, for a province outside every
cluster — Bangkok — its CODI region) → the cluster's region. Districts are rolled up but not approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chumchon.areas.models import Area, AreaLevel, CodiRegion, ProvincialCluster
from chumchon.core.bilingual import bilingual
from chumchon.indicators.error_codes import IndicatorErrorCode

REGION = "region:"
CLUSTER = "cluster:"
NATION = ""


def level_of(unit: str) -> str:
    if unit == NATION:
        return "nation"
    if unit.startswith(REGION):
        return "region"
    if unit.startswith(CLUSTER):
        return "cluster"
    return {2: "province", 4: "district", 6: "subdistrict", 8: "village"}.get(len(unit), "")


@dataclass(frozen=True)
class ProvinceMap:
    """Each province's cluster code ('' outside every cluster) and CODI region code."""

    cluster: dict[str, str]
    region: dict[str, str]

    def provinces_of(self, unit: str) -> tuple[str, ...]:
        if unit.startswith(CLUSTER):
            code = unit[len(CLUSTER) :]
            return tuple(sorted(p for p, c in self.cluster.items() if c == code))
        if unit.startswith(REGION):
            code = unit[len(REGION) :]
            return tuple(sorted(p for p, r in self.region.items() if r == code))
        return ()


def province_map() -> ProvinceMap:
    rows = Area.objects.filter(level=AreaLevel.PROVINCE).values_list("code", "cluster__code", "codi_region__code")
    return ProvinceMap(
        cluster={code: cluster or "" for code, cluster, _r in rows},
        region={code: region or "" for code, _c, region in rows},
    )


def codes_of(unit: str, pmap: ProvinceMap | None = None) -> tuple[str, ...]:
    """The DOPA prefixes ``unit`` covers (for ``permissions.can``)."""
    if unit == NATION:
        return ("",)
    if unit.startswith((REGION, CLUSTER)):
        return (pmap or province_map()).provinces_of(unit)
    return (unit,)


def unit_exists(unit: str) -> bool:
    level = level_of(unit)
    if level == "nation":
        return True
    if level == "region":
        return CodiRegion.objects.filter(code=unit[len(REGION) :]).exists()
    if level == "cluster":
        return ProvincialCluster.objects.filter(code=unit[len(CLUSTER) :]).exists()
    return bool(level) and Area.objects.filter(code=unit).exists()


def unit_check(unit: str) -> None:
    if not unit_exists(unit):
        raise ValidationError(bilingual("ไม่พบพื้นที่นี้", f"No such area: {unit}"), code=IndicatorErrorCode.UNKNOWN_UNIT)


def approval_parent(unit: str, pmap: ProvinceMap | None = None) -> str | None:
    """The unit whose approving body approves ``unit``'s values, or None at the top."""
    level = level_of(unit)
    if level == "subdistrict":
        return unit[:2]
    pmap = pmap or province_map()
    if level == "province":
        cluster = pmap.cluster.get(unit, "")
        return f"{CLUSTER}{cluster}" if cluster else f"{REGION}{pmap.region.get(unit, '')}"
    if level == "cluster":
        provinces = pmap.provinces_of(unit)
        return f"{REGION}{pmap.region.get(provinces[0], '')}" if provinces else None
    if level == "region":
        return NATION
    return None


def chain_up(unit: str, pmap: ProvinceMap | None = None) -> list[str]:
    """``unit`` and every unit above it (the target look-up order): tambon, district, province,
    cluster, region, nation."""
    pmap = pmap or province_map()
    level = level_of(unit)
    out = [unit]
    if level in ("village", "subdistrict", "district"):
        code = unit
        while len(code) > 2:
            code = code[:-2]
            out.append(code)
        unit, level = code, "province"
    if level == "province":
        cluster = pmap.cluster.get(unit, "")
        if cluster:
            out.append(f"{CLUSTER}{cluster}")
        out.append(f"{REGION}{pmap.region.get(unit, '')}")
    elif level == "cluster":
        provinces = pmap.provinces_of(unit)
        if provinces:
            out.append(f"{REGION}{pmap.region.get(provinces[0], '')}")
    if unit != NATION:
        out.append(NATION)
    return out


@lru_cache(maxsize=64)
def _grouping_name(model: str, code: str, english: bool) -> str:
    cls = CodiRegion if model == "region" else ProvincialCluster
    row = cls.objects.filter(code=code).values_list("name_th", "name_en").first()
    if row is None:
        return code
    return row[1] if english and row[1] else row[0]


def unit_name(unit: str) -> str:
    """The unit's name in the active language (never a bare code)."""
    english = (get_language() or "th").startswith("en")
    level = level_of(unit)
    if level == "nation":
        return _("Whole country")
    if level in ("region", "cluster"):
        return _grouping_name(level, unit.split(":", 1)[1], english)
    row = Area.objects.filter(code=unit).values_list("name_th", "name_en").first()
    if row is None:
        return unit
    return row[1] if english and row[1] else row[0]


def level_label(unit: str) -> str:
    labels = {
        "nation": _("Whole country"),
        "region": _("CODI region"),
        "cluster": _("Provincial cluster"),
        "province": _("Province"),
        "district": _("District"),
        "subdistrict": _("Tambon"),
    }
    return labels.get(level_of(unit), "")


def children_of(unit: str, pmap: ProvinceMap | None = None) -> list[str]:
    """The units listed below ``unit`` in its report: regions, clusters (and provinces outside every
    cluster), provinces, then tambons."""
    level = level_of(unit)
    pmap = pmap or province_map()
    if level == "nation":
        return [f"{REGION}{c}" for c in CodiRegion.objects.order_by("code").values_list("code", flat=True)]
    if level == "region":
        provinces = pmap.provinces_of(unit)
        clusters = sorted({pmap.cluster[p] for p in provinces if pmap.cluster.get(p)})
        return [f"{CLUSTER}{c}" for c in clusters] + [p for p in provinces if not pmap.cluster.get(p)]
    if level == "cluster":
        return list(pmap.provinces_of(unit))
    if level in ("province", "district"):
        # The tambons (the units that approve), not the districts: a district is rolled up, not approved.
        return list(
            Area.objects.filter(level=AreaLevel.SUBDISTRICT, code__startswith=unit)
            .order_by("code")
            .values_list("code", flat=True)
        )
    return []
