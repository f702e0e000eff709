"""Fixtures for plans: Chachoengsao (24), district Mueang (2401), tambon Khlong Na (240104) and its
neighbour (240105); their bodies; one writer per side; a survey round with results for the tambons."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from chumchon.accounts.models import Role
from chumchon.areas.models import Area
from chumchon.organizations.models import Body, BodyKind
from chumchon.plans import services
from chumchon.plans.models import Plan, PlanItem, PlanKind, PlanLevel
from chumchon.poverty.models import AreaPovertyResult, ResultLevel, RoundStatus, SurveyRound
from chumchon.poverty.tests.logbook_data import indicator_set

TAMBON = "240104"
OTHER_TAMBON = "240105"
DISTRICT = "2401"
PROVINCE = "24"


def make_body(kind: str, code: str, name: str) -> Body:
    body = Body(kind=kind, name_th=name, scope_kind="area", area=Area.objects.get(code=code))
    body.full_clean()
    body.save()
    return body


def make_round(
    code: str, year_be: int, counts: dict[str, dict[str, int]], previous: SurveyRound | None = None
) -> SurveyRound:
    """A ready round whose results give, per area code, ``{"any": n, "<dimension>": n, …}``."""
    r = SurveyRound.objects.create(
        code=code,
        name=f"จปฐ. {year_be}",
        year_be=year_be,
        indicator_set=indicator_set(),
        previous=previous,
        status=RoundStatus.READY,
    )
    levels = {2: ResultLevel.PROVINCE, 4: ResultLevel.DISTRICT, 6: ResultLevel.SUBDISTRICT}
    for area_code, c in counts.items():
        AreaPovertyResult.objects.create(
            survey_round=r,
            level=levels[len(area_code)],
            area_code=area_code,
            households=1000,
            deprived_any_households=c.get("any", 0),
            target_poor_households=c.get("any", 0),
            deprived_by_dimension={k: v for k, v in c.items() if k != "any"},
        )
    return r


@dataclass
class World:
    council: Body
    other_council: Body
    kbt: Body
    district_office: Body
    province_group: Body
    secretary: Any
    other_secretary: Any
    cdd_district: Any
    pwg: Any
    member: Any

    def council_plan(self, **kw: Any) -> Plan:
        return services.plan_create(
            actor=kw.pop("actor", self.secretary),
            title=kw.pop("title", "แผนพัฒนาตำบลคลองนา ของสภาองค์กรชุมชน"),
            level=PlanLevel.TAMBON,
            kind=kw.pop("kind", PlanKind.COUNCIL_TAMBON),
            owner=kw.pop("owner", self.council),
            start_year_be=2566,
            end_year_be=2570,
            **kw,
        )

    def district_plan(self) -> Plan:
        return services.plan_create(
            actor=self.cdd_district,
            title="แผนพัฒนาอำเภอเมืองฉะเชิงเทรา",
            level=PlanLevel.DISTRICT,
            kind=PlanKind.DISTRICT,
            owner=self.district_office,
            start_year_be=2566,
            end_year_be=2570,
        )

    def province_plan(self) -> Plan:
        return services.plan_create(
            actor=self.pwg,
            title="แผนภาคประชาชนจังหวัดฉะเชิงเทรา",
            level=PlanLevel.PROVINCE,
            kind=PlanKind.PEOPLES_PROVINCIAL,
            owner=self.province_group,
            start_year_be=2566,
            end_year_be=2570,
        )

    def item(self, plan: Plan, title: str = "ส่งเสริมอาชีพเลี้ยงไก่ไข่", actor: Any = None, **kw: Any) -> PlanItem:
        return services.item_create(
            actor=actor or self.secretary,
            plan=plan,
            title=title,
            objective=kw.pop("objective", "เพิ่มรายได้ครัวเรือนเป้าหมาย"),
            budgets=kw.pop("budgets", {2567: Decimal("50000"), 2568: Decimal("30000")}),
            **kw,
        )


@pytest.fixture
def world(make_user: Any) -> World:
    council = make_body(BodyKind.TAMBON_COMMUNITY_COUNCIL, TAMBON, "สภาองค์กรชุมชนตำบลคลองนา")
    other = make_body(BodyKind.TAMBON_COMMUNITY_COUNCIL, OTHER_TAMBON, "สภาองค์กรชุมชนตำบลบางตีนเป็ด")
    return World(
        council=council,
        other_council=other,
        kbt=make_body(BodyKind.TAMBON_INTEGRATED_COMMITTEE, TAMBON, "ก.บ.ต. คลองนา"),
        district_office=make_body(BodyKind.CDD_OFFICE, DISTRICT, "สำนักงานพัฒนาชุมชนอำเภอเมืองฉะเชิงเทรา"),
        province_group=make_body(BodyKind.PROVINCIAL_WORKING_GROUP, PROVINCE, "คณะทำงานจังหวัดฉะเชิงเทรา"),
        secretary=make_user(Role.TAMBON_COUNCIL_SECRETARY, area=TAMBON, body=council, username="secretary"),
        other_secretary=make_user(Role.TAMBON_COUNCIL_SECRETARY, area=OTHER_TAMBON, body=other, username="other_sec"),
        cdd_district=make_user(Role.CDD_DISTRICT_OFFICER, area=DISTRICT, username="cdd_district"),
        pwg=make_user(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area=PROVINCE, username="pwg"),
        member=make_user(Role.TAMBON_COUNCIL_MEMBER, area=TAMBON, username="member"),
    )
