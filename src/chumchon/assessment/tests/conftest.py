"""Small fixtures for the assessment's tests: the committees of the demo region's clusters and users."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from chumchon.accounts.models import Role
from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.assessment import services
from chumchon.assessment.models import Assessment
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import Body, BodyKind


@dataclass
class World:
    pwg24: Body
    cwg_c08: Body
    cwg_c09: Body
    subcom: Body
    editor24: Any
    editor10: Any
    editor22: Any
    reviewer_c08: Any
    reviewer_c09: Any
    subcom_member: Any
    staff: Any
    outsider: Any

    def open_and_fill(
        self, code: str, levels: list[int], editor: Any, year: int = 2569, track: str = "self_managing"
    ) -> Assessment:
        a = services.assessment_open(province=Area.objects.get(code=code), fiscal_year=year, track=track, actor=editor)
        for score in a.scores.select_related("criterion"):
            level = levels[score.criterion.number - 1]
            note = "" if level == score.proposed_level else "หลักฐานในเอกสารแนบ"
            services.score_set(score=score, level=level, note=note, actor=editor)
        return services.assessment_submit(assessment=a, actor=editor)

    def reviewer_for(self, code: str) -> Any:
        if code == "10":
            return self.subcom_member
        return self.reviewer_c08 if code in ("24", "20", "21", "11") else self.reviewer_c09

    def reviewed(self, code: str, levels: list[int], editor: Any, **kw: Any) -> Assessment:
        a = self.open_and_fill(code, levels, editor, **kw)
        return services.assessment_review(assessment=a, actor=self.reviewer_for(code))

    def resolution(self, body: Body, number: str = "3/2569") -> Resolution:
        return Resolution.objects.create(body=body, meeting_date=dt.date(2026, 3, 1), number=number, text="เห็นชอบ")


def _committee(kind: str, name: str, **scope: Any) -> Body:
    return Body.objects.create(kind=kind, name_th=name, **scope)


@pytest.fixture
def world(db: Any, make_user: Any) -> World:
    c08, c09 = ProvincialCluster.objects.get(code="C08"), ProvincialCluster.objects.get(code="C09")
    pwg24 = _committee(
        BodyKind.PROVINCIAL_WORKING_GROUP, "คณะทำงานจังหวัดฉะเชิงเทรา", scope_kind="area", area=Area.objects.get(code="24")
    )
    cwg_c08 = _committee(
        BodyKind.CLUSTER_WORKING_GROUP, "คณะทำงานกลุ่มจังหวัดภาคตะวันออก 1", scope_kind="cluster", cluster=c08
    )
    cwg_c09 = _committee(
        BodyKind.CLUSTER_WORKING_GROUP, "คณะทำงานกลุ่มจังหวัดภาคตะวันออก 2", scope_kind="cluster", cluster=c09
    )
    subcom = _committee(
        BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
        "คณะอนุกรรมการภาค",
        scope_kind="region",
        region=CodiRegion.objects.get(code="R5"),
    )
    return World(
        pwg24=pwg24,
        cwg_c08=cwg_c08,
        cwg_c09=cwg_c09,
        subcom=subcom,
        editor24=make_user(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area="24", body=pwg24),
        editor10=make_user(Role.CODI_REGIONAL_STAFF, region="R5"),
        editor22=make_user(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area="22"),
        reviewer_c08=make_user(Role.CLUSTER_WORKING_GROUP_MEMBER, cluster="C08", body=cwg_c08),
        reviewer_c09=make_user(Role.CLUSTER_WORKING_GROUP_MEMBER, cluster="C09", body=cwg_c09),
        subcom_member=make_user(Role.REGIONAL_SUBCOMMITTEE_MEMBER, region="R5", body=subcom),
        staff=make_user(Role.CODI_REGIONAL_STAFF, region="R5", username="staff_r5"),
        outsider=make_user(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area="20"),
    )
