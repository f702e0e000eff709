"""Welfare-fund figures as pages and reports read them: a fund's years, and roll-ups by tambon, district,
province, region and nation (computed on read from the funds' yearly rows: ~6,000 funds × a few years).

Scopes are DOPA code prefixes, as everywhere: a tambon ``("240104",)``, a province ``("24",)``, a region
its provinces' codes, the nation ``("",)``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import get_language, gettext_lazy

from chumchon.accounts.permissions import Action, grants_for
from chumchon.areas.models import Area, AreaLevel, CodiRegion, region_province_codes
from chumchon.areas.summaries import ancestors_and_self, covering
from chumchon.core.dopa import prefix_q
from chumchon.organizations import welfare
from chumchon.organizations.models import BenefitKind, Body, BodyKind, WelfareBenefit, WelfareFundYear

ZERO = Decimal(0)


@dataclass
class FundYear:
    """One fund's year as shown: members, expected vs actual contributions, money in and out, balance, rating."""

    fund: Body
    year: int
    members_under_18: int
    members_18_59: int
    members_60_plus: int
    contributions: Decimal
    matching_local: Decimal
    matching_national: Decimal
    other_income: Decimal
    admin_expense: Decimal
    benefits_by_kind: dict[str, Decimal]
    recipients_by_kind: dict[str, int]
    opening: Decimal
    closing: Decimal
    rating: welfare.RatingResult

    @property
    def members(self) -> int:
        return self.members_under_18 + self.members_18_59 + self.members_60_plus

    @property
    def expected_contributions(self) -> Decimal:
        return welfare.expected_contributions(self.members, self.year)

    @property
    def contribution_pct(self) -> Decimal | None:
        expected = self.expected_contributions
        return (self.contributions * 100 / expected).quantize(Decimal("0.1")) if expected else None

    @property
    def receipts(self) -> Decimal:
        return self.contributions + self.matching_local + self.matching_national + self.other_income

    @property
    def admin_pct(self) -> Decimal | None:
        return (self.admin_expense * 100 / self.receipts).quantize(Decimal("0.1")) if self.receipts else None

    @property
    def benefits(self) -> Decimal:
        return sum(self.benefits_by_kind.values(), ZERO)

    def benefit_rows(self) -> list[tuple[str, Decimal, int]]:
        return [
            (str(k.label), self.benefits_by_kind.get(k.value, ZERO), self.recipients_by_kind.get(k.value, 0))
            for k in BenefitKind
        ]


def _fund_years(
    funds: Iterable[Body], *, newest_only: bool = False, years_seen: set[int] | None = None
) -> dict[int, list[FundYear]]:
    """Every recorded year of each fund, oldest first, with balances and ratings (``newest_only``: only the
    rows of the newest year any of the funds recorded, each still with its balance carried from the years
    before; the other years are neither rated nor built)."""
    funds = list(funds)
    by_pk = {f.pk: f for f in funds}
    ids = list(by_pk)  # ids, not objects: the ORM checks every object of an ``__in`` list
    rows = list(WelfareFundYear.objects.filter(fund_id__in=ids).order_by("fund_id", "year"))
    paid: dict[int, dict[str, Decimal]] = defaultdict(dict)
    people: dict[int, dict[str, int]] = defaultdict(dict)
    for fy_id, kind, amount, n in (
        WelfareBenefit.objects.filter(fund_year__fund_id__in=ids)
        .values_list("fund_year_id", "kind")
        .annotate(s=Sum("amount"), n=Sum("recipients"))
    ):
        paid[fy_id][kind] = amount
        people[fy_id][kind] = n
    per_fund: dict[int, list[WelfareFundYear]] = defaultdict(list)
    for r in rows:
        per_fund[r.fund_id].append(r)
    newest = max((r.year for r in rows), default=None)
    if years_seen is not None:
        years_seen.update(r.year for r in rows)
    out: dict[int, list[FundYear]] = {}
    for fund_id, years in per_fund.items():
        figures = [
            welfare.YearFigures(
                year=y.year,
                opening_entered=y.opening_balance,
                receipts=welfare.receipts(
                    contributions=y.contributions,
                    matching_local=y.matching_local,
                    matching_national=y.matching_national,
                    other_income=y.other_income,
                ),
                admin_expense=y.admin_expense,
                benefits=sum(paid[y.pk].values(), ZERO),
            )
            for y in years
        ]
        bal = {b.year: b for b in welfare.balances(figures)}
        out[fund_id] = [
            FundYear(
                fund=by_pk[fund_id],
                year=y.year,
                members_under_18=y.members_under_18,
                members_18_59=y.members_18_59,
                members_60_plus=y.members_60_plus,
                contributions=y.contributions,
                matching_local=y.matching_local,
                matching_national=y.matching_national,
                other_income=y.other_income,
                admin_expense=y.admin_expense,
                benefits_by_kind=dict(paid[y.pk]),
                recipients_by_kind=dict(people[y.pk]),
                opening=bal[y.year].opening,
                closing=bal[y.year].closing,
                rating=welfare.rate(
                    year_be=y.year,
                    members=y.members,
                    contributions=y.contributions,
                    matching_local=y.matching_local,
                    matching_national=y.matching_national,
                    benefits_by_kind=paid[y.pk],
                    closing_balance=bal[y.year].closing,
                ),
            )
            for y in years
            if not newest_only or y.year == newest
        ]
    return out


