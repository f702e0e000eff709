"""Reads: current values, figures rolled up to any unit, effective targets, statuses, the KPI report.

``indicator_values_for(area, fiscal_year)`` is what other apps use (the portal marks unverified
figures with its status; reports print KPI tables from it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area, AreaLevel
from chumchon.core import prepared
from chumchon.core.dopa import prefix_q
from chumchon.indicators import units
from chumchon.indicators.models import (
    ApprovalEvent,
    ApprovalState,
    Indicator,
    IndicatorLevel,
    IndicatorTarget,
    IndicatorValue,
    PeriodApproval,
    TargetRule,
    UnitLevel,
    ValueSource,
)
from chumchon.indicators.rollup import Rolled, rollup, values_table

TWO = Decimal("0.01")

STATUS_LABELS = {
    "approved": _("Approved"),
    "submitted": _("Submitted, awaiting approval"),
    "draft": _("Draft (typed in, not yet approved)"),
    "computed": _("From the data, not yet approved"),
}


@dataclass
class Figure:
    """One indicator's figure for a unit and fiscal year."""

    indicator: Indicator
    unit: str
    fiscal_year: int
    value: Decimal | None
    target: Decimal | None
    status: str  # approved | submitted | draft | computed
    source: str  # computed | manual | "" (rolled up from both or none)
    areas: int = 0
    live_value: Decimal | None = None  # the figure from today's data when it differs from the approved one
    target_from: str = ""  # the unit whose target this is (itself, or the one above it came down from)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def verified(self) -> bool:
        return self.status == "approved"

    @property
    def achieved_percent(self) -> Decimal | None:
        if self.value is None or not self.target:
            return None
        return (self.value * 100 / self.target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def indicators_active() -> QuerySet[Indicator]:
    return Indicator.objects.filter(is_active=True).order_by("name_th")


def indicator_get(pk: int) -> Indicator | None:
    return Indicator.objects.filter(pk=pk).first()


# --- current values ---------------------------------------------------------------------------


def current_rows(
    *, years: Sequence[int], prefixes: Iterable[str] = ("",), indicator_ids: Iterable[int] | None = None
) -> list[IndicatorValue]:
    """The highest revision of every (indicator, area, year) under ``prefixes`` for ``years``."""
    qs = IndicatorValue.objects.filter(prefix_q(prefixes, "area_code"), fiscal_year__in=list(years))
    if indicator_ids is not None:
        qs = qs.filter(indicator_id__in=list(indicator_ids))
    latest: dict[tuple[int, str, int], IndicatorValue] = {}
    for row in qs.order_by("revision"):
        latest[(row.indicator_id, row.area_code, row.fiscal_year)] = row
    return list(latest.values())


def current_row(indicator: Indicator, area_code: str, fiscal_year: int) -> IndicatorValue | None:
    return (
        IndicatorValue.objects.filter(indicator=indicator, area_code=area_code, fiscal_year=fiscal_year)
        .order_by("-revision")
        .first()
    )


def _prefixes(unit: str, pmap: units.ProvinceMap) -> tuple[str, ...]:
    return units.codes_of(unit, pmap)


def rolled_figures(
    unit: str,
    years: Sequence[int],
    indicators: Sequence[Indicator],
    pmap: units.ProvinceMap,
    wanted: Sequence[str] | None = None,
) -> dict[tuple[int, int, str], Rolled]:
    """The roll-up of the leaves under ``unit`` (its own figures and every unit below it)."""
    if not indicators or not years:
        return {}
    prefixes = _prefixes(unit, pmap)
    has_latest = any(i.aggregation == "latest" for i in indicators)
    span = list(range(min(years) - 10, max(years) + 1)) if has_latest else list(years)
    rows = current_rows(years=span, prefixes=prefixes, indicator_ids=[i.pk for i in indicators])
    table = values_table((r.indicator_id, r.fiscal_year, r.area_code, r.value, r.weight) for r in rows)
    return rollup(table, {i.pk: i.aggregation for i in indicators}, list(years), pmap, wanted)


# --- targets ----------------------------------------------------------------------------------


@dataclass
class LeafCounts:
    """How many leaf areas (tambons; provinces for province-level indicators) each unit holds."""

    tambons: Counter[str] = field(default_factory=Counter)
    pmap: units.ProvinceMap | None = None

    @classmethod
    def load(cls, pmap: units.ProvinceMap) -> LeafCounts:
        counts: Counter[str] = Counter()
        by_district = (
            Area.objects.filter(level=AreaLevel.SUBDISTRICT)
            .annotate(district=Substr("code", 1, 4))
            .values_list("district")
            .annotate(n=Count("id"))
        )
        for district, n in by_district:
            counts[district] += n
            counts[district[:2]] += n
        return cls(counts, pmap)

    def of(self, unit: str, level: str) -> int:
        assert self.pmap is not None
        lvl = units.level_of(unit)
        provinces: Sequence[str]
        if lvl == "nation":
            provinces = list(self.pmap.region)
        elif lvl in ("region", "cluster"):
            provinces = self.pmap.provinces_of(unit)
        elif lvl == "subdistrict":
            return 1
        elif lvl == "district":
            return self.tambons[unit] if level == IndicatorLevel.SUBDISTRICT else 0
        else:
            provinces = [unit]
        if level == IndicatorLevel.PROVINCE:
            return len(provinces)
        return sum(self.tambons[p] for p in provinces)


def targets_map(indicator_ids: Iterable[int], years: Iterable[int]) -> dict[tuple[int, str, int], Decimal]:
    return {
        (t.indicator_id, t.unit, t.fiscal_year): t.value
        for t in IndicatorTarget.objects.filter(indicator_id__in=list(indicator_ids), fiscal_year__in=list(years))
    }


def effective_target(
    indicator: Indicator,
    unit: str,
    fiscal_year: int,
    targets: dict[tuple[int, str, int], Decimal],
    pmap: units.ProvinceMap,
    counts: LeafCounts | None,
) -> tuple[Decimal | None, str]:
    """The target of ``indicator`` at ``unit``: its own, else the nearest unit above's — inherited as
    it stands (``inherit``) or split among the tambons (provinces) in proportion to how many of them
    ``unit`` holds (``split``). Returns (target, the unit it comes from)."""
    for above in units.chain_up(unit, pmap):
        value = targets.get((indicator.pk, above, fiscal_year))
        if value is None:
            continue
        if above == unit or indicator.target_rule == TargetRule.INHERIT:
            return value, above
        if counts is None:
            counts = LeafCounts.load(pmap)
        whole = counts.of(above, indicator.level)
        part = counts.of(unit, indicator.level)
        if not whole or not part:
            return None, above
        return (value * part / whole).quantize(TWO, rounding=ROUND_HALF_UP), above
    return None, ""


# --- statuses and figures ---------------------------------------------------------------------


def approval_of(unit: str, fiscal_year: int) -> PeriodApproval | None:
    return PeriodApproval.objects.filter(unit=unit, fiscal_year=fiscal_year).first()


def approval_state(unit: str, fiscal_year: int) -> str:
    approval = approval_of(unit, fiscal_year)
    return approval.state if approval else ApprovalState.DRAFT


def is_leaf_unit(indicator: Indicator, unit: str) -> bool:
    lvl = units.level_of(unit)
    return (lvl == "subdistrict" and indicator.level == IndicatorLevel.SUBDISTRICT) or (
        lvl == "province" and indicator.level == IndicatorLevel.PROVINCE
    )


def figures_for(
    unit: str,
    fiscal_year: int,
    *,
    indicators: Sequence[Indicator] | None = None,
    pmap: units.ProvinceMap | None = None,
    rolled: dict[tuple[int, int, str], Rolled] | None = None,
) -> list[Figure]:
    """Every indicator's figure at ``unit`` for ``fiscal_year``, with its target and status."""
    pmap = pmap or units.province_map()
    inds = list(indicators if indicators is not None else indicators_active())
    if rolled is None:
        rolled = rolled_figures(unit, [fiscal_year], inds, pmap, wanted=[unit])
    approval = approval_of(unit, fiscal_year)
    state = approval.state if approval else ApprovalState.DRAFT
    targets = targets_map([i.pk for i in inds], [fiscal_year])
    counts = LeafCounts.load(pmap) if any(t for t in targets) else None
    leaf_rows = {
        r.indicator_id: r
        for r in current_rows(years=[fiscal_year], prefixes=[unit], indicator_ids=[i.pk for i in inds])
        if r.area_code == unit
    }
    out = []
    for ind in inds:
        got = rolled.get((ind.pk, fiscal_year, unit))
        value = got.value if got else None
        target, source_unit = effective_target(ind, unit, fiscal_year, targets, pmap, counts)
        live: Decimal | None = None
        row = leaf_rows.get(ind.pk) if is_leaf_unit(ind, unit) else None
        if row is not None:
            source = row.source
            if state == ApprovalState.APPROVED and row.frozen:
                status = "approved"
            elif state == ApprovalState.SUBMITTED:
                status = "submitted"
            else:
                status = "computed" if row.source == ValueSource.COMPUTED else "draft"
        else:
            source = ValueSource.COMPUTED if ind.is_computed else ""
            if state == ApprovalState.APPROVED and str(ind.pk) in approval.snapshot:  # type: ignore[union-attr]
                frozen = approval.snapshot[str(ind.pk)]  # type: ignore[union-attr]
                frozen_value = None if frozen is None else Decimal(frozen)
                if frozen_value != value:
                    live = value
                value, status = frozen_value, "approved"
            elif state == ApprovalState.SUBMITTED:
                status = "submitted"
            else:
                status = "computed" if ind.is_computed else "draft"
        out.append(
            Figure(ind, unit, fiscal_year, value, target, status, source, got.areas if got else 0, live, source_unit)
        )
    return out


def indicator_values_for(area: Any, fiscal_year: int) -> list[Figure]:
    """The figures of every indicator in use at ``area`` (an ``Area``, or a unit string) for the
    fiscal year (B.E.): value, target, status (approved / submitted / draft / computed)."""
    unit = area if isinstance(area, str) else area.code
    return figures_for(unit, fiscal_year)


def paperwork_meter(unit: str, fiscal_year: int, pmap: units.ProvinceMap | None = None) -> tuple[int, int]:
    """(figures from the data, all figures) among the leaf values under ``unit`` for the year."""
    pmap = pmap or units.province_map()
    rows = current_rows(years=[fiscal_year], prefixes=units.codes_of(unit, pmap))
    computed = sum(1 for r in rows if r.source == ValueSource.COMPUTED)
    return computed, len(rows)


# --- approval queue and worklist --------------------------------------------------------------

STEP_ACTIONS = {
    UnitLevel.SUBDISTRICT: Action.INDICATOR_APPROVE_TAMBON,
    UnitLevel.PROVINCE: Action.INDICATOR_APPROVE_PROVINCE,
    UnitLevel.CLUSTER: Action.INDICATOR_APPROVE_CLUSTER,
    UnitLevel.REGION: Action.INDICATOR_APPROVE_REGION,
}


def period_actions(user: Any, unit: str, year: int, state: str, has_manual: bool) -> dict[str, bool]:
    """What ``user`` may do now with ``unit``'s fiscal year: enter values, submit, approve, return,
    withdraw an approval (the report page's buttons and the API's ``actions`` alike)."""
    level = {
        "subdistrict": UnitLevel.SUBDISTRICT,
        "province": UnitLevel.PROVINCE,
        "cluster": UnitLevel.CLUSTER,
        "region": UnitLevel.REGION,
    }.get(units.level_of(unit), "")
    step = STEP_ACTIONS.get(level) if level else None  # type: ignore[call-overload]
    approver = step is not None and permissions.can(user, step, units.codes_of(unit))
    enterer = level in ("subdistrict", "province") and permissions.can(user, Action.INDICATOR_ENTER, unit)
    parent = units.approval_parent(unit) if level else None
    parent_approved = bool(parent) and approval_state(parent or "", year) == ApprovalState.APPROVED
    return {
        "enter": enterer and state == ApprovalState.DRAFT,
        "submit": enterer and state == ApprovalState.DRAFT and has_manual,
        "approve": approver and (state == ApprovalState.SUBMITTED or (state == ApprovalState.DRAFT and not has_manual)),
        "return": approver and state == ApprovalState.SUBMITTED,
        "unapprove": approver and state == ApprovalState.APPROVED and not parent_approved,
    }


def awaiting_approval(user: Any) -> QuerySet[PeriodApproval]:
    """Submitted units this user approves (by level and scope)."""
    q = Q(pk__in=[])
    grants = permissions.grants_for(user)
    for level, action in STEP_ACTIONS.items():
        prefixes = grants.prefixes(action)
        if not prefixes:
            continue
        if level in (UnitLevel.SUBDISTRICT, UnitLevel.PROVINCE):
            q |= Q(level=level) & prefix_q(prefixes, "unit")
        elif "" in prefixes:
            q |= Q(level=level)
        else:
            pmap = units.province_map()
            wanted = [
                u
                for u in PeriodApproval.objects.filter(level=level, state=ApprovalState.SUBMITTED).values_list(
                    "unit", flat=True
                )
                if permissions.can(user, action, units.codes_of(u, pmap))
            ]
            q |= Q(level=level, unit__in=wanted)
    return PeriodApproval.objects.filter(q, state=ApprovalState.SUBMITTED).order_by("fiscal_year", "unit")


def awaiting_approval_count(user: Any) -> int:
    """``awaiting_approval(user).count()`` (the worklist's, on every home page): built once per process for the
    user's approving scopes when those alone make the statement — not when a cluster or region level is held
    below the nation (its units are read from the database first)."""
    grants = permissions.grants_for(user)
    scopes = tuple((str(level), grants.prefixes(action)) for level, action in STEP_ACTIONS.items())
    by_prefix = (UnitLevel.SUBDISTRICT, UnitLevel.PROVINCE)
    if any(level not in by_prefix and prefixes and "" not in prefixes for level, prefixes in scopes):
        return awaiting_approval(user).count()
    return prepared.count(("indicators.awaiting_approval", scopes), lambda: awaiting_approval(user))


def to_submit_count(user: Any) -> int:
    """``to_submit(user).count()``, built once per process for the entry scope (all it is made of)."""
    prefixes = permissions.grants_for(user).prefixes(Action.INDICATOR_ENTER)
    return prepared.count(("indicators.to_submit", prefixes), lambda: to_submit(user))


def to_submit(user: Any) -> QuerySet[PeriodApproval]:
    """Draft tambon/province periods with values, in the user's entry scope."""
    prefixes = permissions.grants_for(user).prefixes(Action.INDICATOR_ENTER)
    if not prefixes:
        return PeriodApproval.objects.none()
    return PeriodApproval.objects.filter(
        prefix_q(prefixes, "unit"),
        state=ApprovalState.DRAFT,
        level__in=[UnitLevel.SUBDISTRICT, UnitLevel.PROVINCE],
        has_manual_values=True,
    ).order_by("fiscal_year", "unit")


def history(unit: str, fiscal_year: int) -> QuerySet[ApprovalEvent]:
    return ApprovalEvent.objects.filter(unit=unit, fiscal_year=fiscal_year).select_related("actor")


def years_with_values(unit: str = "") -> list[int]:
    qs = IndicatorValue.objects.all()
    if unit and not unit.startswith((units.REGION, units.CLUSTER)):
        qs = qs.filter(area_code__startswith=unit)
    return sorted(set(qs.values_list("fiscal_year", flat=True).distinct()))
