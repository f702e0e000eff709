"""A small world for search: Chachoengsao tambon Khlong Na (240104) and a far tambon in Chiang Mai
(500105); bodies, one plan with items and a project on each side, indexed as they are saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from chumchon.areas.models import Area
from chumchon.budgets.models import Programme
from chumchon.organizations.models import Body, BodyKind
from chumchon.plans.models import Plan, PlanItem, PlanKind, PlanLevel
from chumchon.projects.models import Project


@dataclass
class World:
    fund: Body
    hospital: Body
    far_fund: Body
    plan: Plan
    medicine: PlanItem
    road: PlanItem
    far_plan: Plan
    far_item: PlanItem
    project: Project
    far_project: Project


def _body(kind: str, code: str, name: str) -> Body:
    return Body.objects.create(kind=kind, name_th=name, scope_kind="area", area=Area.objects.get(code=code))


def _plan(owner: Body, code: str, title: str) -> Plan:
    return Plan.objects.create(
        title=title,
        level=PlanLevel.TAMBON,
        kind=PlanKind.ONE_PLAN_TAMBON,
        owner=owner,
        scope_kind="area",
        area=Area.objects.get(code=code),
        start_year_be=2568,
        end_year_be=2570,
    )


@pytest.fixture
def world(db: Any, django_capture_on_commit_callbacks: Any) -> World:
    with django_capture_on_commit_callbacks(execute=True):
        fund = _body(BodyKind.WELFARE_FUND, "240104", "กองทุนสวัสดิการชุมชนตำบลคลองนา")
        hospital = _body(BodyKind.COMMUNITY_ORGANISATION, "240104", "โรงพยาบาลส่งเสริมสุขภาพตำบลคลองนา")
        far_fund = _body(BodyKind.WELFARE_FUND, "500105", "กองทุนสวัสดิการชุมชนตำบลช้างเผือก")
        plan = _plan(fund, "240104", "แผนพัฒนาตำบลคลองนา")
        medicine = PlanItem.objects.create(
            plan=plan,
            number=1,
            title="อบรมการใช้ยาอย่างปลอดภัยในครัวเรือน",
            problem="ผู้สูงอายุได้รับยาหลายชนิดจากโรงพยาบาล",
        )
        road = PlanItem.objects.create(
            plan=plan, number=2, title="ซ่อมถนนเข้าหมู่บ้าน", objective="ให้เดินทางไปโรงพยาบาลได้สะดวก"
        )
        far_plan = _plan(far_fund, "500105", "แผนพัฒนาตำบลช้างเผือก")
        far_item = PlanItem.objects.create(plan=far_plan, number=1, title="จัดสวัสดิการผู้สูงอายุและแจกยา")
        programme = Programme.objects.create(code="P1", fiscal_year=2568, name_th="แผนงานทดสอบ")
        project = Project.objects.create(
            programme=programme,
            area=Area.objects.get(code="240104"),
            proposer=fund,
            title_th="ส่งเสริมสวัสดิการผู้สูงอายุ",
            objectives="ผู้สูงอายุมีสวัสดิการพื้นฐาน",
        )
        far_project = Project.objects.create(
            programme=programme,
            area=Area.objects.get(code="500105"),
            proposer=far_fund,
            title_th="สวัสดิการเพื่อคนพิการ",
        )
    return World(fund, hospital, far_fund, plan, medicine, road, far_plan, far_item, project, far_project)
