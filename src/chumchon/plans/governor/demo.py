"""Demo proposals to the governor and agencies (seed 003), in every state, for the demo province.

Runs after the plans demo (order 65) and uses its plans when they are there: the councils' tambon
plans and the provincial plan of the people's sector. Whatever it needs and does not find (a
council plan with items, a provincial plan to include proposals in) it makes through the plans
services, so the step also stands alone. Idempotent: a province that already has proposals is
left as it is.

The demo tambon's council (user ``klongna``) sends proposals; the provincial working group
(``pwg_24``) is the follow-up secretariat. One of the council's proposals is overdue, so both see
it on their worklist; another council's proposal is long overdue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chumchon.accounts.models import Role
from chumchon.organizations.models import Body, BodyKind
from chumchon.plans import services as plan_services
from chumchon.plans.governor import services
from chumchon.plans.governor.models import GovernorProposal
from chumchon.plans.models import Plan, PlanItem, PlanKind, PlanLevel

PROVINCE = "24"
TAMBON = "240104"

# (title, recipient kind, recipient, fate, days before today it was sent, days allowed to reply)
STORIES: list[tuple[str, str, str, str, int, int | None]] = [
    ("ขอสนับสนุนการสร้างฝายชะลอน้ำและขุดลอกคลองเพื่อการเกษตร", "governor", "", "overdue", 45, 30),
    ("ขอบรรจุโครงการตลาดชุมชนสีเขียวในแผนพัฒนาจังหวัด", "governor", "", "included", 150, 60),
    ("ขอสนับสนุนศูนย์ดูแลผู้สูงอายุในชุมชน", "agency", "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด", "answered", 70, 45),
    ("ขอถนนเชื่อมหมู่บ้านเพื่อขนส่งผลผลิต", "agency", "แขวงทางหลวงชนบทจังหวัด", "declined", 120, 60),
    ("ขอสนับสนุนการแปรรูปผลผลิตกลุ่มอาชีพสตรี", "governor", "", "awaiting", 12, 45),
    ("ขอสนับสนุนระบบประปาหมู่บ้าน", "agency", "การประปาส่วนภูมิภาค", "sent", 20, None),
    ("ข้อเสนอการจัดการขยะชุมชนแบบมีส่วนร่วม", "governor", "", "draft", 0, None),
]
OTHER_STORIES: list[tuple[str, str, str, str, int, int | None]] = [
    ("ขอสนับสนุนการแก้ปัญหาน้ำเค็มรุกพื้นที่เกษตร", "governor", "", "overdue", 100, 45),
    ("ขอบรรจุแผนท่องเที่ยวชุมชนในแผนพัฒนาจังหวัด", "governor", "", "included_text", 200, 60),
]


def _council_plan(council: Body, actor: Any, titles: list[str]) -> list[PlanItem]:
    """The council's items (from the plans demo when there), made when the council has no plan yet."""
    items = list(PlanItem.objects.filter(plan__owner=council).order_by("plan_id", "number")[:4])
    if items:
        return items
    # The council's secretary writes its tambon plan; the provincial working group an issue-based one.
    secretary = actor.roles.filter(role=Role.TAMBON_COUNCIL_SECRETARY).exists()
    plan = plan_services.plan_create_in_transaction(
        actor=actor,
        title=f"แผนพัฒนาตำบลของ{council.name_th}" if secretary else f"แผนเฉพาะประเด็นของ{council.name_th}",
        level=PlanLevel.TAMBON,
        kind=PlanKind.COUNCIL_TAMBON if secretary else PlanKind.ISSUE_BASED,
        owner=council,
        start_year_be=2568,
        end_year_be=2571,
    )
    return [plan_services.item_create_in_transaction(actor=actor, plan=plan, title=t) for t in titles]


def _provincial_items(group: Body, actor: Any, province: Any) -> list[PlanItem]:
    plan = (
        Plan.objects.filter(level=PlanLevel.PROVINCE, area=province)
        .filter(kind__in=[PlanKind.PEOPLES_PROVINCIAL, PlanKind.PROVINCIAL])
        .order_by("pk")
        .first()
    )
    if plan is None:
        plan = plan_services.plan_create_in_transaction(
            actor=actor,
            title=f"แผนพัฒนาจังหวัด{province.name_th} ภาคประชาชน",
            level=PlanLevel.PROVINCE,
            kind=PlanKind.PEOPLES_PROVINCIAL,
            owner=group,
            start_year_be=2568,
            end_year_be=2571,
        )
    items = list(plan.items.order_by("number")[:2])
    if items:
        return items
    return [
        plan_services.item_create_in_transaction(actor=actor, plan=plan, title=t)
        for t in ("ส่งเสริมตลาดสีเขียวและเกษตรปลอดภัย", "พัฒนาการท่องเที่ยวโดยชุมชน")
    ]


