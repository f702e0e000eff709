"""Community welfare fund arithmetic — the rules, in one place (seed 001; DOMAIN "Community welfare funds").

- **Contribution norm**: members pay 1 baht a day (วันละบาท), so a year's expected contributions are
  members × days in the year × 1 baht (``expected_contributions``).
- **Balance**: a year closes at opening + contributions + local and national matching + other income
  − administration − benefits paid; a fund's first recorded year opens with the balance entered for it,
  every later year with the previous year's close (``balances``). A payment that would take any year's
  close below zero is refused (``organizations.services.welfare``).
- **Administration share**: administration may take at most 20 % of the year's receipts (contributions,
  matching and other income) — ``ADMIN_SHARE_CAP``. The seeds and the domain brief give "at most 20 % of
  the fund for administration"; reading "the fund" as the year's receipts is this system's rule.
- **Fund strength** (``rate``): no official scoring was found in the sources this system is built from,
  so the rating is THIS SYSTEM'S RULE, built from the norms those sources state (1 baht/day; matching by
  local and national government; help "from birth to death"; at most 20 % administration). A year meets
  four tests:

  1. contributions — at least 80 % of the 1-baht-a-day norm (``CONTRIBUTION_SHARE``);
  2. matching — money received from both local and national government;
  3. breadth — benefits paid in at least 4 of the 7 kinds (birth to death: ``BREADTH``);
  4. reserve — the year's closing balance covers at least one year of the benefits it paid.

  All four: strong (เข้มแข็ง); two or three: developing (กำลังพัฒนา); fewer: needs support
  (ต้องเสริมความเข้มแข็ง). The national target (2019, seed 001) is 6,000 strong funds (``NATIONAL_TARGET``).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.core.thai import ce_year

BAHT_PER_DAY = Decimal(1)
ADMIN_SHARE_CAP = Decimal("0.20")
CONTRIBUTION_SHARE = Decimal("0.80")
BREADTH = 4
NATIONAL_TARGET = 6000

# A fund year's figures (``WelfareFundYear``): the money in baht and the members by age band.
MONEY_FIELDS = (
    "opening_balance",
    "contributions",
    "matching_local",
    "matching_national",
    "other_income",
    "admin_expense",
)
COUNT_FIELDS = ("members_under_18", "members_18_59", "members_60_plus")


class Rating(models.TextChoices):
    STRONG = "strong", _("Strong")
    DEVELOPING = "developing", _("Developing")
    NEEDS_SUPPORT = "needs_support", _("Needs support")


def days_in_year(year_be: int) -> int:
    return 366 if calendar.isleap(ce_year(year_be)) else 365


def expected_contributions(members: int, year_be: int) -> Decimal:
    """The 1-baht-a-day norm: members × days in the year."""
    return BAHT_PER_DAY * members * days_in_year(year_be)


def receipts(
    *, contributions: Decimal, matching_local: Decimal, matching_national: Decimal, other_income: Decimal
) -> Decimal:
    return contributions + matching_local + matching_national + other_income


def admin_cap(receipts_total: Decimal) -> Decimal:
    return (receipts_total * ADMIN_SHARE_CAP).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class YearFigures:
    """A year's money, as the balance needs it (plain values: services and selectors both build these)."""

    year: int
    opening_entered: Decimal
    receipts: Decimal
    admin_expense: Decimal
    benefits: Decimal


@dataclass(frozen=True)
class Balance:
    year: int
    opening: Decimal
    closing: Decimal


def balances(years: Iterable[YearFigures]) -> list[Balance]:
    """Opening and closing balance of each year, oldest first: the first year opens with the balance
    entered for it, each later year with the previous close."""
    out: list[Balance] = []
    previous: Decimal | None = None
    for y in sorted(years, key=lambda f: f.year):
        opening = y.opening_entered if previous is None else previous
        closing = opening + y.receipts - y.admin_expense - y.benefits
        out.append(Balance(y.year, opening, closing))
        previous = closing
    return out


@dataclass(frozen=True)
class RatingResult:
    rating: Rating
    contributions_ok: bool
    matching_ok: bool
    breadth_ok: bool
    reserve_ok: bool

    @property
    def met(self) -> int:
        return sum((self.contributions_ok, self.matching_ok, self.breadth_ok, self.reserve_ok))


def rate(
    *,
    year_be: int,
    members: int,
    contributions: Decimal,
    matching_local: Decimal,
    matching_national: Decimal,
    benefits_by_kind: Mapping[str, Decimal],
    closing_balance: Decimal,
) -> RatingResult:
    """The fund-strength rating of one year (this system's rule: see the module docstring)."""
    expected = expected_contributions(members, year_be)
    contributions_ok = members > 0 and contributions >= expected * CONTRIBUTION_SHARE
    matching_ok = matching_local > 0 and matching_national > 0
    paid = {k for k, v in benefits_by_kind.items() if v > 0}
    breadth_ok = len(paid) >= BREADTH
    total_benefits = sum(benefits_by_kind.values(), Decimal(0))
    reserve_ok = total_benefits > 0 and closing_balance >= total_benefits
    met = sum((contributions_ok, matching_ok, breadth_ok, reserve_ok))
    rating = Rating.STRONG if met == 4 else Rating.DEVELOPING if met >= 2 else Rating.NEEDS_SUPPORT
    return RatingResult(rating, contributions_ok, matching_ok, breadth_ok, reserve_ok)
