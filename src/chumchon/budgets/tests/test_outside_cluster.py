"""Bangkok (10) lies outside the 18 provincial clusters: its approver comes from the rule's
outside-cluster body and role (by default the CODI regional subcommittee)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from chumchon.accounts.models import Role
from chumchon.budgets import services
from chumchon.budgets.models import FundBalance, LedgerEntry
from chumchon.budgets.tests.conftest import Money, allocate_directly, make_project
from chumchon.organizations.models import BodyKind

pytestmark = pytest.mark.django_db
BANGKOK_KHWAENG = "100101"


def test_approver_for_bangkok_is_the_regional_subcommittee(money: Money) -> None:
    rule = services.approver_for(programme=money.programme, amount=Decimal(1000), province_code="10")
    assert (rule.approver_body_kind, rule.approver_role) == (
        BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
        Role.REGIONAL_SUBCOMMITTEE_MEMBER,
    )
    assert rule.is_outside_cluster
    # Inside a cluster, and for callers that give no province, the rule itself.
    inside = services.approver_for(programme=money.programme, amount=Decimal(1000), province_code="24")
    legacy = services.approver_for(programme=money.programme, amount=Decimal(1000))
    for r in (inside, legacy):
        assert r.approver_body_kind == BodyKind.CLUSTER_WORKING_GROUP and not r.is_outside_cluster
    # The stored rule is untouched.
    money.programme.approval_rules.get().refresh_from_db()
    assert money.programme.approval_rules.get().approver_body_kind == BodyKind.CLUSTER_WORKING_GROUP
    # Housing rules are not cluster-bound: Bangkok keeps the Baan Mankong subcommittee.
    housing = services.approver_for(programme=money.housing, amount=Decimal(1000), province_code="10")
    assert housing.approver_body_kind == BodyKind.BAAN_MANKONG_SUBCOMMITTEE


def test_outside_cluster_authority_is_configurable(money: Money, make_user: Any) -> None:
    admin = make_user(Role.NATIONAL_ADMIN, nation=True)
    from chumchon.budgets.models import Programme

    other = Programme.objects.create(code="X", fiscal_year=2565, name_th="x")
    services.approval_rule_set(
        actor=admin,
        programme=other,
        min_amount=Decimal(0),
        max_amount=None,
        approver_body_kind=BodyKind.CLUSTER_WORKING_GROUP,
        approver_role=Role.CLUSTER_WORKING_GROUP_MEMBER,
        outside_cluster_body_kind=BodyKind.PROVINCIAL_WORKING_GROUP,
        outside_cluster_role=Role.PROVINCIAL_WORKING_GROUP_MEMBER,
    )
    rule = services.approver_for(programme=other, amount=Decimal(5), province_code="10")
    assert (rule.approver_body_kind, rule.approver_role) == (
        BodyKind.PROVINCIAL_WORKING_GROUP,
        Role.PROVINCIAL_WORKING_GROUP_MEMBER,
    )
    with pytest.raises(services.BudgetError):
        services.approval_rule_set(
            actor=admin,
            programme=Programme.objects.create(code="Y", fiscal_year=2565, name_th="y"),
            min_amount=Decimal(0),
            max_amount=None,
            approver_body_kind=BodyKind.CLUSTER_WORKING_GROUP,
            approver_role=Role.CLUSTER_WORKING_GROUP_MEMBER,
            outside_cluster_role="nobody",
        )


def test_funds_commit_in_bangkok_by_regional_subcommittee_not_cluster_wg(money: Money, make_user: Any) -> None:
    allocate_directly(money.programme, "10", Decimal(500000))
    project = make_project(programme=money.programme, area_code=BANGKOK_KHWAENG)
    cluster_member = make_user(Role.CLUSTER_WORKING_GROUP_MEMBER, cluster="C08")
    with pytest.raises(PermissionDenied):
        services.funds_commit(
            programme=money.programme,
            province_code="10",
            holder=project,
            amount=Decimal(100000),
            actor=cluster_member,
            resolution=money.resolution(money.cluster_wg),
        )
    with pytest.raises(services.BudgetError):  # the regional member, but a cluster WG's resolution
        services.funds_commit(
            programme=money.programme,
            province_code="10",
            holder=project,
            amount=Decimal(100000),
            actor=money.adopter,
            resolution=money.resolution(money.cluster_wg),
        )
    assert not LedgerEntry.objects.filter(kind="commit").exists()
    entry = services.funds_commit(
        programme=money.programme,
        province_code="10",
        holder=project,
        amount=Decimal(100000),
        actor=money.adopter,
        resolution=money.resolution(money.regional, actor=money.adopter),
    )
    assert entry.amount == Decimal(100000)
    assert FundBalance.objects.get(programme=money.programme, province_code="10").committed == Decimal(100000)
    # Inside a cluster, the regional subcommittee still may not approve (the cluster WG does).
    allocate_directly(money.programme, "24", Decimal(500000))
    with pytest.raises(PermissionDenied):
        services.funds_commit(
            programme=money.programme,
            province_code="24",
            holder=make_project(programme=money.programme),
            amount=Decimal(1000),
            actor=money.adopter,
            resolution=money.resolution(money.regional, actor=money.adopter),
        )
