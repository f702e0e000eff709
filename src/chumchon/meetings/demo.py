"""Demo committees and meetings of the demo region (seed 000), after budgets (its programmes and
standing rules) and before projects (which decides by them).

* The CODI regional subcommittee: a first term (1 October 2020 – 30 September 2022, named members:
  people in public office), extended by the resolution of its meeting 6/2565 to 30 November 2022
  (seed 000: "a term extended by resolution for October–November 2565"), then a second term that
  runs on past the demo's today, in which the demo user ``subcom_<region>`` is the chair.
* Its meeting 1/2565 (20 October 2021, quorate) delegates, for FY2565, project approval to the
  regional project-review working group and housing projects to the Baan Mankong subcommittee
  (the FY2565 standing rule names the regional subcommittee itself: budgets' demo). From FY2566
  the cluster-level rule adopted by its resolution 5/2565 applies (budgets' demo).
* The regional project-review working group (created here), whose secretary is the demo user
  ``review_<region>``; projects' demo records its FY2565 decisions as quorate meetings with
  resolutions (``demo_decision_resolution``).
* The annual provincial assembly (สมัชชาจังหวัด) of province 24's working group, 26 March 2022: a
  meeting of the kind ``annual_assembly``.

Shares: ``ctx.shared["project_review_group"]`` (Body), ``ctx.shared["project_review_secretary"]`` (User).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F

from chumchon.accounts.models import Role, User
from chumchon.audit.services import audited_create, audited_update
from chumchon.meetings import services
from chumchon.meetings.models import Meeting, MeetingKind, Membership, Resolution
from chumchon.organizations.models import Body, BodyKind

TERM1 = (dt.date(2020, 10, 1), dt.date(2022, 9, 30))
EXTENDED_TO = dt.date(2022, 11, 30)
TERM2_START = dt.date(2022, 12, 1)
DELEGATION_DAY = dt.date(2021, 10, 20)  # the seed's meeting of 20 October 2021
EXTENSION_DAY = dt.date(2022, 9, 21)
ASSEMBLY_DAY = dt.date(2022, 3, 26)
ASSEMBLY_PROVINCE = "24"

# (name, position, represents, on behalf of) — illustrative names of people in public office.
REGIONAL_TERM1 = [
    ("นายสมศักดิ์ ใจดี", "chair", "movement", "ขบวนองค์กรชุมชนภาคตะวันออก"),
    ("นางวันเพ็ญ ศรีสุข", "vice_chair", "movement", "เครือข่ายสภาองค์กรชุมชน"),
    ("นางสาวพรทิพย์ มั่นคง", "secretary", "agency", "สถาบันพัฒนาองค์กรชุมชน สำนักงานภาค"),
    ("นายประเสริฐ รักถิ่น", "member", "movement", "เครือข่ายกองทุนสวัสดิการชุมชน"),
    ("นางบุญมี ทองดี", "member", "movement", "เครือข่ายบ้านมั่นคง"),
    ("นายวิชัย สายชล", "member", "agency", "สำนักงานพัฒนาชุมชนจังหวัด"),
    ("ผศ.ดร.อรุณี แสงทอง", "member", "expert", "มหาวิทยาลัยราชภัฏ"),
    ("นายธีระ พูนผล", "member", "movement", "เครือข่ายเกษตรกรรมยั่งยืน"),
    ("นางสุดา คงสวัสดิ์", "member", "agency", "ส่วนราชการจังหวัด"),
]
REGIONAL_TERM2 = [
    ("นางวันเพ็ญ ศรีสุข", "vice_chair", "movement", "เครือข่ายสภาองค์กรชุมชน"),
    ("นางสาวพรทิพย์ มั่นคง", "secretary", "agency", "สถาบันพัฒนาองค์กรชุมชน สำนักงานภาค"),
    ("นายชาญ ชัยมงคล", "member", "movement", "เครือข่ายกองทุนสวัสดิการชุมชน"),
    ("นางบุญมี ทองดี", "member", "movement", "เครือข่ายบ้านมั่นคง"),
    ("ผศ.ดร.อรุณี แสงทอง", "member", "expert", "มหาวิทยาลัยราชภัฏ"),
    ("นายสมชาย ทะเลงาม", "member", "agency", "สำนักงานพัฒนาชุมชนจังหวัด"),
]
REVIEW_MEMBERS = [
    ("นายเกรียงไกร ศรีวงศ์", "chair", "movement", "ขบวนองค์กรชุมชนภาคตะวันออก"),
    ("นางจันทร์เพ็ญ ดวงดี", "member", "movement", "เครือข่ายสภาองค์กรชุมชน"),
    ("นายอนันต์ ใจเย็น", "member", "agency", "สถาบันพัฒนาองค์กรชุมชน"),
    ("นางรัชนี พรหมมา", "member", "expert", "ผู้ทรงคุณวุฒิด้านการพัฒนาชุมชน"),
]


def generate(ctx: Any) -> None:
    regional: Body | None = ctx.shared.get("regional_subcommittee")
    bmk: Body | None = ctx.shared.get("baan_mankong_subcommittee")
    staff: User | None = (ctx.shared.get("budget_users") or {}).get("staff")
    if regional is None or bmk is None or staff is None:
        return
    region = ctx.region
    review = _review_group(ctx, staff)
    ctx.shared["project_review_group"] = review
    if Meeting.objects.filter(body=regional).exists():  # already generated (the demo is idempotent)
        seat = Membership.objects.filter(body=review, position="secretary", user__isnull=False).first()
        if seat is not None and seat.user is not None:
            ctx.shared["project_review_secretary"] = seat.user
            ctx.shared.setdefault("users", {})[Role.PROJECT_REVIEW_GROUP_MEMBER] = seat.user
        return
    # The regional subcommittee's first term, its meetings, and the second term.
    audited_update(regional, actor=staff, term_ends_on=TERM1[1], note="วาระที่ 1")
    first = [_seat(staff, regional, row, *TERM1) for row in REGIONAL_TERM1]
    meeting = _quorate_meeting(
        staff,
        regional,
        DELEGATION_DAY,
        first[:7],
        ["รับรองรายงานการประชุม", "กรอบการจัดสรรงบประมาณปี 2565", "การมอบอำนาจอนุมัติโครงการปี 2565"],
        sequence=1,
    )
    delegating = services.resolution_at_meeting_in_transaction(
        actor=staff,
        meeting=meeting,
        text=(
            "ที่ประชุมมีมติมอบอำนาจการพิจารณาอนุมัติโครงการปีงบประมาณ 2565 ให้คณะทำงานพิจารณาโครงการภาค "
            "และมอบอำนาจการพิจารณาอนุมัติโครงการบ้านมั่นคงให้คณะอนุกรรมการบ้านมั่นคง"
        ),
    )
    for power, to_body in (("approve_ordinary", review), ("approve_housing", bmk)):
        services.delegation_create_in_transaction(
            actor=staff,
            resolution=delegating,
            power=power,
            to_body=to_body,
            scope_kind="region",
            region=region,
            fiscal_year=2565,
        )
    meeting = _quorate_meeting(
        staff, regional, EXTENSION_DAY, first[:6], ["รับรองรายงานการประชุม", "การขยายวาระคณะอนุกรรมการภาค"], sequence=6
    )
    extending = services.resolution_at_meeting_in_transaction(
        actor=staff,
        meeting=meeting,
        text="ที่ประชุมมีมติขยายวาระคณะอนุกรรมการภาคออกไปอีกสองเดือน ตั้งแต่ 1 ตุลาคม ถึง 30 พฤศจิกายน 2565",
    )
    services.term_extend_in_transaction(actor=staff, body=regional, resolution=extending, new_end=EXTENDED_TO)
    term2_end = dt.date(ctx.today.year + 1, 11, 30)
    audited_update(regional, actor=staff, term_ends_on=term2_end, note="วาระที่ 2")
    chair = (ctx.shared.get("budget_users") or {}).get("subcommittee")
    if chair is not None:
        services.membership_add_in_transaction(
            actor=staff,
            body=regional,
            user=chair,
            position="chair",
            represents="movement",
            represents_text="ขบวนองค์กรชุมชนภาคตะวันออก",
            starts_on=TERM2_START,
            ends_on=term2_end,
        )
    for row in REGIONAL_TERM2:
        _seat(staff, regional, row, TERM2_START, term2_end)
    _provincial_assembly(ctx, staff)


def _provincial_assembly(ctx: Any, staff: User) -> None:
    """Province 24's annual assembly (สมัชชาจังหวัด), a meeting of its provincial working group."""
    body: Body | None = (ctx.shared.get("provincial_working_groups") or {}).get(ASSEMBLY_PROVINCE)
    if body is None or Meeting.objects.filter(body=body, kind=MeetingKind.ANNUAL_ASSEMBLY).exists():
        return
    services.meeting_create_in_transaction(
        actor=staff,
        body=body,
        held_on=ASSEMBLY_DAY,
        kind=MeetingKind.ANNUAL_ASSEMBLY,
        place="หอประชุมศาลากลางจังหวัด",
        agenda=[
            "รายงานผลการดำเนินงานขบวนองค์กรชุมชนจังหวัดประจำปี",
            "ทบทวนแผนภาคประชาชนจังหวัด",
            "รับรองข้อเสนอเชิงนโยบายต่อจังหวัด",
        ],
    )


