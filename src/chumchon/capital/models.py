"""Community capital (ทุนชุมชน): what a tambon or a community has to build on.

A profile is not a table of its own: it is an area (a tambon, or a village/community — the DOPA
village level, where survey results are materialised too) seen through three sources:

- **people** — read from the latest survey round's materialised results (``poverty.AreaPovertyResult``),
  never typed here;
- **groups and organisations, welfare funds** — read from the organizations registry (``Body``);
- **recorded capital** — natural resources, economic activities and products, local knowledge,
  assets and unregistered groups — one ``CapitalEntry`` per item, each with its source and date.

Each kind of recorded capital (and each registry body kind that is capital) maps to the TPMAP
poverty dimensions it can help with (``KIND_DIMENSIONS``, ``BODY_KIND_DIMENSIONS``); the analysis
page reads the gaps from that map (``capital/analysis.py``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import Area, AreaLevel
from chumchon.areas.summaries import SummarisedQuerySet
from chumchon.core.bilingual import bilingual
from chumchon.organizations.models import BodyKind
from chumchon.poverty.models import DimensionCode

D = DimensionCode


class CapitalCategory(models.TextChoices):
    """The sections of a profile that are recorded by hand (people, organisations and welfare funds
    come from the survey and the registry)."""

    GROUP = "group", _("Community groups")
    NATURAL_RESOURCE = "natural_resource", _("Natural resources")
    ECONOMIC = "economic", _("Economic activities and products")
    LOCAL_KNOWLEDGE = "local_knowledge", _("Local knowledge")
    ASSET = "asset", _("Assets and infrastructure")


class CapitalKind(models.TextChoices):
    """What one recorded item is; its category is the first part of the value."""

    # Groups not (or not yet) in the organizations registry
    GROUP_OCCUPATIONAL = "group.occupational", _("Occupational group")
    GROUP_SAVINGS = "group.savings", _("Savings group")
    GROUP_HEALTH_VOLUNTEERS = "group.health_volunteers", _("Health volunteers (อสม.)")
    GROUP_ELDERLY_CLUB = "group.elderly_club", _("Elderly club")
    GROUP_YOUTH = "group.youth", _("Youth group")
    GROUP_OTHER = "group.other", _("Other community group")
    # Natural resources
    NATURAL_WATER = "natural_resource.water", _("Water source")
    NATURAL_FOREST = "natural_resource.forest", _("Community forest")
    NATURAL_LAND = "natural_resource.land", _("Farmland and common land")
    NATURAL_FISHERY = "natural_resource.fishery", _("Fishery and coast")
    NATURAL_OTHER = "natural_resource.other", _("Other natural resource")
    # Economic activities and products
    ECONOMIC_ACTIVITY = "economic.activity", _("Economic activity or occupation")
    ECONOMIC_PRODUCT = "economic.product", _("Community product (OTOP)")
    ECONOMIC_ENTERPRISE = "economic.enterprise", _("Community enterprise")
    ECONOMIC_MARKET = "economic.market", _("Market or shop")
    ECONOMIC_TOURISM = "economic.tourism", _("Community tourism")
    # Local knowledge (ภูมิปัญญา)
    KNOWLEDGE_MEDICINE = "local_knowledge.medicine", _("Traditional medicine and health care")
    KNOWLEDGE_CRAFT = "local_knowledge.craft", _("Craft")
    KNOWLEDGE_FARMING = "local_knowledge.farming", _("Farming and food knowledge")
    KNOWLEDGE_CULTURE = "local_knowledge.culture", _("Culture and teaching")
    # Assets and infrastructure
    ASSET_HEALTH = "asset.health", _("Health station or care centre")
    ASSET_LEARNING = "asset.learning", _("School, child centre or learning centre")
    ASSET_WATER_SUPPLY = "asset.water_supply", _("Water supply")
    ASSET_HOUSING = "asset.housing", _("Housing and land for housing")
    ASSET_ROAD = "asset.road", _("Road, transport or internet")
    ASSET_COMMUNITY_HALL = "asset.community_hall", _("Community hall or service point")
    ASSET_OTHER = "asset.other", _("Other asset")


def category_of(kind: str) -> str:
    return kind.split(".", 1)[0]


# Which poverty dimension each kind of capital can help with (documented in docs/architecture.md
# and the user guide). A kind with no dimension still shows in the profile; it only never closes a gap.
KIND_DIMENSIONS: dict[str, tuple[str, ...]] = {
    CapitalKind.GROUP_OCCUPATIONAL: (D.INCOME,),
    CapitalKind.GROUP_SAVINGS: (D.INCOME,),
    CapitalKind.GROUP_HEALTH_VOLUNTEERS: (D.HEALTH,),
    CapitalKind.GROUP_ELDERLY_CLUB: (D.HEALTH, D.ACCESS),
    CapitalKind.GROUP_YOUTH: (D.EDUCATION,),
    CapitalKind.GROUP_OTHER: (),
    CapitalKind.NATURAL_WATER: (D.LIVING, D.INCOME),
    CapitalKind.NATURAL_FOREST: (D.INCOME, D.HEALTH),
    CapitalKind.NATURAL_LAND: (D.INCOME,),
    CapitalKind.NATURAL_FISHERY: (D.INCOME,),
    CapitalKind.NATURAL_OTHER: (),
    CapitalKind.ECONOMIC_ACTIVITY: (D.INCOME,),
    CapitalKind.ECONOMIC_PRODUCT: (D.INCOME,),
    CapitalKind.ECONOMIC_ENTERPRISE: (D.INCOME,),
    CapitalKind.ECONOMIC_MARKET: (D.INCOME,),
    CapitalKind.ECONOMIC_TOURISM: (D.INCOME,),
    CapitalKind.KNOWLEDGE_MEDICINE: (D.HEALTH,),
    CapitalKind.KNOWLEDGE_CRAFT: (D.INCOME, D.EDUCATION),
    CapitalKind.KNOWLEDGE_FARMING: (D.INCOME, D.HEALTH),
    CapitalKind.KNOWLEDGE_CULTURE: (D.EDUCATION,),
    CapitalKind.ASSET_HEALTH: (D.HEALTH, D.ACCESS),
    CapitalKind.ASSET_LEARNING: (D.EDUCATION,),
    CapitalKind.ASSET_WATER_SUPPLY: (D.LIVING,),
    CapitalKind.ASSET_HOUSING: (D.LIVING,),
    CapitalKind.ASSET_ROAD: (D.ACCESS,),
    CapitalKind.ASSET_COMMUNITY_HALL: (D.ACCESS,),
    CapitalKind.ASSET_OTHER: (),
}

# Registry bodies that are capital for a dimension: a welfare fund helps members from birth to death
# (health care, care of the elderly and disabled); a housing cooperative secures housing. Councils,
# networks and committees are how a community organises itself, counted in the profile but not as
# capital for one dimension.
BODY_KIND_DIMENSIONS: dict[str, tuple[str, ...]] = {
    BodyKind.WELFARE_FUND: (D.HEALTH, D.ACCESS),
    BodyKind.HOUSING_COOPERATIVE: (D.LIVING,),
    BodyKind.COMMUNITY_ORGANISATION: (),
}


class SourceKind(models.TextChoices):
    """Where a recorded value comes from (people come from the survey round, bodies from the registry)."""

    FORUM = "forum", _("Community forum (ประชาคม)")
    AGENCY = "agency", _("Agency")
    LOCAL_SURVEY = "local_survey", _("Local survey")
    REGISTRY = "registry", _("Official register")


PROFILE_LEVELS = (AreaLevel.SUBDISTRICT, AreaLevel.VILLAGE)


class CapitalEntryQuerySet(SummarisedQuerySet):
    """Bulk writes of capital items refresh the area pages' kept "capital" count (areas.summaries)."""

    summary_sources = ("capital",)


