"""Public sections from the apps that came after the portal: relief campaigns, plans and their items,
committees and who sits on them, and the welfare-fund roll-up (issue 14, next steps).

Each is one function returning a :class:`~chumchon.portal.sections.PublicTable`, registered in
:func:`register_community_sections`. What they publish:

* relief — ``relief.selectors.public_summary``: money totals per campaign; the count of households
  helped only when it reaches the public minimum (no total row, so nothing is recoverable by subtraction);
* plans — adopted and ended plans (drafts are internal) with their items counted by status and the share
  of proposals sent upward that have been answered; plan items — their titles (public text) and status;
* committees — the people sitting today on committees of the area, with their positions and whom they
  represent: people acting in public office are public. Never a national ID, telephone or user account;
* welfare funds — per child area: funds, members (a count of people: small counts suppressed, with
  complements against the total), closing balance and funds rated strong.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import Area, AreaLevel
from chumchon.assessment.models import CertifiedStatus, Track
from chumchon.assessment.selectors import public_status
from chumchon.core.thai import fiscal_year as fiscal_year_of
from chumchon.core.thai import format_date_be
from chumchon.meetings.models import Membership
from chumchon.organizations.models import COMMITTEE_KINDS, Body
from chumchon.organizations.selectors.welfare import Rollup, welfare_rollup, welfare_years
from chumchon.plans.models import ANSWERED, ItemStatus, Plan, PlanItem, PlanProposal, PlanStatus
from chumchon.portal import disclosure, pagecache, places
from chumchon.portal.disclosure import Note, Relation
from chumchon.portal.places import Place, children
from chumchon.portal.sections import Column, LazyRows, PublicTable, Section, register_section
from chumchon.relief.selectors import public_summary

WELFARE_CACHE_SECONDS = 60  # as the pages and downloads (portal.views.PAGE_CACHE_SECONDS)
PUBLIC_PLAN_STATUSES = (PlanStatus.ADOPTED, PlanStatus.ENDED)


def _english() -> bool:
    return (get_language() or "th").startswith("en")


def _lang() -> str:
    return "en" if _english() else "th"


def _scoped_q(place: Place) -> Q:
    """Records scoped to an area under the place, or to the place's own region or cluster."""
    if place.kind == "nation":
        return Q()
    q = place.area_q() & Q(scope_kind="area")
    if place.kind == "region":
        q |= Q(scope_kind="region", region__code=place.key)
    elif place.kind == "cluster":
        q |= Q(scope_kind="cluster", cluster__code=place.key)
    return q


# --- relief --------------------------------------------------------------------------------------------

RELIEF_COLUMNS = [
    Column("title", _("Relief campaign")),
    Column("event", _("Event")),
    Column("event_on", _("Date")),
    Column("area", _("Area affected")),
    Column("organiser", _("Organised by")),
    Column("pledged", _("Pledged (baht)"), True),
    Column("transferred", _("Transferred (baht)"), True),
    Column("helped_amount", _("Given to households (baht)"), True),
    Column("contributors", _("Contributing bodies"), True),
    Column("households", _("Households helped"), True),
]


def relief_section(place: Place, fiscal_year: int | None) -> PublicTable:
    campaigns = []
    for prefix in place.prefixes:
        campaigns += public_summary(area_code=prefix)
    if fiscal_year:
        campaigns = [c for c in campaigns if fiscal_year_of(c.event_on) == fiscal_year]
    campaigns.sort(key=lambda c: c.event_on, reverse=True)
    note = Note()
    rows = []
    english = _english()
    for c in campaigns:
        if c.households is None:
            note.primary += 1
        rows.append(
            {
                "title": c.title,
                "event": c.event_kind,
                "event_on": format_date_be(c.event_on, short=True, lang=_lang()),
                "area": c.area_name_en if english and c.area_name_en else c.area_name,
                "organiser": c.organiser_en if english and c.organiser_en else c.organiser,
                "pledged": c.pledged,
                "transferred": c.transferred,
                "helped_amount": c.helped_amount,
                "contributors": c.contributors,
                "households": c.households,
            }
        )
    return PublicTable(columns=RELIEF_COLUMNS, rows=rows, note=note)