def fund_years(fund: Body) -> list[FundYear]:
    """A fund's recorded years, oldest first."""
    return _fund_years([fund]).get(fund.pk, [])


@dataclass
class Rollup:
    """Sums over the funds of a scope for one year (funds without figures that year are not counted)."""

    label: str = ""
    code: str = ""
    funds: int = 0
    members_under_18: int = 0
    members_18_59: int = 0
    members_60_plus: int = 0
    expected_contributions: Decimal = ZERO
    contributions: Decimal = ZERO
    matching_local: Decimal = ZERO
    matching_national: Decimal = ZERO
    other_income: Decimal = ZERO
    admin_expense: Decimal = ZERO
    benefits_by_kind: dict[str, Decimal] = field(default_factory=dict)
    closing: Decimal = ZERO
    ratings: dict[str, int] = field(default_factory=dict)

    @property
    def members(self) -> int:
        return self.members_under_18 + self.members_18_59 + self.members_60_plus

    @property
    def benefits(self) -> Decimal:
        return sum(self.benefits_by_kind.values(), ZERO)

    @property
    def strong(self) -> int:
        return self.ratings.get(welfare.Rating.STRONG, 0)

    @property
    def contribution_pct(self) -> Decimal | None:
        e = self.expected_contributions
        return (self.contributions * 100 / e).quantize(Decimal("0.1")) if e else None

    def benefit_rows(self) -> list[tuple[str, Decimal]]:
        return [(str(k.label), self.benefits_by_kind.get(k.value, ZERO)) for k in BenefitKind]

    def add(self, fy: FundYear) -> None:
        self.funds += 1
        self.members_under_18 += fy.members_under_18
        self.members_18_59 += fy.members_18_59
        self.members_60_plus += fy.members_60_plus
        self.expected_contributions += fy.expected_contributions
        self.contributions += fy.contributions
        self.matching_local += fy.matching_local
        self.matching_national += fy.matching_national
        self.other_income += fy.other_income
        self.admin_expense += fy.admin_expense
        for k, v in fy.benefits_by_kind.items():
            self.benefits_by_kind[k] = self.benefits_by_kind.get(k, ZERO) + v
        self.closing += fy.closing
        self.ratings[fy.rating.rating] = self.ratings.get(fy.rating.rating, 0) + 1


def funds_in(prefixes: Iterable[str]) -> list[Body]:
    """The welfare funds serving areas under the prefixes (``("",)`` = the nation)."""
    prefixes = tuple(prefixes)
    if not prefixes:
        return []
    return list(
        Body.objects.filter(kind=BodyKind.WELFARE_FUND, scope_kind="area")
        .filter(prefix_q(prefixes, "area__code"))
        .select_related("area")
        .order_by("area__code", "pk")
    )


def welfare_rollup(
    prefixes: Iterable[str], year: int, *, group_by: Callable[[Body], tuple[str, str]] | None = None
) -> tuple[Rollup, list[Rollup]]:
    """The scope's totals for ``year`` and, with ``group_by`` (fund → (code, label)), one row per group."""
    total = Rollup()
    groups: dict[str, Rollup] = {}
    for fund_rows in _fund_years(funds_in(prefixes)).values():
        fy = next((r for r in fund_rows if r.year == year), None)
        if fy is None:
            continue
        total.add(fy)
        if group_by is not None:
            code, label = group_by(fy.fund)
            groups.setdefault(code, Rollup(label=label, code=code)).add(fy)
    return total, [groups[c] for c in sorted(groups)]


def welfare_latest(prefixes: Iterable[str]) -> tuple[list[int], Rollup]:
    """The scope's years with figures (newest first) and its totals for the newest: ``welfare_years`` and
    ``welfare_rollup`` of its first year from one reading of the funds (the area pages' headline)."""
    prefixes = tuple(prefixes)
    if not prefixes:
        return [], Rollup()
    funds = (
        Body.objects.filter(kind=BodyKind.WELFARE_FUND, scope_kind="area")
        .filter(prefix_q(prefixes, "area__code"))
        .order_by()
        .only("id")  # the headline needs no more of a fund than its figures
    )
    seen: set[int] = set()
    total = Rollup()
    for fund_rows in _fund_years(funds, newest_only=True, years_seen=seen).values():
        for fy in fund_rows:
            total.add(fy)
    return sorted(seen, reverse=True), total


