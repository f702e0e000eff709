"""Demo projects for FY2565 up to the current fiscal year, through the real services (so the ledger is right).

Seed 000 (R5, FY2565): the 5 key programmes (139,504,935 baht allocated by the budgets demo) fund
many community projects approved by the cluster working groups; exactly 17 housing (Baan Mankong)
projects totalling 16,855,500 baht are approved by the Baan Mankong subcommittee.

The demo lives in the present (``ctx.today``): the years before last are finished (closed,
cancelled or rejected projects, timelines within their year); last year's projects are mostly
closed, some still running with a report filed lately and a few with a report overdue; the current
year's projects are on their way — drafts, proposals under screening and awaiting decision,
approvals, agreements signed, first tranches, first reports — with every date before today, so
reports fall due in the coming weeks. The demo tambon's own story (work in each demo user's queue)
is in the current year. FY2565 keeps the seed's figures and the most projects; FY2566 up to the year
before last are lighter, to keep ``chumchon demo`` quick.

Actors: the demo users from ``accounts.demo`` act where their scope reaches (tambon 240104,
province 24, cluster C08); elsewhere light users without a password play the provincial working
group, cluster working group and proposer roles, so every timeline names someone with authority.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any, cast

from django.db.models import Sum
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.models import Role, RoleAssignment, User
from chumchon.areas.models import Area
from chumchon.budgets.models import FundBalance, Programme
from chumchon.core.thai import fiscal_year_range
from chumchon.meetings import authority
from chumchon.meetings.authority import Power, Subject
from chumchon.organizations.models import Body, BodyKind
from chumchon.projects import services
from chumchon.projects.models import Project, ProjectEvent

HOUSING_PROJECTS = 17
HOUSING_TOTAL = Decimal("16855500")
SEED_YEAR = 2565
FY_START = dt.date(2021, 10, 1)

# How each kind of year is filled: projects per province and programme (at most), the chance a
# province gets any, housing projects, and the fates (a fate is how far a project's timeline goes).
FINISHED = {"in_progress": "closed", "signed": "closed", "approved": "closed", "disbursed": "closed"}
FINISHED.update({"draft": "rejected", "submitted": "rejected", "screened": "rejected", "returned": "rejected"})


@dataclass(frozen=True)
class YearPlan:
    mode: str  # "seed" (FY2565), "past", "last" (the year before the current one) or "current"
    per_province: int
    chance: float
    housing: int
    fates: tuple[str, ...]
    extras: float = 0.35  # the chance of one more proposal per province and programme, on its way or turned back


PLANS = {
    # FY2565 keeps the seed's totals (every project finished by now); the years in between are lighter.
    "seed": YearPlan(
        "seed", 2, 1.0, HOUSING_PROJECTS, ("closed",) * 30 + ("in_progress",) * 40 + ("signed",) * 8 + ("approved",) * 7
    ),
    "past": YearPlan("past", 1, 0.3, 3, ("closed",) * 9 + ("cancelled",), extras=0.1),
    "last": YearPlan("last", 1, 0.6, 4, ("closed",) * 6 + ("in_progress",) * 4, extras=0.15),
    "current": YearPlan(
        "current",
        2,
        1.0,
        6,
        ("draft",) * 2
        + ("submitted",) * 5
        + ("screened",) * 4
        + ("approved",) * 4
        + ("signed",) * 5
        + ("disbursed",) * 8
        + ("in_progress",) * 5,
    ),
}

TITLES: dict[str, list[str]] = {
    "council": [
        "พัฒนาศักยภาพสภาองค์กรชุมชน{t}",
        "จัดทำแผนพัฒนาตำบลและธรรมนูญตำบล{t}",
        "ระบบข้อมูลชุมชนเพื่อการพัฒนา{t}",
        "เวทีสภาองค์กรชุมชนเชื่อมแผนท้องถิ่น{t}",
    ],
    "welfare": [
        "ยกระดับกองทุนสวัสดิการชุมชน{t}",
        "สวัสดิการผู้สูงอายุและผู้ด้อยโอกาส{t}",
        "ขยายสมาชิกกองทุนสวัสดิการชุมชน{t}",
    ],
    "economy": [
        "ส่งเสริมอาชีพและรายได้ครัวเรือน{t}",
        "ตลาดชุมชนและสินค้าชุมชน{t}",
        "เกษตรอินทรีย์และแปรรูปผลผลิต{t}",
        "ท่องเที่ยวโดยชุมชน{t}",
    ],
    "resilience": [
        "ชุมชนรับมือภัยพิบัติ{t}",
        "ฟื้นฟูป่าชายเลนและทรัพยากรชายฝั่ง{t}",
        "จัดการน้ำชุมชน{t}",
    ],
    "self_managing": [
        "ขับเคลื่อนจังหวัดจัดการตนเอง จังหวัด{p}",
        "สมัชชาขบวนองค์กรชุมชน จังหวัด{p}",
    ],
    "housing": [
        "บ้านมั่นคงชนบท{t}",
        "บ้านมั่นคงเมือง ชุมชนริมคลอง{t}",
        "ซ่อมสร้างบ้านผู้มีรายได้น้อย{t}",
    ],
}
BUDGET_ITEMS = {
    "housing": [("ค่าก่อสร้างและซ่อมแซมที่อยู่อาศัย", Decimal("0.85")), ("ค่าสาธารณูปโภคและบริหารโครงการ", Decimal("0.15"))],
    "default": [
        ("ค่าจัดเวทีและประชุม", Decimal("0.25")),
        ("ค่าวัสดุอุปกรณ์", Decimal("0.45")),
        ("ค่าอบรมและศึกษาดูงาน", Decimal("0.20")),
        ("ค่าบริหารจัดการ", Decimal("0.10")),
    ],
}
CO_SOURCES = ["own", "local_government", "partner_agency", "private_sector", "energy_fund"]


def _lines(kind: str, amount: Decimal) -> list[tuple[str, Decimal]]:
    """Budget lines that add up to ``amount`` exactly (the last line takes the rounding)."""
    items = BUDGET_ITEMS["housing" if kind == "housing" else "default"]
    lines: list[tuple[str, Decimal]] = []
    left = amount
    for i, (item, share) in enumerate(items):
        value = left if i == len(items) - 1 else (amount * share).quantize(Decimal(1), rounding=ROUND_DOWN)
        lines.append((item, value))
        left -= value
    return lines


def _indicator_target(code: str, households: int, rng: Any) -> int:
    """A project's own target for a programme indicator (illustrative figures)."""
    if code == "HH":
        return households
    if code == "MEMBERS":
        return rng.randint(20, 150)
    if code == "INCOME":
        return rng.randint(5, 30) * 100
    return 1  # PLANS, FUNDS: one plan / one stronger fund per project


