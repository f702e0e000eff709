"""Demo users: one for every role, with Thai names and scopes inside the demo region.

The defaults follow the demo story (region R5, cluster C08, province 24 ฉะเชิงเทรา, district 2401,
tambon 240104 ต.คลองนา); with another region the first province/district/tambon of it is used.
Users are linked to the bodies made by ``organizations.demo`` when those exist. Every user goes
into ``ctx.shared["users"]`` (role → User) for later steps.
"""

from __future__ import annotations

from typing import Any

from chumchon.accounts import roles
from chumchon.accounts.models import Role, RoleAssignment, User
from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.core.demo import DEMO_PASSWORD, DemoContext, DemoUser
from chumchon.core.thai import format_table

PREFERRED = {"cluster": "C08", "province": "24", "district": "2401", "tambon": "240104"}


def _pick_area(ctx: Any, code: str, level: str, under: str) -> Area:
    area = Area.objects.filter(code=code, level=level, code__startswith=under).first()
    if area is None:
        area = Area.objects.filter(level=level, code__startswith=under).order_by("code").first()
    assert area is not None, f"no {level} under {under!r}"
    return area


def _places(ctx: Any) -> dict[str, Any]:
    province_codes = [p.code for p in ctx.provinces]
    province_code = PREFERRED["province"] if PREFERRED["province"] in province_codes else province_codes[0]
    province = Area.objects.get(code=province_code)
    district = _pick_area(ctx, PREFERRED["district"], "district", province.code)
    tambon = _pick_area(ctx, PREFERRED["tambon"], "subdistrict", district.code)
    cluster = ProvincialCluster.objects.filter(code=PREFERRED["cluster"], provinces__codi_region=ctx.region).first()
    cluster = cluster or province.cluster or ProvincialCluster.objects.filter(provinces__codi_region=ctx.region).first()
    return {"province": province, "district": district, "tambon": tambon, "cluster": cluster}


def _body(ctx: Any, key: str, code: str | None = None) -> Any:
    found = ctx.shared.get(key)
    if isinstance(found, dict):
        return found.get(code) if code is not None else None
    return found


def generate(ctx: Any) -> None:
    p = _places(ctx)
    region, province, district, tambon, cluster = ctx.region, p["province"], p["district"], p["tambon"], p["cluster"]
    partners = ctx.shared.get("partners") or []
    partner = next((b for b in partners if b.area_id == province.pk), partners[0] if partners else None)

    # (role, username, first name, last name, description, scope kwargs, body)
    plan: list[tuple[str, str, str, str, str, dict[str, Any], Any]] = [
        (
            Role.CODI_REGIONAL_STAFF,
            f"codi_{region.code.lower()}",
            "วรรณา",
            "ศรีสุข",
            f"CODI regional staff, {region.name_th} (เจ้าหน้าที่ พอช. ภาค)",
            {"scope_kind": "region", "region": region},
            _body(ctx, "codi_office"),
        ),
        (
            Role.REGIONAL_SUBCOMMITTEE_MEMBER,
            f"subcom_{region.code.lower()}",
            "ประเสริฐ",
            "วงศ์ใหญ่",
            "Regional subcommittee member (อนุกรรมการภาค)",
            {"scope_kind": "region", "region": region},
            _body(ctx, "regional_subcommittee"),
        ),
        (
            Role.CLUSTER_WORKING_GROUP_MEMBER,
            f"cluster_{cluster.code.lower()}",
            "สุนทร",
            "ทองดี",
            f"Cluster working group member, {cluster.name_th} (คณะทำงานกลุ่มจังหวัด)",
            {"scope_kind": "cluster", "cluster": cluster},
            _body(ctx, "cluster_working_groups", cluster.code),
        ),
        (
            Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER,
            f"baanmankong_{region.code.lower()}",
            "อัมพร",
            "มั่นคง",
            "Baan Mankong subcommittee member (อนุกรรมการบ้านมั่นคง)",
            {"scope_kind": "region", "region": region},
            _body(ctx, "baan_mankong_subcommittee"),
        ),
        (
            Role.PROVINCIAL_WORKING_GROUP_MEMBER,
            f"pwg_{province.code}",
            "ชาญชัย",
            "รักถิ่น",
            f"Provincial working group member, {province.name_th} (คณะทำงานจังหวัด)",
            {"scope_kind": "area", "area": province},
            _body(ctx, "provincial_working_groups", province.code),
        ),
        (
            Role.CDD_PROVINCIAL_OFFICER,
            f"cdd_{province.code}",
            "นภาพร",
            "พัฒนากุล",
            f"CDD provincial officer, {province.name_th} (พัฒนาการจังหวัด)",
            {"scope_kind": "area", "area": province},
            _body(ctx, "cdd_offices", province.code),
        ),
        (
            Role.CDD_DISTRICT_OFFICER,
            f"cdd_{district.code}",
            "กิตติศักดิ์",
            "บุญมา",
            f"CDD district officer, {district.name_th} (พัฒนากรอำเภอ)",
            {"scope_kind": "area", "area": district},
            _body(ctx, "cdd_offices", province.code),
        ),
        (
            Role.TAMBON_COUNCIL_SECRETARY,
            "klongna" if tambon.code == PREFERRED["tambon"] else f"council_{tambon.code}",
            "สมศรี",
            "ใจดี",
            f"Tambon council secretary, {tambon.name_th} (เลขานุการสภาองค์กรชุมชนตำบล)",
            {"scope_kind": "area", "area": tambon},
            _body(ctx, "tambon_councils", tambon.code),
        ),
        (
            Role.TAMBON_COUNCIL_MEMBER,
            f"member_{tambon.code}",
            "บุญเรือน",
            "แก้วมณี",
            f"Tambon council member, {tambon.name_th} (สมาชิกสภาองค์กรชุมชนตำบล)",
            {"scope_kind": "area", "area": tambon},
            _body(ctx, "tambon_councils", tambon.code),
        ),
        (
            Role.WELFARE_FUND_COMMITTEE,
            f"welfare_{tambon.code}",
            "มาลัย",
            "สุขสวัสดิ์",
            f"Welfare fund committee member, {tambon.name_th} (กรรมการกองทุนสวัสดิการชุมชน)",
            {"scope_kind": "area", "area": tambon},
            _body(ctx, "welfare_funds", tambon.code),
        ),
        (
            Role.PARTNER_AGENCY_STAFF,
            f"partner_{province.code}",
            "ธีรวัฒน์",
            "เจริญผล",
            f"Partner agency staff, {province.name_th} (เจ้าหน้าที่หน่วยงานภาคี)",
            {"scope_kind": "area", "area": province},
            partner,
        ),
    ]

    users: dict[str, Any] = dict(ctx.shared.get("users") or {})
    users[Role.NATIONAL_ADMIN] = ctx.add_user(
        "admin",
        "National administrator, superuser (ผู้ดูแลระบบระดับประเทศ)",
        Role.NATIONAL_ADMIN,
        first_name="ผู้ดูแล",
        last_name="ระบบ",
        scope_kind="nation",
        is_superuser=True,
    )
    for role, username, first, last, description, scope, body in plan:
        users[role] = ctx.add_user(
            username,
            description,
            role,
            first_name=first,
            last_name=last,
            body=body,
            **scope,
        )
    # Staff roles reach the (scoped) admin; community roles use the ordinary pages.
    staff_roles = {Role.CODI_REGIONAL_STAFF, Role.CDD_PROVINCIAL_OFFICER, Role.CDD_DISTRICT_OFFICER}
    for role in staff_roles:
        user = users[role]
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    ctx.shared["users"] = users


