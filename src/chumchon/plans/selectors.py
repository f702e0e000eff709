"""Reads of the plans domain, already narrowed to the user's scope.

Also the registry through which a plan item shows the projects made from it: projects stand above
plans, so projects fill ``ITEM_PROJECT_SOURCES`` from its registrations (plans never import projects).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.urls import reverse

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, can, grants_for, scope_q, scoped_by_scope
from chumchon.areas.models import Area, province_groupings, scope_prefixes_for
from chumchon.core import prepared
from chumchon.core.access import not_found
from chumchon.organizations.models import Body
from chumchon.plans.models import (
    ANSWERED,
    LEVEL_RANK,
    ItemBudget,
    Plan,
    PlanEvent,
    PlanItem,
    PlanLevel,
    PlanProposal,
    PlanVersion,
    ProposalStatus,
    TambonCharter,
)
from chumchon.plans.rules import COUNCIL_KINDS, is_higher, may_write, may_write_charter, may_write_scope
from chumchon.poverty.models import DimensionCode, SurveyRound
from chumchon.poverty.selectors.additions import addition_counts
from chumchon.poverty.selectors.results import area_result, latest_round

Viewer = User | AnonymousUser

# ---------------------------------------------------------------------------------------------
# The projects made from an item (filled by projects)


@dataclass(frozen=True)
class ItemProject:
    """A project made from a plan item, as the item page shows it."""

    title: str
    status: str  # translated status label
    progress_pct: Decimal
    requested_amount: Decimal
    approved_amount: Decimal | None
    url: str


@dataclass
class ItemProjectSource:
    # ``projects_of(user, item_ids)`` → {item id: [ItemProject]} (only projects the user may see)
    projects_of: Callable[[Any, Sequence[int]], dict[int, list[ItemProject]]]
    # ``proposal_url(user, item)`` → where to make a project proposal from the item, or None
    proposal_url: Callable[[Any, PlanItem], str | None]


ITEM_PROJECT_SOURCES: list[ItemProjectSource] = []


def register_item_project_source(source: ItemProjectSource) -> None:
    ITEM_PROJECT_SOURCES[:] = [s for s in ITEM_PROJECT_SOURCES if s.projects_of is not source.projects_of]
    ITEM_PROJECT_SOURCES.append(source)


def item_projects(user: Viewer, item_ids: Sequence[int]) -> dict[int, list[ItemProject]]:
    out: dict[int, list[ItemProject]] = defaultdict(list)
    for source in ITEM_PROJECT_SOURCES:
        for pk, rows in source.projects_of(user, item_ids).items():
            out[pk].extend(rows)
    return dict(out)


def project_proposal_url(user: Viewer, item: PlanItem) -> str | None:
    for source in ITEM_PROJECT_SOURCES:
        url = source.proposal_url(user, item)
        if url:
            return url
    return None


# ---------------------------------------------------------------------------------------------
# Plans and items


def _upward_q(user: Viewer, code_field: str = "area__code") -> Q | None:
    """Plans above the user's areas: a tambon's people see the district, provincial, cluster and
    regional plans that cover them (they propose to them and read the answers)."""
    prefixes = grants_for(user).prefixes(Action.PLAN_VIEW)
    if not prefixes or "" in prefixes:
        return None
    ancestors = {p[:n] for p in prefixes for n in (2, 4, 6) if n < len(p)}
    heads = {p[:2] for p in prefixes}  # the provinces' groupings, read once per request
    provinces = [(region, cluster) for code, region, cluster in province_groupings() if code in heads]
    return (
        Q(scope_kind="area", **{f"{code_field}__in": ancestors})
        | Q(scope_kind="region", region_id__in=[r for r, _ in provinces if r is not None])
        | Q(scope_kind="cluster", cluster_id__in=[c for _, c in provinces if c is not None])
    )


def plan_visibility_q(user: Viewer, *, code_field: str = "area__code") -> Q:
    """Which plans ``user`` may see, as one ``Q`` over a plan's scope fields (``scope_kind``, the area's
    code, ``region_id``, ``cluster_id``): the plans inside the user's scope and those above it.
    ``code_field`` names the area's code on rows that copy a plan's scope (search documents)."""
    inside = scope_q(user, Action.PLAN_VIEW, code_field=code_field)
    upward = _upward_q(user, code_field)
    return inside if upward is None else inside | upward


def plans_visible(user: Viewer) -> QuerySet[Plan]:
    return Plan.objects.select_related("owner", "area", "region", "cluster").filter(plan_visibility_q(user))


def may_view(user: Viewer, plan: Plan) -> bool:
    if can(user, Action.PLAN_VIEW, plan):
        return True
    upward = _upward_q(user)
    return upward is not None and Plan.objects.filter(upward, pk=plan.pk).exists()


def plan_list(
    user: Viewer, *, area_code: str = "", level: str = "", kind: str = "", year_be: int | None = None
) -> QuerySet[Plan]:
    qs = plans_visible(user)
    if area_code:
        qs = qs.filter(area__code__startswith=area_code)
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    if year_be:
        qs = qs.filter(start_year_be__lte=year_be, end_year_be__gte=year_be)
    return qs


def plan_get(user: Viewer, pk: int) -> Plan:
    plan = Plan.objects.select_related("owner", "area", "region", "cluster").filter(pk=pk).first()
    if plan is None or not may_view(user, plan):
        raise not_found()  # the same 404 as out of scope (a national reader passed require_read)
    return plan


def decided_plan_versions(viewer: Viewer, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """The plan versions a resolution adopted or amended that ``viewer`` may see: {id: (label, plan page)}
    (meetings.decisions)."""
    out: dict[int, tuple[str, str]] = {}
    for v in PlanVersion.objects.filter(pk__in=ids).select_related("plan__owner", "plan__area").order_by("pk"):
        if may_view(viewer, v.plan):
            out[v.pk] = (f"{v.plan.title} · {v.label_th}", reverse("plans:detail", args=[v.plan_id]))
    return out


def plan_items(plan: Plan) -> QuerySet[PlanItem]:
    return (
        plan.items.select_related("area", "responsible_body", "plan__area")
        .prefetch_related(Prefetch("budgets", queryset=ItemBudget.objects.order_by("fiscal_year_be")), "indicators")
        .order_by("number", "id")
    )


def item_get(user: Viewer, pk: int) -> PlanItem:
    item = (
        PlanItem.objects.select_related("plan__owner", "plan__area", "plan__region", "plan__cluster", "area")
        .select_related("responsible_body")
        .filter(pk=pk)
        .first()
    )
    if item is None or not may_view(user, item.plan):
        raise not_found()  # the same 404 as out of scope (a national reader passed require_read)
    return item


def plan_events(plan: Plan) -> QuerySet[PlanEvent]:
    return plan.events.select_related("actor", "item").order_by("-at", "-id")


def can_write(user: Viewer, plan: Plan) -> bool:
    return may_write(user, plan)


def owner_bodies(user: Viewer) -> QuerySet[Body]:
    """Bodies a plan may be owned by, in the user's scope."""
    return scoped_by_scope(Body.objects.filter(is_active=True).select_related("area"), user, Action.PLAN_EDIT)


