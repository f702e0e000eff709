"""Demo bodies for the demo region (ctx.region): councils, funds, CON centres, committees, offices.

Deterministic from ``ctx.rng``, bulk-inserted, and skipped when already present. Key bodies go
into ``ctx.shared`` for the later steps (users, projects):

- ``tambon_councils``: {tambon code: Body}
- ``welfare_funds``: {tambon code: Body}
- ``con_centres``: {district code: Body}
- ``provincial_working_groups``: {province code: Body}
- ``cluster_working_groups``: {cluster code: Body}
- ``cdd_offices``: {province code: Body}
- ``regional_subcommittee``, ``baan_mankong_subcommittee``, ``codi_office``: Body
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from chumchon.areas.models import BANGKOK_CODE, Area, AreaLevel, ProvincialCluster
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core.dopa import prefix_q
from chumchon.core.national_id import check_digit
from chumchon.core.thai import be_year
from chumchon.organizations import welfare as rules
from chumchon.organizations.models import Body, BodyKind, BodyLeader, WelfareBenefit, WelfareFundYear

WELFARE_FUND_SHARE = 0.75
# (Thai name, English name, province code) — real kinds of partner, names of the usual form.
PARTNERS = [
    ("สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดฉะเชิงเทรา", "Chachoengsao Social Development Office", "24"),
    ("สำนักงานสาธารณสุขจังหวัดชลบุรี", "Chon Buri Provincial Public Health Office", "20"),
    ("มหาวิทยาลัยราชภัฏราชนครินทร์", "Rajabhat Rajanagarindra University", "24"),
    ("สำนักงานเกษตรจังหวัดจันทบุรี", "Chanthaburi Provincial Agriculture Office", "22"),
    ("กองทุนพัฒนาไฟฟ้าเพื่อพัฒนาชุมชนรอบโรงไฟฟ้า จังหวัดระยอง", "Rayong Power Development Fund", "21"),
    ("การเคหะแห่งชาติ สำนักงานเขตกรุงเทพฯ", "National Housing Authority, Bangkok office", "10"),
]
PRIVATE_PARTNERS = [
    ("มูลนิธิชุมชนไท", "Thai Community Foundation", "10"),
    ("บริษัทประชารัฐรักสามัคคีฉะเชิงเทรา (วิสาหกิจเพื่อสังคม) จำกัด", "Pracharat Rak Samakkhi Chachoengsao", "24"),
]


def _date(rng: Any, start_year: int, end_year: int) -> dt.date:
    start = dt.date(start_year, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, dt.date(end_year, 12, 31).toordinal()))


def _term_end(rng: Any) -> dt.date:
    """Committee terms end within the next two years (some are about to need an extension)."""
    return dt.date.today() + dt.timedelta(days=rng.randint(20, 730))


def generate(ctx: Any) -> None:
    rng = ctx.rng
    region = ctx.region
    provinces: list[Area] = ctx.provinces
    province_codes = [p.code for p in provinces]
    tambons: list[Area] = ctx.tambons()
    districts = list(Area.objects.filter(level=AreaLevel.DISTRICT, parent__in=provinces).order_by("code"))
    existing = set(Body.objects.values_list("kind", "name_th"))
    planned: list[tuple[str, str, Body]] = []  # (shared key, sub key, body)

    def plan(key: str, sub: str, **fields: Any) -> None:
        body = Body(**fields)
        if (body.kind, body.name_th) not in existing:
            planned.append((key, sub, body))

    for t in tambons:
        bangkok = t.code.startswith(BANGKOK_CODE)
        level_th = "แขวง" if bangkok else "ตำบล"
        plan(
            "tambon_councils",
            t.code,
            kind=BodyKind.TAMBON_COMMUNITY_COUNCIL,
            name_th=f"สภาองค์กรชุมชน{level_th}{t.name_th}",
            name_en=f"{t.name_en} Community Organisation Council",
            scope_kind="area",
            area=t,
            registration_number=f"สอช.{t.code}",
            founded_on=_date(rng, 2009, 2018),
            member_count=rng.randint(12, 60),
        )
        already = (BodyKind.TAMBON_COMMUNITY_COUNCIL, f"สภาองค์กรชุมชน{level_th}{t.name_th}") in existing
        if rng.random() < WELFARE_FUND_SHARE and not already:  # a rerun must not add funds
            plan(
                "welfare_funds",
                t.code,
                kind=BodyKind.WELFARE_FUND,
                name_th=f"กองทุนสวัสดิการชุมชน{level_th}{t.name_th}",
                name_en=f"{t.name_en} Community Welfare Fund",
                scope_kind="area",
                area=t,
                founded_on=_date(rng, 2005, 2016),
                member_count=rng.randint(150, 2500),
            )
    for d in districts:
        name = d.name_th if d.code.startswith(BANGKOK_CODE) else f"อำเภอ{d.name_th}"
        plan(
            "con_centres",
            d.code,
            kind=BodyKind.CON_CENTRE,
            name_th=f"ศูนย์ประสานงานองค์การชุมชน{name}",
            name_en=f"{d.name_en} Community Organisation Network Centre",
            scope_kind="area",
            area=d,
            member_count=rng.randint(9, 25),
        )
    for p in provinces:
        plan(
            "provincial_working_groups",
            p.code,
            kind=BodyKind.PROVINCIAL_WORKING_GROUP,
            name_th=f"คณะทำงานขบวนองค์กรชุมชนจังหวัด{p.name_th}"
            if p.code != BANGKOK_CODE
            else "คณะทำงานขบวนองค์กรชุมชนกรุงเทพมหานคร",
            name_en=f"{p.name_en} Provincial Working Group",
            scope_kind="area",
            area=p,
            term_ends_on=_term_end(rng),
            member_count=rng.randint(11, 21),
        )
        if p.code != BANGKOK_CODE:  # the CDD has no provincial office in Bangkok (the BMA does that work)
            plan(
                "cdd_offices",
                p.code,
                kind=BodyKind.CDD_OFFICE,
                name_th=f"สำนักงานพัฒนาชุมชนจังหวัด{p.name_th}",
                name_en=f"{p.name_en} Provincial Community Development Office",
                scope_kind="area",
                area=p,
            )
    # Every cluster with a province in the region: projects from those provinces go to it.
    for cluster in ProvincialCluster.objects.filter(provinces__codi_region=region).distinct().order_by("code"):
        plan(
            "cluster_working_groups",
            cluster.code,
            kind=BodyKind.CLUSTER_WORKING_GROUP,
            name_th=f"คณะทำงาน{cluster.name_th}",
            name_en=f"{cluster.name_en} Provincial-Cluster Working Group",
            scope_kind="cluster",
            cluster=cluster,
            term_ends_on=_term_end(rng),
            member_count=rng.randint(11, 21),
        )
    plan(
        "regional_subcommittee",
        "",
        kind=BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
        name_th=f"คณะอนุกรรมการ{region.name_th}",
        name_en=f"CODI {region.name_en} Regional Subcommittee",
        scope_kind="region",
        region=region,
        term_ends_on=_term_end(rng),
        member_count=rng.randint(15, 25),
    )
    plan(
        "baan_mankong_subcommittee",
        "",
        kind=BodyKind.BAAN_MANKONG_SUBCOMMITTEE,
        name_th=f"คณะอนุกรรมการบ้านมั่นคง{region.name_th}",
        name_en=f"Baan Mankong Subcommittee, {region.name_en}",
        scope_kind="region",
        region=region,
        term_ends_on=_term_end(rng),
        member_count=rng.randint(9, 15),
    )
    plan(
        "codi_office",
        "",
        kind=BodyKind.CODI_OFFICE,
        name_th=f"สถาบันพัฒนาองค์กรชุมชน สำนักงาน{region.name_th}",
        name_en=f"CODI {region.name_en} Regional Office",
        scope_kind="region",
        region=region,
    )
    by_code = {p.code: p for p in provinces}
    for kind, rows in ((BodyKind.PARTNER_AGENCY, PARTNERS), (BodyKind.PRIVATE_PARTNER, PRIVATE_PARTNERS)):
        for name_th, name_en, code in rows:
            if code in by_code:
                plan(
                    "partners",
                    name_th,
                    kind=kind,
                    name_th=name_th,
                    name_en=name_en,
                    scope_kind="area",
                    area=by_code[code],
                )

    Body.objects.bulk_create([b for _, _, b in planned], batch_size=2000)
    _share(ctx, region, planned)
    audit_record(
        actor=None,
        action=AuditAction.IMPORT,
        model_label="organizations.body",
        area_code="",
        note=f"demo: {len(planned)} bodies in region {region.code} (provinces {','.join(province_codes)})",
    )


def _share(ctx: Any, region: Any, planned: list[tuple[str, str, Body]]) -> None:
    """Hand the bodies (new or from an earlier run) to later steps through ctx.shared."""
    keyed = {
        "tambon_councils": (BodyKind.TAMBON_COMMUNITY_COUNCIL, "area__code"),
        "welfare_funds": (BodyKind.WELFARE_FUND, "area__code"),
        "con_centres": (BodyKind.CON_CENTRE, "area__code"),
        "provincial_working_groups": (BodyKind.PROVINCIAL_WORKING_GROUP, "area__code"),
        "cdd_offices": (BodyKind.CDD_OFFICE, "area__code"),
        "cluster_working_groups": (BodyKind.CLUSTER_WORKING_GROUP, "cluster__code"),
    }
    province_codes = tuple(p.code for p in ctx.provinces)
    for key, (kind, field) in keyed.items():
        qs = Body.objects.filter(kind=kind).select_related("area", "cluster")
        if field == "area__code":
            qs = qs.filter(prefix_q(province_codes, "area__code"))
        else:
            qs = qs.filter(cluster__provinces__codi_region=region).distinct()
        ctx.shared[key] = {_key(b, field): b for b in qs.order_by("pk")}
    for key, kind in (
        ("regional_subcommittee", BodyKind.CODI_REGIONAL_SUBCOMMITTEE),
        ("baan_mankong_subcommittee", BodyKind.BAAN_MANKONG_SUBCOMMITTEE),
        ("codi_office", BodyKind.CODI_OFFICE),
    ):
        ctx.shared[key] = Body.objects.filter(kind=kind, scope_kind="region", region=region).order_by("pk").first()
    ctx.shared["partners"] = [b for k, _, b in planned if k == "partners"]
    ctx.shared["bodies_created"] = len(planned)


def _key(body: Body, field: str) -> str:
    target = body.area if field == "area__code" else body.cluster
    return target.code if target is not None else ""


# --- Welfare-fund figures and leaders (after the users exist: accounts' step, order 30).

BENEFIT_SHARES = {  # how a fund's benefit money usually splits (the demo's assumption)
    "birth": 0.06,
    "illness": 0.30,
    "elderly": 0.22,
    "death": 0.30,
    "education": 0.07,
    "disaster": 0.03,
    "other": 0.02,
}
LEADER_NAMES = [
    ("นางสมพร ใจงาม", "chair"),
    ("นายประยูร ศรีทอง", "vice_chair"),
    ("นางวันดี สุขสม", "secretary"),
    ("นายบุญชู มั่นคง", "treasurer"),
]


def _fake_national_id(rng: Any) -> str:
    first12 = "3" + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return first12 + str(check_digit(first12))


def welfare(ctx: Any) -> None:
    """Three years of figures for every demo welfare fund (bulk-inserted, within the rules: administration
    at most 20 %, no year in deficit), and leaders for the region's councils and funds."""
    rng = ctx.rng
    funds: dict[str, Body] = ctx.shared.get("welfare_funds") or {}
    if not funds or WelfareFundYear.objects.filter(fund__in=list(funds.values())).exists():
        return
    last = be_year(ctx.today.year) - 1
    years = [last - 2, last - 1, last]
    fund_years: list[WelfareFundYear] = []
    benefits: list[
        tuple[int, str, Decimal, int, dt.date]
    ] = []  # (index of fund year, kind, amount, recipients, paid on)
    for code in sorted(funds):
        fund = funds[code]
        members = max(fund.member_count, 50)
        vigour = rng.choice((0.55, 0.75, 0.9, 1.0, 1.0))  # how fully members pay the 1-baht-a-day norm
        balance = Decimal(rng.randint(50, 900) * 1000)
        opening = balance
        kinds_paid = rng.choice((3, 5, 6, 7))
        local_matches = rng.random() < 0.8
        for year in years:
            members = int(members * rng.uniform(1.0, 1.08))
            under = int(members * rng.uniform(0.1, 0.2))
            old = int(members * rng.uniform(0.2, 0.35))
            contributions = (rules.expected_contributions(members, year) * Decimal(str(vigour))).quantize(Decimal(1))
            local = (contributions * Decimal("0.5")).quantize(Decimal(1)) if local_matches else Decimal(0)
            national = (contributions * Decimal(str(rng.choice((0, 0.5, 1.0))))).quantize(Decimal(1))
            income = contributions + local + national
            admin = (income * Decimal(str(rng.uniform(0.03, 0.15)))).quantize(Decimal(1))
            spend = (income * Decimal(str(rng.uniform(0.35, 0.8)))).quantize(Decimal(1))
            fy = WelfareFundYear(
                fund=fund, year=year, members_under_18=under, members_18_59=members - under - old,
                members_60_plus=old, opening_balance=opening if year == years[0] else Decimal(0),
                contributions=contributions, matching_local=local, matching_national=national, admin_expense=admin,
            )  # fmt: skip
            fund_years.append(fy)
            kinds = list(BENEFIT_SHARES)[:kinds_paid]
            total_share = sum(BENEFIT_SHARES[k] for k in kinds)
            for k in kinds:
                amount = (spend * Decimal(str(BENEFIT_SHARES[k] / total_share))).quantize(Decimal(1))
                if amount > 0:
                    paid_on = dt.date(year - 543, rng.randint(1, 12), rng.randint(1, 28))
                    benefits.append((len(fund_years) - 1, k, amount, max(1, int(amount // 1500)), paid_on))
            balance = balance + income - admin - spend  # spend < income: never in deficit
    WelfareFundYear.objects.bulk_create(fund_years, batch_size=2000)
    WelfareBenefit.objects.bulk_create(
        [
            WelfareBenefit(fund_year=fund_years[i], kind=k, amount=a, recipients=n, paid_on=d)
            for i, k, a, n, d in benefits
        ],
        batch_size=5000,
    )
    leaders: list[BodyLeader] = []
    councils: dict[str, Body] = ctx.shared.get("tambon_councils") or {}
    for body in [*_featured(councils), *_featured(funds)]:
        for name, position in LEADER_NAMES[: rng.randint(2, 4)]:
            leaders.append(
                BodyLeader(
                    body=body,
                    position=position,
                    name=name,
                    national_id=_fake_national_id(rng),
                    phone=f"08{rng.randint(10000000, 99999999)}",
                    since=_date(rng, 2018, 2022),
                )
            )
    BodyLeader.objects.bulk_create(leaders, batch_size=2000)
    _council_members(ctx)
    audit_record(
        actor=None,
        action=AuditAction.IMPORT,
        model_label="organizations.welfarefundyear",
        area_code="",
        note=f"demo: {len(fund_years)} welfare-fund years, {len(benefits)} benefit rows, {len(leaders)} leaders",
    )


FEATURED_DISTRICT = "2401"  # the demo users' district (accounts.demo PREFERRED), when the region has it


def _featured(bodies: dict[str, Body]) -> list[Body]:
    """The bodies the demo fills in more fully: those of the demo users' district, then the first others."""
    codes = sorted(bodies)
    first = [c for c in codes if c.startswith(FEATURED_DISTRICT)]
    return [bodies[c] for c in (first + [c for c in codes if c not in first])[:30]]


def _council_members(ctx: Any) -> None:
    """Community organisations that are members of their tambon council (the council act's membership)."""
    councils: dict[str, Body] = ctx.shared.get("tambon_councils") or {}
    rng = ctx.rng
    existing = set(Body.objects.filter(kind=BodyKind.COMMUNITY_ORGANISATION).values_list("name_th", flat=True))
    groups = ("กลุ่มออมทรัพย์เพื่อการผลิต", "กลุ่มอาชีพสตรี", "กลุ่มผู้สูงอายุ", "กลุ่มเกษตรอินทรีย์")
    made: list[Body] = []
    for council in _featured(councils):
        for g in rng.sample(groups, 2):
            name = f"{g}ตำบล{council.area.name_th}" if council.area else g
            if name in existing:
                continue
            made.append(
                Body(
                    kind=BodyKind.COMMUNITY_ORGANISATION,
                    name_th=name,
                    scope_kind="area",
                    area=council.area,
                    member_of=council,
                    member_count=rng.randint(15, 120),
                    founded_on=_date(rng, 2000, 2020),
                )
            )
    Body.objects.bulk_create(made, batch_size=2000)
