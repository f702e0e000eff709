"""The national area hierarchy (โครงสร้างพื้นที่) and the groupings of provinces.

Areas form one tree keyed by DOPA codes, which are prefix-hierarchical: tambon 240101 lies in
district 2401, which lies in province 24; village codes extend their tambon's. "Everything under X"
is therefore a prefix match on one indexed column. CODI regions (ภาค) and the official provincial
clusters (กลุ่มจังหวัด) are *groupings of provinces*, not extra levels of the tree.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chumchon.core.choices import ChoiceLabels
from chumchon.core.kept import kept
from chumchon.core.request_memo import remembered


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    VILLAGE = "village", _("Village/community")


CODE_LENGTH: dict[str, int] = {
    AreaLevel.PROVINCE: 2,
    AreaLevel.DISTRICT: 4,
    AreaLevel.SUBDISTRICT: 6,
    AreaLevel.VILLAGE: 8,
}
LEVEL_BY_CODE_LENGTH: dict[int, str] = {length: level for level, length in CODE_LENGTH.items()}
BANGKOK_CODE = "10"


class ProvinceGrouping(models.Model):
    """Abstract: a named grouping of provinces (a CODI region or an official provincial cluster).

    Both are groupings, not levels of the tree: each province points to its grouping
    (``Area.codi_region`` / ``Area.cluster``, named by ``province_field``).
    """

    # The Area foreign key that places a province in this kind of grouping.
    province_field: ClassVar[str]

    code = models.CharField(_("code"), max_length=16, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        """The name in the active language (English pages and dropdowns show the English name)."""
        english = (get_language() or "th").startswith("en")
        return self.name_en if english and self.name_en else self.name_th

    @property
    def scope_codes(self) -> tuple[str, ...]:
        """Its provinces' codes, for the permission module."""
        return grouping_province_codes(self.province_field, self.pk)


class CodiRegion(ProvinceGrouping):
    """CODI region — ภาค (e.g. ภาคกรุงเทพฯ ปริมณฑลและตะวันออก): a grouping of provinces."""

    province_field = "codi_region"

    class Meta(ProvinceGrouping.Meta):
        verbose_name = _("CODI region")
        verbose_name_plural = _("CODI regions")


class ProvincialCluster(ProvinceGrouping):
    """Provincial cluster — กลุ่มจังหวัด, one of the 18 official clusters: a grouping of provinces."""

    province_field = "cluster"

    class Meta(ProvinceGrouping.Meta):
        verbose_name = _("provincial cluster")
        verbose_name_plural = _("provincial clusters")