def item_total(item: PlanItem) -> Decimal:
    return sum((b.amount for b in item.budgets.all()), Decimal(0))


def budget_by_year(plan: Plan) -> list[tuple[int, Decimal]]:
    rows = dict(
        ItemBudget.objects.filter(item__plan=plan)
        .values("fiscal_year_be")
        .annotate(s=Sum("amount"))
        .values_list("fiscal_year_be", "s")
    )
    years = sorted(set(plan.years) | set(rows))
    return [(y, rows.get(y) or Decimal(0)) for y in years]


# ---------------------------------------------------------------------------------------------
# Target households: counted from the latest round's target list, never typed


@dataclass(frozen=True)
class TargetCount:
    """The households of the item's area on the target list of the latest round, in its dimension."""

    survey_round: SurveyRound
    area: Area
    dimension: str  # "" = deprived in any dimension
    households: int
    indicators: tuple[tuple[str, int], ...] = ()

    @property
    def dimension_label(self) -> str:
        return str(dict(DimensionCode.choices).get(self.dimension, ""))


def target_households(items: Iterable[PlanItem], survey_round: SurveyRound | None = None) -> dict[int, TargetCount]:
    """Per item: how many target households of its area (the latest round's target list: households
    deprived in at least one dimension plus verified field additions) are deprived in the item's
    dimension (any dimension when it names none). Items without an area, or whose area has no result
    in the round, are left out. A new round changes the count: nothing is stored on the item."""
    survey_round = survey_round or latest_round()
    if survey_round is None:
        return {}
    out: dict[int, TargetCount] = {}
    cache: dict[str, tuple[Any, Any]] = {}
    areas: dict[str, Area] = {}
    for item in items:
        area = item.area or item.plan.area
        if area is None:
            continue
        code = area.code
        if code not in cache:
            cache[code] = (area_result(survey_round, code), addition_counts(survey_round, [code]))
            areas[code] = area
        result, added = cache[code]
        if result is None:
            continue
        if item.dimension:
            count = int(result.deprived_by_dimension.get(item.dimension, 0)) + added.by_dimension.get(item.dimension, 0)
        else:
            count = int(result.deprived_any_households) + added.households
        indicators = tuple((c, int(result.deprived_by_indicator.get(c, 0))) for c in item.indicator_codes or ())
        out[item.pk] = TargetCount(survey_round, area, item.dimension, count, indicators)
    return out


