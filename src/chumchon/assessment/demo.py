"""Demo of the self-managing-province assessment in the demo region (seed 002: 20 pilots of 77, every
cluster within 1–2 years), after projects and the governor register so the proposals read their data.

* FY(today−2): provinces 24, 22 and Bangkok assessed and reviewed (a first year for the trend).
* FY(today−1): six provinces assessed and reviewed — 24 and 20 (cluster C08), 22 and 23 (C09), 12 (C02)
  and Bangkok (outside every cluster, reviewed by the regional subcommittee); 20 also on the separate
  integrated-province track. 22 and 23 have equal readiness, so the ranking explains the tie.
* A pilot selection over the region for FY(today) from those assessments: 5 pilots — one per group that
  has an assessment (C04's only province, 74, has none: shown as uncovered) and the next by readiness —
  adopted by a resolution of the regional subcommittee, which certifies the pilots; 23 certified as an
  expansion province from the next year by the same resolution.
* FY(today): 24's assessment submitted and awaiting the C08 working group (the worklist of
  ``cluster_c08``); 21's a draft (``codi_<region>``'s worklist).

Actors: the demo's CODI regional staff opens and fills (the provincial working group's support staff);
``cluster_c08`` reviews C08, the national administrator stands in for clusters without a demo member,
``subcom_<region>`` reviews Bangkok. Only the nestable ``*_in_transaction`` services are called.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chumchon.accounts.models import Role
from chumchon.areas.models import Area
from chumchon.assessment import proposals, services
from chumchon.assessment.models import Assessment, AssessmentStatus, Track
from chumchon.meetings.services.committees import membership_add_in_transaction
from chumchon.meetings.services.resolutions import resolution_record_in_transaction
from chumchon.meetings.services.sittings import meeting_create_in_transaction

# Levels per province (criteria 1–10) before the proposals are taken into account: where the system
# proposes a level, the demo keeps it unless this profile differs, and then explains why.
PROFILES: dict[str, list[int]] = {
    "24": [3, 3, 3, 3, 3, 3, 3, 2, 3, 3],
    "20": [3, 2, 3, 2, 3, 3, 2, 2, 3, 3],
    "22": [3, 3, 2, 2, 3, 2, 2, 3, 2, 2],
    "23": [1, 3, 3, 2, 3, 3, 3, 2, 2, 2],  # the readiness of 22, a lower lowest level: the tie is explained
    "12": [2, 2, 2, 1, 2, 2, 2, 2, 1, 2],
    "10": [3, 2, 3, 3, 2, 2, 3, 2, 3, 2],
}
EARLIER = {
    "24": [2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
    "22": [2, 2, 1, 1, 2, 2, 1, 2, 2, 1],
    "10": [2, 2, 2, 2, 1, 2, 2, 1, 2, 2],
}
NOTE = "ตามหลักฐานของคณะทำงานจังหวัด (เอกสารแนบ) ซึ่งระบบยังไม่มีข้อมูลครบ"


def _fill(a: Assessment, levels: list[int], actor: Any) -> None:
    for score in a.scores.select_related("criterion"):
        level = levels[score.criterion.number - 1]
        note = "" if level == score.proposed_level else NOTE
        services.score_set_in_transaction(score=score, level=level, note=note, actor=actor)
        if score.criterion.number == 10 and score.proposed_level is not None:
            for record in _records(a)[:1]:
                services.evidence_add_in_transaction(
                    score=score, kind=record.kind, object_id=record.object_id, actor=actor
                )


def _records(a: Assessment) -> list[proposals.Record]:
    found = proposals.propose_levels(a.province, a.fiscal_year).get(10)
    return found.records if found else []


def _assess(
    code: str,
    year: int,
    levels: list[int],
    staff: Any,
    reviewer: Any,
    track: str = Track.SELF_MANAGING,
    *,
    review: bool = True,
) -> Assessment:
    province = Area.objects.get(code=code)
    a = services.assessment_open_in_transaction(province=province, fiscal_year=year, track=track, actor=staff)
    _fill(a, levels, staff)
    a = services.assessment_submit_in_transaction(
        assessment=a, summary="สรุปผลการประเมินตนเองของขบวนองค์กรชุมชนจังหวัด", actor=staff
    )
    if review:
        a = services.assessment_review_in_transaction(assessment=a, note="กลุ่มจังหวัดพิจารณาแล้ว เห็นชอบ", actor=reviewer)
    return a


SEATS = [
    ("นางสาวอรวรรณ ชูชื่น", "chair", "movement", "เครือข่ายสภาองค์กรชุมชนจังหวัด"),
    ("นายสมพงษ์ แก้วใส", "secretary", "agency", "สถาบันพัฒนาองค์กรชุมชน"),
    ("นางละเอียด ทองมา", "member", "movement", "เครือข่ายกองทุนสวัสดิการชุมชน"),
    ("ดร.ปิยะ ศรีวิไล", "member", "expert", "มหาวิทยาลัยราชภัฏราชนครินทร์"),
]


def _working_group_year(ctx: Any, staff: Any, fy: int) -> None:
    """Province 24's working group: its members and a year of meetings with an assembly (criteria 5, 7, 10)."""
    body = (ctx.shared.get("provincial_working_groups") or {}).get("24")
    if body is None:
        return
    start = dt.date(fy - 543 - 1, 10, 1)
    for name, position, side, on_behalf in SEATS:
        membership_add_in_transaction(
            actor=staff,
            body=body,
            person_name=name,
            position=position,
            represents=side,
            represents_text=on_behalf,
            starts_on=start,
        )
    for month_offset, kind in (
        (1, "ordinary"),
        (4, "ordinary"),
        (6, "annual_assembly"),
        (7, "ordinary"),
        (10, "ordinary"),
    ):
        month = (10 + month_offset - 1) % 12 + 1
        held = dt.date(start.year + (1 if month < 10 else 0), month, 12)
        meeting_create_in_transaction(
            actor=staff,
            body=body,
            held_on=held,
            kind=kind,
            place="ห้องประชุมสำนักงานขบวนองค์กรชุมชนจังหวัด" if kind == "ordinary" else "หอประชุมศาลากลางจังหวัด",
            agenda=["ติดตามแผนภาคประชาชนจังหวัด", "ประเมินตนเองตามเกณฑ์จังหวัดจัดการตนเอง"],
        )


