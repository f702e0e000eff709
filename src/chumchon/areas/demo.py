"""Demo villages (หมู่บ้าน/ชุมชน) and local governments (อปท.) for the demo region's provinces.

Neither is in the national registry (geothai), so they are generated: deterministic from
``ctx.rng``, bulk-inserted, and skipped when already present (a second run adds nothing).
Village codes follow DOPA (tambon code + หมู่ที่); local-government codes here are the demo's own
scheme (kind digit + tambon code), not the DLA's real ones.
"""

from __future__ import annotations

from typing import Any

from chumchon.areas import summaries
from chumchon.areas.models import BANGKOK_CODE, Area, AreaLevel, CodiRegion, LocalGovernment, LocalGovernmentKind
from chumchon.areas.names import normalize_name
from chumchon.areas.services import areas_load
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core.demo import DemoError
from chumchon.core.jobs import command_progress

# Thai village names are mostly a landscape word and a plant/animal/colour word: บ้านหนองบัว.
_FIRST = [
    ("หนอง", "Nong"), ("โคก", "Khok"), ("ดอน", "Don"), ("ท่า", "Tha"), ("คลอง", "Khlong"), ("บาง", "Bang"),
    ("หัว", "Hua"), ("นา", "Na"), ("วัง", "Wang"), ("ห้วย", "Huai"), ("โนน", "Non"), ("สระ", "Sa"),
    ("เนิน", "Noen"), ("ทุ่ง", "Thung"), ("หนองน้ำ", "Nong Nam"), ("เขา", "Khao"),
]  # fmt: skip
_SECOND = [
    ("บัว", "Bua"), ("ใหญ่", "Yai"), ("ใหม่", "Mai"), ("แดง", "Daeng"), ("ทอง", "Thong"), ("ยาง", "Yang"),
    ("ไผ่", "Phai"), ("ตะเคียน", "Takhian"), ("มะม่วง", "Mamuang"), ("สะแก", "Sakae"), ("กระทุ่ม", "Krathum"),
    ("โพธิ์", "Pho"), ("ไทร", "Sai"), ("ขาม", "Kham"), ("เตย", "Toei"), ("จิก", "Chik"), ("ตาล", "Tan"),
    ("ปลาดุก", "Pla Duk"), ("เสือ", "Suea"), ("กุ่ม", "Kum"),
]  # fmt: skip
# Bangkok communities (ชุมชน) are named after temples, canals, markets and roads.
_COMMUNITY = [
    ("วัด", "Wat"), ("ริมคลอง", "Rim Khlong"), ("หลังตลาด", "Lang Talat"), ("ซอย", "Soi"), ("พัฒนา", "Phatthana"),
    ("ร่วมใจ", "Ruam Chai"), ("สามัคคี", "Samakkhi"), ("เคหะ", "Kheha"),
]  # fmt: skip
_COMMUNITY_SECOND = [
    ("ทองนพคุณ", "Thong Noppakhun"), ("สุวรรณ", "Suwan"), ("บางบัว", "Bang Bua"), ("ประชาร่วมใจ", "Pracha Ruam Chai"),
    ("แสนสุข", "Saen Suk"), ("มั่นคง", "Mankhong"), ("เจริญ", "Charoen"), ("ศรีสุข", "Si Suk"),
]  # fmt: skip
_KIND_DIGIT: dict[str, str] = {
    LocalGovernmentKind.SAO: "6",
    LocalGovernmentKind.SUBDISTRICT_MUNICIPALITY: "5",
    LocalGovernmentKind.TOWN_MUNICIPALITY: "4",
    LocalGovernmentKind.PAO: "2",
    LocalGovernmentKind.SPECIAL: "1",
}
MUNICIPALITY_SHARE = 0.2  # tambons governed by a เทศบาลตำบล rather than an อบต.


def _names(rng: Any, count: int, bangkok: bool) -> list[tuple[str, str]]:
    first, second = (_COMMUNITY, _COMMUNITY_SECOND) if bangkok else (_FIRST, _SECOND)
    prefix_th, prefix_en = ("ชุมชน", "Chumchon ") if bangkok else ("บ้าน", "Ban ")
    seen: set[str] = set()
    result: list[tuple[str, str]] = []
    while len(result) < count:
        (a_th, a_en), (b_th, b_en) = rng.choice(first), rng.choice(second)
        th = f"{prefix_th}{a_th}{b_th}"
        if th in seen:
            th, a_en = f"{th}พัฒนา", f"{a_en}"
            b_en = f"{b_en} Phatthana"
            if th in seen:
                continue
        seen.add(th)
        result.append((th, f"{prefix_en}{a_en} {b_en}"))
    return result


