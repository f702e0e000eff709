"""Pure-Python reference for the Alkire–Foster measure and TPMAP's target rule (no DuckDB, no Django).

Slow and obvious on purpose: the tests compare ``poverty.engine`` against it exactly (Fractions).

Alkire–Foster (Alkire & Foster 2011, "Counting and multidimensional poverty measurement", Journal of
Public Economics 95(7–8): 476–487): deprivation g_ij = 1 when unit i is deprived in indicator j;
score c_i = Σ_j w_j g_ij with Σ_j w_j = 1; i is poor when c_i ≥ k; H = q/n; A = (Σ_{poor} c_i)/q;
M0 = H·A = Σ_j w_j h_j(k), where h_j(k) is the share of units that are poor AND deprived in j
(the censored headcount ratio). M0 is decomposable by subgroup (population-weighted mean of the
groups' M0) and by indicator (contribution of j = w_j h_j(k) / M0).

TPMAP's target poor (คนจนเป้าหมาย), as implemented here and in the engine: a household is deprived in
a dimension when it fails at least one of the dimension's indicators; a *target poor household* is
deprived in at least one dimension AND has at least one member verified on the state-welfare-card
register; *target poor persons* are the verified-register members of households deprived in at least
one dimension.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


@dataclass(frozen=True)
class AFResult:
    n: int
    q: int
    scores: tuple[Fraction, ...]
    poor: tuple[bool, ...]
    h: Fraction
    a: Fraction
    m0: Fraction
    censored_headcount_ratios: tuple[Fraction, ...]
    contributions: tuple[Fraction, ...]


def alkire_foster(deprivations: Sequence[Sequence[int]], weights: Sequence[Fraction | int], k: Fraction) -> AFResult:
    """AF measures of a 0/1 deprivation matrix (rows = units, columns = indicators).

    ``weights`` are normalised to sum to 1 (so integer weights over W may be passed as they are);
    ``k`` is a fraction of the total weight.
    """
    total = sum((Fraction(w) for w in weights), Fraction(0))
    w = [Fraction(x) / total for x in weights]
    n = len(deprivations)
    scores = tuple(sum((wj * gij for wj, gij in zip(w, row, strict=True)), Fraction(0)) for row in deprivations)
    poor = tuple(c >= k for c in scores)
    q = sum(poor)
    h = Fraction(q, n) if n else Fraction(0)
    a = sum((c for c, p in zip(scores, poor, strict=True) if p), Fraction(0)) / q if q else Fraction(0)
    m0 = h * a
    cens = tuple(
        Fraction(sum(1 for row, p in zip(deprivations, poor, strict=True) if p and row[j]), n) if n else Fraction(0)
        for j in range(len(w))
    )
    contrib = tuple((w[j] * cens[j] / m0) if m0 else Fraction(0) for j in range(len(w)))
    return AFResult(n, q, scores, poor, h, a, m0, cens, contrib)


# --- Reference for the whole engine: households + persons → integer sums per area -------------------


@dataclass
class IndicatorSpec:
    code: str
    level: str  # "household" | "person"
    dimension: str | None
    weight: int  # integer weight over W (0 when not in the measure)


@dataclass
class AreaSums:
    households: int = 0
    persons: int = 0
    target_poor_households: int = 0
    target_poor_persons: int = 0
    deprived_any_households: int = 0
    af_poor_households: int = 0
    af_score_sum: int = 0
    elderly: int = 0
    disabled: int = 0
    chronically_ill: int = 0
    bedridden: int = 0
    children_0_5: int = 0
    welfare_registered: int = 0
    welfare_verified: int = 0
    deprived_by_dimension: dict[str, int] = field(default_factory=dict)
    deprived_by_indicator: dict[str, int] = field(default_factory=dict)
    censored_by_indicator: dict[str, int] = field(default_factory=dict)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def household_rows(
    households: Iterable[Mapping[str, Any]],
    persons: Iterable[Mapping[str, Any]],
    indicators: Sequence[IndicatorSpec],
    big_w: int,
    k: Fraction,
    reference_date: datetime.date,
) -> list[dict[str, Any]]:
    """Per household: deprivations g_j, dimensions, score, AF-poor, TPMAP target, person counts."""
    members: dict[str, list[Mapping[str, Any]]] = {}
    for p in persons:
        members.setdefault(p["household_id"], []).append(p)
    elderly_born_by = years_before(reference_date, 60)
    child_born_after = years_before(reference_date, 6)
    dims = sorted({i.dimension for i in indicators if i.dimension})
    out = []
    for hh in households:
        ms = members.get(hh["household_id"], [])
        g = {}
        for ind in indicators:
            if ind.level == "household":
                g[ind.code] = 1 if hh.get(ind.code) == 0 else 0
            else:
                g[ind.code] = 1 if any(m.get(ind.code) == 0 for m in ms) else 0
        score = sum(ind.weight * g[ind.code] for ind in indicators if ind.dimension)
        deprived_dims = {d for d in dims if any(g[i.code] for i in indicators if i.dimension == d)}
        verified = sum(1 for m in ms if m["welfare_verified"])
        out.append(
            {
                "household_id": hh["household_id"],
                "village_code": hh["village_code"],
                "tambon_code": hh["tambon_code"],
                "g": g,
                "deprived_dimensions": deprived_dims,
                "score": score,
                # c/W ≥ k  ⇔  c·k_den ≥ k_num·W (integers only).
                "af_poor": score * k.denominator >= k.numerator * big_w,
                "target": bool(deprived_dims) and verified > 0,
                "persons": len(ms),
                "welfare_verified": verified,
                "welfare_registered": sum(1 for m in ms if m["welfare_registered"]),
                "elderly": sum(1 for m in ms if m["birth_date"] <= elderly_born_by),
                "children_0_5": sum(1 for m in ms if m["birth_date"] > child_born_after),
                "disabled": sum(1 for m in ms if m["disabled"]),
                "chronically_ill": sum(1 for m in ms if m["chronically_ill"]),
                "bedridden": sum(1 for m in ms if m["bedridden"]),
            }
        )
    return out


def sum_households(rows: Iterable[Mapping[str, Any]], indicators: Sequence[IndicatorSpec]) -> AreaSums:
    s = AreaSums()
    dims = sorted({i.dimension for i in indicators if i.dimension})
    s.deprived_by_dimension = dict.fromkeys(dims, 0)
    s.deprived_by_indicator = {i.code: 0 for i in indicators}
    s.censored_by_indicator = {i.code: 0 for i in indicators if i.dimension}
    for r in rows:
        s.households += 1
        s.persons += r["persons"]
        for name in ("elderly", "disabled", "chronically_ill", "bedridden", "children_0_5"):
            setattr(s, name, getattr(s, name) + r[name])
        s.welfare_registered += r["welfare_registered"]
        s.welfare_verified += r["welfare_verified"]
        if r["deprived_dimensions"]:
            s.deprived_any_households += 1
            s.target_poor_persons += r["welfare_verified"]
        if r["target"]:
            s.target_poor_households += 1
        for d in r["deprived_dimensions"]:
            s.deprived_by_dimension[d] += 1
        for code, gij in r["g"].items():
            s.deprived_by_indicator[code] += gij
        if r["af_poor"]:
            s.af_poor_households += 1
            s.af_score_sum += r["score"]
            for code in s.censored_by_indicator:
                s.censored_by_indicator[code] += r["g"][code]
    return s
