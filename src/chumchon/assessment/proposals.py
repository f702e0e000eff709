"""Levels the system proposes from the evidence it holds (ระดับที่ระบบเสนอจากข้อมูลในระบบ), with reasons.

One function per criterion the system can see; each returns a ``Proposal`` (level, reasons a reviewer
can check against the records, and the records themselves as links) or ``None`` when the system holds
no evidence for that criterion (8 and 9: the assessor judges). A proposal is a starting point: the
province sets its own level and the cluster reviews it; the proposal and its reasons, as they stood, are
kept with the saved level.

Where the system cannot see the top level (whether a structure is "accepted by every partner", a
centre "known to all"), the proposal stops at 3 and says so.

Criterion 3 will also read the indicators app (issue 13, items 1–3, built beside this one):
``indicator_evidence`` is the one place to add it — it returns nothing until then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from chumchon.areas.models import Area, AreaLevel
from chumchon.assessment.models import EvidenceKind
from chumchon.core.thai import fiscal_year_range
from chumchon.indicators.models import Indicator, ValueSource
from chumchon.indicators.selectors import indicator_values_for
from chumchon.meetings.models import Meeting, MeetingKind, Membership, Resolution
from chumchon.organizations.models import REGISTRY_KINDS, Body, BodyKind, BodyStatus
from chumchon.plans.governor.models import GovernorProposal
from chumchon.plans.models import Plan, PlanItem, PlanKind, PlanLevel, PlanProposal, PlanStatus, ProposalStatus
from chumchon.poverty.models.rounds import AreaPovertyResult, RoundStatus
from chumchon.projects.models import ProgressReport, Project, ProjectStatus

# Plans written by the community movement (their items accepted into the provincial plan count for 2).
MOVEMENT_PLAN_KINDS = (PlanKind.VILLAGE, PlanKind.COUNCIL_TAMBON, PlanKind.ISSUE_BASED, PlanKind.PEOPLES_PROVINCIAL)
RUNNING = (ProjectStatus.AGREEMENT_SIGNED, ProjectStatus.IN_PROGRESS, ProjectStatus.CLOSED)
LIMIT_NOTE_TH = "ระดับ 4 ต้องให้ผู้ประเมินและกลุ่มจังหวัดพิจารณา ระบบไม่เห็นหลักฐานระดับนั้น"
LIMIT_NOTE_EN = "Level 4 is for the assessor and the cluster to judge: the system cannot see that evidence"


@dataclass(frozen=True)
class Reason:
    th: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"th": self.th, "en": self.en}


@dataclass(frozen=True)
class Record:
    """A record of the system offered as evidence: kind (``EvidenceKind``), id, label and page."""

    kind: str
    object_id: int
    label: str
    url: str


@dataclass
class Proposal:
    level: int
    reasons: list[Reason] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)

    def reasons_json(self) -> list[dict[str, str]]:
        return [r.as_dict() for r in self.reasons]


def _tambon_count(code: str) -> int:
    return Area.objects.filter(level=AreaLevel.SUBDISTRICT, code__startswith=code).count()


def _bodies(code: str) -> Q:
    return Q(scope_kind="area", area__code__startswith=code, status=BodyStatus.ACTIVE)


def _pct(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


# --- criterion 1: organisations and partners grouped and linked -----------------------------------


def criterion_1(province: Area, fiscal_year: int) -> Proposal:
    code = province.code
    registered = Body.objects.filter(_bodies(code), kind__in=REGISTRY_KINDS)
    total = registered.count()
    tambons = _tambon_count(code)
    with_council = registered.filter(kind=BodyKind.TAMBON_COMMUNITY_COUNCIL).values("area__code").distinct().count()
    networks = list(registered.filter(kind=BodyKind.NETWORK).order_by("name_th")[:5])
    network_count = registered.filter(kind=BodyKind.NETWORK).count()
    provincial = registered.filter(kind=BodyKind.PROVINCIAL_COMMUNITY_COUNCIL).first()
    members = registered.filter(member_of__isnull=False).count()
    share = _pct(with_council, tambons)
    reasons = [
        Reason(
            f"องค์กรชุมชนที่ขึ้นทะเบียนและยังดำเนินการในจังหวัด {total} องค์กร",
            f"{total} community organisations registered and active in the province",
        ),
        Reason(
            f"มีสภาองค์กรชุมชนตำบล {with_council} จาก {tambons} ตำบล ({share}%)",
            f"Tambon community councils in {with_council} of {tambons} tambons ({share}%)",
        ),
        Reason(
            f"เครือข่ายองค์กรชุมชน {network_count} เครือข่าย; สภาองค์กรชุมชนระดับจังหวัด: {'มี' if provincial else 'ไม่มี'}",
            f"{network_count} community networks; a provincial community council: {'yes' if provincial else 'no'}",
        ),
        Reason(
            f"องค์กรที่บันทึกว่าเป็นสมาชิกของสภาองค์กรชุมชน {members} องค์กร",
            f"{members} organisations recorded as members of a community council",
        ),
    ]
    linked = network_count > 0 or provincial is not None
    if total == 0:
        level = 0
    elif share < 50:
        level = 1
    elif not linked:
        level = 2
    elif share >= 80 and provincial is not None and network_count > 0 and members > 0:
        level = 4
    else:
        level = 3
    records = [Record("body", b.pk, b.name_th, reverse("organizations:detail", args=[b.pk])) for b in networks]
    if provincial is not None:
        records.insert(
            0, Record("body", provincial.pk, provincial.name_th, reverse("organizations:detail", args=[provincial.pk]))
        )
    return Proposal(level, reasons, records)


# --- criterion 2: the movement's provincial plan accepted into the province's plans ----------------


def criterion_2(province: Area, fiscal_year: int) -> Proposal:
    code = province.code
    _start, end = fiscal_year_range(fiscal_year)
    peoples = Plan.objects.filter(kind=PlanKind.PEOPLES_PROVINCIAL, level=PlanLevel.PROVINCE, area__code=code).order_by(
        "-start_year_be", "-pk"
    )
    adopted = peoples.filter(status__in=[PlanStatus.ADOPTED, PlanStatus.ENDED]).first()
    accepted = PlanProposal.objects.filter(
        status__in=[ProposalStatus.ACCEPTED, ProposalStatus.MERGED],
        to_plan__kind=PlanKind.PROVINCIAL,
        to_plan__area__code=code,
        item__plan__kind__in=MOVEMENT_PLAN_KINDS,
        answered_at__date__lte=end,
    ).select_related("item", "covering_item", "item__plan")
    included = GovernorProposal.objects.filter(province__code=code, included_on__isnull=False, included_on__lte=end)
    n_accepted, n_included = accepted.count(), included.count()
    pending = PlanProposal.objects.filter(
        status=ProposalStatus.PENDING, to_plan__kind=PlanKind.PROVINCIAL, to_plan__area__code=code
    ).count()
    reasons = [
        Reason(
            "แผนภาคประชาชนระดับจังหวัด: "
            + ("ประกาศใช้แล้ว" if adopted else ("มีร่าง" if peoples.exists() else "ยังไม่มีในระบบ")),
            "People's-sector provincial plan: "
            + ("adopted" if adopted else ("drafted" if peoples.exists() else "none in the system")),
        ),
        Reason(
            f"รายการจากแผนของขบวนชุมชนที่แผนพัฒนาจังหวัดรับไว้ (รับ/รวม) {n_accepted} รายการ; รอคำตอบ {pending} รายการ",
            f"{n_accepted} items of the movement's plans accepted or merged into the provincial plan; {pending} awaiting an answer",
        ),
        Reason(
            f"ข้อเสนอต่อผู้ว่าราชการจังหวัดที่ได้รับการบรรจุในแผน {n_included} เรื่อง",
            f"{n_included} proposals to the governor included in a plan",
        ),
    ]
    taken = n_accepted + n_included
    if taken >= 5:
        level = 4
    elif taken >= 1:
        level = 3
    elif adopted is not None:
        level = 2
    elif peoples.exists() or pending:
        level = 1
    else:
        level = 0
    records: list[Record] = []
    if adopted is not None:
        records.append(Record("plan", adopted.pk, adopted.title, reverse("plans:detail", args=[adopted.pk])))
    for p in accepted[:5]:
        item = p.covering_item or p.item
        records.append(Record("plan_item", item.pk, item.title, reverse("plans:item", args=[item.pk])))
    for g in included[:3]:
        records.append(Record("governor_proposal", g.pk, g.title, reverse("plans:governor_detail", args=[g.pk])))
    return Proposal(level, reasons, records)


# --- criterion 3: a data system and indicators, with progress reported ---------------------------


def indicator_evidence(province: Area, fiscal_year: int) -> list[Record]:
    """The province's indicator figures for the year that come from the data, not from typing: values
    approved level by level, or computed by the indicators app from the system's own records (its
    ``indicator_values_for``). Criterion 3's level 4 needs at least one."""
    records = []
    for figure in indicator_values_for(province, fiscal_year):
        if figure.value is None or not (figure.verified or figure.source == ValueSource.COMPUTED):
            continue
        label = f"{figure.indicator.name}: {figure.value:,} ({figure.status_label})"
        url = reverse("indicators:report", args=[province.code, fiscal_year])
        records.append(Record(EvidenceKind.INDICATOR, figure.indicator.pk, label, url))
    return records