# --- Hooks this app registers with core.demo (AccountsConfig.ready) --------------------------


def demo_user_add(
    ctx: DemoContext,
    username: str,
    description: str,
    role: str | None = None,
    *,
    password: str = DEMO_PASSWORD,
    first_name: str = "",
    last_name: str = "",
    scope_kind: str = "area",
    area: Area | None = None,
    region: CodiRegion | None = None,
    cluster: ProvincialCluster | None = None,
    body: Any = None,
    is_superuser: bool = False,
) -> User:
    """``ctx.add_user``: a user with a password and (optionally) a role over a scope, held in ``body``.

    Listed in ``ctx.users``, so that ``chumchon demo`` prints it with its password.
    """
    user, _ = User.objects.get_or_create(username=username, defaults={"first_name": first_name, "last_name": last_name})
    user.set_password(password)
    # A reserved domain: the demo's daily digest (chumchon digest) is written to <data dir>/mail.
    user.email = user.email or f"{username}@example.org"
    user.is_staff = user.is_staff or is_superuser
    user.is_superuser = is_superuser
    user.save()
    if role:
        assignment, _ = RoleAssignment.objects.get_or_create(
            user=user, role=role, scope_kind=scope_kind, area=area, region=region, cluster=cluster
        )
        if body is not None:
            roles.role_body_link(assignment=assignment, body=body)
    ctx.users.append(DemoUser(username, password, _real_role(user) or description))
    return user


def _real_role(user: User) -> str:
    """What the credential table says of an account: the roles it holds and where, not a free text.

    "CODI regional subcommittee member (อนุกรรมการภาค) — ภาคกรุงเทพฯ ปริมณฑลและตะวันออก"; a superuser says so.
    """
    parts = []
    for assignment in user.roles.select_related("area", "region", "cluster").order_by("pk"):
        where = assignment.area or assignment.region or assignment.cluster
        place = getattr(where, "name_th", "") if where is not None else ""
        parts.append(f"{assignment.get_role_display()}" + (f" — {place}" if place else ""))
    if user.is_superuser:
        parts.append("superuser / ผู้ดูแลสูงสุด")
    return "; ".join(parts)


def ensure_superuser(ctx: DemoContext) -> None:
    """Last step: someone must be able to open everything, including the admin."""
    if not User.objects.filter(is_superuser=True).exists():
        ctx.add_user(
            "admin",
            "ผู้ดูแลระบบระดับประเทศ (ทุกสิทธิ์) / national administrator (all rights)",
            Role.NATIONAL_ADMIN,
            scope_kind="nation",
            is_superuser=True,
        )


def credentials_report(result: dict[str, Any]) -> str:
    """What ``chumchon demo`` prints about accounts: who can sign in, with which password."""
    users = result.get("users", [])
    if not users:
        return (
            "ข้อมูลตัวอย่างยังไม่มีผู้ใช้: สร้างด้วย chumchon createsuperuser / "
            "the demo made no users yet: create one with chumchon createsuperuser\n"
        )
    headers = ["ชื่อผู้ใช้ / username", "รหัสผ่าน / password", "บทบาท / role"]
    rows = [[u["username"], u["password"], u["description"]] for u in users]
    return "บัญชีผู้ใช้ตัวอย่าง / demo accounts:\n" + format_table(headers, rows) + "\n"