def target_households_of(item: PlanItem) -> TargetCount | None:
    return target_households([item]).get(item.pk)


# ---------------------------------------------------------------------------------------------
# Upward proposals


def receiving_plans(user: Viewer, item: PlanItem) -> list[Plan]:
    """Higher plans ``item`` may be proposed to (visible to the user, not already holding it open)."""
    plan = item.plan
    open_to = set(
        PlanProposal.objects.filter(item=item).exclude(status=ProposalStatus.DECLINED).values_list("to_plan", flat=True)
    )
    higher_levels = [lvl for lvl, rank in LEVEL_RANK.items() if rank > LEVEL_RANK[plan.level]]
    candidates = plans_visible(user).filter(level__in=higher_levels).exclude(pk__in=open_to)
    return [p for p in candidates if is_higher(p, plan)]


def proposals_of_item(item: PlanItem) -> QuerySet[PlanProposal]:
    return item.proposals.select_related("to_plan", "covering_item", "answered_by", "proposed_by").order_by(
        "-proposed_at"
    )


def covered_by_item(item: PlanItem) -> QuerySet[PlanProposal]:
    """The lower items this item covers (accepted as is, or merged into it)."""
    return item.covers.select_related("item__plan__area", "item__plan__owner", "proposed_by", "answered_by")


def proposals_received(plan: Plan, *, status: str = "") -> QuerySet[PlanProposal]:
    qs = plan.proposals_received.select_related(
        "item__plan__area", "item__plan__owner", "item__area", "covering_item", "proposed_by", "answered_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-proposed_at")


def proposal_get(user: Viewer, pk: int) -> PlanProposal:
    proposal = (
        PlanProposal.objects.select_related("item__plan__area", "to_plan__area", "to_plan__owner", "covering_item")
        .filter(pk=pk)
        .first()
    )
    if proposal is None or not (may_view(user, proposal.to_plan) or may_view(user, proposal.item.plan)):
        raise not_found()  # the same 404 as out of scope (a national reader passed require_read)
    return proposal


def _writable_plan_ids(user: Viewer, plans: QuerySet[Plan]) -> list[int]:
    # Only what may_write reads (kind and scope): the worklist asks this on every home page.
    plans = (
        plans.select_related(None)
        .select_related("area")
        .only("id", "kind", "scope_kind", "region_id", "cluster_id", "area__code")
    )
    return [p.pk for p in plans if may_write(user, p)]


def proposals_to_answer(user: Viewer) -> QuerySet[PlanProposal]:
    """Unanswered proposals to plans the user writes."""
    if not grants_for(user).prefixes(Action.PLAN_EDIT):
        return PlanProposal.objects.none()
    receiving = plans_visible(user).filter(proposals_received__status=ProposalStatus.PENDING).distinct()
    ids = _writable_plan_ids(user, receiving)
    return PlanProposal.objects.filter(to_plan_id__in=ids, status=ProposalStatus.PENDING).select_related(
        "item__plan__area", "to_plan", "proposed_by"
    )


def answers_to_note(user: Viewer) -> QuerySet[PlanProposal]:
    """Answers to the user's side's proposals (from plans the user writes) not yet noted."""
    if not grants_for(user).prefixes(Action.PLAN_EDIT):
        return PlanProposal.objects.none()
    proposing = (
        plans_visible(user)
        .filter(items__proposals__status__in=list(ANSWERED), items__proposals__answer_noted_at__isnull=True)
        .distinct()
    )
    ids = _writable_plan_ids(user, proposing)
    return PlanProposal.objects.filter(
        item__plan_id__in=ids, status__in=list(ANSWERED), answer_noted_at__isnull=True
    ).select_related("item__plan", "to_plan", "covering_item", "answered_by")


def _count_over_writable(user: Viewer, key: str, plans: Callable[[], QuerySet[Plan]]) -> int:
    """Σ of the ``n`` annotated on ``plans()`` over those the user writes: one statement reading each plan's kind,
    scope and count as plain values, then ``may_write`` in Python as ``_writable_plan_ids`` does. The statement is
    made of the visibility alone — the viewing prefixes and the provinces' groupings (``plan_visibility_q``) —
    so it is built once per process for them (``core.prepared``: the worklist asks on every home page)."""
    prefixes = grants_for(user).prefixes(Action.PLAN_VIEW)
    visibility = (prefixes, () if "" in prefixes else province_groupings())  # a national reader's: no groupings
    fields = ("kind", "scope_kind", "region_id", "cluster_id", "area__code", "n")  # n: the callers annotate it
    found = prepared.rows((key, visibility), lambda: plans().values_list(*fields))
    return sum(
        n
        for kind, scope_kind, region_id, cluster_id, area_code, n in found
        if may_write_scope(
            user, kind, scope_prefixes_for(scope_kind, region_id=region_id, cluster_id=cluster_id, area_code=area_code)
        )
    )