def generate(ctx: Any) -> None:
    provinces = ctx.provinces
    tambons: list[Area] = ctx.tambons()
    province_codes = [p.code for p in provinces]
    existing_villages = set(
        Area.objects.filter(level=AreaLevel.VILLAGE, parent__in=tambons).values_list("parent_id", flat=True)
    )
    villages: list[Area] = []
    for tambon in tambons:
        if tambon.pk in existing_villages:
            continue
        bangkok = tambon.code.startswith(BANGKOK_CODE)
        count = ctx.rng.randint(3, 8) if bangkok else ctx.rng.randint(5, 15)
        for number, (name_th, name_en) in enumerate(_names(ctx.rng, count, bangkok), start=1):
            villages.append(
                Area(
                    code=f"{tambon.code}{number:02d}",
                    level=AreaLevel.VILLAGE,
                    parent_id=tambon.pk,
                    name_th=name_th,
                    name_en=name_en,
                    search_name=normalize_name(name_th),
                    search_name_en=normalize_name(name_en),
                )
            )
    Area.objects.bulk_create(villages, batch_size=2000)

    lgs, coverage = _local_governments(ctx, provinces, tambons)
    existing_codes = set(
        LocalGovernment.objects.filter(code__in=[lg.code for lg in lgs]).values_list("code", flat=True)
    )
    covered = set(LocalGovernment.tambons.through.objects.filter(area__in=tambons).values_list("area_id", flat=True))
    new = [lg for lg in lgs if lg.code not in existing_codes and not any(t.pk in covered for t in coverage[lg.code])]
    LocalGovernment.objects.bulk_create(new, batch_size=2000)
    ids = dict(LocalGovernment.objects.filter(code__in=[lg.code for lg in new]).values_list("code", "id"))
    through = LocalGovernment.tambons.through
    through.objects.bulk_create(
        [
            through(localgovernment_id=ids[code], area_id=t.pk)
            for code, ts in coverage.items()
            if code in ids
            for t in ts
        ],
        batch_size=2000,
    )
    audit_record(
        actor=None,
        action=AuditAction.IMPORT,
        model_label="areas.area",
        area_code="",
        note=f"demo: {len(villages)} villages/communities and {len(new)} local governments "
        f"in provinces {','.join(province_codes)}",
    )
    ctx.shared["villages_created"] = len(villages)
    ctx.shared["local_governments_created"] = len(new)


def _local_governments(
    ctx: Any, provinces: list[Area], tambons: list[Area]
) -> tuple[list[LocalGovernment], dict[str, list[Area]]]:
    """One local government per tambon (Bangkok: the BMA for all of them), an อบจ. per province."""
    by_code = {p.code: p for p in provinces}
    lgs: list[LocalGovernment] = []
    coverage: dict[str, list[Area]] = {}

    def add(kind: str, key: str, name_th: str, name_en: str, province: Area, covered: list[Area]) -> None:
        code = f"{_KIND_DIGIT[kind]}{key}"
        lgs.append(LocalGovernment(code=code, kind=kind, name_th=name_th, name_en=name_en, province=province))
        coverage[code] = covered

    bangkok_tambons = [t for t in tambons if t.code.startswith(BANGKOK_CODE)]
    if BANGKOK_CODE in by_code:
        add(LocalGovernmentKind.SPECIAL, "100000", "กรุงเทพมหานคร", "Bangkok Metropolitan Administration",
            by_code[BANGKOK_CODE], bangkok_tambons)  # fmt: skip
    for province in provinces:
        if province.code != BANGKOK_CODE:
            add(LocalGovernmentKind.PAO, f"{province.code}0000", f"องค์การบริหารส่วนจังหวัด{province.name_th}",
                f"{province.name_en} Provincial Administrative Organisation", province, [])  # fmt: skip
    seats_done: set[str] = set()
    for tambon in tambons:
        if tambon.code.startswith(BANGKOK_CODE):
            continue
        province = by_code[tambon.code[:2]]
        if tambon.code[2:4] == "01" and province.code not in seats_done:
            # The provincial seat (อำเภอเมือง) has a town municipality named after the province.
            seats_done.add(province.code)
            add(LocalGovernmentKind.TOWN_MUNICIPALITY, tambon.code, f"เทศบาลเมือง{province.name_th}",
                f"{province.name_en} Town Municipality", province, [tambon])  # fmt: skip
        elif ctx.rng.random() < MUNICIPALITY_SHARE:
            add(LocalGovernmentKind.SUBDISTRICT_MUNICIPALITY, tambon.code, f"เทศบาลตำบล{tambon.name_th}",
                f"{tambon.name_en} Subdistrict Municipality", province, [tambon])  # fmt: skip
        else:
            add(LocalGovernmentKind.SAO, tambon.code, f"องค์การบริหารส่วนตำบล{tambon.name_th}",
                f"{tambon.name_en} Subdistrict Administrative Organization", province, [tambon])  # fmt: skip
    return lgs, coverage


def demo_region(code: str) -> CodiRegion:
    """The CODI region the demo fills (registered with core.demo); an unknown code is refused."""
    region = CodiRegion.objects.filter(code=code).first()
    if region is None:
        codes = ", ".join(CodiRegion.objects.values_list("code", flat=True))
        raise DemoError(f"ไม่รู้จักภาค {code!r} (มี {codes}) / unknown CODI region {code!r} (there are {codes})")
    return region


def national_tree_load(show_progress: bool) -> str:
    """The first stage of ``chumchon demo``: load (or refresh) the national area tree; returns its report line."""
    with command_progress("areas / พื้นที่", quiet=not show_progress) as progress:
        report = areas_load(progress=progress)
    # Count what the progress bar counted (provinces, districts, subdistricts); the CODI regions and
    # provincial clusters the report also holds are groupings, printed apart.
    levels = (AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT)
    total = Area.objects.filter(level__in=levels).count()
    created = sum(report.created.get(level, 0) for level in levels)
    updated = sum(report.updated.get(level, 0) for level in levels)
    groups = sum(report.created.get(key, 0) + report.updated.get(key, 0) for key in ("regions", "clusters"))
    return (
        f"   พื้นที่ {total:,} แห่ง (เพิ่ม {created:,} แก้ไข {updated:,}) ภาคและกลุ่มจังหวัดเพิ่ม/แก้ไข {groups} / "
        f"areas: {total:,} ({created:,} created, {updated:,} updated); CODI regions and clusters: {groups} created or updated"
    )


def rebuild_summaries(ctx: Any) -> None:
    """The demo's data went in by bulk inserts: compute every area's kept summary once (``areas.summaries``)."""
    summaries.rebuild()
