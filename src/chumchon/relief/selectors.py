"""Reads of relief: campaigns in the user's scope, their totals per source and per area, and the
public summary (aggregates only, small counts suppressed) that the portal shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, QuerySet, Sum

from chumchon.accounts.permissions import Action, scoped
from chumchon.areas.models import Area
from chumchon.organizations.models import BodyKind
from chumchon.relief.models import Campaign, Contribution, ContributionKind, HouseholdHelped

Viewer = AbstractBaseUser | AnonymousUser
ZERO = Decimal(0)


def campaigns_for(user: Viewer) -> QuerySet[Campaign]:
    """Campaigns whose area lies in the user's ORG_VIEW scope, newest event first."""
    return scoped(Campaign.objects.select_related("area", "organiser"), user, Action.ORG_VIEW).order_by(
        "-event_on", "-id"
    )


def campaign_get(pk: int) -> Campaign | None:
    return Campaign.objects.select_related("area", "organiser").filter(pk=pk).first()


@dataclass
class SourceTotal:
    source_id: int
    name: str
    kind_label: str
    pledged: Decimal = ZERO
    transferred: Decimal = ZERO


@dataclass
class AreaTotal:
    code: str
    name: str
    households: int = 0
    amount: Decimal = ZERO


@dataclass
class CampaignTotals:
    pledged: Decimal = ZERO
    transferred: Decimal = ZERO
    helped_amount: Decimal = ZERO
    households: int = 0
    linked_to_logbook: int = 0
    by_source: list[SourceTotal] = field(default_factory=list)
    by_source_kind: dict[str, Decimal] = field(default_factory=dict)  # kind label → transferred
    by_area: list[AreaTotal] = field(default_factory=list)

    @property
    def available(self) -> Decimal:
        return self.transferred - self.helped_amount


def campaign_totals(campaign: Campaign) -> CampaignTotals:
    """Pledged and transferred per source and per kind of source; households and help per tambon."""
    totals = CampaignTotals()
    sources: dict[int, SourceTotal] = {}
    rows = (
        Contribution.objects.filter(campaign=campaign)
        .values("source_id", "source__name_th", "source__kind", "kind")
        .annotate(s=Sum("amount"))
        .order_by("source__name_th")
    )
    for r in rows:
        label = str(BodyKind(r["source__kind"]).label) if r["source__kind"] in BodyKind.values else r["source__kind"]
        st = sources.setdefault(r["source_id"], SourceTotal(r["source_id"], r["source__name_th"], label))
        if r["kind"] == ContributionKind.PLEDGE:
            st.pledged += r["s"]
            totals.pledged += r["s"]
        else:
            st.transferred += r["s"]
            totals.transferred += r["s"]
            totals.by_source_kind[label] = totals.by_source_kind.get(label, ZERO) + r["s"]
    totals.by_source = list(sources.values())
    helped = HouseholdHelped.objects.filter(campaign=campaign)
    agg = helped.aggregate(n=Count("id"), s=Sum("amount"), linked=Count("case"))
    totals.households, totals.helped_amount, totals.linked_to_logbook = agg["n"], agg["s"] or ZERO, agg["linked"]
    per_area: dict[str, AreaTotal] = {}
    for code, n, s in helped.values_list("area__code").annotate(n=Count("id"), s=Sum("amount")).order_by("area__code"):
        tambon = code[:6]
        at = per_area.setdefault(tambon, AreaTotal(tambon, ""))
        at.households += n
        at.amount += s or ZERO
    names = {a.code: a for a in Area.objects.filter(code__in=list(per_area))}
    for at in per_area.values():
        area = names.get(at.code)
        at.name = area.name_th if area is not None else at.code
    totals.by_area = list(per_area.values())
    return totals


def households_of(campaign: Campaign) -> QuerySet[HouseholdHelped]:
    return HouseholdHelped.objects.filter(campaign=campaign).select_related("area", "case").order_by("-given_on", "-id")


def contributions_of(campaign: Campaign) -> QuerySet[Contribution]:
    return Contribution.objects.filter(campaign=campaign).select_related("source").order_by("-on", "-id")


# --- The public summary (the portal helper shows it): aggregates only, never a household.


@dataclass(frozen=True)
class PublicCampaign:
    title: str
    event_kind: str  # the label, as people read it
    event_on: Any
    area_name: str
    province_name: str
    organiser: str
    pledged: Decimal
    transferred: Decimal
    helped_amount: Decimal
    contributors: int
    households: int | None  # None when fewer than CHUMCHON_PUBLIC_MIN_COUNT (suppressed)
    # The English names beside the Thai ones ("" where none is recorded), for the public pages' switch.
    area_name_en: str = ""
    province_name_en: str = ""
    organiser_en: str = ""


def public_summary(*, area_code: str = "") -> list[PublicCampaign]:
    """Every campaign (optionally under an area): money pledged, transferred and given, how many bodies
    contributed, how many households were helped — a count below the public minimum is withheld."""
    minimum = settings.PUBLIC_MIN_COUNT
    qs = Campaign.objects.select_related("area", "organiser").order_by("-event_on", "-id")
    if area_code:
        qs = qs.filter(area__code__startswith=area_code)
    provinces = {
        a.code: (a.name_th, a.name_en) for a in Area.objects.filter(level="province").only("code", "name_th", "name_en")
    }
    out = []
    for c in qs:
        t = campaign_totals(c)
        out.append(
            PublicCampaign(
                title=c.title,
                event_kind=str(c.get_event_kind_display()),
                event_on=c.event_on,
                area_name=c.area.name_th,
                province_name=provinces.get(c.area.code[:2], ("", ""))[0],
                organiser=c.organiser.name_th,
                pledged=t.pledged,
                transferred=t.transferred,
                helped_amount=t.helped_amount,
                contributors=len(t.by_source),
                households=t.households if t.households >= minimum else None,
                area_name_en=c.area.name_en,
                province_name_en=provinces.get(c.area.code[:2], ("", ""))[1],
                organiser_en=c.organiser.name_en,
            )
        )
    return out
