"""The capital analysis of an area: its capital set against its poverty figures, dimension by dimension.

The rule for a gap (documented in docs/architecture.md and the user guide), kept simple on purpose so
a tambon committee can check it by hand:

    A poverty dimension is a **gap** when at least ``GAP_PERCENT`` % of the area's surveyed households
    are deprived in it (latest ready survey round) **and** the area has no capital that matches that
    dimension — no recorded entry of a kind mapped to it (``models.KIND_DIMENSIONS``) and no active
    registry body of a kind mapped to it (``models.BODY_KIND_DIMENSIONS``).

A dimension with that much deprivation and some matching capital is one to **build on**; below the
threshold it is **lower need**. Without survey figures (no round, or a viewer who may not see them)
nothing is flagged: the page lists the capital by dimension only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from chumchon.capital.models import BODY_KIND_DIMENSIONS, KIND_DIMENSIONS, CapitalKind
from chumchon.capital.selectors import Profile
from chumchon.organizations.models import Body, BodyKind
from chumchon.poverty.models import DimensionCode
from chumchon.poverty.models.indicators import DIMENSION_ORDER
from chumchon.poverty.selectors.results import AreaFigures, area_figures

GAP_PERCENT = 20  # share of households deprived in a dimension from which it needs capital


class Standing(StrEnum):
    GAP = "gap"
    BUILD_ON = "build_on"
    LOWER_NEED = "lower_need"
    NO_FIGURES = "no_figures"


@dataclass
class DimensionRow:
    dimension: str
    label: str
    deprived: int | None  # households deprived in the dimension (None: no figures)
    percent: float | None
    capital: list[tuple[str, int]] = field(default_factory=list)  # (kind label, count), most first
    bodies: list[Body] = field(default_factory=list)
    standing: str = Standing.NO_FIGURES

    @property
    def capital_count(self) -> int:
        return sum(n for _, n in self.capital)

    @property
    def is_gap(self) -> bool:
        return self.standing == Standing.GAP


@dataclass
class Analysis:
    profile: Profile
    figures: AreaFigures | None
    rows: list[DimensionRow]
    threshold: int = GAP_PERCENT

    @property
    def gaps(self) -> list[DimensionRow]:
        return [r for r in self.rows if r.is_gap]

    @property
    def strengths(self) -> list[DimensionRow]:
        return [r for r in self.rows if r.capital_count]


def standing(percent: float | None, capital_count: int, threshold: int = GAP_PERCENT) -> Standing:
    """The gap rule for one dimension (see the module docstring)."""
    if percent is None:
        return Standing.NO_FIGURES
    if percent < threshold:
        return Standing.LOWER_NEED
    return Standing.BUILD_ON if capital_count else Standing.GAP


def gap_labels(result: Any, entry_kinds: Collection[str], body_kinds: Collection[str]) -> list[str]:
    """The labels of the gaps ``analyse(profile, figures_wanted=False).gaps`` finds, in the same order, from
    the area's result and the kinds of its entries and bodies alone (the area page's headline: a kind
    either matches a dimension or not, so the rule needs no rows, counts or bodies)."""
    by_dimension = {r["code"]: r for r in _dimension_rows(result)}
    dim_labels = dict(DimensionCode.choices)
    gaps = []
    for d in DIMENSION_ORDER:
        row = by_dimension.get(d)
        percent = float(row["percent"]) if row is not None else None
        matched = any(d in KIND_DIMENSIONS.get(k, ()) for k in entry_kinds) or any(
            d in BODY_KIND_DIMENSIONS.get(k, ()) for k in body_kinds
        )
        if standing(percent, int(matched)) == Standing.GAP:
            gaps.append(str(dim_labels[d]))
    return gaps


def _dimension_rows(result: Any) -> list[dict[str, Any]]:
    """Count and percent of deprived households per dimension, as ``area_figures``' dimension rows give them
    (for the area page's headline, which needs no indicators, contributions or additions)."""
    n = result.households or 0
    return [
        {"code": d, "count": count, "percent": 100 * count / n if n else 0}
        for d in DIMENSION_ORDER
        if d in result.deprived_by_dimension
        for count in [result.deprived_by_dimension.get(d, 0)]
    ]


def analyse(profile: Profile, *, figures_wanted: bool = True) -> Analysis:
    """Each of the five dimensions: its deprivation (when the viewer may see it) and the matching capital.
    Without ``figures_wanted`` (the area page's gaps) the rows come from the profile's result alone and
    ``figures`` stays None."""
    figures = None
    dimension_rows: list[dict[str, Any]] = []
    if profile.people is not None:
        if figures_wanted:
            figures = area_figures(profile.people.survey_round, profile.area.code)
            dimension_rows = figures.dimension_rows
        else:
            dimension_rows = _dimension_rows(profile.people.result)
    by_dimension = {r["code"]: r for r in dimension_rows}
    kind_labels = dict(CapitalKind.choices)
    body_labels = dict(BodyKind.choices)
    dim_labels = dict(DimensionCode.choices)
    rows = []
    for d in DIMENSION_ORDER:
        counts: Counter[str] = Counter()
        for entry in profile.entries:
            if d in KIND_DIMENSIONS.get(entry.kind, ()):
                counts[str(kind_labels[entry.kind])] += 1
        bodies = []
        for group in [*profile.body_groups, *([profile.welfare_funds] if profile.welfare_funds else [])]:
            if d in BODY_KIND_DIMENSIONS.get(group.kind, ()):
                counts[str(body_labels.get(group.kind, group.kind))] += group.count
                bodies.extend(group.bodies)
        row = by_dimension.get(d)
        percent = float(row["percent"]) if row is not None else None
        capital = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append(
            DimensionRow(
                dimension=d,
                label=str(dim_labels[d]),
                deprived=row["count"] if row is not None else None,
                percent=percent,
                capital=capital,
                bodies=bodies,
                standing=standing(percent, sum(counts.values())),
            )
        )
    return Analysis(profile, figures, rows)