# --- plans ---------------------------------------------------------------------------------------------

PLAN_COLUMNS = [
    Column("id", _("Plan no."), on_page=False),
    Column("title", _("Plan")),
    Column("kind", _("Kind of plan")),
    Column("area", _("Area")),
    Column("years", _("Years (B.E.)")),
    Column("status", _("Status")),
    Column("items", _("Items"), True),
    Column("planned", _("Planned"), True),
    Column("in_progress", _("In progress"), True),
    Column("done", _("Done"), True),
    Column("dropped", _("Dropped"), True),
    Column("proposed_upward", _("Items proposed upward"), True),
    Column("answered_pct", _("Proposals answered (%)"), True),
]


def public_plans(place: Place, fiscal_year: int | None = None) -> Any:
    qs = Plan.objects.filter(_scoped_q(place), status__in=PUBLIC_PLAN_STATUSES)
    if fiscal_year:
        qs = qs.filter(start_year_be__lte=fiscal_year, end_year_be__gte=fiscal_year)
    return qs


def plan_rows(plans: list[Plan]) -> list[dict[str, Any]]:
    ids = [p.pk for p in plans]
    by_status: dict[int, dict[str, int]] = {}
    for row in PlanItem.objects.filter(plan_id__in=ids).values("plan_id", "status").annotate(n=Count("id")):
        by_status.setdefault(row["plan_id"], {})[row["status"]] = row["n"]
    sent: dict[int, int] = {}
    answered: dict[int, int] = {}
    for row in (
        PlanProposal.objects.filter(item__plan_id__in=ids)
        .values("item__plan_id")
        .annotate(n=Count("id"), a=Count("id", filter=Q(status__in=list(ANSWERED))))
    ):
        sent[row["item__plan_id"]] = row["n"]
        answered[row["item__plan_id"]] = row["a"]
    rows = []
    for p in plans:
        counts = by_status.get(p.pk, {})
        n_sent = sent.get(p.pk, 0)
        rows.append(
            {
                "id": p.pk,
                "title": p.title,
                "kind": p.get_kind_display(),
                "area": p.scope_label(),
                "years": f"{p.start_year_be}–{p.end_year_be}",
                "status": p.get_status_display(),
                "items": sum(counts.values()),
                "planned": counts.get(ItemStatus.PLANNED, 0),
                "in_progress": counts.get(ItemStatus.IN_PROGRESS, 0),
                "done": counts.get(ItemStatus.DONE, 0),
                "dropped": counts.get(ItemStatus.DROPPED, 0),
                "proposed_upward": n_sent,
                "answered_pct": (Decimal(answered.get(p.pk, 0) * 100) / n_sent).quantize(Decimal("0.1"))
                if n_sent
                else None,
            }
        )
    return rows


def plans_section(place: Place, fiscal_year: int | None) -> PublicTable:
    qs = public_plans(place, fiscal_year).select_related("area", "region", "cluster").order_by("-end_year_be", "pk")
    return PublicTable(columns=PLAN_COLUMNS, rows=LazyRows(qs, plan_rows), paginate=True)


PLAN_ITEM_COLUMNS = [
    Column("plan_id", _("Plan no."), on_page=False),
    Column("plan", _("Plan")),
    Column("number", _("Item no."), True),
    Column("title", _("Plan item")),
    Column("status", _("Status")),
]


def plan_item_rows(items: list[PlanItem]) -> list[dict[str, Any]]:
    return [
        {
            "plan_id": i.plan_id,
            "plan": i.plan.title,
            "number": i.number,
            "title": i.title,
            "status": i.get_status_display(),
        }
        for i in items
    ]


def plan_items_section(place: Place, fiscal_year: int | None) -> PublicTable:
    qs = (
        PlanItem.objects.filter(plan__in=public_plans(place, fiscal_year))
        .select_related("plan")
        .order_by("-plan__end_year_be", "plan_id", "number", "pk")
    )
    return PublicTable(columns=PLAN_ITEM_COLUMNS, rows=LazyRows(qs, plan_item_rows), paginate=True)


