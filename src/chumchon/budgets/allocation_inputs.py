"""The inputs of the fair-allocation formula, read from the database: the areas under a scope with
their features (households and poverty of the latest ready survey round, tambons, past absorption).

The formula itself (``budgets.allocation``) is pure arithmetic and reads nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count

from chumchon.areas.models import Area
from chumchon.budgets.allocation import FormulaError, FormulaParams, Line, Node, allocate_tree
from chumchon.budgets.models import FundBalance
from chumchon.budgets.scopes import scope_province_codes
from chumchon.poverty.models import AreaPovertyResult, SurveyRound


def _latest_round_results(level: str, codes: Sequence[str]) -> dict[str, Any]:
    """Latest ready survey round's results per area code; {} when the poverty app has none."""
    latest = SurveyRound.objects.filter(status="ready").order_by("-year_be", "-id").first()
    if latest is None:
        return {}
    rows = AreaPovertyResult.objects.filter(survey_round=latest, level=level, area_code__in=list(codes))
    return {row.area_code: row for row in rows}


def _absorption(programme: Any, province_codes: Sequence[str]) -> dict[str, tuple[Fraction, Fraction]]:
    """(disbursed, allocated) per province of the same programme code in the previous fiscal year."""
    rows = FundBalance.objects.filter(
        programme__code=programme.code,
        programme__fiscal_year=programme.fiscal_year - 1,
        province_code__in=list(province_codes),
    )
    return {r.province_code: (Fraction(r.disbursed - r.refunded), Fraction(r.allocated)) for r in rows}


def build_tree(programme: Any, scope_kind: str, scope_code: str, down_to: str = "province") -> list[Node]:
    """The nodes under a scope with their features: clusters (or regions) → provinces (→ tambons)."""
    provinces = list(
        Area.objects.filter(code__in=scope_province_codes(scope_kind, scope_code))
        .select_related("cluster", "codi_region")
        .order_by("code")
    )
    codes = [p.code for p in provinces]
    tambon_counts = {
        row["parent__parent__code"]: row["n"]
        for row in Area.objects.filter(level="subdistrict", parent__parent__code__in=codes)
        .values("parent__parent__code")
        .annotate(n=Count("id"))
    }
    results = _latest_round_results("province", codes)
    absorb = _absorption(programme, codes)

    def features_of(tambons: int, result: Any, ab: tuple[Fraction, Fraction]) -> dict[str, Fraction]:
        f = {"tambons": Fraction(tambons)}
        if result is not None and result.households:
            f["population"] = Fraction(result.households)
            f["poor"] = Fraction(result.target_poor_households)
            f["intensity"] = Fraction(result.af_score_sum, result.af_weight_total or 1)
        else:
            f["population"] = Fraction(tambons)  # documented proxy: the number of tambons
            f["poor"] = Fraction(0)
            f["intensity"] = Fraction(0)
        f["absorption"] = ab[0] / ab[1] if ab[1] else Fraction(0)
        return f

    province_nodes: list[Node] = []
    for p in provinces:
        ab = absorb.get(p.code, (Fraction(0), Fraction(0)))
        node = Node("province", p.code, p.name_th, features_of(tambon_counts.get(p.code, 0), results.get(p.code), ab))
        node.absorb = ab
        if down_to == "tambon":
            tambons = list(Area.objects.filter(level="subdistrict", code__startswith=p.code).order_by("code"))
            t_results = _latest_round_results("subdistrict", [t.code for t in tambons])
            node.children = [
                Node("tambon", t.code, t.name_th, features_of(1, t_results.get(t.code), (Fraction(0), Fraction(0))))
                for t in tambons
            ]
        province_nodes.append(node)

    group_level = "region" if scope_kind == "nation" else "cluster" if scope_kind == "region" else ""
    if not group_level:
        return province_nodes
    groups: dict[str, Node] = {}
    for p, node in zip(provinces, province_nodes, strict=True):
        if group_level == "region":
            key, name = (p.codi_region.code, p.codi_region.name_th) if p.codi_region else ("-", "—")
        elif p.cluster is not None:
            key, name = p.cluster.code, p.cluster.name_th
        else:
            key, name = f"P{p.code}", p.name_th  # a province outside every cluster (Bangkok) stands alone
        group = groups.setdefault(key, Node(group_level, key, name, {}, leaves=0))
        group.children.append(node)
        group.leaves += 1
    for group in groups.values():
        for name in ("tambons", "population", "poor", "intensity"):
            group.features[name] = sum((c.features[name] for c in group.children), Fraction(0))
        d = sum((c.absorb[0] for c in group.children), Fraction(0))
        a = sum((c.absorb[1] for c in group.children), Fraction(0))
        group.absorb = (d, a)
        group.features["absorption"] = d / a if a else Fraction(0)
    return [groups[k] for k in sorted(groups)]


def allocate_scope(
    *, programme: Any, scope_kind: str, scope_code: str, total: Decimal, params: Mapping[str, Any]
) -> list[Line]:
    """The lines of a scenario for a programme over a scope (reads areas, poverty and the ledger)."""
    formula = FormulaParams.from_json(params)
    whole = Fraction(str(total))
    if whole.denominator != 1:
        raise FormulaError("the amount must be whole baht / วงเงินต้องเป็นจำนวนเต็มบาท")
    nodes = build_tree(programme, scope_kind, scope_code, formula.down_to)
    return allocate_tree(int(whole), nodes, formula, scope_code)
