"""The FY2565 demo (seed 000): exactly 17 Baan Mankong projects totalling exactly 16,855,500 baht
approved by the Baan Mankong subcommittee; many ordinary projects within the allocations; a mix
of states; the ledger consistent."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum

from chumchon.budgets.models import FundBalance
from chumchon.budgets.services import ledger_check
from chumchon.organizations.models import BodyKind
from chumchon.projects.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db
S = ProjectStatus


def test_demo_projects(settings: Any) -> None:
    from chumchon.core.demo import generate_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    started = time.perf_counter()
    ctx = generate_demo(seed=2565, region_code="R5")
    elapsed = time.perf_counter() - started
    print(f"demo generated in {elapsed:.1f} s, {Project.objects.count()} projects")

    housing = ctx.shared["housing_programme"]
    approved_housing = Project.objects.filter(programme=housing, approved_amount__isnull=False)
    assert approved_housing.count() == 17
    assert approved_housing.aggregate(s=Sum("approved_amount"))["s"] == Decimal("16855500.00")
    assert set(approved_housing.values_list("is_housing", flat=True)) == {True}
    kinds = set(approved_housing.values_list("approval_resolution__body__kind", flat=True))
    assert kinds == {BodyKind.BAAN_MANKONG_SUBCOMMITTEE}

    ordinary = Project.objects.filter(is_housing=False)
    assert ordinary.count() >= 60
    approved = ordinary.filter(approved_amount__isnull=False).exclude(status=S.CANCELLED)
    amounts = list(approved.values_list("approved_amount", flat=True))
    assert min(amounts) >= Decimal(30000) and max(amounts) <= Decimal(5000000)
    total = sum(amounts, Decimal(0))
    assert Decimal(40_000_000) < total < Decimal("139504935")
    in_clusters = approved.exclude(area__code__startswith="10")
    assert set(in_clusters.values_list("approval_resolution__body__kind", flat=True)) == {
        BodyKind.CLUSTER_WORKING_GROUP
    }
    # Bangkok lies outside every provincial cluster: the regional subcommittee approves there.
    bangkok = approved.filter(area__code__startswith="10")
    assert bangkok.exists()
    assert set(bangkok.values_list("approval_resolution__body__kind", flat=True)) == {
        BodyKind.CODI_REGIONAL_SUBCOMMITTEE
    }
    # Programme indicators: the 5 key programmes have 1–3 each, and projects report to them.
    from chumchon.budgets.selectors import indicator_progress
    from chumchon.projects.models import ProjectIndicator

    admin = ctx.shared["budget_users"]["admin"]
    for code, programme in ctx.shared["programmes"].items():
        count = programme.indicators.count()
        assert (1 <= count <= 3) if code != "BMK" else count == 0
    assert ProjectIndicator.objects.exclude(code="").exists()
    welfare = indicator_progress(admin, ctx.shared["programmes"]["WELFARE"])
    assert any(p.value for p in welfare)
    statuses = set(Project.objects.values_list("status", flat=True))
    assert {S.CLOSED, S.IN_PROGRESS, S.APPROVED, S.AGREEMENT_SIGNED} <= statuses
    assert statuses & {S.DRAFT, S.SUBMITTED, S.RETURNED}
    for programme in ctx.shared["programmes"].values():
        assert ledger_check(programme) == []
    for b in FundBalance.objects.all():
        assert b.committed <= b.allocated
    # Timelines are dated in FY2565.
    first = Project.objects.filter(status=S.CLOSED).first()
    assert first is not None
    years = {e.at.year for e in first.events.all()}
    assert years <= {2021, 2022}
