"""Demo plans for the demo district: each of its tambons (up to ``TAMBONS``) gets a One Plan tambon
plan whose items go up to the district plan (some accepted, merged or declined, some awaiting an
answer), a local government's five-year plan with an amendment, and the council's issue-based plan
with an item proposed to the province's people's-sector plan; the demo tambon's council has its
charter. Projects' demo step then links some demo projects to One Plan items (``projects.plan_items``).

Actors are the demo users where their scope reaches (the CDD district officer writes the One Plans
and the district plan, the tambon council secretary the demo tambon's council plan, the provincial
working group member the provincial plan and its answers); the national administrator elsewhere.
Everything goes through the services' nestable forms. Shares ``ctx.shared["one_plans"]``
({tambon code: Plan}) and ``ctx.shared["plan_writer"]`` (the user who writes them).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from chumchon.accounts.models import Role
from chumchon.areas.models import Area
from chumchon.meetings.services.resolutions import resolution_record_in_transaction
from chumchon.organizations.models import Body, BodyKind
from chumchon.plans import services
from chumchon.plans.models import BudgetSource, Plan, PlanItem, PlanKind, PlanLevel, VersionKind
from chumchon.poverty.models import DimensionCode

TAMBONS = 8
DEMO_TAMBON = "240104"
START, END = 2566, 2570

# (title, problem, objective, dimension, source, yearly budget)
CATALOGUE: list[tuple[str, str, str, str, str, int]] = [
    (
        "ส่งเสริมอาชีพเลี้ยงไก่ไข่ครัวเรือนยากจน",
        "รายได้ครัวเรือนต่ำกว่าเกณฑ์ จปฐ.",
        "เพิ่มรายได้ครัวเรือนเป้าหมาย",
        DimensionCode.INCOME,
        BudgetSource.LOCAL_GOVERNMENT,
        60000,
    ),
    (
        "ปรับปรุงที่อยู่อาศัยผู้สูงอายุและผู้พิการ",
        "บ้านทรุดโทรม ไม่มั่นคงแข็งแรง",
        "ที่อยู่อาศัยมั่นคงปลอดภัย",
        DimensionCode.LIVING,
        BudgetSource.CODI,
        150000,
    ),
    (
        "ตรวจสุขภาพและเยี่ยมบ้านผู้ป่วยติดเตียง",
        "ผู้ป่วยติดเตียงขาดการดูแล",
        "ผู้ป่วยได้รับการดูแลต่อเนื่อง",
        DimensionCode.HEALTH,
        BudgetSource.LOCAL_GOVERNMENT,
        30000,
    ),
    (
        "ทุนการศึกษาและอุปกรณ์การเรียนเด็กยากจน",
        "เด็กหลุดออกจากระบบการศึกษา",
        "เด็กได้เรียนต่อภาคบังคับ",
        DimensionCode.EDUCATION,
        BudgetSource.PRIVATE,
        40000,
    ),
    (
        "จัดทำบัตรสวัสดิการและช่วยเข้าถึงสิทธิ",
        "ครัวเรือนเข้าไม่ถึงสวัสดิการรัฐ",
        "ครัวเรือนได้รับสิทธิครบถ้วน",
        DimensionCode.ACCESS,
        BudgetSource.DISTRICT,
        20000,
    ),
    ("ธนาคารขยะและปุ๋ยอินทรีย์ชุมชน", "ขยะล้นและต้นทุนปุ๋ยสูง", "ลดขยะและลดต้นทุนการเกษตร", "", BudgetSource.COMMUNITY, 25000),
]
DISTRICT_ITEMS = [
    ("ส่งเสริมอาชีพและเศรษฐกิจฐานรากระดับอำเภอ", DimensionCode.INCOME, 500000),
    ("บ้านมั่นคงและซ่อมแซมที่อยู่อาศัยระดับอำเภอ", DimensionCode.LIVING, 800000),
]
PROVINCE_ITEMS = [
    ("ระบบสวัสดิการชุมชนทั้งจังหวัด", DimensionCode.ACCESS, 1500000),
    ("จังหวัดจัดการตนเองด้านอาหารปลอดภัย", "", 900000),
]


def _budgets(amount: int, years: range) -> dict[int, Decimal]:
    return {y: Decimal(amount) for y in years}


def _item(actor: Any, plan: Plan, row: tuple[str, str, str, str, str, int], rng: Any) -> PlanItem:
    title, problem, objective, dimension, source, amount = row
    first = rng.randint(START, START + 2)
    return services.item_create_in_transaction(
        actor=actor,
        plan=plan,
        title=title,
        problem=problem,
        objective=objective,
        target_group="ครัวเรือนเป้าหมายตามข้อมูล จปฐ./TPMAP",
        dimension=dimension,
        activities="ประชุมชี้แจง\nดำเนินกิจกรรม\nติดตามผล",
        budget_source=source,
        budgets=_budgets(amount, range(first, min(first + 2, END) + 1)),
        indicators=[
            services.IndicatorInput(
                "ครัวเรือนเป้าหมายพ้นเกณฑ์", "ครัวเรือน", Decimal(0), {y: Decimal(5 * (y - START + 1)) for y in (2567, 2568)}
            )
        ],
    )


def _adopt(actor: Any, plan: Plan, on: dt.date, text: str) -> None:
    services.version_record_in_transaction(
        actor=actor, plan=plan, kind=VersionKind.ADOPTION, adopted_on=on, resolution_text=text
    )


def generate(ctx: Any) -> None:
    users: dict[str, Any] = ctx.shared.get("users") or {}
    admin = users.get(Role.NATIONAL_ADMIN)
    councils: dict[str, Body] = ctx.shared.get("tambon_councils") or {}
    if admin is None or not councils:
        return
    demo_tambon = Area.objects.filter(code=DEMO_TAMBON).select_related("parent__parent").first()
    if demo_tambon is None or demo_tambon.code not in councils:  # another region: its first council's tambon
        demo_tambon = Area.objects.select_related("parent__parent").get(code=sorted(councils)[0])
    district = demo_tambon.parent
    assert district is not None and district.parent is not None
    province = district.parent
    if Plan.objects.filter(level=PlanLevel.DISTRICT, area=district).exists():
        return  # already made (a rerun)
    rng = ctx.rng
    cdd = users.get(Role.CDD_DISTRICT_OFFICER) or admin
    secretary = users.get(Role.TAMBON_COUNCIL_SECRETARY) or admin
    pwg = users.get(Role.PROVINCIAL_WORKING_GROUP_MEMBER) or admin
    cdd_office = (ctx.shared.get("cdd_offices") or {}).get(province.code)
    pwg_body = (ctx.shared.get("provincial_working_groups") or {}).get(province.code)
    if cdd_office is None or pwg_body is None:
        return
    tambons = [t for t in ctx.tambons(province.code) if t.code.startswith(district.code) and t.code in councils]
    tambons = sorted(tambons, key=lambda t: (t.code != demo_tambon.code, t.code))[:TAMBONS]

    district_plan = services.plan_create_in_transaction(
        actor=cdd,
        title=f"แผนพัฒนาอำเภอ{district.name_th} พ.ศ. {START}–{END}",
        level=PlanLevel.DISTRICT,
        kind=PlanKind.DISTRICT,
        owner=cdd_office,
        area=district,
        start_year_be=START,
        end_year_be=END,
    )
    district_own = [
        _item(cdd, district_plan, (t, "", "", d, BudgetSource.DISTRICT, a), rng) for t, d, a in DISTRICT_ITEMS
    ]
    _adopt(cdd, district_plan, dt.date(2022, 10, 20), "ที่ประชุม ก.บ.อ. ครั้งที่ 4/2565 เห็นชอบแผนพัฒนาอำเภอ")
    province_plan = services.plan_create_in_transaction(
        actor=pwg,
        title=f"แผนพัฒนาจังหวัด{province.name_th} ภาคประชาชน พ.ศ. {START}–{END}",
        level=PlanLevel.PROVINCE,
        kind=PlanKind.PEOPLES_PROVINCIAL,
        owner=pwg_body,
        area=province,
        start_year_be=START,
        end_year_be=END,
    )
    province_own = [
        _item(pwg, province_plan, (t, "", "", d, BudgetSource.PROVINCE, a), rng) for t, d, a in PROVINCE_ITEMS
    ]
    # The people's provincial plan is adopted by a resolution of the provincial working group: the
    # resolution's page lists the plan version, the plan's page links the resolution.
    adopting = resolution_record_in_transaction(
        actor=admin,
        body=pwg_body,
        meeting_date=dt.date(2022, 11, 25),
        number="1/2566",
        text=f"สมัชชาขบวนองค์กรชุมชนจังหวัด เห็นชอบแผนพัฒนาจังหวัด{province.name_th} ภาคประชาชน",
    )
    services.version_record_in_transaction(
        actor=pwg, plan=province_plan, kind=VersionKind.ADOPTION, adopted_on=adopting.meeting_date, resolution=adopting
    )

    one_plans: dict[str, Plan] = {}
    for n, tambon in enumerate(tambons):
        is_demo = tambon.code == demo_tambon.code
        kbt, _ = Body.objects.get_or_create(
            kind=BodyKind.TAMBON_INTEGRATED_COMMITTEE,
            name_th=f"คณะกรรมการบริหารงานตำบลแบบบูรณาการ (ก.บ.ต.) ตำบล{tambon.name_th}",
            defaults={"scope_kind": "area", "area": tambon, "member_count": rng.randint(12, 25)},
        )
        one_plan = services.plan_create_in_transaction(
            actor=cdd,
            title=f"แผนพัฒนาตำบล{tambon.name_th} (One Plan) พ.ศ. {START}–{END}",
            level=PlanLevel.TAMBON,
            kind=PlanKind.ONE_PLAN_TAMBON,
            owner=kbt,
            area=tambon,
            start_year_be=START,
            end_year_be=END,
        )
        one_plans[tambon.code] = one_plan
        rows = CATALOGUE[:] if is_demo else rng.sample(CATALOGUE, 4)
        items = [_item(cdd, one_plan, row, rng) for row in rows]
        _adopt(cdd, one_plan, dt.date(2022, 9, 10 + n), f"ที่ประชุม ก.บ.ต. ครั้งที่ 3/2565 เห็นชอบแผนพัฒนาตำบล{tambon.name_th}")
        # Upward: the first items go to the district plan; the answers vary, some still await one.
        fates = (
            ["accept", "merge", "decline", "pending"]
            if is_demo
            else rng.sample(["accept", "merge", "decline", "pending", "pending"], 3)
        )
        for item, fate in zip(items, fates, strict=False):
            proposal = services.proposal_make_in_transaction(
                actor=cdd, item=item, to_plan=district_plan, note="ขอบรรจุในแผนพัฒนาอำเภอ"
            )
            if fate == "accept":
                services.proposal_accept_in_transaction(actor=cdd, proposal=proposal)
            elif fate == "merge":
                target = district_own[0] if item.dimension == DimensionCode.INCOME else district_own[1]
                services.proposal_merge_in_transaction(actor=cdd, proposal=proposal, into_item=target)
            elif fate == "decline":
                services.proposal_decline_in_transaction(
                    actor=cdd, proposal=proposal, reason="ซ้ำกับแผนงานของหน่วยงานอื่นในปีเดียวกัน ให้ประสาน อปท."
                )
        # The local government's five-year plan, with its first addition.
        lg = tambon.local_governments.order_by("code").first()
        local_plan = services.plan_create_in_transaction(
            actor=cdd,
            title=f"แผนพัฒนาท้องถิ่น ({START}–{END}) {lg.name_th if lg else 'ตำบล' + tambon.name_th}",
            level=PlanLevel.TAMBON,
            kind=PlanKind.LOCAL_GOVERNMENT,
            owner=kbt,
            area=tambon,
            local_government=lg,
            start_year_be=START,
            end_year_be=END,
        )
        for row in rng.sample(CATALOGUE, 2):
            _item(cdd, local_plan, row, rng)
        _adopt(cdd, local_plan, dt.date(2021, 10, 28), "สภาองค์การบริหารส่วนตำบลเห็นชอบ สมัยสามัญ สมัยที่ 4/2564")
        _item(
            cdd,
            local_plan,
            ("ก่อสร้างลานตากผลผลิตชุมชน", "", "ลดต้นทุนการผลิต", "", BudgetSource.LOCAL_GOVERNMENT, 200000),
            rng,
        )
        services.version_record_in_transaction(
            actor=cdd,
            plan=local_plan,
            kind=VersionKind.ADDITION,
            adopted_on=dt.date(2022, 6, 15),
            resolution_text="ประกาศใช้แผนพัฒนาท้องถิ่น (พ.ศ. 2566–2570) เพิ่มเติม ครั้งที่ 1/2565",
        )
        # The council's issue-based plan, one item proposed to the province's people's plan.
        writer = secretary if is_demo else admin
        issue_plan = services.plan_create_in_transaction(
            actor=writer,
            title=f"แผนเฉพาะประเด็นสวัสดิการชุมชน ตำบล{tambon.name_th}",
            level=PlanLevel.TAMBON,
            kind=PlanKind.ISSUE_BASED,
            owner=councils[tambon.code],
            area=tambon,
            start_year_be=2567,
            end_year_be=2569,
        )
        welfare = services.item_create_in_transaction(
            actor=writer,
            plan=issue_plan,
            title="ขยายสมาชิกกองทุนสวัสดิการชุมชนสู่ครัวเรือนเป้าหมาย",
            problem="ครัวเรือนยากจนยังไม่เป็นสมาชิกกองทุน",
            objective="ครัวเรือนเป้าหมายได้รับสวัสดิการตั้งแต่เกิดจนตาย",
            dimension=DimensionCode.ACCESS,
            budget_source=BudgetSource.COMMUNITY,
            budgets={2567: Decimal(15000), 2568: Decimal(15000)},
        )
        services.version_record_in_transaction(
            actor=writer,
            plan=issue_plan,
            kind=VersionKind.ADOPTION,
            adopted_on=dt.date(2023, 3, 5),
            resolution_text="ที่ประชุมสภาองค์กรชุมชนตำบล ครั้งที่ 1/2566 เห็นชอบ",
        )
        upward = services.proposal_make_in_transaction(actor=writer, item=welfare, to_plan=province_plan)
        if is_demo:  # the secretary finds an answer on the worklist
            elderly = services.item_create_in_transaction(
                actor=writer,
                plan=issue_plan,
                title="ศูนย์ดูแลผู้สูงอายุโดยชุมชน",
                objective="ผู้สูงอายุที่อยู่ลำพังได้รับการดูแล",
                dimension=DimensionCode.HEALTH,
                budgets={2568: Decimal(80000)},
            )
            asked = services.proposal_make_in_transaction(actor=writer, item=elderly, to_plan=district_plan)
            services.proposal_accept_in_transaction(actor=cdd, proposal=asked)
        if not is_demo and rng.random() < 0.5:
            services.proposal_merge_in_transaction(actor=pwg, proposal=upward, into_item=province_own[0])
        if is_demo:
            services.charter_create_in_transaction(
                actor=secretary,
                body=councils[tambon.code],
                title=f"ธรรมนูญตำบล{tambon.name_th}",
                adopted_on=dt.date(2021, 5, 1),
                rules=[
                    "ทุกครัวเรือนร่วมคัดแยกขยะต้นทาง",
                    "งดเหล้าในงานบุญและงานศพ",
                    "ดูแลผู้สูงอายุและผู้พิการในหมู่บ้านของตน",
                ],
            )
    ctx.shared["one_plans"] = one_plans
    ctx.shared["plan_writer"] = cdd
