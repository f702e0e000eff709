"""The places of the public portal: nation → CODI region / provincial cluster → province → district → tambon.

A place is named by one key: ``TH`` (the nation), a CODI region code (``R5``), a provincial cluster
code (``C08``) or a DOPA code (``24``, ``2401``, ``240104``). Regions and clusters are both groupings of
provinces that cross each other, so the nation lists both and a province links to both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import Area, AreaLevel, CodiRegion, ProvincialCluster

NATION = "TH"
KIND_LABELS = {
    "nation": _("Nation"),
    "region": _("CODI region"),
    "cluster": _("Provincial cluster"),
    "province": _("Province"),
    "district": _("District"),
    "subdistrict": _("Subdistrict"),
}


def _name(obj: Area | CodiRegion | ProvincialCluster) -> str:
    english = (get_language() or "th").startswith("en")
    return obj.name_en if english and obj.name_en else obj.name_th


@dataclass
class Place:
    key: str
    kind: str
    name: str
    # Province codes (for regions, clusters and the nation: all of theirs) or the area's own code: the
    # DOPA prefixes everything under this place starts with. The nation is [""] (everything).
    prefixes: list[str] = field(default_factory=list)
    trail: list[Place] = field(default_factory=list)
    groupings: list[Place] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    def area_q(self, field_name: str = "area__code") -> Q:
        """Rows whose DOPA code lies under this place."""
        q = Q()
        for prefix in self.prefixes:
            q |= Q(**{f"{field_name}__startswith": prefix})
        return q if self.prefixes else Q(pk__in=[])

    @property
    def is_area(self) -> bool:
        return self.key.isdigit()


def nation() -> Place:
    return Place(key=NATION, kind="nation", name=str(_("Thailand")), prefixes=[""])


def _grouping_place(obj: CodiRegion | ProvincialCluster, kind: str) -> Place:
    codes = list(
        Area.objects.filter(level=AreaLevel.PROVINCE, **{f"{obj.province_field}": obj}).values_list("code", flat=True)
    )
    return Place(key=obj.code, kind=kind, name=_name(obj), prefixes=codes, trail=[nation()])


def place_get(key: str) -> Place | None:
    if key == NATION:
        return nation()
    if key.isdigit():
        area = Area.objects.select_related("codi_region", "cluster").filter(code=key).first()
        if area is None or area.level == AreaLevel.VILLAGE:
            return None
        trail = [nation()]
        province = (
            area
            if area.level == AreaLevel.PROVINCE
            else Area.objects.select_related("codi_region", "cluster").get(code=key[:2])
        )
        groupings = []
        if province.codi_region is not None:
            groupings.append(_grouping_place(province.codi_region, "region"))
        if province.cluster is not None:
            groupings.append(_grouping_place(province.cluster, "cluster"))
        if groupings:
            trail.append(groupings[0])
        for ancestor in Area.objects.filter(code__in=area.ancestor_codes()).order_by("code"):
            trail.append(Place(key=ancestor.code, kind=ancestor.level, name=_name(ancestor), prefixes=[ancestor.code]))
        return Place(key=key, kind=area.level, name=_name(area), prefixes=[key], trail=trail, groupings=groupings)
    region = CodiRegion.objects.filter(code=key).first()
    if region is not None:
        return _grouping_place(region, "region")
    cluster = ProvincialCluster.objects.filter(code=key).first()
    if cluster is not None:
        return _grouping_place(cluster, "cluster")
    return None


def children(place: Place) -> list[Place]:
    """The places one level down (the nation: its CODI regions; then provinces, districts, tambons)."""
    if place.kind == "nation":
        return [
            Place(key=r.code, kind="region", name=_name(r), prefixes=[]) for r in CodiRegion.objects.order_by("code")
        ]
    if place.kind in ("region", "cluster"):
        areas = Area.objects.filter(level=AreaLevel.PROVINCE, code__in=place.prefixes)
    elif place.kind in (AreaLevel.PROVINCE, AreaLevel.DISTRICT):
        areas = Area.objects.filter(parent__code=place.key)
    else:
        return []
    return [Place(key=a.code, kind=a.level, name=_name(a), prefixes=[a.code]) for a in areas.order_by("code")]


def clusters() -> list[Place]:
    return [
        Place(key=c.code, kind="cluster", name=_name(c), prefixes=[])
        for c in ProvincialCluster.objects.order_by("code")
    ]


def province_names() -> dict[str, str]:
    return {a.code: _name(a) for a in Area.objects.filter(level=AreaLevel.PROVINCE)}