def criterion_3(province: Area, fiscal_year: int) -> Proposal:
    code = province.code
    start, end = fiscal_year_range(fiscal_year)
    result = (
        AreaPovertyResult.objects.filter(area_code=code, level="province", survey_round__status=RoundStatus.READY)
        .select_related("survey_round")
        .order_by("-survey_round__year_be")
        .first()
    )
    running = Project.objects.filter(area__code__startswith=code, status__in=RUNNING)
    n_running = running.count()
    reported = (
        ProgressReport.objects.filter(project__in=running, reported_on__gte=start, reported_on__lte=end)
        .values("project")
        .distinct()
        .count()
    )
    reports = ProgressReport.objects.filter(
        project__area__code__startswith=code, reported_on__gte=start, reported_on__lte=end
    ).count()
    indicators = indicator_evidence(province, fiscal_year)
    share = _pct(reported, n_running)
    reasons = [
        Reason(
            "ผลการสำรวจข้อมูลระดับจังหวัด: " + (f"มี ({result.survey_round.name})" if result else "ยังไม่มี"),
            "Survey results for the province: " + (f"yes ({result.survey_round.name})" if result else "none yet"),
        ),
        Reason(
            f"รายงานความก้าวหน้าโครงการในปีงบประมาณ {reports} ฉบับ; โครงการที่ดำเนินการ {reported} จาก {n_running} โครงการรายงานแล้ว ({share}%)",
            f"{reports} project progress reports in the fiscal year; {reported} of {n_running} running projects reported ({share}%)",
        ),
        Reason(
            f"ค่าตัวชี้วัดจากข้อมูล {len(indicators)} รายการ",
            f"{len(indicators)} indicator values from the data",
        ),
    ]
    if result is None and reports == 0:
        level = 0
    elif result is None or reports == 0:
        level = 1
    elif share < 80:
        level = 2
    elif not indicators:
        level = 3
    else:
        level = 4
    records = list(indicators)
    for p in running.filter(
        progress_reports__reported_on__gte=start, progress_reports__reported_on__lte=end
    ).distinct()[:5]:
        records.append(Record("project", p.pk, p.title_th, reverse("projects:detail", args=[p.pk])))
    return Proposal(level, reasons, records)


