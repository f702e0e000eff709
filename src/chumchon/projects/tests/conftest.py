"""Fixtures for projects: a programme with money in Chachoengsao (24), the committees, and one user
per role in the life cycle (secretary proposes, provincial WG screens, cluster WG approves, CODI
staff signs/disburses/closes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from chumchon.accounts.models import Role
from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.audit.models import AuditEvent
from chumchon.budgets.models import ApprovalRule, FundBalance, LedgerEntry, LedgerKind, Programme
from chumchon.organizations.models import Body, BodyKind
from chumchon.projects.models import Project, ProjectEvent

TAMBON = "240104"  # ต.คลองนา อ.เมืองฉะเชิงเทรา จ.ฉะเชิงเทรา (R5, C08)


def make_body(
    kind: str, *, region: str | None = None, cluster: str | None = None, area: str | None = None, name: str = ""
) -> Body:
    body = Body(kind=kind, name_th=name or f"คณะ {kind}")
    if region:
        body.scope_kind, body.region = "region", CodiRegion.objects.get(code=region)
    elif cluster:
        body.scope_kind, body.cluster = "cluster", ProvincialCluster.objects.get(code=cluster)
    else:
        body.scope_kind, body.area = "area", Area.objects.get(code=area)
    body.full_clean()
    body.save()
    return body


def allocate(programme: Programme, province_code: str, amount: Decimal) -> None:
    """Seed a province's allocation (the allocation flow itself is the budgets app's business)."""
    LedgerEntry.objects.create(
        programme=programme, province_code=province_code, kind=LedgerKind.ALLOCATE, amount=amount
    )
    balance, _ = FundBalance.objects.get_or_create(programme=programme, province_code=province_code)
    balance.allocated += amount
    balance.save()


@dataclass
class World:
    programme: Programme
    housing: Programme
    council: Body
    welfare_fund: Body
    other_council: Body
    cluster_wg: Body
    baan_mankong: Body
    secretary: Any
    screener: Any
    approver: Any
    housing_approver: Any
    staff: Any
    other_secretary: Any
    outside_screener: Any
    outside_approver: Any
    member: Any

    def project(self, *, amount: str = "100000", programme: Programme | None = None, **kw: Any) -> Project:
        from chumchon.projects.services import project_create

        return project_create(
            actor=self.secretary,
            programme=programme or self.programme,
            area=Area.objects.get(code=TAMBON),
            proposer=kw.pop("proposer", self.council),
            title_th=kw.pop("title_th", "โครงการพัฒนาอาชีพตำบลคลองนา"),
            budget_lines=kw.pop("budget_lines", [("ค่าวัสดุ", Decimal(amount))]),
            **kw,
        )

    def decision(self, body: Body | None = None) -> dict[str, Any]:
        return {
            "resolution_body": body or self.cluster_wg,
            "meeting_date": dt.date(2022, 3, 15),
            "resolution_number": "3/2565",
            "resolution_text": "อนุมัติโครงการตามที่เสนอ",
        }

    def to_screened(self, project: Project) -> Project:
        from chumchon.projects import services

        services.project_submit(project=project, actor=self.secretary)
        services.project_screen(project=project, actor=self.screener)
        return project

    def to_approved(self, project: Project) -> Project:
        from chumchon.projects import services

        self.to_screened(project)
        approver = self.housing_approver if project.is_housing else self.approver
        body = self.baan_mankong if project.is_housing else self.cluster_wg
        services.project_approve(project=project, actor=approver, **self.decision(body))
        return project

    def to_in_progress(self, project: Project, tranche: str = "40000") -> Project:
        from chumchon.projects import services

        self.to_approved(project)
        services.project_sign_agreement(
            project=project, actor=self.staff, agreement_number="สญ.24/001", signed_on=dt.date(2022, 4, 1)
        )
        services.project_disburse(project=project, actor=self.staff, amount=Decimal(tranche))
        return project


def state(project: Project) -> tuple[Any, ...]:
    """Everything a refused transition must leave untouched."""
    project.refresh_from_db()
    balances = tuple(FundBalance.objects.order_by("pk").values_list("allocated", "committed", "disbursed", "refunded"))
    return (
        project.status,
        project.approved_amount,
        project.disbursed_amount,
        project.requested_amount,
        LedgerEntry.objects.count(),
        ProjectEvent.objects.filter(project=project).count(),
        AuditEvent.objects.count(),
        balances,
        tuple(project.budget_lines.values_list("item", "amount", "locked")),
    )


@pytest.fixture
def world(make_user: Any) -> World:
    programme = Programme.objects.create(
        code="ECON",
        fiscal_year=2565,
        name_th="เศรษฐกิจชุมชน",
        kind="economy",
        eligible_body_kinds=[BodyKind.TAMBON_COMMUNITY_COUNCIL, BodyKind.WELFARE_FUND],
    )
    ApprovalRule.objects.create(
        programme=programme,
        approver_body_kind=BodyKind.CLUSTER_WORKING_GROUP,
        approver_role=Role.CLUSTER_WORKING_GROUP_MEMBER,
        screening_role=Role.PROVINCIAL_WORKING_GROUP_MEMBER,
    )
    housing = Programme.objects.create(
        code="BMK",
        fiscal_year=2565,
        name_th="บ้านมั่นคง",
        kind="housing",
        eligible_body_kinds=[BodyKind.TAMBON_COMMUNITY_COUNCIL, BodyKind.HOUSING_COOPERATIVE],
    )
    ApprovalRule.objects.create(
        programme=housing,
        approver_body_kind=BodyKind.BAAN_MANKONG_SUBCOMMITTEE,
        approver_role=Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER,
    )
    allocate(programme, "24", Decimal("500000"))
    allocate(housing, "24", Decimal("2000000"))
    council = make_body(BodyKind.TAMBON_COMMUNITY_COUNCIL, area=TAMBON, name="สภาองค์กรชุมชนตำบลคลองนา")
    return World(
        programme=programme,
        housing=housing,
        council=council,
        welfare_fund=make_body(BodyKind.WELFARE_FUND, area=TAMBON, name="กองทุนสวัสดิการชุมชนตำบลคลองนา"),
        other_council=make_body(BodyKind.CON_CENTRE, area=TAMBON, name="ศอช.ตำบลคลองนา"),
        cluster_wg=make_body(BodyKind.CLUSTER_WORKING_GROUP, cluster="C08", name="คณะทำงานกลุ่มจังหวัด"),
        baan_mankong=make_body(BodyKind.BAAN_MANKONG_SUBCOMMITTEE, region="R5", name="คณะอนุกรรมการบ้านมั่นคง"),
        secretary=make_user(Role.TAMBON_COUNCIL_SECRETARY, area=TAMBON, body=council, username="secretary"),
        screener=make_user(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area="24", username="screener"),
        approver=make_user(Role.CLUSTER_WORKING_GROUP_MEMBER, cluster="C08", username="approver"),
        housing_approver=make_user(Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER, region="R5", username="bmk"),
        staff=make_user(Role.CODI_REGIONAL_STAFF, region="R5", username="staff"),
        other_secretary=make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240105", username="other_secretary"),
        outside_screener=make_user(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area="50", username="outside_screener"),
        outside_approver=make_user(Role.CLUSTER_WORKING_GROUP_MEMBER, cluster="C01", username="outside_approver"),
        member=make_user(Role.TAMBON_COUNCIL_MEMBER, area=TAMBON, username="member"),
    )