def _round(amount: Decimal, step: int = 500) -> Decimal:
    return (amount / step).quantize(Decimal(1), rounding=ROUND_DOWN) * step


class Cast:
    """Who plays each role where (demo users where their scope reaches, light users elsewhere)."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.users: dict[str, Any] = ctx.shared.get("users") or {}
        budget_users = ctx.shared.get("budget_users") or {}
        self.staff = cast(User, self.users.get(Role.CODI_REGIONAL_STAFF) or budget_users.get("staff"))
        self.housing_approver = self.users.get(Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER) or self._light(
            "bmk", "อนุกรรมการ", "บ้านมั่นคง", Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER, scope_kind="region", region=ctx.region
        )
        self._cache: dict[tuple[str, str], Any] = {}

    def _light(self, key: str, first: str, last: str, role: str, **scope: Any) -> Any:
        """A user with a role but no password: an actor in the timelines, not someone to log in as."""
        username = f"demo_{key}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=first, last_name=last)
            user.set_unusable_password()
            user.save()
            RoleAssignment.objects.create(user=user, role=role, **scope)
        return user

    def _own(self, role: str, code: str) -> Any:
        user = self.users.get(role)
        if user is None:
            return None
        return user if permissions.holds_role(user, role, code) else None

    def proposer(self, area: Area) -> Any:
        own = self._own(Role.TAMBON_COUNCIL_SECRETARY, area.code)
        if own is not None:
            return own
        province = area.code[:2]
        return self._cached(
            ("proposer", province),
            lambda: self._light(
                f"proposer_{province}",
                "ผู้ประสานงานโครงการ",
                f"จ.{Area.objects.get(code=province).name_th}",
                Role.TAMBON_COUNCIL_SECRETARY,
                scope_kind="area",
                area=Area.objects.get(code=province),
            ),
        )

    def screener(self, area: Area) -> Any:
        own = self._own(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area.code)
        if own is not None:
            return own
        province = area.code[:2]
        return self._cached(
            ("screener", province),
            lambda: self._light(
                f"pwg_{province}",
                "คณะทำงานจังหวัด",
                Area.objects.get(code=province).name_th,
                Role.PROVINCIAL_WORKING_GROUP_MEMBER,
                scope_kind="area",
                area=Area.objects.get(code=province),
            ),
        )

    def approver(self, cluster: Any) -> Any:
        own = self.users.get(Role.CLUSTER_WORKING_GROUP_MEMBER)
        if own is not None and permissions.holds_role(own, Role.CLUSTER_WORKING_GROUP_MEMBER, cluster_codes(cluster)):
            return own
        return self._cached(
            ("approver", cluster.code),
            lambda: self._light(
                f"cwg_{cluster.code.lower()}",
                "คณะทำงาน",
                cluster.name_th,
                Role.CLUSTER_WORKING_GROUP_MEMBER,
                scope_kind="cluster",
                cluster=cluster,
            ),
        )

    def regional_approver(self, province_code: str) -> Any:
        """A regional subcommittee member: approves for provinces outside every cluster (Bangkok)."""
        role = Role.REGIONAL_SUBCOMMITTEE_MEMBER
        for user in (self.users.get(role), (self.ctx.shared.get("budget_users") or {}).get("subcommittee")):
            if user is not None and permissions.holds_role(user, role, province_code):
                return user
        return self._cached(
            ("regional", self.ctx.region.code),
            lambda: self._light(
                f"subcom_{self.ctx.region.code.lower()}_approver",
                "อนุกรรมการ",
                self.ctx.region.name_th,
                role,
                scope_kind="region",
                region=self.ctx.region,
            ),
        )

    def _cached(self, key: tuple[str, str], make: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]


def cluster_codes(cluster: Any) -> list[str]:
    return list(Area.objects.filter(cluster=cluster).values_list("code", flat=True))


class Clock:
    """Dates along a project's timeline: within its fiscal year, and never after the demo's today.

    A finished year's timelines start in its first four months and end by 28 September; last
    year's may run on into the current year; the current year's start from some six weeks before
    it (proposals are prepared ahead) and stop the day before today.
    """

    def __init__(self, rng: Any, year: int, mode: str, today: dt.date) -> None:
        self.rng = rng
        self.year = year
        self.mode = mode
        self.today = today
        first, last = fiscal_year_range(year)
        self.first, self.last = first, last
        self.cap = min(today - dt.timedelta(days=1), last - dt.timedelta(days=2) if mode in ("seed", "past") else today)

    def start(self) -> dt.date:
        if self.mode != "current":
            return min(self.first + dt.timedelta(days=self.rng.randint(5, 120)), self.cap)
        window = self.first - dt.timedelta(days=42)
        span = max(0, min((self.cap - window).days - 20, 200))
        return window + dt.timedelta(days=self.rng.randint(0, span))

    def after(self, day: dt.date, low: int, high: int) -> dt.date:
        return min(day + dt.timedelta(days=self.rng.randint(low, high)), self.cap)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def generate(ctx: Any) -> None:
    seed_programmes: dict[str, Programme] = ctx.shared.get("programmes") or {}
    if not seed_programmes or ctx.shared.get("housing_programme") is None:
        return
    by_year: dict[int, dict[str, Programme]] = ctx.shared.get("programmes_by_year") or {SEED_YEAR: seed_programmes}
    if Project.objects.filter(programme__in=seed_programmes.values()).exists():
        return  # already generated (the demo is idempotent)
    rng = ctx.rng
    cast = Cast(ctx)
    today: dt.date = ctx.today
    current_year: int = ctx.fiscal_year
    year = SEED_YEAR
    clock = Clock(rng, year, "seed", today)
    councils: dict[str, Body] = ctx.shared.get("tambon_councils") or {}
    funds: dict[str, Body] = ctx.shared.get("welfare_funds") or {}
    con_centres: dict[str, Body] = ctx.shared.get("con_centres") or {}
    cluster_wgs: dict[str, Body] = ctx.shared.get("cluster_working_groups") or {}
    bmk_body: Body | None = ctx.shared.get("baan_mankong_subcommittee")
    provinces = {p.code: p for p in ctx.provinces}
    meeting_no: dict[str, int] = {}
    indicators_of: dict[int, list[Any]] = {}
    regional_body: Body | None = ctx.shared.get("regional_subcommittee")

    def by_province(bodies: dict[str, Body]) -> dict[str, list[Body]]:
        out: dict[str, list[Body]] = {}
        for code, body in sorted(bodies.items()):
            out.setdefault(code[:2], []).append(body)
        return out

    councils_by_p, funds_by_p, con_by_p = by_province(councils), by_province(funds), by_province(con_centres)

    def resolution_args(body: Body, day: dt.date) -> dict[str, Any]:
        key = f"{body.pk}/{year}"
        meeting_no[key] = meeting_no.get(key, 0) + 1
        return {
            "resolution_body": body,
            "meeting_date": day,
            "resolution_number": f"{meeting_no[key] + 1}/{year}",  # meeting 1 of the year adopted the budget
            "resolution_text": "ที่ประชุมพิจารณาแล้วมีมติอนุมัติโครงการตามที่คณะทำงานจังหวัดกลั่นกรองเสนอ",
        }

    def make(
        programme: Programme,
        proposer: Body,
        area: Area,
        amount: Decimal,
        fate: str,
        *,
        approver: Any,
        body: Body,
        last_report_on: dt.date | None = None,
    ) -> Project:
        kind = str(programme.kind)
        titles = TITLES.get(kind) or TITLES["economy"]
        title = rng.choice(titles).format(
            t=area.name_th if area.level != "province" else "", p=provinces[area.code[:2]].name_th
        )
        secretary = cast.proposer(area)
        screener = cast.screener(area)
        day = clock.start()
        timeline: list[tuple[str, dt.date]] = [("create", day)]
        project = services.project_create_in_transaction(
            actor=secretary,
            programme=programme,
            area=area,
            proposer=proposer,
            title_th=title,
            objectives="เพื่อให้องค์กรชุมชนเป็นแกนหลักในการพัฒนา โดยใช้พื้นที่เป็นตัวตั้ง",
            target_groups="ครัวเรือนในพื้นที่ กลุ่มเปราะบาง ผู้สูงอายุ",
            target_households=rng.randint(20, 300) if kind != "housing" else rng.randint(15, 120),
            starts_on=day + dt.timedelta(days=rng.randint(30, 60)),
            ends_on=clock.last,
            budget_lines=_lines(kind, amount),
            activities=[("ประชุมวางแผน", 1), ("ดำเนินกิจกรรมหลัก", 3), ("สรุปบทเรียน", 1)] if rng.random() < 0.5 else (),
        )
        if rng.random() < 0.45:
            services.co_funding_add_in_transaction(
                project=project,
                actor=secretary,
                source=rng.choice(CO_SOURCES),
                amount=_round(amount * Decimal(rng.randint(5, 30)) / 100, 100),
            )
        programme_indicators = indicators_of.setdefault(programme.pk, list(programme.indicators.all()))
        for pi in programme_indicators:  # report to the programme's indicators (rolled up on its page)
            services.indicator_add_in_transaction(
                project=project,
                actor=secretary,
                code=pi.code,
                name=pi.name_th,
                unit=pi.unit,
                baseline=0,
                target=_indicator_target(pi.code, project.target_households, rng),
            )
        if not programme_indicators and rng.random() < 0.6:
            services.indicator_add_in_transaction(
                project=project,
                actor=secretary,
                name="ครัวเรือนที่ได้รับประโยชน์",
                unit="ครัวเรือน",
                baseline=0,
                target=project.target_households,
            )
        if fate == "draft":
            return _date(project, timeline)
        if fate == "returned":
            services.project_submit_in_transaction(project=project, actor=secretary)
            day = clock.after(day, 5, 15)
            timeline.append(("submit", day))
            services.project_return_in_transaction(
                project=project, actor=screener, reasons="ขอให้ปรับงบประมาณค่าจัดเวทีและเพิ่มตัวชี้วัดผลลัพธ์"
            )
            timeline.append(("return", clock.after(day, 7, 20)))
            return _date(project, timeline)
        services.project_submit_in_transaction(project=project, actor=secretary)
        day = clock.after(day, 5, 15)
        timeline.append(("submit", day))
        if fate == "submitted":
            return _date(project, timeline)
        services.project_screen_in_transaction(project=project, actor=screener, comment="ผ่านการกลั่นกรองระดับจังหวัด")
        day = clock.after(day, 7, 21)
        timeline.append(("screen", day))
        if fate == "screened":
            return _date(project, timeline)
        day = clock.after(day, 7, 30)
        if fate == "rejected":
            services.project_reject_in_transaction(
                project=project, actor=approver, reasons="ซ้ำซ้อนกับโครงการที่ได้รับงบประมาณแล้ว", **resolution_args(body, day)
            )
            timeline.append(("reject", day))
            return _date(project, timeline)
        services.project_approve_in_transaction(project=project, actor=approver, **resolution_args(body, day))
        timeline.append(("approve", day))
        if fate == "approved":
            return _date(project, timeline)
        if fate == "cancelled":
            services.project_cancel_in_transaction(
                project=project, actor=cast.staff, reasons="ชุมชนขอยกเลิกเนื่องจากพื้นที่ทับซ้อน"
            )
            timeline.append(("cancel", clock.after(day, 10, 40)))
            return _date(project, timeline)
        day = clock.after(day, 7, 30)
        services.project_sign_agreement_in_transaction(
            project=project,
            actor=cast.staff,
            agreement_number=f"สญ.{area.code[:2]}/{year}-{project.pk:04d}",
            signed_on=day,
        )
        timeline.append(("sign", day))
        if fate == "signed":
            return _date(project, timeline)
        approved = project.approved_amount or amount
        first = _round(approved * Decimal("0.6"), 100) if fate != "closed" or rng.random() < 0.7 else approved
        day = clock.after(day, 5, 20)
        services.project_disburse_in_transaction(project=project, actor=cast.staff, amount=first, disbursed_on=day)
        timeline.append(("disburse", day))
        if fate == "disbursed":  # the first tranche paid, the first report not yet due
            return _date(project, timeline)
        pct = Decimal(rng.randint(20, 60))
        spent = _round(first * Decimal(rng.randint(50, 95)) / 100, 100)
        day = max(day, last_report_on) if last_report_on else clock.after(day, 30, 95)
        services.project_report_progress_in_transaction(
            project=project,
            actor=secretary,
            progress_pct=pct,
            spent_amount=spent,
            reported_on=day,
            period="งวดที่ 1",
            narrative="ดำเนินกิจกรรมตามแผน จัดเวทีประชุมและเริ่มกิจกรรมหลัก",
            activity_progress={a.pk: min(100, int(pct) + rng.randint(-10, 30)) for a in project.activities.all()},
            indicator_values={i.pk: int(i.target * pct / 100) for i in project.indicators.all()},
        )
        timeline.append(("report", day))
        if fate == "in_progress":
            return _date(project, timeline)
        # closed: the rest of the money, the final report, closure
        rest = approved - project.disbursed_amount
        if rest > 0:
            day = clock.after(day, 5, 20)
            services.project_disburse_in_transaction(project=project, actor=cast.staff, amount=rest, disbursed_on=day)
            timeline.append(("disburse", day))
        final_spent = approved - _round(approved * Decimal(rng.randint(0, 3)) / 100, 100)
        day = clock.after(day, 40, 90)
        services.project_report_progress_in_transaction(
            project=project,
            actor=secretary,
            progress_pct=100,
            spent_amount=final_spent,
            reported_on=day,
            period="รายงานฉบับสุดท้าย",
            narrative="ดำเนินการครบทุกกิจกรรม บรรลุตัวชี้วัดตามเป้าหมาย",
            is_final=True,
            activity_progress={a.pk: 100 for a in project.activities.all()},
            indicator_values={i.pk: i.target for i in project.indicators.all()},
        )
        timeline.append(("report", day))
        services.project_close_in_transaction(project=project, actor=cast.staff, comment="ปิดโครงการ รายงานผลครบถ้วน")
        timeline.append(("close", clock.after(day, 3, 15)))
        return _date(project, timeline)

    def _year(programmes: dict[str, Programme], plan: YearPlan) -> None:
        """The 5 key programmes of one year: a realistic share of each province's allocation."""
        for programme in programmes.values():
            if not programme.is_housing:
                _programme(programme, plan)

    def _programme(programme: Programme, plan: YearPlan) -> None:
        eligible = set(programme.eligible_body_kinds or [])
        balances = {b.province_code: b for b in FundBalance.objects.filter(programme=programme)}
        for pcode, province in sorted(provinces.items()):
            # Who approves here is the authority module's answer (the demo's programmes have one
            # amount band each, so the amount does not matter): the cluster working group, or for a
            # province outside every provincial cluster (Bangkok) the regional subcommittee.
            deciding = authority.authority_for(
                Subject(
                    power=Power.APPROVE, programme_id=programme.pk, programme_code=programme.code, province_code=pcode
                )
            ).approver_body_kind
            if deciding == BodyKind.CODI_REGIONAL_SUBCOMMITTEE:
                if regional_body is None:
                    continue
                body, approver = regional_body, cast.regional_approver(pcode)
            elif (
                deciding == BodyKind.CLUSTER_WORKING_GROUP and province.cluster and province.cluster.code in cluster_wgs
            ):
                body, approver = cluster_wgs[province.cluster.code], cast.approver(province.cluster)
            else:
                continue  # no body with authority to approve: money stays uncommitted here
            balance = balances.get(pcode)
            if balance is None or balance.remaining <= 0:
                continue
            pool: list[Body] = []
            if BodyKind.TAMBON_COMMUNITY_COUNCIL in eligible:
                pool += councils_by_p.get(pcode, [])
            if BodyKind.WELFARE_FUND in eligible:
                pool += funds_by_p.get(pcode, [])
            if BodyKind.CON_CENTRE in eligible:
                pool += con_by_p.get(pcode, [])
            pool = [b for b in pool if b.kind in eligible and b.area is not None]
            if not pool:
                continue
            target = balance.remaining * Decimal(rng.randint(55, 80)) / 100
            committed = Decimal(0)
            n = 0
            if plan.chance < 1 and rng.random() >= plan.chance:
                continue  # a lighter year: not every province runs every programme in the demo
            while committed < target and n < plan.per_province:
                n += 1
                amount = _round(Decimal(int(10 ** rng.uniform(4.7, 6.4))), 500)  # ~50,000 – 2.5 M baht
                amount = min(amount, _round(balance.remaining - committed, 500))
                if amount < 30000:
                    break
                proposer = rng.choice(pool)
                fate = rng.choice(plan.fates)
                if plan.mode == "seed":
                    fate = FINISHED.get(fate, fate)  # four years on, FY2565's projects are finished
                make(
                    programme,
                    proposer,
                    proposer.area,
                    amount,
                    fate,
                    approver=approver,
                    body=body,
                    last_report_on=_last_report(plan, fate, rng, today),
                )
                committed += amount
            # a few proposals still on the way, or turned back (in a finished year: turned down)
            if rng.random() < plan.extras:
                proposer = rng.choice(pool)
                fate = rng.choice(["draft", "submitted", "screened", "returned", "rejected", "cancelled"])
                amount = _round(Decimal(rng.randint(40000, 400000)), 500)
                if fate in ("cancelled",) and amount > balance.remaining - committed:
                    fate = "draft"
                if plan.mode != "current":
                    fate = FINISHED.get(fate, fate)
                make(programme, proposer, proposer.area, amount, fate, approver=approver, body=body)

    for year in sorted(by_year):
        plan = PLANS[_mode(year, current_year)]
        clock = Clock(rng, year, plan.mode, today)
        programmes = by_year[year]
        housing = next((p for p in programmes.values() if p.is_housing), None)
        _year(programmes, plan)
        if plan.mode == "current":
            # ---- the demo tambon's own story: work waiting in each demo user's queue
            _story(ctx, programmes, councils, cluster_wgs, make, cast, year)
        # ---- housing: in FY2565 exactly 17 projects, exactly 16,855,500 baht; approved by the Baan Mankong subcommittee
        if bmk_body is not None and housing is not None:
            _housing(ctx, housing, bmk_body, cast, councils_by_p, make, plan)