# --- committees ----------------------------------------------------------------------------------------

COMMITTEE_COLUMNS = [
    Column("committee", _("Committee")),
    Column("position", _("Position")),
    Column("name", _("Name")),
    Column("represents", _("Represents")),
    Column("term_ends_on", _("Term ends")),
]


def sitting_members(place: Place, day: dt.date | None = None) -> Any:
    """Seats held on ``day`` (today) on active committees scoped under the place."""
    day = day or timezone.localdate()
    bodies = Body.objects.filter(_scoped_q(place), kind__in=list(COMMITTEE_KINDS), is_active=True)
    return (
        Membership.objects.filter(body__in=bodies.values("pk"), starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("body")
        .order_by("body__name_th", "body_id", "position", "person_name", "pk")
    )


def committee_rows(members: list[Membership]) -> list[dict[str, Any]]:
    english = _english()
    return [
        {
            "committee": m.body.name_en if english and m.body.name_en else m.body.name_th,
            "position": m.get_position_display(),
            "name": m.person_name,
            "represents": m.represents_text or m.get_represents_display(),
            "term_ends_on": format_date_be(m.ends_on, short=True, lang=_lang()) if m.ends_on else "",
        }
        for m in members
    ]


def committees_section(place: Place, fiscal_year: int | None) -> PublicTable:
    return PublicTable(columns=COMMITTEE_COLUMNS, rows=LazyRows(sitting_members(place), committee_rows), paginate=True)


# --- welfare funds -------------------------------------------------------------------------------------

WELFARE_COLUMNS = [
    Column("code", _("Code"), on_page=False),
    Column("year_be", _("Year (B.E.)")),
    Column("area", _("Area")),
    Column("funds", _("Welfare funds"), True),
    Column("members", _("Members"), True),
    Column("balance", _("Balance at year end (baht)"), True),
    Column("strong", _("Funds rated strong"), True),
]


@dataclass
class FundFigures:
    funds: int = 0
    members: int = 0
    balance: Decimal = Decimal(0)
    strong: int = 0

    def add(self, r: Rollup | FundFigures) -> None:
        self.funds += r.funds
        self.members += r.members
        self.balance += r.closing if isinstance(r, Rollup) else r.balance
        self.strong += r.strong


@dataclass
class WelfareTree:
    """One year's welfare figures for every published place, members suppressed over the whole tree at
    once (a place is the total on its own page and a part on its parent's, as in ``portal.figures``)."""

    year: int
    figures: dict[str, FundFigures]
    members: disclosure.Suppressed


def _leaf(code: str) -> str:
    """A fund's cell: its tambon; a fund serving a whole district or province is a cell of its own
    (``2401+``) that is never published but keeps the sums exact."""
    return code[:6] if len(code) >= 6 else f"{code}+"


def welfare_tree(year: int) -> WelfareTree:
    """The year's tree, kept in the cache as long as the pages (one national pass serves every page)."""
    key = f"portal:welfare-tree:{year}:{pagecache.version()}"
    tree = cache.get(key)
    if tree is None:
        tree = _build_welfare_tree(year)
        cache.set(key, tree, WELFARE_CACHE_SECONDS)
    return tree


def _build_welfare_tree(year: int) -> WelfareTree:
    _, leaves = welfare_rollup(("",), year, group_by=lambda fund: (_leaf(fund.area.code if fund.area else ""), ""))
    groupings = {
        code: (region, cluster)
        for code, region, cluster in Area.objects.filter(level=AreaLevel.PROVINCE).values_list(
            "code", "codi_region__code", "cluster__code"
        )
    }
    figures: dict[str, FundFigures] = defaultdict(FundFigures)
    parts: dict[tuple[str, str], set[str]] = defaultdict(set)  # (relation, total) -> parts
    for leaf in leaves:
        base = leaf.code.rstrip("+")
        chain = [leaf.code] + [base[:n] for n in (6, 4, 2) if n <= len(base) and base[:n] != leaf.code]
        for child, parent in itertools.pairwise(chain):
            parts[("tree", parent)].add(child)
        province = base[:2]
        region, cluster = groupings.get(province, (None, None))
        # Provinces outside a region or cluster: a never-published cell of their own in that grouping.
        region = region or f"{province}~r"
        cluster = cluster or f"{province}~c"
        parts[("provinces", places.NATION)].add(province)
        parts[("regions", places.NATION)].add(region)
        parts[("clusters", places.NATION)].add(cluster)
        parts[("tree", region)].add(province)
        parts[("tree", cluster)].add(province)
        for key in {*chain, region, cluster, places.NATION}:
            figures[key].add(leaf)
    relations = [Relation(total, tuple(sorted(kids))) for (_, total), kids in parts.items()]
    members = disclosure.suppress({k: f.members for k, f in figures.items()}, relations)
    return WelfareTree(year=year, figures=dict(figures), members=members)


def welfare_section(place: Place, fiscal_year: int | None) -> PublicTable:
    years = welfare_years(place.prefixes)
    year = fiscal_year if fiscal_year in years else (years[0] if years and not fiscal_year else None)
    if year is None:
        return PublicTable(columns=WELFARE_COLUMNS, rows=[])
    tree = welfare_tree(year)
    shown = [p for p in [place, *children(place)] if p.key in tree.figures]
    note = Note()
    note.add(tree.members, [p.key for p in shown])
    rows = [
        {
            "code": p.key,
            "year_be": year,
            "area": p.name,
            "funds": tree.figures[p.key].funds,
            "members": tree.members.value(p.key),
            "balance": tree.figures[p.key].balance,
            "strong": tree.figures[p.key].strong,
        }
        for p in shown
    ]
    return PublicTable(columns=WELFARE_COLUMNS, rows=rows, note=note)


# --- the self-managing-province assessment ----------------------------------------------------------

ASSESSMENT_COLUMNS = [
    Column("province_code", _("Province code"), on_page=False),
    Column("province", _("Province")),
    Column("track", _("Track")),
    Column("reviewed_year", _("Assessed in fiscal year"), True),
    Column("readiness", _("Readiness (%)"), True),
    Column("certified", _("Certified as")),
    Column("certified_year", _("From fiscal year"), True),
]


def assessment_section(place: Place, fiscal_year: int | None) -> PublicTable:
    english = _lang() == "en"
    tracks, statuses = dict(Track.choices), dict(CertifiedStatus.choices)
    rows = [
        {
            "province_code": s.code,
            "province": (s.name_en or s.name_th) if english else s.name_th,
            "track": str(tracks.get(s.track, s.track)),
            "reviewed_year": s.reviewed_year,
            "readiness": s.readiness,
            "certified": str(statuses.get(s.certified, "")) if s.certified else "",
            "certified_year": s.certified_year,
        }
        for s in public_status(place.prefixes, fiscal_year)
    ]
    return PublicTable(columns=ASSESSMENT_COLUMNS, rows=rows)


def register_community_sections() -> None:
    register_section(
        Section(
            "self_managing",
            _("Self-managing provinces"),
            _(
                "Each province's readiness on the ten criteria of a self-managing province as reviewed by its "
                "provincial cluster, and its certified status (pilot or expansion province), on each track."
            ),
            95,
            assessment_section,
        )
    )
    register_section(
        Section(
            "plans",
            _("Plans"),
            _(
                "Adopted community, tambon and provincial plans: their items by status and how many proposals sent "
                "upward have been answered."
            ),
            60,
            plans_section,
        )
    )
    register_section(
        Section(
            "plan_items", _("Plan items"), _("The items of the adopted plans and their status."), 61, plan_items_section
        )
    )
    register_section(
        Section(
            "committees",
            _("Committees and their members"),
            _("Who sits today on the committees of this area, in which position and on whose behalf."),
            70,
            committees_section,
        )
    )
    register_section(
        Section(
            "welfare",
            _("Community welfare funds"),
            _("Funds, members, year-end balance and funds rated strong, by area, for the latest year with figures."),
            80,
            welfare_section,
        )
    )
    register_section(
        Section(
            "relief",
            _("Disaster relief campaigns"),
            _("Money pledged, transferred and given in each relief campaign; households helped as a count only."),
            90,
            relief_section,
        )
    )
