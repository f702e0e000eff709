"""Fixtures for the money path: programmes with rules, committees, users, resolutions, projects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from chumchon.accounts.models import Role
from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.budgets.models import ApprovalRule, FundBalance, LedgerEntry, LedgerKind, Programme
from chumchon.organizations.models import Body, BodyKind


def make_body(kind: str, *, region: str | None = None, cluster: str | None = None, area: str | None = None) -> Body:
    body = Body(kind=kind, name_th=f"คณะ {kind}")
    if region:
        body.scope_kind, body.region = "region", CodiRegion.objects.get(code=region)
    elif cluster:
        body.scope_kind, body.cluster = "cluster", ProvincialCluster.objects.get(code=cluster)
    else:
        body.scope_kind, body.area = "area", Area.objects.get(code=area)
    body.save()
    return body


def make_project(*, programme: Programme, area_code: str = "240104", title: str = "โครงการทดสอบ") -> Any:
    """A Project row made directly through the ORM (the money services need only its identity)."""
    from chumchon.projects.models import Project

    return Project.objects.create(
        programme=programme,
        area=Area.objects.get(code=area_code),
        proposer=make_body(BodyKind.TAMBON_COMMUNITY_COUNCIL, area=area_code),
        title_th=title,
        requested_amount=Decimal("100000"),
    )


def allocate_directly(programme: Programme, province_code: str, amount: Decimal) -> None:
    """Seed a province's allocation without the allocation flow (tests of the later steps)."""
    LedgerEntry.objects.create(
        programme=programme, province_code=province_code, kind=LedgerKind.ALLOCATE, amount=amount
    )
    balance, _ = FundBalance.objects.get_or_create(programme=programme, province_code=province_code)
    balance.allocated += amount
    balance.save()


@dataclass
class Money:
    programme: Programme
    housing: Programme
    regional: Body
    cluster_wg: Body
    baan_mankong: Body
    staff: Any
    approver: Any
    adopter: Any
    housing_approver: Any
    outsider: Any
    proposer: Any

    def resolution(self, body: Body, actor: Any = None, number: str = "1/2565") -> Any:
        from chumchon.meetings.services import resolution_record

        return resolution_record(
            actor=actor or self.staff, body=body, meeting_date=dt.date(2022, 9, 23), number=number, text="เห็นชอบ"
        )


@pytest.fixture
def money(make_user: Any) -> Money:
    programme = Programme.objects.create(code="ECON", fiscal_year=2565, name_th="เศรษฐกิจชุมชน", kind="economy")
    ApprovalRule.objects.create(
        programme=programme,
        min_amount=Decimal("0"),
        max_amount=None,
        approver_body_kind=BodyKind.CLUSTER_WORKING_GROUP,
        approver_role=Role.CLUSTER_WORKING_GROUP_MEMBER,
        screening_role=Role.PROVINCIAL_WORKING_GROUP_MEMBER,
    )
    housing = Programme.objects.create(code="BMK", fiscal_year=2565, name_th="บ้านมั่นคง", kind="housing")
    ApprovalRule.objects.create(
        programme=housing,
        min_amount=Decimal("0"),
        max_amount=None,
        approver_body_kind=BodyKind.BAAN_MANKONG_SUBCOMMITTEE,
        approver_role=Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER,
    )
    return Money(
        programme=programme,
        housing=housing,
        regional=make_body(BodyKind.CODI_REGIONAL_SUBCOMMITTEE, region="R5"),
        cluster_wg=make_body(BodyKind.CLUSTER_WORKING_GROUP, cluster="C08"),
        baan_mankong=make_body(BodyKind.BAAN_MANKONG_SUBCOMMITTEE, region="R5"),
        staff=make_user(Role.CODI_REGIONAL_STAFF, region="R5"),
        approver=make_user(Role.CLUSTER_WORKING_GROUP_MEMBER, cluster="C08"),
        adopter=make_user(Role.REGIONAL_SUBCOMMITTEE_MEMBER, region="R5"),
        housing_approver=make_user(Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER, region="R5"),
        outsider=make_user(Role.CLUSTER_WORKING_GROUP_MEMBER, cluster="C01"),
        proposer=make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104"),
    )