# --- criterion 4: analysis and proposals to agencies -----------------------------------------------


def criterion_4(province: Area, fiscal_year: int) -> Proposal:
    start, end = fiscal_year_range(fiscal_year)
    proposals = GovernorProposal.objects.filter(province__code=province.code)
    sent = proposals.filter(sent_on__gte=start, sent_on__lte=end)
    drafted = proposals.filter(sent_on__isnull=True).count()
    answered = sent.filter(Q(replied_on__isnull=False) | Q(included_on__isnull=False)).count()
    included = sent.filter(included_on__isnull=False).count()
    n_sent = sent.count()
    reasons = [
        Reason(
            f"ข้อเสนอต่อผู้ว่าราชการจังหวัดและหน่วยงานที่ส่งในปีงบประมาณ {n_sent} เรื่อง (ร่าง {drafted} เรื่อง)",
            f"{n_sent} proposals sent to the governor and agencies in the fiscal year ({drafted} drafts)",
        ),
        Reason(
            f"ได้รับคำตอบ {answered} เรื่อง ได้รับการบรรจุในแผน {included} เรื่อง",
            f"{answered} answered, {included} included in a plan",
        ),
    ]
    if included >= 3:
        level = 4
    elif answered >= 1:
        level = 3
    elif n_sent >= 1:
        level = 2
    elif drafted:
        level = 1
    else:
        level = 0
    records = [
        Record("governor_proposal", g.pk, g.title, reverse("plans:governor_detail", args=[g.pk])) for g in sent[:5]
    ]
    return Proposal(level, reasons, records)


# --- criteria 5 and 7: the provincial working group -----------------------------------------------


def _working_groups(province: Area) -> list[Body]:
    return list(
        Body.objects.filter(
            kind=BodyKind.PROVINCIAL_WORKING_GROUP, scope_kind="area", area__code=province.code, is_active=True
        ).order_by("pk")
    )