def _tell(
    ctx: Any,
    *,
    actor: Any,
    secretary_actor: Any,
    council: Body,
    group: Body,
    items: list[PlanItem],
    provincial: list[PlanItem],
    province: Any,
    story: tuple[str, str, str, str, int, int | None],
    index: int,
) -> None:
    title, kind, recipient, fate, sent_ago, allowed = story
    today: dt.date = ctx.today
    p = services.proposal_create_in_transaction(
        actor=actor,
        proposing_body=council,
        title=title,
        summary=f"{council.name_th} เสนอตามมติที่ประชุมสภาองค์กรชุมชน",
        items=[items[index % len(items)]] + ([items[(index + 1) % len(items)]] if index % 2 and len(items) > 1 else []),
        recipient_kind=kind,
        recipient_name=recipient or f"ผู้ว่าราชการจังหวัด{province.name_th}",
        secretariat=group,
        recorded_on=ctx.today - dt.timedelta(days=sent_ago + 7) if fate != "draft" else None,
    )
    if fate == "draft":
        return
    sent = today - dt.timedelta(days=sent_ago)
    due = sent + dt.timedelta(days=allowed) if allowed is not None else None
    services.proposal_send_in_transaction(actor=actor, proposal=p, sent_on=sent, secretariat=group, reply_due_on=due)
    if fate in ("answered", "declined", "included"):
        outcome = {"answered": "acknowledged", "declined": "declined", "included": "accepted"}[fate]
        text = {
            "answered": "รับไว้พิจารณาในการจัดทำคำของบประมาณปีถัดไป",
            "declined": "เส้นทางนี้อยู่นอกแผนงานของหน่วยงานในปีนี้",
            "included": "เห็นชอบให้บรรจุในแผนพัฒนาจังหวัด",
        }[fate]
        services.proposal_reply_in_transaction(
            actor=secretary_actor, proposal=p, replied_on=sent + dt.timedelta(days=25), outcome=outcome, text=text
        )
    if fate == "included":
        services.proposal_include_in_transaction(
            actor=secretary_actor, proposal=p, included_on=sent + dt.timedelta(days=50), item=provincial[0]
        )
    if fate == "included_text":
        services.proposal_include_in_transaction(
            actor=secretary_actor,
            proposal=p,
            included_on=sent + dt.timedelta(days=40),
            text=f"แผนพัฒนาจังหวัด{province.name_th} พ.ศ. 2566–2570 (ทบทวน 2568) โครงการส่งเสริมการท่องเที่ยวชุมชน",
        )


def generate(ctx: Any) -> None:
    province = next((p for p in ctx.provinces if p.code == PROVINCE), None) or ctx.provinces[0]
    if GovernorProposal.objects.filter(province=province).exists():
        return
    users = ctx.shared.get("users") or {}
    pwg = users.get(Role.PROVINCIAL_WORKING_GROUP_MEMBER)
    secretary = users.get(Role.TAMBON_COUNCIL_SECRETARY)
    group = Body.objects.filter(kind=BodyKind.PROVINCIAL_WORKING_GROUP, area=province).order_by("pk").first()
    councils = list(
        Body.objects.filter(kind=BodyKind.TAMBON_COMMUNITY_COUNCIL, area__code__startswith=province.code)
        .select_related("area")
        .order_by("area__code")
    )
    if pwg is None or group is None or not councils:
        return  # the accounts and organizations demos did not run: nothing to tell
    home = next((c for c in councils if c.area is not None and c.area.code == TAMBON), councils[0])
    other = next((c for c in councils if c.pk != home.pk), None)
    provincial = _provincial_items(group, pwg, province)
    actor = secretary if secretary is not None and home.area is not None and home.area.code == TAMBON else pwg
    home_items = _council_plan(home, actor, ["ฝายชะลอน้ำ", "ตลาดชุมชนสีเขียว", "ศูนย์ดูแลผู้สูงอายุ", "ถนนเพื่อการเกษตร"])
    for i, story in enumerate(STORIES):
        _tell(
            ctx,
            actor=actor,
            secretary_actor=pwg,
            council=home,
            group=group,
            items=home_items,
            provincial=provincial,
            province=province,
            story=story,
            index=i,
        )
    if other is not None:
        other_items = _council_plan(other, pwg, ["แก้ปัญหาน้ำเค็ม", "ท่องเที่ยวชุมชน"])
        for i, story in enumerate(OTHER_STORIES):
            _tell(
                ctx,
                actor=pwg,
                secretary_actor=pwg,
                council=other,
                group=group,
                items=other_items,
                provincial=provincial,
                province=province,
                story=story,
                index=i,
            )