@dataclass(frozen=True)
class Headline:
    """The area pages' welfare headline for the scope's newest year: funds with figures, strong ones, balance."""

    funds: int = 0
    strong: int = 0
    closing: Decimal = ZERO


_HEADLINE_COLUMNS = ("id", "fund_id", "year", *welfare.COUNT_FIELDS, *welfare.MONEY_FIELDS)


def welfare_headline(prefixes: Iterable[str]) -> tuple[list[int], Headline]:
    """``welfare_latest``'s years and the funds, strong funds and closing balance of its newest year, read
    lean: the yearly rows as tuples of the columns the balance and the rating need (no model objects, no
    funds read first), each fund's balance carried by ``welfare.balances`` and only the newest year rated
    by ``welfare.rate`` — the same rules, the same figures (tested equal to ``welfare_latest``)."""
    prefixes = tuple(prefixes)
    if not prefixes:
        return [], Headline()
    newest_of_fund, years = _funds_newest(prefixes)
    if not years:
        return [], Headline()
    newest = max(years)
    funds_n = strong = 0
    closing = ZERO
    for _code, last, close, is_strong in newest_of_fund:
        if last == newest:
            funds_n += 1
            strong += is_strong
            closing += close
    return sorted(years, reverse=True), Headline(funds=funds_n, strong=strong, closing=closing)


def _funds_newest(prefixes: tuple[str, ...] | None) -> tuple[list[tuple[str, int, Decimal, bool]], set[int]]:
    """Each welfare fund under ``prefixes`` (every fund: ``None``) as (its area's code, its newest year, that
    year's closing balance, strong that year), and the years with figures: two queries."""
    funds = {"fund__kind": BodyKind.WELFARE_FUND, "fund__scope_kind": "area"}
    rows_qs = WelfareFundYear.objects.filter(**funds)
    paid_qs = WelfareBenefit.objects.filter(
        fund_year__fund__kind=BodyKind.WELFARE_FUND, fund_year__fund__scope_kind="area"
    )
    if prefixes is not None:
        rows_qs = rows_qs.filter(prefix_q(prefixes, "fund__area__code"))
        paid_qs = paid_qs.filter(prefix_q(prefixes, "fund_year__fund__area__code"))
    rows = list(rows_qs.order_by().values_list(*_HEADLINE_COLUMNS, "fund__area__code"))
    if not rows:
        return [], set()
    paid: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for fy_id, kind, amount in paid_qs.values_list("fund_year_id", "kind").annotate(s=Sum("amount")).order_by():
        paid[fy_id][kind] = amount
    per_fund: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for r in rows:
        per_fund[r[1]].append(r)
    out: list[tuple[str, int, Decimal, bool]] = []
    for years in per_fund.values():
        last = max(years, key=lambda r: r[2])
        newest = last[2]
        figures = [
            welfare.YearFigures(
                year=r[2],
                opening_entered=r[6],
                receipts=welfare.receipts(
                    contributions=r[7], matching_local=r[8], matching_national=r[9], other_income=r[10]
                ),
                admin_expense=r[11],
                benefits=sum(paid[r[0]].values(), ZERO),
            )
            for r in years
        ]
        close = next(b.closing for b in welfare.balances(figures) if b.year == newest)
        rating = welfare.rate(
            year_be=newest,
            members=last[3] + last[4] + last[5],
            contributions=last[7],
            matching_local=last[8],
            matching_national=last[9],
            benefits_by_kind=paid[last[0]],
            closing_balance=close,
        )
        out.append((last[-1] or "", newest, close, rating.rating == welfare.Rating.STRONG))
    return out, {r[2] for r in rows}


def welfare_area_figures(codes: Collection[str] | None) -> dict[str, dict[str, Any]]:
    """The area pages' welfare headline of each of ``codes`` (every area: ``None``), as kept per area by
    ``areas.summaries`` ("welfare"): the newest year with figures under the area, the funds whose newest
    year it is, how many of them are strong that year, and their closing balance (a string: JSON) —
    ``welfare_headline`` of the area, computed for many areas from one reading of the funds."""
    prefixes = None if codes is None else tuple(covering(codes))
    newest_of_fund, _years = _funds_newest(prefixes)
    per_area: dict[str, dict[int, list[Any]]] = defaultdict(dict)
    for code, last, close, is_strong in newest_of_fund:
        for head in ancestors_and_self(code):
            if codes is None or head in codes:
                totals = per_area[head].setdefault(last, [0, 0, ZERO])
                totals[0] += 1
                totals[1] += is_strong
                totals[2] += close
    out: dict[str, dict[str, Any]] = {}
    for head, by_year in per_area.items():
        year = max(by_year)
        funds_n, strong, closing = by_year[year]
        out[head] = {"year": year, "funds": funds_n, "strong": strong, "closing": str(closing)}
    return out


