"""Demo budgets for FY2565 in one CODI region, with the region totals of seed 000.

Seed 000 (R5, FY2565): "5 key programmes, 139,504,935 baht" and "17 housing projects,
16,855,500 baht"; projects are approved by the cluster working groups and housing projects by
the Baan Mankong subcommittee. The split of the 139,504,935 baht among the five programmes is
not in the source: the figures below are illustrative and chosen to add up exactly.

Shares: ``ctx.shared["programmes"]`` (code → Programme) and ``ctx.shared["housing_programme"]``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from chumchon.accounts.models import Role, User
from chumchon.budgets import services
from chumchon.budgets.models import Allocation, Programme
from chumchon.meetings.services import resolution_record_in_transaction
from chumchon.organizations.models import Body, BodyKind

FISCAL_YEAR = 2565
KEY_PROGRAMMES_TOTAL = Decimal("139504935")
HOUSING_TOTAL = Decimal("16855500")
HOUSING_PROJECTS = 17

# (code, kind, Thai name, English name, region amount, eligible proposers)
KEY_PROGRAMMES: list[tuple[str, str, str, str, Decimal, list[str]]] = [
    (
        "COUNCIL",
        "council",
        "สนับสนุนสภาองค์กรชุมชนตำบล",
        "Tambon community councils",
        Decimal("31250000"),
        [BodyKind.TAMBON_COMMUNITY_COUNCIL, BodyKind.DISTRICT_COMMUNITY_COUNCIL, BodyKind.PROVINCIAL_COMMUNITY_COUNCIL],
    ),
    (
        "WELFARE",
        "welfare",
        "สนับสนุนกองทุนสวัสดิการชุมชน",
        "Community welfare funds",
        Decimal("42860435"),
        [BodyKind.WELFARE_FUND],
    ),
    (
        "ECONOMY",
        "economy",
        "พัฒนาเศรษฐกิจและทุนชุมชน",
        "Community economy",
        Decimal("24615000"),
        [BodyKind.COMMUNITY_ORGANISATION, BodyKind.TAMBON_COMMUNITY_COUNCIL],
    ),
    (
        "RESILIENCE",
        "resilience",
        "ชุมชนรับมือภัยพิบัติและฟื้นฟูทรัพยากร",
        "Disaster preparedness and resilience",
        Decimal("18329500"),
        [BodyKind.TAMBON_COMMUNITY_COUNCIL, BodyKind.COMMUNITY_ORGANISATION, BodyKind.CON_CENTRE],
    ),
    (
        "SELFPROV",
        "self_managing",
        "ขับเคลื่อนจังหวัดจัดการตนเอง",
        "Self-managing province",
        Decimal("22450000"),
        [BodyKind.PROVINCIAL_COMMUNITY_COUNCIL, BodyKind.CON_CENTRE],
    ),
]
HOUSING: tuple[str, str, str, str, Decimal, list[str]] = (
    "BMK",
    "housing",
    "บ้านมั่นคง (แก้ไขปัญหาที่อยู่อาศัยระดับตำบล เมือง จังหวัด ภาค)",
    "Baan Mankong housing (tambon, city, province, region)",
    HOUSING_TOTAL,
    [BodyKind.HOUSING_COOPERATIVE, BodyKind.COMMUNITY_ORGANISATION, BodyKind.TAMBON_COMMUNITY_COUNCIL],
)
# Indicators of the key programmes (code, Thai, English, unit, region target, aggregation). The
# targets are illustrative (the seed gives none); projects report to them by code (projects demo).
INDICATORS: dict[str, list[tuple[str, str, str, str, Decimal, str]]] = {
    "COUNCIL": [
        ("HH", "จำนวนครัวเรือนที่ได้รับประโยชน์", "Households benefiting", "ครัวเรือน", Decimal(12000), "sum"),
        ("PLANS", "จำนวนแผนพัฒนาตำบลที่เชื่อมกับแผนท้องถิ่น", "Tambon plans linked to local plans", "แผน", Decimal(60), "sum"),
    ],
    "WELFARE": [
        ("HH", "จำนวนครัวเรือนที่ได้รับประโยชน์", "Households benefiting", "ครัวเรือน", Decimal(15000), "sum"),
        ("FUNDS", "จำนวนกองทุนสวัสดิการที่เข้มแข็ง", "Strong welfare funds", "กองทุน", Decimal(40), "sum"),
        ("MEMBERS", "สมาชิกกองทุนเพิ่มขึ้นเฉลี่ยต่อกองทุน", "Average new members per fund", "คน", Decimal(80), "mean"),
    ],
    "ECONOMY": [
        ("HH", "จำนวนครัวเรือนที่ได้รับประโยชน์", "Households benefiting", "ครัวเรือน", Decimal(9000), "sum"),
        (
            "INCOME",
            "รายได้ครัวเรือนที่เพิ่มขึ้นเฉลี่ย (บาท/เดือน)",
            "Average household income gain",
            "บาท/เดือน",
            Decimal(1500),
            "mean",
        ),
    ],
    "RESILIENCE": [
        ("HH", "จำนวนครัวเรือนที่ได้รับประโยชน์", "Households benefiting", "ครัวเรือน", Decimal(7000), "sum"),
        ("PLANS", "จำนวนชุมชนที่มีแผนรับมือภัยพิบัติ", "Communities with a disaster plan", "ชุมชน", Decimal(50), "sum"),
    ],
    "SELFPROV": [
        (
            "PLANS",
            "จำนวนแผนจังหวัดจัดการตนเองที่ผ่านสมัชชา",
            "Self-managing province plans adopted",
            "แผน",
            Decimal(13),
            "sum",
        ),
    ],
}
FAIR_FORMULA = {"base": "0.3", "weights": {"population": "0.3", "poor": "0.2", "tambons": "0.2"}}
SOURCE = (
    "seed 000: ภาคกรุงเทพฯ ปริมณฑลและตะวันออก ปี 2565 — 5 โครงการสำคัญ 139,504,935 บาท; บ้านมั่นคง 17 โครงการ 16,855,500 บาท"
)


def _body(ctx: Any, key: str, kind: str, name_th: str) -> Body:
    body = ctx.shared.get(key)
    if body is None:
        body, _ = Body.objects.get_or_create(
            kind=kind, scope_kind="region", region=ctx.region, defaults={"name_th": name_th}
        )
        ctx.shared[key] = body
    return body


def generate(ctx: Any) -> None:
    # The demo runs every step in one transaction (core.demo): it calls the services' *_in_transaction
    # forms, since their durable entry points cannot nest.
    assert sum(p[4] for p in KEY_PROGRAMMES) == KEY_PROGRAMMES_TOTAL  # the seed's figure, exactly
    region = ctx.region
    regional = _body(ctx, "regional_subcommittee", BodyKind.CODI_REGIONAL_SUBCOMMITTEE, f"คณะอนุกรรมการ{region.name_th}")
    _body(ctx, "baan_mankong_subcommittee", BodyKind.BAAN_MANKONG_SUBCOMMITTEE, "คณะอนุกรรมการบ้านมั่นคง")
    admin = ctx.add_user(
        "budget_admin", "National budget administrator (ผู้ดูแลงบประมาณส่วนกลาง)", Role.NATIONAL_ADMIN, scope_kind="nation"
    )
    staff = ctx.add_user(
        f"budget_officer_{region.code.lower()}",
        "CODI regional budget officer (เจ้าหน้าที่งบประมาณ พอช. ภาค)",
        Role.CODI_REGIONAL_STAFF,
        scope_kind="region",
        region=region,
    )
    chair = ctx.add_user(
        f"subcommittee_{region.code.lower()}",
        "Regional subcommittee member, adopts allocations (อนุกรรมการภาค)",
        Role.REGIONAL_SUBCOMMITTEE_MEMBER,
        scope_kind="region",
        region=region,
        body=regional,
    )
    programmes: dict[str, Programme] = {}
    existing = {p.code: p for p in Programme.objects.filter(fiscal_year=FISCAL_YEAR)}
    for code, kind, name_th, name_en, amount, eligible in [*KEY_PROGRAMMES, HOUSING]:
        programme = existing.get(code)
        if programme is None:
            programme = services.programme_create_in_transaction(
                actor=admin,
                code=code,
                fiscal_year=FISCAL_YEAR,
                name_th=name_th,
                name_en=name_en,
                kind=kind,
                national_budget=amount,
                eligible_body_kinds=[str(k) for k in eligible],
                description=f"งบประมาณของ{region.name_th} (ยอดระดับประเทศไม่มีในแหล่งข้อมูล) — {SOURCE}",
            )
            housing = kind == "housing"
            services.approval_rule_set_in_transaction(
                actor=admin,
                programme=programme,
                min_amount=Decimal(0),
                max_amount=None,
                approver_body_kind=BodyKind.BAAN_MANKONG_SUBCOMMITTEE if housing else BodyKind.CLUSTER_WORKING_GROUP,
                approver_role=Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER if housing else Role.CLUSTER_WORKING_GROUP_MEMBER,
                screening_role=Role.PROVINCIAL_WORKING_GROUP_MEMBER,
            )
        programmes[code] = programme
        if not programme.indicators.exists():
            for icode, i_th, i_en, unit, target, aggregation in INDICATORS.get(code, []):
                services.programme_indicator_set_in_transaction(
                    actor=admin,
                    programme=programme,
                    code=icode,
                    name_th=i_th,
                    name_en=i_en,
                    unit=unit,
                    target=target,
                    aggregation=aggregation,
                )
    if not Allocation.objects.filter(programme__in=programmes.values(), status="adopted").exists():
        _allocate(ctx, programmes, staff=staff, chair=chair, regional=regional)
    ctx.shared["programmes"] = programmes
    ctx.shared["housing_programme"] = programmes["BMK"]
    ctx.shared["budget_users"] = {"admin": admin, "staff": staff, "subcommittee": chair}


def _allocate(ctx: Any, programmes: dict[str, Programme], *, staff: User, chair: User, regional: Body) -> None:
    region = ctx.region
    resolution = resolution_record_in_transaction(
        actor=chair,
        body=regional,
        meeting_date=dt.date(2021, 10, 20),
        number="1/2565",
        text=(
            "ที่ประชุมเห็นชอบกรอบการจัดสรรงบประมาณปี 2565 รายจังหวัด ตามหลักเกณฑ์การกระจายงบประมาณอย่างทั่วถึง"
            "และเป็นธรรม (ส่วนแบ่งเท่ากัน 30% ครัวเรือน 30% ครัวเรือนยากจน 20% จำนวนตำบล 20%)"
        ),
    )
    n = len(ctx.provinces)
    for code, programme in programmes.items():
        total = programme.national_budget
        floor = int(total * Decimal("0.4") / n / 1000) * 1000  # every province gets at least 40 % of an equal share
        params = {**FAIR_FORMULA, "floor": floor}
        adopted = services.allocation_create_in_transaction(
            actor=staff,
            programme=programme,
            name="สูตรกระจายอย่างทั่วถึงและเป็นธรรม / fair and broad formula",
            scope_kind="region",
            scope_code=region.code,
            total=total,
            params=params,
        )
        if code in ("ECONOMY", "BMK"):  # a second scenario to compare side by side
            services.allocation_create_in_transaction(
                actor=staff,
                programme=programme,
                name="แบ่งเท่ากันทุกจังหวัด / equal split",
                scope_kind="region",
                scope_code=region.code,
                total=total,
                params={"base": "1", "weights": {}},
            )
        services.allocation_adopt_in_transaction(actor=chair, allocation=adopted, resolution=resolution)
