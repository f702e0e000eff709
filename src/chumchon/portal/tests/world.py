"""A small public world for the portal's tests: two ready rounds of materialised results for province
24 (two districts, tambons with small counts that tempt recovery by subtraction), a programme with a
province allocation, an approved project with money, indicators and a resolution, a draft project that
must stay private, bodies, and a person added in the field (a name and a national ID that must never
appear in public)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.areas.models import Area
from chumchon.budgets.models import FundBalance, LedgerEntry, LedgerKind, Programme
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import Body, BodyKind
from chumchon.poverty.models import AreaPovertyResult, RoundStatus, SurveyRound
from chumchon.poverty.models.rounds import ResultLevel
from chumchon.poverty.models.targets import FieldAddition
from chumchon.poverty.tests.logbook_data import indicator_set, national_id
from chumchon.projects.models import ProgressReport, Project, ProjectIndicator, ProjectStatus

# tambon -> (households, persons, target poor, AF poor) for each round; 3, 2, 1, 4 are below 5.
TAMBONS = {
    2565: {
        "240101": (120, 400, 30, 22),
        "240102": (80, 260, 3, 2),
        "240103": (95, 300, 12, 9),
        "240104": (60, 190, 4, 7),
        "240201": (140, 480, 25, 18),
        "240204": (70, 210, 1, 3),
    },
    2566: {
        "240101": (122, 405, 26, 20),
        "240102": (81, 262, 2, 4),
        "240103": (96, 301, 10, 8),
        "240104": (61, 192, 6, 5),
        "240201": (141, 483, 22, 16),
        "240204": (71, 212, 3, 1),
    },
}
PERSON_NAME = "นางสมศรี ทดสอบลับ"
PERSON_ID = national_id(987654)
HOUSEHOLD_ID = "HH-SECRET-000042"
# The new sections' secrets: a relief household's label, a leader's national ID and telephone, a
# committee member's telephone-like contact, a draft plan and a welfare fund's address.
RELIEF_HOUSEHOLD = "บ้านเลขที่ 9 นายลับ ช่วยเหลือ"
LEADER_ID = national_id(123457)
LEADER_PHONE = "081-555-0199"
DRAFT_PLAN = "แผนร่างลับของตำบล"
FUND_ADDRESS = "99 หมู่ 9 ที่อยู่ลับกองทุน"
MEMBER_NAME = "นายประชา สาธารณะ"
PLAN_TITLE = "แผนพัฒนาตำบลคลองนาทดสอบ"
ITEM_TITLE = "ปรับปรุงถนนเข้าหมู่บ้าน"
CAMPAIGN_TITLE = "ช่วยผู้ประสบอุทกภัยทดสอบ"
SECRETS = (RELIEF_HOUSEHOLD, LEADER_ID, LEADER_PHONE, DRAFT_PLAN, FUND_ADDRESS)


@dataclass
class World:
    rounds: list[SurveyRound]
    project: Project
    draft: Project
    body: Body
    resolution: Resolution


def _result(
    survey_round: SurveyRound, level: str, figures: tuple[int, int, int, int], *, area: str = "", group: str = ""
) -> None:
    n, persons, target, q = figures
    AreaPovertyResult.objects.create(
        survey_round=survey_round,
        level=level,
        area_code=area,
        group_code=group,
        households=n,
        persons=persons,
        target_poor_households=target,
        af_poor_households=q,
        af_score_sum=q * 2,
        af_weight_total=5,
        deprived_by_dimension={"health": q, "income": max(q - 1, 0)},
    )


def _sum(rows: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    return tuple(sum(r[i] for r in rows) for i in range(4))  # type: ignore[return-value]


def build() -> World:
    iset = indicator_set()
    province = Area.objects.select_related("codi_region", "cluster").get(code="24")
    rounds = []
    previous = None
    for year, tambons in TAMBONS.items():
        r = SurveyRound.objects.create(
            code=f"portal-{year}",
            name=f"จปฐ. {year}",
            year_be=year,
            indicator_set=iset,
            previous=previous,
            status=RoundStatus.READY,
            computed_at=timezone.now(),
        )
        for code, figures in tambons.items():
            _result(r, ResultLevel.SUBDISTRICT, figures, area=code)
        districts = {}
        for district in ("2401", "2402"):
            districts[district] = _sum([f for c, f in tambons.items() if c.startswith(district)])
            _result(r, ResultLevel.DISTRICT, districts[district], area=district)
        total = _sum(list(districts.values()))
        _result(r, ResultLevel.PROVINCE, total, area="24")
        _result(r, ResultLevel.REGION, total, group=province.codi_region.code)  # type: ignore[union-attr]
        if province.cluster is not None:
            _result(r, ResultLevel.CLUSTER, total, group=province.cluster.code)
        _result(r, ResultLevel.NATION, total)
        rounds.append(r)
        previous = r
    FieldAddition.objects.create(
        survey_round=rounds[-1],
        area=Area.objects.get(code="240104"),
        kind="person",
        reason="not_surveyed",
        full_name=PERSON_NAME,
        national_id=PERSON_ID,
        survey_household_id=HOUSEHOLD_ID,
        created_by=User.objects.create_user(username="portal-fieldworker", password="x"),
    )
    programme = Programme.objects.create(
        code="P1", fiscal_year=2566, name_th="สวัสดิการชุมชน", name_en="Community welfare"
    )
    FundBalance.objects.create(
        programme=programme, province_code="24", allocated=Decimal("500000"), committed=Decimal("150000")
    )
    body = Body.objects.create(
        kind=BodyKind.TAMBON_COMMUNITY_COUNCIL,
        name_th="สภาองค์กรชุมชนตำบลทดสอบ",
        scope_kind="area",
        area=Area.objects.get(code="240104"),
        member_count=31,
    )
    committee = Body.objects.create(
        kind=BodyKind.PROVINCIAL_WORKING_GROUP,
        name_th="คณะทำงานจังหวัดทดสอบ",
        scope_kind="area",
        area=province,
        member_count=9,
    )
    resolution = Resolution.objects.create(
        body=committee, meeting_date=dt.date(2023, 1, 15), number="1/2566", text="อนุมัติ"
    )
    project = Project.objects.create(
        programme=programme,
        area=Area.objects.get(code="240104"),
        proposer=body,
        title_th="โครงการซ่อมบ้านผู้สูงอายุ",
        title_en="Repairing elders' homes",
        objectives="ซ่อมบ้าน 10 หลัง",
        status=ProjectStatus.IN_PROGRESS,
        requested_amount=Decimal("150000"),
        approved_amount=Decimal("150000"),
        disbursed_amount=Decimal("90000"),
        spent_amount=Decimal("60000"),
        progress_pct=Decimal("40"),
        approval_resolution=resolution,
        approved_at=timezone.now(),
        starts_on=dt.date(2023, 2, 1),
        ends_on=dt.date(2023, 9, 30),
    )
    LedgerEntry.objects.create(
        programme=programme, province_code="24", kind=LedgerKind.COMMIT, amount=Decimal("150000"), holder=project
    )
    LedgerEntry.objects.create(
        programme=programme, province_code="24", kind=LedgerKind.DISBURSE, amount=Decimal("90000"), holder=project
    )
    ProjectIndicator.objects.create(
        project=project, name="บ้านที่ซ่อมแล้ว", unit="หลัง", baseline=Decimal(0), target=Decimal(10), latest_value=Decimal(4)
    )
    ProgressReport.objects.create(
        project=project, reported_on=dt.date(2023, 5, 1), progress_pct=Decimal(40), spent_amount=Decimal(60000)
    )
    draft = Project.objects.create(
        programme=programme,
        area=Area.objects.get(code="240102"),
        proposer=body,
        title_th="โครงการร่างลับ",
        status=ProjectStatus.DRAFT,
    )
    build_community(body, committee)
    return World(rounds=rounds, project=project, draft=draft, body=body, resolution=resolution)


def build_community(council: Body, committee: Body) -> None:
    """Plans, a sitting committee member, welfare funds (one with few members) and a relief campaign
    (three households: below the public minimum)."""
    from chumchon.meetings.models import Membership, Position, Represents
    from chumchon.organizations.models import BodyLeader, LeaderPosition, WelfareFundYear
    from chumchon.plans.models import (
        ItemStatus,
        Plan,
        PlanItem,
        PlanKind,
        PlanLevel,
        PlanProposal,
        PlanStatus,
        ProposalStatus,
    )
    from chumchon.relief.models import Campaign, Contribution, ContributionKind, EventKind, HouseholdHelped

    recorder = User.objects.create_user(username="portal-recorder", password="x")
    tambon = Area.objects.get(code="240104")
    province = Area.objects.get(code="24")
    BodyLeader.objects.create(
        body=council, position=LeaderPosition.CHAIR, name=MEMBER_NAME, national_id=LEADER_ID, phone=LEADER_PHONE
    )
    Membership.objects.create(
        body=committee,
        person_name=MEMBER_NAME,
        position=Position.CHAIR,
        represents=Represents.MOVEMENT,
        starts_on=dt.date(2020, 1, 1),
    )
    plan = Plan.objects.create(
        title=PLAN_TITLE,
        level=PlanLevel.TAMBON,
        kind=PlanKind.COUNCIL_TAMBON,
        owner=council,
        area=tambon,
        start_year_be=2566,
        end_year_be=2570,
        status=PlanStatus.ADOPTED,
    )
    upper = Plan.objects.create(
        title="แผนจังหวัดทดสอบ",
        level=PlanLevel.PROVINCE,
        kind=PlanKind.PROVINCIAL,
        owner=committee,
        area=province,
        start_year_be=2566,
        end_year_be=2570,
        status=PlanStatus.ADOPTED,
    )
    Plan.objects.create(
        title=DRAFT_PLAN,
        level=PlanLevel.TAMBON,
        kind=PlanKind.COUNCIL_TAMBON,
        owner=council,
        area=tambon,
        start_year_be=2566,
        end_year_be=2570,
    )
    items = [
        PlanItem.objects.create(plan=plan, number=n, title=t, status=st)
        for n, t, st in ((1, ITEM_TITLE, ItemStatus.DONE), (2, "ตลาดชุมชน", ItemStatus.PLANNED))
    ]
    covering = PlanItem.objects.create(plan=upper, number=1, title=ITEM_TITLE)
    PlanProposal.objects.create(
        item=items[0], to_plan=upper, status=ProposalStatus.ACCEPTED, covering_item=covering, answered_at=timezone.now()
    )
    PlanProposal.objects.create(item=items[1], to_plan=upper)
    for code, members in (("240101", (30, 60, 20)), ("240104", (1, 2, 0)), ("240201", (10, 40, 30))):
        fund = Body.objects.create(
            kind=BodyKind.WELFARE_FUND,
            name_th=f"กองทุนสวัสดิการ {code}",
            scope_kind="area",
            area=Area.objects.get(code=code),
            address=FUND_ADDRESS,
        )
        WelfareFundYear.objects.create(
            fund=fund,
            year=2566,
            members_under_18=members[0],
            members_18_59=members[1],
            members_60_plus=members[2],
            opening_balance=Decimal(10000),
            contributions=Decimal(3650),
        )
    campaign = Campaign.objects.create(
        title=CAMPAIGN_TITLE,
        event_kind=EventKind.values[0],
        event_on=dt.date(2023, 3, 1),
        area=tambon,
        organiser=council,
        created_by=recorder,
    )
    Contribution.objects.create(
        campaign=campaign,
        source=committee,
        kind=ContributionKind.PLEDGE,
        amount=Decimal(20000),
        on=dt.date(2023, 3, 2),
        recorded_by=recorder,
    )
    for n in range(3):
        HouseholdHelped.objects.create(
            campaign=campaign,
            area=tambon,
            label=RELIEF_HOUSEHOLD if n == 0 else f"ครัวเรือน {n}",
            amount=Decimal(1000),
            given_on=dt.date(2023, 3, 5),
            description="ถุงยังชีพ",
            recorded_by=recorder,
        )


def public_urls(world: World) -> list[str]:
    """Every public page, download and catalogue of the world."""
    from django.urls import reverse

    from chumchon.portal.sections import sections

    province = Area.objects.select_related("codi_region", "cluster").get(code="24")
    keys: list[Any] = ["TH", province.codi_region.code, "24", "2401", "2402", "240101", "240102", "240104", "240204"]  # type: ignore[union-attr]
    if province.cluster is not None:
        keys.append(province.cluster.code)
    urls = [
        reverse("portal:home"),
        reverse("portal:opendata"),
        reverse("portal:dcat"),
        reverse("portal:project", args=[world.project.pk]),
    ]
    for key in keys:
        urls.append(reverse("portal:place", args=[key]) if key != "TH" else reverse("portal:home") + "?measure=m0")
        urls.append(reverse("portal:iati", args=[key]))
        for section in sections():
            for fmt in ("csv", "json"):
                urls.append(reverse("portal:download", args=[key, section.key, fmt]))
    return urls
