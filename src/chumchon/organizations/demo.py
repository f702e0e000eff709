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
from typing import Any

from chumchon.areas.models import BANGKOK_CODE, Area, AreaLevel, ProvincialCluster
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core.dopa import prefix_q
from chumchon.organizations.models import Body, BodyKind

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
