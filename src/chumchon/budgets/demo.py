"""Demo budgets for every fiscal year from FY2565 to the current one, in one CODI region.

Seed 000 (R5, FY2565): "5 key programmes, 139,504,935 baht" and "17 housing projects,
16,855,500 baht". The split of the 139,504,935 baht among the five programmes is not in the
source: the figures below are illustrative and chosen to add up exactly. The later years
(FY2566 up to the fiscal year of ``ctx.today``) carry the same programmes with illustrative
amounts (3 % more a year); the seed gives no figures for them.

Approval: in FY2565 the standing rule names the regional subcommittee itself, which delegates
(seed 000; meetings' demo, its meeting 1/2565) project approval to the regional project-review
working group and housing projects to the Baan Mankong subcommittee, for FY2565. From FY2566 on,
the cluster-level rule is adopted by a resolution of the regional subcommittee and every
ApprovalRule cites it (``valid_from`` = 1 October 2022); housing projects: the Baan Mankong
subcommittee.

Shares: ``ctx.shared["programmes"]`` (FY2565 code → Programme), ``ctx.shared["housing_programme"]``
(FY2565), ``ctx.shared["programmes_by_year"]`` (fiscal year → code → Programme, housing included)
and ``ctx.shared["approval_rule_resolution"]``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from chumchon.accounts.models import Role, User
from chumchon.budgets import services
from chumchon.budgets.models import Allocation, Programme
from chumchon.core.thai import fiscal_year_range
from chumchon.meetings.models import Resolution
from chumchon.meetings.services import resolution_record_in_transaction
from chumchon.organizations.models import Body, BodyKind

FISCAL_YEAR = 2565  # the seed's year, with the seed's totals
CLUSTER_RULE_FROM = 2566  # from this fiscal year on, the cluster-level rule adopted by resolution
YEARLY_GROWTH = Decimal("0.03")  # later years' budgets (illustrative)
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


def demo_fiscal_years(ctx: Any) -> list[int]:
    """FY2565 up to the fiscal year of the demo's "today" (at least FY2565)."""
    return list(range(FISCAL_YEAR, max(FISCAL_YEAR, ctx.fiscal_year) + 1))


def _amount(base: Decimal, year: int) -> Decimal:
    """The seed's amount in FY2565; later years grow by YEARLY_GROWTH a year (rounded to 1,000 baht)."""
    if year == FISCAL_YEAR:
        return base
    grown = base * (1 + YEARLY_GROWTH) ** (year - FISCAL_YEAR)
    return (grown / 1000).quantize(Decimal(1)) * 1000


def _user(ctx: Any, role: str, username: str, description: str, **scope: Any) -> User:
    """The accounts demo's user of ``role`` when there is one (no second account for the same role)."""
    found = (ctx.shared.get("users") or {}).get(role)
    return found if found is not None else ctx.add_user(username, description, role, **scope)


def generate(ctx: Any) -> None:
    assert sum(p[4] for p in KEY_PROGRAMMES) == KEY_PROGRAMMES_TOTAL  # the seed's figure, exactly
    region = ctx.region
    regional = _body(ctx, "regional_subcommittee", BodyKind.CODI_REGIONAL_SUBCOMMITTEE, f"คณะอนุกรรมการ{region.name_th}")
    _body(ctx, "baan_mankong_subcommittee", BodyKind.BAAN_MANKONG_SUBCOMMITTEE, "คณะอนุกรรมการบ้านมั่นคง")
    admin = _user(
        ctx,
        Role.NATIONAL_ADMIN,
        "budget_admin",
        "National administrator (ผู้ดูแลระบบระดับประเทศ)",
        scope_kind="nation",
    )
    staff = _user(
        ctx,
        Role.CODI_REGIONAL_STAFF,
        f"codi_{region.code.lower()}",
        f"CODI regional staff, {region.name_th} (เจ้าหน้าที่ พอช. ภาค)",
        scope_kind="region",
        region=region,
    )
    chair = _user(
        ctx,
        Role.REGIONAL_SUBCOMMITTEE_MEMBER,
        f"subcom_{region.code.lower()}",
        "CODI regional subcommittee member (อนุกรรมการภาค)",
        scope_kind="region",
        region=region,
        body=regional,
    )
    rule_resolution = _rule_resolution(ctx, chair=chair, regional=regional)
    by_year: dict[int, dict[str, Programme]] = {}
    for year in demo_fiscal_years(ctx):
        programmes = _programmes(ctx, year, admin=admin, rule_resolution=rule_resolution)
        if not Allocation.objects.filter(programme__in=programmes.values(), status="adopted").exists():
            _allocate(ctx, programmes, year, staff=staff, chair=chair, regional=regional)
        by_year[year] = programmes
    ctx.shared["programmes"] = by_year[FISCAL_YEAR]
    ctx.shared["housing_programme"] = by_year[FISCAL_YEAR]["BMK"]
    ctx.shared["programmes_by_year"] = by_year
    ctx.shared["approval_rule_resolution"] = rule_resolution
    ctx.shared["budget_users"] = {"admin": admin, "staff": staff, "subcommittee": chair}


