"""Reads and aggregates of budgets. Pages, exports and the API call these; views never aggregate.

Scope: a user sees the money of the provinces their PROJECT_VIEW grants touch — a tambon council
sees its own province's programme figures (budget figures are public information in the province;
projects and people stay scoped by their own apps).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.budgets.models import (
    ZERO,
    Allocation,
    AllocationLine,
    FundBalance,
    LedgerEntry,
    LedgerKind,
    Programme,
)
from chumchon.indicators.models import IndicatorTarget


@dataclass(frozen=True)
class HolderFunds:
    """One holder's money (a project's, for instance) as the ledger records it."""

    committed: Decimal
    disbursed: Decimal
    refunded: Decimal

    @property
    def net_disbursed(self) -> Decimal:
        return self.disbursed - self.refunded

    @property
    def to_disburse(self) -> Decimal:
        return self.committed - self.net_disbursed


def holder_funds(holder: models.Model) -> HolderFunds:
    """A holder's money from the ledger (one grouped query)."""
    sums = {
        r["kind"]: r["total"]
        for r in LedgerEntry.objects.of_holder(holder).values("kind").annotate(total=Sum("amount"))
    }
    return HolderFunds(
        committed=sums.get(LedgerKind.COMMIT, ZERO) + sums.get(LedgerKind.RELEASE, ZERO),
        disbursed=sums.get(LedgerKind.DISBURSE, ZERO),
        refunded=sums.get(LedgerKind.REFUND, ZERO),
    )


def holder_ledger(holder: models.Model) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.of_holder(holder).select_related("actor", "resolution").order_by("at", "id")


# --------------------------------------------------------------------------- figures from above
#
# The dashboards show, next to the money, what the holders of the money reported (the projects'
# spending and indicator values). The budgets app knows nothing of projects: the apps above it
# register their figures here from their AppConfig.ready() (like areas.AREA_SUMMARY_PROVIDERS).

# (programme ids, province codes or None for all) → {(programme id, province code): reported spending}
SpendingProvider = Callable[[list[int], "frozenset[str] | None"], Mapping[tuple[int, str], Decimal]]
SPENDING_PROVIDERS: list[SpendingProvider] = []


@dataclass(frozen=True)
class IndicatorValues:
    """The latest values reported against one programme indicator in one province."""

    code: str
    province: str
    total: Decimal
    count: int


# (programme, indicator codes, province codes or None) → rows, ordered by code then province
IndicatorValuesProvider = Callable[[Programme, list[str], "frozenset[str] | None"], Iterable[IndicatorValues]]
INDICATOR_VALUE_PROVIDERS: list[IndicatorValuesProvider] = []


def _reported_spending(programme_ids: list[int], provinces: frozenset[str] | None) -> dict[tuple[int, str], Decimal]:
    out: dict[tuple[int, str], Decimal] = {}
    for provider in SPENDING_PROVIDERS:
        for key, value in provider(programme_ids, provinces).items():
            out[key] = out.get(key, ZERO) + value
    return out


# --------------------------------------------------------------------------- scope


def province_prefixes(user: User | AnonymousUser) -> frozenset[str] | None:
    """Province codes the user may see budgets of; ``None`` = the whole nation."""
    prefixes = permissions.grants_for(user).prefixes(Action.PROJECT_VIEW)
    if "" in prefixes:
        return None
    return frozenset(p[:2] for p in prefixes)


def _province_q(provinces: frozenset[str] | None, field_name: str = "province_code") -> Q:
    if provinces is None:
        return Q()
    return Q(**{f"{field_name}__in": sorted(provinces)})