def generate(ctx: Any) -> None:
    users = ctx.shared.get("users") or {}
    staff, admin = users.get(Role.CODI_REGIONAL_STAFF), users.get(Role.NATIONAL_ADMIN)
    cluster, subcom = users.get(Role.CLUSTER_WORKING_GROUP_MEMBER), users.get(Role.REGIONAL_SUBCOMMITTEE_MEMBER)
    regional = ctx.shared.get("regional_subcommittee")
    if staff is None or admin is None or regional is None or Assessment.objects.exists():
        return
    codes = {p.code for p in ctx.provinces}
    if not set(PROFILES) <= codes:  # another region: the profiles name the demo region's provinces
        return
    cluster = cluster or admin
    subcom = subcom or admin

    def reviewer(code: str) -> Any:
        if code == "10":
            return subcom
        return cluster if code in ("24", "20", "21", "11") else admin

    year = ctx.fiscal_year
    _working_group_year(ctx, staff, year - 1)
    for code, levels in EARLIER.items():
        _assess(code, year - 2, levels, staff, reviewer(code))
    for code, levels in PROFILES.items():
        _assess(code, year - 1, levels, staff, reviewer(code))
    _assess("20", year - 1, [2, 2, 2, 2, 2, 2, 3, 2, 2, 2], staff, reviewer("20"), track=Track.INTEGRATED)
    selection = services.selection_propose_in_transaction(
        scope_kind="region", region=ctx.region, fiscal_year=year, assessed_year=year - 1, size=5, actor=staff
    )
    resolution = resolution_record_in_transaction(
        actor=staff,
        body=regional,
        meeting_date=min(ctx.today - dt.timedelta(days=20), dt.date(ctx.today.year, 11, 20)),
        number=f"2/{year}",
        text=(
            f"ที่ประชุมมีมติเห็นชอบจังหวัดนำร่องการขับเคลื่อนจังหวัดจัดการตนเองปีงบประมาณ {year} จำนวน 5 จังหวัด "
            f"ตามผลการประเมินความพร้อมที่กลุ่มจังหวัดพิจารณาแล้ว และรับรองจังหวัดตราดเป็นจังหวัดขยายผลตั้งแต่ปี {year + 1}"
        ),
    )
    services.selection_adopt_in_transaction(selection=selection, resolution=resolution, actor=staff)
    services.certification_record_in_transaction(
        assessment=Assessment.objects.get(province__code="23", fiscal_year=year - 1, track=Track.SELF_MANAGING),
        fiscal_year=year + 1,
        resolution=resolution,
        actor=staff,
    )
    # This year: 24 awaits its cluster's review; 21 is a draft.
    _assess("24", year, [*PROFILES["24"][:9], 4], staff, cluster, review=False)
    services.assessment_open_in_transaction(province=Area.objects.get(code="21"), fiscal_year=year, actor=staff)
    ctx.shared["assessment_selection"] = selection
    assert Assessment.objects.filter(status=AssessmentStatus.SUBMITTED).count() == 1