def _sitting(bodies: list[Body], day: dt.date) -> list[Membership]:
    return list(
        Membership.objects.filter(body__in=bodies, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("pk")
    )


def _day(fiscal_year: int, today: dt.date) -> dt.date:
    """The day the committee is read on: the end of the fiscal year, or today within it."""
    return min(fiscal_year_range(fiscal_year)[1], today)


def criterion_5(province: Area, fiscal_year: int, today: dt.date | None = None) -> Proposal:
    groups = _working_groups(province)
    seats = _sitting(groups, _day(fiscal_year, today or dt.date.today()))
    sides = sorted({m.represents for m in seats})
    reasons = [
        Reason(
            f"คณะทำงานจังหวัดในระบบ {len(groups)} คณะ; กรรมการที่อยู่ในวาระ {len(seats)} คน",
            f"{len(groups)} provincial working groups in the system; {len(seats)} members in office",
        ),
        Reason(
            f"กรรมการมาจาก {len(sides)} ภาคส่วน (ขบวนองค์กรชุมชน หน่วยงาน ผู้ทรงคุณวุฒิ)",
            f"Members come from {len(sides)} of the 3 sides (movement, agencies, experts)",
        ),
        Reason(LIMIT_NOTE_TH, LIMIT_NOTE_EN),
    ]
    if not groups:
        level = 0
    elif not seats:
        level = 1
    elif len(sides) < 3:
        level = 2
    else:
        level = 3
    records = [Record("body", g.pk, g.name_th, reverse("organizations:detail", args=[g.pk])) for g in groups]
    return Proposal(level, reasons, records)


def criterion_7(province: Area, fiscal_year: int, today: dt.date | None = None) -> Proposal:
    groups = _working_groups(province)
    seats = _sitting(groups, _day(fiscal_year, today or dt.date.today()))
    chair = any(m.position == "chair" for m in seats)
    secretary = any(m.position == "secretary" for m in seats)
    centres = list(
        Body.objects.filter(
            _bodies(province.code),
            kind__in=[BodyKind.CON_CENTRE, BodyKind.PROVINCIAL_COMMUNITY_COUNCIL],
        )
        .exclude(address="")
        .exclude(phone="")
        .order_by("area__code", "pk")[:3]
    )
    reasons = [
        Reason(
            f"ประธานคณะทำงานจังหวัด: {'มี' if chair else 'ไม่มี'}; เลขานุการ: {'มี' if secretary else 'ไม่มี'}",
            f"Working group chair: {'yes' if chair else 'no'}; secretary: {'yes' if secretary else 'no'}",
        ),
        Reason(
            f"ศูนย์ประสานงานหรือสภาองค์กรชุมชนที่มีที่อยู่และโทรศัพท์ {len(centres)} แห่ง",
            f"{len(centres)} coordination centres or councils with an address and a telephone",
        ),
        Reason(LIMIT_NOTE_TH, LIMIT_NOTE_EN),
    ]
    named = chair and secretary
    if named and centres:
        level = 3
    elif named:
        level = 2
    elif chair or secretary or centres:
        level = 1
    else:
        level = 0
    records = [Record("body", b.pk, b.name_th, reverse("organizations:detail", args=[b.pk])) for b in centres]
    return Proposal(level, reasons, records)


# --- criteria 6 and 10: the meetings register -------------------------------------------------------


def _province_meetings(province: Area, fiscal_year: int) -> list[Meeting]:
    start, end = fiscal_year_range(fiscal_year)
    return list(
        Meeting.objects.filter(
            body__scope_kind="area", body__area__code=province.code, held_on__gte=start, held_on__lte=end
        )
        .select_related("body")
        .annotate(n_resolutions=Count("resolutions"))
        .order_by("held_on", "pk")
    )


def criterion_6(province: Area, fiscal_year: int) -> Proposal:
    meetings = _province_meetings(province, fiscal_year)
    attended = sum(1 for m in meetings if m.minutes_recorded)
    minuted = sum(1 for m in meetings if m.minutes)
    resolutions = sum(m.n_resolutions for m in meetings)  # type: ignore[attr-defined]
    n = len(meetings)
    reasons = [
        Reason(
            f"การประชุมของคณะในจังหวัดในปีงบประมาณ {n} ครั้ง: บันทึกผู้เข้าประชุม {attended} ครั้ง แนบรายงานการประชุม {minuted} ครั้ง",
            f"{n} meetings of the province's committees in the fiscal year: attendance recorded for {attended}, minutes attached to {minuted}",
        ),
        Reason(f"มติที่บันทึกไว้ {resolutions} มติ", f"{resolutions} resolutions on record"),
    ]
    if n == 0:
        level = 0
    elif attended == 0:
        level = 1
    elif attended < n or minuted * 2 < n:
        level = 2
    elif minuted < n or resolutions == 0:
        level = 3
    else:
        level = 4
    records = [Record("meeting", m.pk, str(m), reverse("meetings:meeting", args=[m.pk])) for m in meetings[:5]]
    return Proposal(level, reasons, records)


def criterion_10(province: Area, fiscal_year: int) -> Proposal:
    meetings = [
        m for m in _province_meetings(province, fiscal_year) if m.body.kind == BodyKind.PROVINCIAL_WORKING_GROUP
    ]
    ordinary = [m for m in meetings if m.kind == MeetingKind.ORDINARY]
    assemblies = [m for m in meetings if m.kind == MeetingKind.ANNUAL_ASSEMBLY]
    reasons = [
        Reason(
            f"การประชุมสามัญของคณะทำงานจังหวัดในปีงบประมาณ {fiscal_year} จำนวน {len(ordinary)} ครั้ง",
            f"{len(ordinary)} ordinary meetings of the provincial working group in FY{fiscal_year}",
        ),
        Reason(
            "สมัชชาจังหวัดประจำปี: " + ("จัดแล้ว" if assemblies else "ยังไม่มีในทะเบียน"),
            "Annual provincial assembly: " + ("held" if assemblies else "none in the register"),
        ),
        Reason(
            "เกณฑ์: ระดับ 4 = ประชุมอย่างน้อย 4 ครั้ง (รายไตรมาส) และมีสมัชชา; ระดับ 3 = ประชุม 2 ครั้งขึ้นไปและมีสมัชชา หรือประชุม 4 ครั้งขึ้นไป",
            "Rule: level 4 = at least 4 meetings (quarterly) and an assembly; level 3 = 2 or more and an assembly, or 4 or more",
        ),
    ]
    n, assembly = len(ordinary), bool(assemblies)
    if n >= 4 and assembly:
        level = 4
    elif (n >= 2 and assembly) or n >= 4:
        level = 3
    elif n >= 2 or assembly:
        level = 2
    elif n == 1:
        level = 1
    else:
        level = 0
    records = [
        Record("meeting", m.pk, str(m), reverse("meetings:meeting", args=[m.pk])) for m in (assemblies + ordinary)[:6]
    ]
    return Proposal(level, reasons, records)


PROPOSERS: dict[int, Callable[[Area, int], Proposal]] = {
    1: criterion_1,
    2: criterion_2,
    3: criterion_3,
    4: criterion_4,
    5: criterion_5,
    6: criterion_6,
    7: criterion_7,
    10: criterion_10,
}


def propose_levels(province: Area, fiscal_year: int) -> dict[int, Proposal | None]:
    """The proposed level of every criterion (``None`` where the system holds no evidence: 8, 9)."""
    return {
        number: (PROPOSERS[number](province, fiscal_year) if number in PROPOSERS else None) for number in range(1, 11)
    }


def record_label_url(kind: str, object_id: int) -> tuple[str, str] | None:
    """The label and page of a linked record (evidence), or None when it no longer exists."""
    obj: Any
    if kind == "plan":
        obj = Plan.objects.filter(pk=object_id).first()
        return (obj.title, reverse("plans:detail", args=[object_id])) if obj else None
    if kind == "plan_item":
        obj = PlanItem.objects.filter(pk=object_id).first()
        return (obj.title, reverse("plans:item", args=[object_id])) if obj else None
    if kind == "meeting":
        obj = Meeting.objects.filter(pk=object_id).select_related("body").first()
        return (str(obj), reverse("meetings:meeting", args=[object_id])) if obj else None
    if kind == "resolution":
        obj = Resolution.objects.filter(pk=object_id).select_related("body").first()
        return (str(obj), reverse("meetings:resolution", args=[object_id])) if obj else None
    if kind == "project":
        obj = Project.objects.filter(pk=object_id).first()
        return (obj.title_th, reverse("projects:detail", args=[object_id])) if obj else None
    if kind == "governor_proposal":
        obj = GovernorProposal.objects.filter(pk=object_id).first()
        return (obj.title, reverse("plans:governor_detail", args=[object_id])) if obj else None
    if kind == "indicator":
        obj = Indicator.objects.filter(pk=object_id).first()
        return (obj.name, reverse("indicators:detail", args=[object_id])) if obj else None
    if kind == "body":
        obj = Body.objects.filter(pk=object_id).first()
        return (obj.name_th, reverse("organizations:detail", args=[object_id])) if obj else None
    return None