def fiscal_years() -> list[int]:
    return list(Programme.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


@dataclass
class Totals:
    allocated: Decimal = ZERO
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO
    refunded: Decimal = ZERO
    spent: Decimal = ZERO
    projects: int = 0

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.committed

    @property
    def net_disbursed(self) -> Decimal:
        return self.disbursed - self.refunded

    @property
    def disbursed_pct(self) -> Decimal:
        if not self.allocated:
            return ZERO
        return (self.net_disbursed * 100 / self.allocated).quantize(Decimal("0.1"))

    def add(self, other: Totals) -> None:
        self.allocated += other.allocated
        self.committed += other.committed
        self.disbursed += other.disbursed
        self.refunded += other.refunded
        self.spent += other.spent
        self.projects += other.projects


@dataclass
class ProgrammeRow:
    programme: Programme
    totals: Totals = field(default_factory=Totals)


def programmes_for_year(user: User | AnonymousUser, fiscal_year: int | None) -> list[ProgrammeRow]:
    """The programmes of a fiscal year with the user's-scope totals (one grouped query)."""
    provinces = province_prefixes(user)
    programmes = list(Programme.objects.filter(fiscal_year=fiscal_year) if fiscal_year else Programme.objects.all())
    rows = {p.pk: ProgrammeRow(p) for p in programmes}
    sums = (
        FundBalance.objects.filter(_province_q(provinces), programme__in=programmes)
        .values("programme_id")
        .annotate(a=Sum("allocated"), c=Sum("committed"), d=Sum("disbursed"), r=Sum("refunded"))
    )
    for s in sums:
        t = rows[s["programme_id"]].totals
        t.allocated, t.committed, t.disbursed, t.refunded = s["a"], s["c"], s["d"], s["r"]
    # Reported spending and funded projects, as on the dashboard (they were missing here: 0.00).
    for (programme_id, _), (spent, n) in _reported_spent(list(rows), provinces).items():
        if programme_id in rows:
            rows[programme_id].totals.spent += spent
            rows[programme_id].totals.projects += n
    return list(rows.values())


def programme_get(pk: int) -> Programme | None:
    return Programme.objects.filter(pk=pk).first()


def allocations_for(programme: Programme) -> QuerySet[Allocation]:
    return programme.allocations.select_related("resolution__body").order_by("-status", "created_at")


def allocation_lines(allocation: Allocation, level: str | None = None) -> QuerySet[AllocationLine]:
    qs = allocation.lines.all()
    return qs.filter(level=level) if level else qs


# --------------------------------------------------------------------------- dashboards

GROUPINGS = ("province", "cluster", "region")


@dataclass
class DashboardRow:
    code: str
    name: str
    totals: Totals = field(default_factory=Totals)


def _reported_spent(
    programme_ids: list[int], provinces: frozenset[str] | None
) -> dict[tuple[int, str], tuple[Decimal, int]]:
    """Reported spending (from the registered providers) and funded holders (commit entries) per
    (programme, province), grouped in SQL."""
    out: dict[tuple[int, str], tuple[Decimal, int]] = {
        key: (spent or ZERO, 0) for key, spent in _reported_spending(programme_ids, provinces).items()
    }
    # Count funded projects from the ledger (the ones that drew money).
    for r in (
        LedgerEntry.objects.filter(programme_id__in=programme_ids, kind=LedgerKind.COMMIT)
        .filter(_province_q(provinces))
        .values("programme_id", "province_code")
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = (r["programme_id"], r["province_code"])
        spent, _ = out.get(key, (ZERO, 0))
        out[key] = (spent, r["n"])
    return out


def dashboard(
    user: User | AnonymousUser,
    *,
    fiscal_year: int | None = None,
    programme: Programme | None = None,
    group_by: str = "province",
    within: Iterable[str] | None = None,
) -> tuple[list[DashboardRow], Totals]:
    """Allocated vs approved (committed) vs disbursed vs reported spent, per area, in the user's scope.

    One grouped query over the balances (per province) and one over the projects for reported
    spending; provinces are then folded into clusters or regions in Python (77 rows at most).
    ``within``: optional province codes to restrict to (a region or cluster page).
    """
    provinces = province_prefixes(user)
    if within is not None:
        wanted = frozenset(within)
        provinces = wanted if provinces is None else provinces & wanted
    if programme is not None:
        programme_ids = [programme.pk]
    else:
        qs = Programme.objects.filter(fiscal_year=fiscal_year) if fiscal_year else Programme.objects.all()
        programme_ids = list(qs.values_list("pk", flat=True))
    per_province: dict[str, Totals] = {}
    for s in (
        FundBalance.objects.filter(_province_q(provinces), programme_id__in=programme_ids)
        .values("province_code")
        .annotate(a=Sum("allocated"), c=Sum("committed"), d=Sum("disbursed"), r=Sum("refunded"))
        .order_by()
    ):
        per_province[s["province_code"]] = Totals(s["a"], s["c"], s["d"], s["r"])
    for (_, code), (spent, n) in _reported_spent(programme_ids, provinces).items():
        t = per_province.setdefault(code, Totals())
        t.spent += spent
        t.projects += n
    areas = {
        a.code: a
        for a in Area.objects.filter(level="province", code__in=list(per_province)).select_related(
            "cluster", "codi_region"
        )
    }
    rows: dict[str, DashboardRow] = {}
    for code, totals in per_province.items():
        area = areas.get(code)
        if group_by == "cluster":
            key, name = (
                (area.cluster.code, area.cluster.name_th)
                if area and area.cluster
                else (code, area.name_th if area else code)
            )
        elif group_by == "region":
            key, name = (area.codi_region.code, area.codi_region.name_th) if area and area.codi_region else ("-", "—")
        else:
            key, name = code, area.name_th if area else code
        rows.setdefault(key, DashboardRow(key, name)).totals.add(totals)
    grand = Totals()
    for row in rows.values():
        grand.add(row.totals)
    return sorted(rows.values(), key=lambda r: r.code), grand


def dashboard_naive(programme_ids: list[int]) -> dict[str, Totals]:
    """The baseline for bench/budgets.py: the same figures by walking every ledger row in Python."""
    per: dict[str, Totals] = {}
    for province, kind, amount in LedgerEntry.objects.filter(programme_id__in=programme_ids).values_list(
        "province_code", "kind", "amount"
    ):
        t = per.setdefault(province, Totals())
        if kind in (LedgerKind.ALLOCATE, LedgerKind.REALLOCATE):
            t.allocated += amount
        elif kind in (LedgerKind.COMMIT, LedgerKind.RELEASE):
            t.committed += amount
        elif kind == LedgerKind.DISBURSE:
            t.disbursed += amount
        else:
            t.refunded += amount
    for (_, province), spent in _reported_spending(programme_ids, None).items():
        per.setdefault(province, Totals()).spent += spent
    return per


def ledger_for(
    user: User | AnonymousUser, programme: Programme, province_code: str | None = None
) -> QuerySet[LedgerEntry]:
    qs = LedgerEntry.objects.filter(programme=programme).filter(_province_q(province_prefixes(user)))
    if province_code:
        qs = qs.filter(province_code=province_code)
    return qs.select_related("actor", "resolution").prefetch_related("holder").order_by("-at", "-id")


# --------------------------------------------------------------------------- programme indicators


@dataclass
class IndicatorArea:
    """One province's (or the whole visible scope's) roll-up of an indicator."""

    code: str
    name: str
    total: Decimal = ZERO
    projects: int = 0


@dataclass
class IndicatorProgress:
    indicator: Any  # budgets.ProgrammeIndicator
    value: Decimal | None
    projects: int
    by_province: list[IndicatorArea]

    target: Decimal | None = None  # the national target in the indicators framework (issue 13)

    @property
    def pct(self) -> Decimal | None:
        if self.value is None or not self.target:
            return None
        return (self.value * 100 / self.target).quantize(Decimal("0.1"))


def _rolled(total: Decimal, n: int, aggregation: str) -> Decimal | None:
    if n == 0:
        return None
    if aggregation == "mean":
        return (total / n).quantize(Decimal("0.01"))
    return total


def indicator_progress(user: User | AnonymousUser, programme: Programme) -> list[IndicatorProgress]:
    """Each programme indicator with the roll-up of the latest values projects reported against it.

    The values come from the registered ``INDICATOR_VALUE_PROVIDERS`` (projects report to an
    indicator through ``ProjectIndicator.code``; which projects count is the projects app's rule).
    The figure is the sum (or the mean over projects) within the provinces the user may see, and
    per province.
    """
    indicators = list(programme.indicators.all())
    if not indicators:
        return []
    provinces = province_prefixes(user)
    codes = [i.code for i in indicators]
    rows: list[dict[str, Any]] = [
        {"code": r.code, "province": r.province, "total": r.total, "n": r.count}
        for provider in INDICATOR_VALUE_PROVIDERS
        for r in provider(programme, codes, provinces)
    ]
    # Targets come through the indicators framework (the programme's fiscal year, national target).
    targets = dict(
        IndicatorTarget.objects.filter(
            indicator_id__in=[i.indicator_id for i in indicators if i.indicator_id],
            unit="",
            fiscal_year=programme.fiscal_year,
        ).values_list("indicator_id", "value")
    )
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["code"], []).append(row)
    names = dict(Area.objects.filter(code__in={r["province"] for r in rows}).values_list("code", "name_th"))
    result: list[IndicatorProgress] = []
    for indicator in indicators:
        parts = grouped.get(indicator.code, [])
        total = sum((r["total"] for r in parts), ZERO)
        n = sum(r["n"] for r in parts)
        by_province = [
            IndicatorArea(
                code=r["province"],
                name=names.get(r["province"], r["province"]),
                total=_rolled(r["total"], r["n"], indicator.aggregation) or ZERO,
                projects=r["n"],
            )
            for r in parts
        ]
        result.append(
            IndicatorProgress(
                indicator=indicator,
                value=_rolled(total, n, indicator.aggregation),
                projects=n,
                by_province=by_province,
                target=targets.get(indicator.indicator_id or 0, indicator.target),
            )
        )
    return result


def provinces_for_action(user: User | AnonymousUser, action: str) -> list[tuple[str, str]]:
    """(code, Thai name) of the provinces wholly inside the user's scope for ``action``."""
    prefixes = permissions.grants_for(user).prefixes(action)
    if not prefixes:
        return []
    qs = Area.objects.filter(level="province").order_by("code")
    if "" not in prefixes:
        qs = qs.filter(code__in=sorted(p for p in prefixes if len(p) == 2))
    return list(qs.values_list("code", "name_th"))


def adopted_allocations(viewer: Any, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """The allocations a resolution adopted that ``viewer`` may see: {id: (label, page)} (meetings.decisions)."""
    out: dict[int, tuple[str, str]] = {}
    for a in Allocation.objects.filter(pk__in=ids).select_related("programme").order_by("pk"):
        if permissions.can(viewer, Action.PROJECT_VIEW, a):
            out[a.pk] = (f"{a.programme} · {a.name}", reverse("budgets:allocation", args=[a.pk]))
    return out