class CapitalEntry(models.Model):
    """One item of recorded community capital (a forest, a product, a craft, a health station …)."""

    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="capital_entries")
    kind = models.CharField(_("kind"), max_length=40, choices=CapitalKind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    source_name = models.CharField(_("source name"), max_length=300, blank=True)
    as_of = models.DateField(_("as of"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    retired_reason = models.TextField(_("reason for retiring"), blank=True)

    objects = CapitalEntryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("community capital entry")
        verbose_name_plural = _("community capital entries")
        constraints = [
            models.CheckConstraint(
                name="capital_entry_quantity_not_negative",
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gte=0),
            ),
            models.CheckConstraint(
                name="capital_entry_retired_with_reason",
                condition=models.Q(retired_on__isnull=True) | ~models.Q(retired_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.area.code,)

    @property
    def category(self) -> str:
        return category_of(self.kind)

    @property
    def category_label(self) -> str:
        return str(CapitalCategory(self.category).label)

    @property
    def dimensions(self) -> tuple[str, ...]:
        return KIND_DIMENSIONS.get(self.kind, ())

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.name = (self.name or "").strip()
        self.unit = (self.unit or "").strip()
        self.source_name = (self.source_name or "").strip()
        if not self.name:
            errors["name"] = bilingual("ต้องระบุชื่อ", "A name is required.")
        if self.area_id is not None and self.area.level not in PROFILE_LEVELS:
            errors["area"] = bilingual(
                "ทุนชุมชนบันทึกได้ที่ระดับตำบลหรือหมู่บ้าน/ชุมชน",
                "Community capital is recorded for a tambon or a village/community.",
            )
        if self.quantity is not None and self.quantity < 0:
            errors["quantity"] = bilingual("จำนวนต้องไม่ติดลบ", "The quantity cannot be negative.")
        if self.quantity is not None and not self.unit:
            errors["unit"] = bilingual(
                "ระบุหน่วยของจำนวน (เช่น ไร่ แห่ง ราย)", "Give the unit of the quantity (e.g. rai, places, members)."
            )
        if self.source_kind in (SourceKind.AGENCY, SourceKind.FORUM, SourceKind.REGISTRY) and not self.source_name:
            errors["source_name"] = bilingual(
                "ระบุชื่อแหล่งข้อมูล (หน่วยงาน ประชาคมครั้งใด หรือทะเบียนใด)",
                "Name the source (the agency, which forum, or which register).",
            )
        if self.as_of is not None and self.as_of > timezone.localdate() + dt.timedelta(days=1):
            errors["as_of"] = bilingual("วันที่ของข้อมูลต้องไม่อยู่ในอนาคต", "The date of the data cannot be in the future.")
        if errors:
            raise ValidationError(errors)