def _rule_resolution(ctx: Any, *, chair: User, regional: Body) -> Resolution:
    """The regional subcommittee's resolution that sets the cluster-level approval rule from FY2566."""
    number = f"5/{CLUSTER_RULE_FROM - 1}"
    found = Resolution.objects.filter(body=regional, number=number).first()
    if found is not None:
        return found
    return resolution_record_in_transaction(
        actor=chair,
        body=regional,
        meeting_date=fiscal_year_range(CLUSTER_RULE_FROM)[0] - dt.timedelta(days=16),
        number=number,
        text=(
            f"ที่ประชุมมีมติ ตั้งแต่ปีงบประมาณ {CLUSTER_RULE_FROM} เป็นต้นไป ให้คณะทำงานกลุ่มจังหวัดเป็นผู้พิจารณาอนุมัติโครงการ"
            "ในกลุ่มจังหวัดของตน โดยคณะทำงานจังหวัดเป็นผู้กลั่นกรอง จังหวัดที่อยู่นอกกลุ่มจังหวัด (กรุงเทพมหานคร) "
            "ให้คณะอนุกรรมการภาคเป็นผู้อนุมัติ และโครงการบ้านมั่นคงให้คณะอนุกรรมการบ้านมั่นคงเป็นผู้อนุมัติ"
        ),
    )


_APPROVER_ROLE: dict[str, str] = {
    BodyKind.CODI_REGIONAL_SUBCOMMITTEE: Role.REGIONAL_SUBCOMMITTEE_MEMBER,
    BodyKind.BAAN_MANKONG_SUBCOMMITTEE: Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER,
    BodyKind.CLUSTER_WORKING_GROUP: Role.CLUSTER_WORKING_GROUP_MEMBER,
}


def _approver_kind(seed_year: bool, housing: bool) -> str:
    """FY2565: the regional subcommittee (which delegates: meetings' demo); later: the adopted rule."""
    if seed_year:
        return BodyKind.CODI_REGIONAL_SUBCOMMITTEE
    return BodyKind.BAAN_MANKONG_SUBCOMMITTEE if housing else BodyKind.CLUSTER_WORKING_GROUP


def _programmes(ctx: Any, year: int, *, admin: User, rule_resolution: Resolution) -> dict[str, Programme]:
    region = ctx.region
    programmes: dict[str, Programme] = {}
    existing = {p.code: p for p in Programme.objects.filter(fiscal_year=year)}
    seed_year = year == FISCAL_YEAR
    for code, kind, name_th, name_en, base, eligible in [*KEY_PROGRAMMES, HOUSING]:
        programme = existing.get(code)
        if programme is None:
            note = SOURCE if seed_year else f"ยอดปี {year} เป็นตัวเลขสมมติ (ไม่มีในแหล่งข้อมูล) / illustrative figures"
            programme = services.programme_create_in_transaction(
                actor=admin,
                code=code,
                fiscal_year=year,
                name_th=name_th,
                name_en=name_en,
                kind=kind,
                national_budget=_amount(base, year),
                eligible_body_kinds=[str(k) for k in eligible],
                description=f"งบประมาณของ{region.name_th} (ยอดระดับประเทศไม่มีในแหล่งข้อมูล) — {note}",
            )
            housing = kind == "housing"
            # From FY2566 on the rule is the one the regional subcommittee adopted by resolution.
            services.approval_rule_set_in_transaction(
                actor=admin,
                programme=programme,
                min_amount=Decimal(0),
                max_amount=None,
                approver_body_kind=_approver_kind(seed_year, housing),
                approver_role=_APPROVER_ROLE[_approver_kind(seed_year, housing)],
                screening_role=Role.PROVINCIAL_WORKING_GROUP_MEMBER,
                valid_from=None if seed_year else fiscal_year_range(CLUSTER_RULE_FROM)[0],
                resolution=None if seed_year else rule_resolution,
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
    return programmes


def _allocate(
    ctx: Any, programmes: dict[str, Programme], year: int, *, staff: User, chair: User, regional: Body
) -> None:
    region = ctx.region
    # FY2565: the seed's meeting of 20 October 2021; later years: a meeting in mid-September
    # before the year starts (always in the past, even on the first day of the current year).
    day = dt.date(2021, 10, 20) if year == FISCAL_YEAR else fiscal_year_range(year)[0] - dt.timedelta(days=18)
    resolution = resolution_record_in_transaction(
        actor=chair,
        body=regional,
        meeting_date=day,
        number="1/2565" if year == FISCAL_YEAR else f"4/{year - 1}",  # numbered per body and year
        text=(
            f"ที่ประชุมเห็นชอบกรอบการจัดสรรงบประมาณปี {year} รายจังหวัด ตามหลักเกณฑ์การกระจายงบประมาณอย่างทั่วถึง"
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
        if code in ("ECONOMY", "BMK") and year in (
            FISCAL_YEAR,
            ctx.fiscal_year,
        ):  # a second scenario to compare side by side
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