class Area(ChoiceLabels, models.Model):
    """An area of the DOPA tree: province, district, subdistrict (ตำบล/แขวง) or village (หมู่บ้าน/ชุมชน)."""

    code = models.CharField(_("DOPA code"), max_length=8, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    # Name without administrative prefixes or spaces, for tolerant lookup (see areas.selectors).
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    # The English name in the same comparable form ("Khlong Na" -> "khlongna").
    search_name_en = models.CharField(max_length=200, db_index=True, editable=False, blank=True, default="")
    # Province-level groupings; null below province level and for Bangkok's cluster.
    codi_region = models.ForeignKey(
        CodiRegion,
        verbose_name=_("CODI region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provinces",
    )
    cluster = models.ForeignKey(
        ProvincialCluster,
        verbose_name=_("provincial cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provinces",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        indexes = [
            # Prefix matches ("code LIKE '24%'") use this index on PostgreSQL.
            models.Index(fields=["code"], name="area_code_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="area_code_length_matches_level",
                condition=(
                    models.Q(level=AreaLevel.PROVINCE, code__regex=r"^[0-9]{2}$")
                    | models.Q(level=AreaLevel.DISTRICT, code__regex=r"^[0-9]{4}$")
                    | models.Q(level=AreaLevel.SUBDISTRICT, code__regex=r"^[0-9]{6}$")
                    | models.Q(level=AreaLevel.VILLAGE, code__regex=r"^[0-9]{8}$")
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_th} ({self.code})"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        """The DOPA codes this object occupies, for the permission module."""
        return (self.code,)

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def village_number(self) -> int | None:
        """หมู่ที่: the last two digits of a village code."""
        return int(self.code[6:]) if self.level == AreaLevel.VILLAGE else None

    def ancestor_codes(self) -> list[str]:
        """Codes of the ancestors, from the province down (not including self)."""
        return [self.code[:n] for n in (2, 4, 6) if n < len(self.code)]


class LocalGovernmentKind(models.TextChoices):
    SAO = "sao", _("Subdistrict administrative organisation (อบต.)")
    SUBDISTRICT_MUNICIPALITY = "tambon_municipality", _("Subdistrict municipality (เทศบาลตำบล)")
    TOWN_MUNICIPALITY = "town_municipality", _("Town municipality (เทศบาลเมือง)")
    CITY_MUNICIPALITY = "city_municipality", _("City municipality (เทศบาลนคร)")
    PAO = "pao", _("Provincial administrative organisation (อบจ.)")
    SPECIAL = "special", _("Special local government (กทม./เมืองพัทยา)")


class LocalGovernment(ChoiceLabels, models.Model):
    """Local government — องค์กรปกครองส่วนท้องถิ่น (อปท.), sitting beside the tambons it covers."""

    code = models.CharField(_("DLA code"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=LocalGovernmentKind.choices)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    province = models.ForeignKey(
        Area,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": AreaLevel.PROVINCE},
    )
    tambons = models.ManyToManyField(
        Area,
        verbose_name=_("subdistricts covered"),
        related_name="local_governments",
        blank=True,
        limit_choices_to={"level": AreaLevel.SUBDISTRICT},
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")

    def __str__(self) -> str:
        return self.name_th

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.province.code,)


class ScopeKind(models.TextChoices):
    NATION = "nation", _("Nation")
    REGION = "region", _("CODI region")
    CLUSTER = "cluster", _("Provincial cluster")
    AREA = "area", _("Area")


class AreaScoped(ChoiceLabels, models.Model):
    """Abstract: something that covers the nation, a CODI region, a cluster or one area subtree.

    Bodies and role assignments both carry such a scope; ``scope_codes`` turns it into the DOPA
    code prefixes it covers, which is what the permission module compares.
    """

    scope_kind = models.CharField(_("scope"), max_length=16, choices=ScopeKind.choices, default=ScopeKind.AREA)
    region = models.ForeignKey(
        CodiRegion,
        verbose_name=_("CODI region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cluster = models.ForeignKey(
        ProvincialCluster,
        verbose_name=_("provincial cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return scope_prefixes_for(
            self.scope_kind,
            region_id=self.region_id,
            cluster_id=self.cluster_id,
            area_code=self.area.code if self.area is not None else None,
        )

    def scope_label(self) -> str:
        if self.scope_kind == ScopeKind.NATION:
            return str(_("Nation"))
        target = {"region": self.region, "cluster": self.cluster, "area": self.area}.get(self.scope_kind)
        return str(target) if target else "—"

    def clean(self) -> None:
        needed = {ScopeKind.REGION: "region", ScopeKind.CLUSTER: "cluster", ScopeKind.AREA: "area"}
        field = needed.get(ScopeKind(self.scope_kind))
        if field and getattr(self, f"{field}_id") is None:
            raise ValidationError(
                {field: _("This scope needs a %(field)s. / ขอบเขตนี้ต้องระบุ%(field)s") % {"field": field}}
            )


# --- Scope codes: the DOPA prefixes a grouping or a scope covers (used by ``scope_codes`` above and
# re-exported by areas.selectors). They live here so that the models need no other module.


GROUPINGS_MEMO_KEY = "areas:groupings"


def province_groupings() -> tuple[tuple[str, int | None, int | None], ...]:
    """(code, CODI region id, cluster id) of every area placed in a grouping (the provinces), in code order:
    read once per request (``core.request_memo``; dropped when an area is saved or deleted) and kept between
    requests while the areas' data version stays the same (``core.kept``: every signed-in page needs them
    for the user's grants, and they change only when an area is written)."""
    return remembered(GROUPINGS_MEMO_KEY, lambda: kept(GROUPINGS_MEMO_KEY, ("areas",), _read_groupings))


def _read_groupings() -> tuple[tuple[str, int | None, int | None], ...]:
    # "> 0" rather than "is not null": SQLite then reads the two foreign-key indexes (77 rows) instead of
    # scanning every area; sorted here, not by the database (which would walk the code index instead).
    return tuple(
        sorted(
            Area.objects.filter(models.Q(codi_region_id__gt=0) | models.Q(cluster_id__gt=0))
            .order_by()
            .values_list("code", "codi_region_id", "cluster_id")
        )
    )


def grouping_province_codes(province_field: str, grouping_id: int) -> tuple[str, ...]:
    column = {"codi_region": 1, "cluster": 2}.get(province_field)
    if column is None:
        return tuple(
            Area.objects.filter(**{f"{province_field}_id": grouping_id}).order_by("code").values_list("code", flat=True)
        )
    return tuple(row[0] for row in province_groupings() if row[column] == grouping_id)


def region_province_codes(region_id: int) -> tuple[str, ...]:
    return grouping_province_codes("codi_region", region_id)


def cluster_province_codes(cluster_id: int) -> tuple[str, ...]:
    return grouping_province_codes("cluster", cluster_id)


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


class AreaSummary(models.Model):
    """One area's figures from one source, kept in the database (สรุปตัวเลขของพื้นที่): what the area pages
    show without counting the rows below the area on every view (``areas.summaries``).

    ``source`` names who computes the figures ("tree" here; "bodies", "welfare" … registered by the apps
    above, which own the rules); ``figures`` is that source's small dictionary. One row per (area, source):
    each source refreshes only its own rows, so two sources never overwrite each other's figures. The rows
    are derived data: not archived (a restore rebuilds them) and rebuilt whole by ``rebuild-area-summaries``.
    """

    RECREATED_BY_THE_APP = True  # core.backup: not archived; ``areas.summaries`` rebuilds them after a restore

    code = models.CharField(max_length=10)
    source = models.CharField(max_length=24)
    figures = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "source"], name="areas_summary_code_source")]

    def __str__(self) -> str:
        return f"{self.code} · {self.source}"