def _mode(year: int, current_year: int) -> str:
    if year == SEED_YEAR:
        return "seed"
    if year == current_year:
        return "current"
    return "last" if year == current_year - 1 else "past"


def _last_report(plan: YearPlan, fate: str, rng: Any, today: dt.date) -> dt.date | None:
    """Last year's running projects reported lately (next report due soon); one in six is overdue."""
    if plan.mode != "last" or fate != "in_progress":
        return None
    if rng.random() < 1 / 6:
        return today - dt.timedelta(days=rng.randint(95, 130))  # a report every 90 days: overdue
    return today - dt.timedelta(days=rng.randint(10, 80))


# The demo tambon's projects of the current year ({year}: its fiscal year), one in each state a
# demo user acts on: a report to file, a tranche to pay, an agreement to sign, a proposal to decide,
# one to screen, a draft to finish.
STORY = [
    ("COUNCIL", "in_progress", Decimal("180000"), "พัฒนาศักยภาพสภาองค์กรชุมชนตำบลคลองนา ปี {year}"),
    ("ECONOMY", "signed", Decimal("95000"), "ส่งเสริมอาชีพแปรรูปปลาสลิดบางบ่อ ตำบลคลองนา"),
    ("COUNCIL", "approved", Decimal("60000"), "เวทีสภาองค์กรชุมชนเชื่อมแผนท้องถิ่น ตำบลคลองนา"),
    ("RESILIENCE", "screened", Decimal("250000"), "ชุมชนริมคลองนครเนื่องเขตรับมือน้ำท่วม ตำบลคลองนา"),
    ("COUNCIL", "submitted", Decimal("120000"), "ระบบข้อมูลตำบลคลองนาเชื่อม TPMAP"),
    ("ECONOMY", "draft", Decimal("75000"), "ตลาดนัดชุมชนสีเขียว ตำบลคลองนา"),
]