def welfare_years(prefixes: Iterable[str]) -> list[int]:
    """Years with figures in the scope, newest first."""
    funds = funds_in(prefixes)
    return sorted(set(WelfareFundYear.objects.filter(fund__in=funds).values_list("year", flat=True)), reverse=True)


@dataclass(frozen=True)
class TargetProgress:
    year: int
    strong: int
    target: int = welfare.NATIONAL_TARGET

    @property
    def pct(self) -> Decimal:
        return (Decimal(self.strong) * 100 / self.target).quantize(Decimal("0.1"))


def national_target(year: int) -> TargetProgress:
    """Strong funds nationwide in ``year`` against the 6,000-strong-funds target (seed 001)."""
    total, _ = welfare_rollup(("",), year)
    return TargetProgress(year=year, strong=total.strong)


@dataclass(frozen=True)
class WelfareScope:
    """Where a roll-up page looks: the nation, a CODI region or an area (province, district, tambon)."""

    kind: str  # "nation", "region" or "area"
    code: str  # "" for the nation, "R5" for a region, the DOPA code for an area
    label: str
    prefixes: tuple[str, ...]
    level: str = ""  # the area's level

    @property
    def is_nation(self) -> bool:
        return self.kind == "nation"

    @classmethod
    def resolve(cls, param: str | None, user: Any) -> WelfareScope | None:
        """The scope a ``?scope=`` names; without one, the widest the user may see."""
        text = (param or "").strip()
        if param is None:
            prefixes = grants_for(user).prefixes(Action.ORG_VIEW)
            granted = sorted(prefixes, key=len)
            text = granted[0] if granted else ""
            if text and len(text) % 2 == 1:
                text = text[:-1]
            if text and len(granted) > 1:  # several provinces: the region they make up, when they do
                for candidate in CodiRegion.objects.order_by("code"):
                    codes = set(region_province_codes(candidate.pk))
                    if codes and codes <= set(prefixes):
                        text = candidate.code
                        break
        if text == "" or text == "TH":
            return cls("nation", "", str(gettext_lazy("Nation")), ("",))
        region = CodiRegion.objects.filter(code=text).first()
        if region is not None:
            return cls("region", region.code, localized(region), region_province_codes(region.pk))
        area = Area.objects.filter(code=text).first()
        if area is None:
            return None
        return cls("area", area.code, localized(area), (area.code,), level=area.level)

    def group_by(self) -> Callable[[Body], tuple[str, str]]:
        """Nation → regions, region → provinces, province → districts, district → tambons, tambon → funds."""
        if self.kind == "nation":
            regions = {
                p["code"]: (
                    p["codi_region__code"] or "",
                    p["codi_region__name_th"] or "",
                    p["codi_region__name_en"] or "",
                )
                for p in Area.objects.filter(level=AreaLevel.PROVINCE).values(
                    "code", "codi_region__code", "codi_region__name_th", "codi_region__name_en"
                )
            }
            english = get_language_is_english()
            return lambda f: (
                regions.get(_code(f)[:2], ("", "", ""))[0],
                regions.get(_code(f)[:2], ("", "", ""))[2 if english else 1],
            )
        if self.kind == "area" and self.level == AreaLevel.SUBDISTRICT:
            return lambda f: (f"{f.pk:09d}", localized(f))
        length = {"region": 2, AreaLevel.PROVINCE: 4, AreaLevel.DISTRICT: 6}.get(
            self.kind if self.kind == "region" else self.level, 6
        )
        names = {
            a.code: localized(a)
            for a in Area.objects.filter(prefix_q(self.prefixes, "code")).filter(code__regex=rf"^[0-9]{{{length}}}$")
        }
        return lambda f: (_code(f)[:length], names.get(_code(f)[:length], _code(f)[:length]))


def _code(fund: Body) -> str:
    return fund.area.code if fund.area is not None else ""


def localized(obj: Any) -> str:
    """The Thai name, or the English one when the page is in English (as the ``localized_name`` filter)."""
    if get_language_is_english():
        return getattr(obj, "name_en", "") or getattr(obj, "name_th", "") or str(obj)
    return getattr(obj, "name_th", "") or str(obj)


def get_language_is_english() -> bool:
    return (get_language() or "th").startswith("en")
