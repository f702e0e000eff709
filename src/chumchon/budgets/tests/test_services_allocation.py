"""Allocation scenarios: computed lines, exact sums, adoption locks and writes the ledger."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from chumchon.budgets import services
from chumchon.budgets.models import Allocation, FundBalance, LedgerEntry
from chumchon.budgets.services import AllocationLocked
from chumchon.budgets.tests.conftest import Money

pytestmark = pytest.mark.django_db
D = Decimal
PARAMS = {"base": "0.5", "weights": {"population": "0.25", "tambons": "0.25"}, "floor": 1_000_000}


def make(money: Money, total: str = "31250000", **kw: Any) -> Allocation:
    return services.allocation_create(
        actor=money.staff,
        programme=money.programme,
        name=kw.pop("name", "fair"),
        scope_kind="region",
        scope_code="R5",
        total=D(total),
        params=kw.pop("params", PARAMS),
    )


def test_region_split_sums_exactly_at_every_level(money: Money) -> None:
    allocation = make(money)
    provinces = list(allocation.lines.filter(level="province"))
    clusters = list(allocation.lines.filter(level="cluster"))
    assert len(provinces) == 13
    assert sum(line.amount for line in provinces) == D("31250000")
    assert sum(line.amount for line in clusters) == D("31250000")
    for cluster in clusters:  # each cluster's provinces add up to it exactly
        assert sum(p.amount for p in provinces if p.parent_code == cluster.code) == cluster.amount
    assert all(line.amount >= 1_000_000 for line in provinces)
    for line in provinces:  # the terms shown add up exactly to the amount
        assert sum(D(v) for v in line.terms.values()) == line.amount
    # Without a survey round the population proxy is the number of tambons: Bangkok (180) gets most.
    top = max(provinces, key=lambda line: line.amount)
    assert top.code == "10"


def test_adopt_locks_and_allocates_the_ledger(money: Money) -> None:
    allocation = make(money)
    other = make(money, name="equal", params={"base": "1"})
    resolution = money.resolution(money.regional, actor=money.adopter)
    with pytest.raises(PermissionDenied):  # staff prepare scenarios; the subcommittee adopts them
        services.allocation_adopt(actor=money.staff, allocation=allocation, resolution=resolution)
    assert not LedgerEntry.objects.exists()
    services.allocation_adopt(actor=money.adopter, allocation=allocation, resolution=resolution)
    allocation.refresh_from_db()
    assert allocation.is_locked and allocation.resolution == resolution
    balances = FundBalance.objects.filter(programme=money.programme)
    assert sum(b.allocated for b in balances) == D("31250000")
    assert services.ledger_check(money.programme) == []
    with pytest.raises(AllocationLocked) as exc:
        services.allocation_update(actor=money.staff, allocation=allocation, params={"base": "1"})
    assert "ถูกล็อก" in str(exc.value) and "locked" in str(exc.value)
    with pytest.raises(AllocationLocked):  # a second scenario for the same scope cannot also be adopted
        services.allocation_adopt(actor=money.adopter, allocation=other, resolution=resolution)
    assert sum(b.allocated for b in FundBalance.objects.filter(programme=money.programme)) == D("31250000")


def test_draft_can_be_recomputed(money: Money) -> None:
    allocation = make(money)
    services.allocation_update(actor=money.staff, allocation=allocation, params={"base": "1"})
    amounts = sorted(line.amount for line in allocation.lines.filter(level="province"))
    assert amounts[-1] - amounts[0] <= 1  # an equal split differs by at most one baht


def test_out_of_scope_staff_cannot_make_scenarios(money: Money, make_user: Any) -> None:
    stranger = make_user("codi_regional_staff", region="R1")
    with pytest.raises(PermissionDenied):
        services.allocation_create(
            actor=stranger,
            programme=money.programme,
            name="x",
            scope_kind="region",
            scope_code="R5",
            total=D("100"),
        )
    assert not Allocation.objects.exists()


def test_demo_uses_the_seed_figures(make_user: Any) -> None:
    import random

    from chumchon.areas.models import CodiRegion
    from chumchon.budgets import demo
    from chumchon.core.demo import DemoContext

    ctx = DemoContext(seed=1, region=CodiRegion.objects.get(code="R5"), rng=random.Random(1))
    demo.generate(ctx)
    programmes = ctx.shared["programmes"]
    key = [p for code, p in programmes.items() if code != "BMK"]
    allocated = {p.code: sum(b.allocated for b in FundBalance.objects.filter(programme=p)) for p in programmes.values()}
    assert sum(allocated[p.code] for p in key) == D("139504935")
    assert allocated["BMK"] == D("16855500")
    # FY2565's standing rule names the regional subcommittee, which delegates housing to the Baan
    # Mankong subcommittee (meetings' demo); from FY2566 the adopted rule names it directly.
    assert ctx.shared["housing_programme"].approval_rules.get().approver_body_kind == "codi_regional_subcommittee"
    later = ctx.shared["programmes_by_year"][2566]["BMK"]
    assert later.approval_rules.get().approver_body_kind == "baan_mankong_subcommittee"
    assert all(services.ledger_check(p) == [] for p in programmes.values())
    demo.generate(ctx)  # idempotent: a second run adds nothing
    assert sum(b.allocated for b in FundBalance.objects.filter(programme__fiscal_year=2565)) == D("156360435")