def _review_group(ctx: Any, staff: User) -> Body:
    region = ctx.region
    review = Body.objects.filter(kind=BodyKind.PROJECT_REVIEW_WORKING_GROUP, scope_kind="region", region=region).first()
    if review is not None:
        return review
    review = audited_create(
        Body,
        actor=staff,
        kind=BodyKind.PROJECT_REVIEW_WORKING_GROUP,
        name_th=f"คณะทำงานพิจารณาโครงการ{region.name_th}",
        name_en=f"Project Review Working Group, {region.name_en}",
        scope_kind="region",
        region=region,
        member_count=len(REVIEW_MEMBERS) + 1,
    )
    # Made with the role held in the group; seating the secretary adopts that assignment for the term.
    secretary = ctx.add_user(
        f"review_{region.code.lower()}",
        "Regional project-review working group member (คณะทำงานพิจารณาโครงการภาค), its secretary",
        Role.PROJECT_REVIEW_GROUP_MEMBER,
        first_name="สุนีย์",
        last_name="ตรวจการ",
        scope_kind="region",
        region=region,
        body=review,
    )
    services.membership_add_in_transaction(
        actor=staff,
        body=review,
        user=secretary,
        position="secretary",
        represents="agency",
        represents_text="สถาบันพัฒนาองค์กรชุมชน สำนักงานภาค",
        starts_on=dt.date(2021, 10, 1),
    )
    for row in REVIEW_MEMBERS:
        _seat(staff, review, row, dt.date(2021, 10, 1), None)
    ctx.shared["project_review_secretary"] = secretary
    ctx.shared.setdefault("users", {})[Role.PROJECT_REVIEW_GROUP_MEMBER] = secretary  # the demo user of that role
    return review