def proposals_to_answer_count(user: Viewer) -> int:
    """``proposals_to_answer(user).count()`` for the worklist, in one statement."""
    if not grants_for(user).prefixes(Action.PLAN_EDIT):
        return 0
    return _count_over_writable(
        user,
        "plans.proposals_to_answer",
        lambda: (
            plans_visible(user)
            .filter(proposals_received__status=ProposalStatus.PENDING)
            .annotate(n=Count("proposals_received"))
        ),
    )


def answers_to_note_count(user: Viewer) -> int:
    """``answers_to_note(user).count()`` for the worklist, in one statement."""
    if not grants_for(user).prefixes(Action.PLAN_EDIT):
        return 0
    return _count_over_writable(
        user,
        "plans.answers_to_note",
        lambda: (
            plans_visible(user)
            .filter(items__proposals__status__in=list(ANSWERED), items__proposals__answer_noted_at__isnull=True)
            .annotate(n=Count("items__proposals"))
        ),
    )


# ---------------------------------------------------------------------------------------------
# Coverage: for a district/province plan, which lower items each item covers, which are unanswered


@dataclass
class TambonCoverage:
    area: Area | None
    proposed: int = 0
    accepted: int = 0
    merged: int = 0
    declined: int = 0
    pending: int = 0

    @property
    def covered(self) -> int:
        return self.accepted + self.merged


@dataclass
class Coverage:
    plan: Plan
    by_item: dict[int, list[PlanProposal]] = field(default_factory=dict)  # covering item id → proposals
    pending: list[PlanProposal] = field(default_factory=list)
    declined: list[PlanProposal] = field(default_factory=list)
    by_tambon: list[TambonCoverage] = field(default_factory=list)

    @property
    def totals(self) -> TambonCoverage:
        t = TambonCoverage(None)
        for row in self.by_tambon:
            t.proposed += row.proposed
            t.accepted += row.accepted
            t.merged += row.merged
            t.declined += row.declined
            t.pending += row.pending
        return t


def _tambon_of(proposal: PlanProposal) -> Area | None:
    """The tambon (or the lower plan's own area when above a tambon) a proposed item comes from."""
    item = proposal.item
    area = item.area or item.plan.area
    if area is None:
        return None
    if len(area.code) > 6:
        return area.parent if area.parent is not None else area
    return area


def coverage(plan: Plan) -> Coverage:
    """Which lower items each item of ``plan`` covers, which proposals are still unanswered, and the
    counts per tambon (per area of the proposing plans)."""
    proposals = list(
        PlanProposal.objects.filter(to_plan=plan)
        .select_related("item__plan__area", "item__area__parent", "item__plan__owner", "covering_item")
        .select_related("item__plan__area__parent")
        .order_by("item__plan__area__code", "item__number")
    )
    result = Coverage(plan)
    rows: dict[str, TambonCoverage] = {}
    for p in proposals:
        if p.covering_item_id is not None:
            result.by_item.setdefault(p.covering_item_id, []).append(p)
        if p.status == ProposalStatus.PENDING:
            result.pending.append(p)
        elif p.status == ProposalStatus.DECLINED:
            result.declined.append(p)
        tambon = _tambon_of(p)
        key = tambon.code if tambon is not None else ""
        row = rows.setdefault(key, TambonCoverage(tambon))
        row.proposed += 1
        setattr(row, str(p.status), getattr(row, str(p.status)) + 1)
    result.by_tambon = [rows[k] for k in sorted(rows)]
    return result


def lower_levels(plan: Plan) -> bool:
    return plan.level not in (PlanLevel.VILLAGE,)


def unanswered_count(plan: Plan) -> int:
    return PlanProposal.objects.filter(to_plan=plan, status=ProposalStatus.PENDING).count()


def charters_visible(user: Viewer) -> QuerySet[TambonCharter]:
    bodies = scoped_by_scope(Body.objects.all(), user, Action.PLAN_VIEW)
    return TambonCharter.objects.filter(body__in=bodies).select_related("body__area").order_by("-adopted_on", "-id")


def charter_get(user: Viewer, pk: int) -> TambonCharter:
    charter = charters_visible(user).filter(pk=pk).first()
    if charter is None:
        raise not_found()  # the same 404 as out of scope (a national reader passed require_read)
    return charter


def charter_bodies(user: Viewer) -> list[Body]:
    """The community councils whose charter ``user`` may record (who writes the council's plans)."""
    councils = owner_bodies(user).filter(kind__in=COUNCIL_KINDS).order_by("area__code", "name_th")
    return [b for b in councils if may_write_charter(user, b)]


def search_q(text: str) -> Q:
    return Q(title__icontains=text) | Q(items__title__icontains=text)