def _story(
    ctx: Any,
    programmes: dict[str, Programme],
    councils: dict[str, Body],
    cluster_wgs: dict[str, Body],
    make: Any,
    cast: Any,
    year: int,
) -> None:
    """Projects of the demo tambon (240104) in the current year, so each demo user finds something to do."""
    secretary = (ctx.shared.get("users") or {}).get(Role.TAMBON_COUNCIL_SECRETARY)
    assignment = (
        secretary.roles.filter(role=Role.TAMBON_COUNCIL_SECRETARY).select_related("area").first() if secretary else None
    )
    if assignment is None or assignment.area is None:
        return
    council = councils.get(assignment.area.code)
    province = Area.objects.select_related("cluster").get(code=assignment.area.code[:2])
    if council is None or province.cluster is None or province.cluster.code not in cluster_wgs:
        return
    body = cluster_wgs[province.cluster.code]
    approver = cast.approver(province.cluster)
    for code, fate, amount, title in STORY:
        programme = programmes.get(code)
        if programme is None or council.kind not in (programme.eligible_body_kinds or []):
            continue
        balance = FundBalance.objects.filter(programme=programme, province_code=province.code).first()
        if balance is None or balance.remaining < amount:
            continue
        project = make(programme, council, council.area, amount, fate, approver=approver, body=body)
        changes: dict[str, Any] = {"title_th": title.format(year=year)}
        if fate == "in_progress":  # "a report to file": its next report falls due within two weeks
            changes["next_report_due"] = ctx.today + dt.timedelta(days=12)
        Project.objects.filter(pk=project.pk).update(**changes)