def _seat(staff: User, body: Body, row: tuple[str, str, str, str], start: dt.date, end: dt.date | None) -> Membership:
    name, position, represents, on_behalf = row
    return services.membership_add_in_transaction(
        actor=staff,
        body=body,
        person_name=name,
        position=position,
        represents=represents,
        represents_text=on_behalf,
        starts_on=start,
        ends_on=end,
    )


def _quorate_meeting(
    actor: User, body: Body, day: dt.date, present: list[Membership], agenda: list[str], sequence: int | None = None
) -> Meeting:
    meeting = services.meeting_create_in_transaction(
        actor=actor,
        body=body,
        held_on=day,
        place="ห้องประชุมสถาบันพัฒนาองค์กรชุมชน สำนักงานภาค",
        online_link="https://meet.example.org/codi" if body.kind == BodyKind.PROJECT_REVIEW_WORKING_GROUP else "",
        agenda=agenda,
        sequence=sequence,
    )
    services.attendance_record_in_transaction(actor=actor, meeting=meeting, present=[m.pk for m in present])
    return meeting


def demo_decision_resolution(ctx: Any, body: Body, day: dt.date, text: str) -> Resolution | None:
    """For projects' demo: the resolution of ``body``'s meeting on ``day`` (a quorate meeting minuted by
    its secretary, all members present), or ``None`` when the body has no demo secretary."""
    secretary: User | None = ctx.shared.get("project_review_secretary")
    if secretary is None or body != ctx.shared.get("project_review_group"):
        return None
    meeting = Meeting.objects.filter(body=body, held_on=day).first()
    if meeting is None:
        members = services.committee_on(body, day)
        meeting = _quorate_meeting(secretary, body, day, members, ["พิจารณาโครงการที่คณะทำงานจังหวัดกลั่นกรองเสนอ"])
    return services.resolution_at_meeting_in_transaction(actor=secretary, meeting=meeting, text=text)


def renumber_meetings(body: Body) -> None:
    """Number a body's demo meetings in date order within each fiscal year (the demo records them out of order)."""
    meetings = list(Meeting.objects.filter(body=body).order_by("fiscal_year", "held_on", "pk"))
    Meeting.objects.filter(body=body).update(sequence=F("sequence") + 10000)  # out of the way of the unique numbers
    counters: dict[int, int] = {}
    for m in meetings:
        counters[m.fiscal_year] = counters.get(m.fiscal_year, 0) + 1
        Meeting.objects.filter(pk=m.pk).update(sequence=counters[m.fiscal_year])
        Resolution.objects.filter(meeting=m).update(number=f"{counters[m.fiscal_year]}/{m.fiscal_year}")
