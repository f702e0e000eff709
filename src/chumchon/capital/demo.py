"""Demo community capital for the demo district's tambons (the district of ต.คลองนา, 2401).

Each tambon gets a profile drawn deterministically from ``ctx.rng``: some groups, resources,
products, local knowledge and assets, at the tambon and at some of its villages, each with a source
(a community forum, an agency, a local survey) and a date. The draw leaves some dimensions without
matching capital on purpose, so the analysis pages show gaps as well as strengths. Entries are made
through the nestable service (audited) by the tambon council secretary where the demo has one, else
by the district's CDD officer, else by the national administrator.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from chumchon.accounts.models import Role, User
from chumchon.accounts.permissions import Action, can
from chumchon.areas.models import Area
from chumchon.capital.models import CapitalEntry, CapitalKind, SourceKind
from chumchon.capital.services import capital_entry_create_in_transaction

TAMBONS = 8
K = CapitalKind

# (kind, Thai name — {t} is the place name, quantity range or None, unit, source kind, source name)
CATALOGUE: list[tuple[str, str, tuple[int, int] | None, str, str, str]] = [
    (K.GROUP_OCCUPATIONAL, "กลุ่มอาชีพทำขนมไทย{t}", (12, 35), "ราย", SourceKind.FORUM, "ประชาคมตำบล ครั้งที่ 1/2567"),
    (K.GROUP_OCCUPATIONAL, "กลุ่มเลี้ยงปลานิลกระชัง{t}", (8, 25), "ราย", SourceKind.AGENCY, "สำนักงานประมงอำเภอ"),
    (K.GROUP_SAVINGS, "กลุ่มออมทรัพย์เพื่อการผลิต{t}", (60, 240), "ราย", SourceKind.AGENCY, "สำนักงานพัฒนาชุมชนอำเภอ"),
    (
        K.GROUP_HEALTH_VOLUNTEERS,
        "อาสาสมัครสาธารณสุขประจำหมู่บ้าน{t}",
        (10, 40),
        "คน",
        SourceKind.AGENCY,
        "โรงพยาบาลส่งเสริมสุขภาพตำบล",
    ),
    (K.GROUP_ELDERLY_CLUB, "ชมรมผู้สูงอายุ{t}", (30, 120), "ราย", SourceKind.FORUM, "ประชาคมตำบล ครั้งที่ 1/2567"),
    (K.GROUP_YOUTH, "กลุ่มเยาวชนรักษ์ถิ่น{t}", (10, 30), "คน", SourceKind.FORUM, "เวทีเยาวชนตำบล 2567"),
    (
        K.NATURAL_WATER,
        "คลองและแหล่งน้ำสาธารณะ{t}",
        (2, 9),
        "แห่ง",
        SourceKind.LOCAL_SURVEY,
        "สำรวจข้อมูลตำบลโดยสภาองค์กรชุมชน",
    ),
    (K.NATURAL_FOREST, "ป่าชุมชน{t}", (40, 600), "ไร่", SourceKind.REGISTRY, "ทะเบียนป่าชุมชน กรมป่าไม้"),
    (K.NATURAL_LAND, "ที่ดินสาธารณประโยชน์{t}", (5, 120), "ไร่", SourceKind.AGENCY, "องค์การบริหารส่วนตำบล"),
    (K.ECONOMIC_ACTIVITY, "ทำนาข้าวและปลูกผัก{t}", None, "", SourceKind.FORUM, "ประชาคมตำบล ครั้งที่ 1/2567"),
    (K.ECONOMIC_PRODUCT, "ปลาสลิดแดดเดียว{t}", (1, 1), "ผลิตภัณฑ์", SourceKind.REGISTRY, "ทะเบียนผลิตภัณฑ์ OTOP"),
    (K.ECONOMIC_PRODUCT, "ผ้าทอมือ{t}", (1, 1), "ผลิตภัณฑ์", SourceKind.REGISTRY, "ทะเบียนผลิตภัณฑ์ OTOP"),
    (K.ECONOMIC_ENTERPRISE, "วิสาหกิจชุมชนแปรรูปผลผลิต{t}", (15, 40), "ราย", SourceKind.REGISTRY, "ทะเบียนวิสาหกิจชุมชน"),
    (K.ECONOMIC_MARKET, "ตลาดนัดชุมชน{t}", (1, 2), "แห่ง", SourceKind.FORUM, "ประชาคมหมู่บ้าน 2567"),
    (K.KNOWLEDGE_MEDICINE, "หมอพื้นบ้านและสมุนไพร{t}", (2, 6), "คน", SourceKind.LOCAL_SURVEY, "สำรวจภูมิปัญญาท้องถิ่น 2566"),
    (K.KNOWLEDGE_CRAFT, "การจักสานไม้ไผ่{t}", (3, 12), "คน", SourceKind.LOCAL_SURVEY, "สำรวจภูมิปัญญาท้องถิ่น 2566"),
    (K.KNOWLEDGE_FARMING, "เกษตรผสมผสานตามแนวพระราชดำริ{t}", (4, 20), "ครัวเรือน", SourceKind.AGENCY, "สำนักงานเกษตรอำเภอ"),
    (K.KNOWLEDGE_CULTURE, "ประเพณีและการละเล่นพื้นบ้าน{t}", None, "", SourceKind.FORUM, "ประชาคมตำบล ครั้งที่ 1/2567"),
    (K.ASSET_HEALTH, "โรงพยาบาลส่งเสริมสุขภาพตำบล{t}", (1, 1), "แห่ง", SourceKind.AGENCY, "สำนักงานสาธารณสุขอำเภอ"),
    (K.ASSET_LEARNING, "ศูนย์พัฒนาเด็กเล็ก{t}", (1, 2), "แห่ง", SourceKind.AGENCY, "องค์การบริหารส่วนตำบล"),
    (K.ASSET_WATER_SUPPLY, "ประปาหมู่บ้าน{t}", (1, 4), "แห่ง", SourceKind.AGENCY, "องค์การบริหารส่วนตำบล"),
    (
        K.ASSET_COMMUNITY_HALL,
        "ศาลาอเนกประสงค์{t}",
        (1, 5),
        "แห่ง",
        SourceKind.LOCAL_SURVEY,
        "สำรวจข้อมูลตำบลโดยสภาองค์กรชุมชน",
    ),
]


def _actor(users: dict[str, User], area: Area) -> User | None:
    for role in (Role.TAMBON_COUNCIL_SECRETARY, Role.CDD_DISTRICT_OFFICER, Role.NATIONAL_ADMIN):
        user = users.get(role)
        if user is not None and can(user, Action.CAPITAL_EDIT, area.code):
            return user
    return None


def generate(ctx: Any) -> None:
    users: dict[str, User] = ctx.shared.get("users", {})
    secretary = users.get(Role.TAMBON_COUNCIL_SECRETARY)
    home = (
        secretary.roles.filter(area__isnull=False).values_list("area__code", flat=True).first() if secretary else None
    )
    district = (home or "")[:4]
    tambons: list[Area] = [t for t in ctx.tambons() if district and t.code.startswith(district)][:TAMBONS]
    if not tambons:
        tambons = ctx.tambons()[:TAMBONS]
    rng = ctx.rng
    made = 0
    for tambon in tambons:
        if CapitalEntry.objects.filter(area__code__startswith=tambon.code).exists():
            continue
        villages = list(Area.objects.filter(parent=tambon).order_by("code"))
        # Most tambons record most kinds; each leaves out some, so gaps show on the analysis page.
        chosen = [item for item in CATALOGUE if rng.random() < (0.75 if tambon.code == home else 0.45)]
        for kind, name, quantity, unit, source_kind, source_name in chosen:
            area = tambon
            if villages and kind.startswith(("group.", "economic.", "asset.")) and rng.random() < 0.5:
                area = rng.choice(villages)
            actor = _actor(users, area)
            if actor is None:
                continue
            capital_entry_create_in_transaction(
                actor=actor,
                area=area,
                kind=kind,
                name=name.format(t=f" ตำบล{tambon.name_th}" if area == tambon else f" {area.name_th}"),
                source_kind=source_kind,
                source_name=source_name,
                as_of=ctx.today - dt.timedelta(days=rng.randint(30, 700)),
                quantity=Decimal(rng.randint(*quantity)) if quantity else None,
                unit=unit,
            )
            made += 1
    ctx.shared["capital_tambons"] = [t.code for t in tambons]
    ctx.shared["capital_entries"] = made