def _housing(
    ctx: Any,
    housing: Programme,
    bmk_body: Body,
    cast: Any,
    councils_by_p: dict[str, list[Body]],
    make: Any,
    year_plan: YearPlan,
) -> None:
    """A year's housing projects: in FY2565 exactly 17 with exactly the seed's 16,855,500 baht."""
    rng = ctx.rng
    balances = [
        b
        for b in FundBalance.objects.filter(programme=housing).order_by("-allocated", "province_code")
        if b.remaining > 0
    ]
    # One project per province with housing money, the largest provinces split in two, until 17.
    count = year_plan.housing
    plan: list[tuple[str, Decimal]] = []
    for b in balances:
        plan.append((b.province_code, b.remaining))
    i = 0
    while len(plan) < count and i < len(plan):
        code, amount = plan[i]
        first = _round(amount * Decimal(rng.randint(45, 60)) / 100, 500)
        plan[i] = (code, first)
        plan.insert(i + 1, (code, amount - first))
        i += 2
    plan = plan[:count]
    if year_plan.mode == "seed":
        fates = ["closed"] * count  # FY2565's housing projects are finished by now
    else:
        fates = [rng.choice(year_plan.fates) for _ in plan]
        fates = [fate if fate not in ("draft", "returned") else "submitted" for fate in fates]
    for (code, amount), fate in zip(plan, fates, strict=False):
        pool = councils_by_p.get(code) or []
        if not pool:
            continue
        proposer = rng.choice(pool)
        make(housing, proposer, proposer.area, amount, fate, approver=cast.housing_approver, body=bmk_body)
    if year_plan.mode == "seed":
        approved = Project.objects.filter(programme=housing, approved_amount__isnull=False).aggregate(
            s=Sum("approved_amount")
        )["s"]
        ctx.shared["housing_projects_approved"] = approved


def _date(project: Project, timeline: list[tuple[str, dt.date]]) -> Project:
    """Put the timeline on its dates (the services stamp 'now'; the demo tells the years' stories)."""
    events = list(ProjectEvent.objects.filter(project=project).order_by("id"))
    days = [day for _, day in timeline]
    for n, event in enumerate(events):  # one event per timeline step, in the same order
        event.at = _at(days[min(n, len(days) - 1)])
    ProjectEvent.objects.bulk_update(events, ["at"])
    stamps: dict[str, Any] = {"created_at": _at(days[0])}
    by_action = {a: d for a, d in timeline}
    if "submit" in by_action:
        stamps["submitted_at"] = _at(by_action["submit"])
    if "approve" in by_action:
        stamps["approved_at"] = _at(by_action["approve"])
    for end in ("close", "cancel"):
        if end in by_action:
            stamps["closed_at"] = _at(by_action[end])
    Project.objects.filter(pk=project.pk).update(**stamps)
    return project
