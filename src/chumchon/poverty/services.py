"""Writes for poverty targeting: field additions, the Logbook, survey imports (see ``poverty.imports``).

Every function checks the permission over the record's subdistrict, validates, writes in one
transaction and leaves an audit row. Business-rule refusals raise ``PovertyError`` (a
``ValidationError``) with a bilingual message and change nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from chumchon.accounts.permissions import Action, require_write
from chumchon.areas.models import Area, AreaLevel
from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.audit.services import audit_record, audited_create, diff, snapshot
from chumchon.core.bilingual import bilingual as _bi
from chumchon.core.national_id import NationalIdError, clean_national_id, mask_national_id
from chumchon.core.thai import to_decimal_baht
from chumchon.core.uploads import UploadPurpose, check_upload
from chumchon.organizations.models import Body
from chumchon.poverty.models import (
    CASE_TRANSITIONS,
    AdditionKind,
    AdditionReason,
    AdditionStatus,
    AssistanceRecord,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    DimensionCode,
    FieldAddition,
    HelpKind,
    SurveyRound,
)
from chumchon.poverty.models.logbook import REASON_REQUIRED


class PovertyError(ValidationError):
    """A poverty-targeting rule refused the change (bilingual message; nothing was written)."""


STATUS_TH: dict[str, str] = {
    CaseStatus.TARGET: "เป้าหมาย",
    CaseStatus.IN_PROGRESS: "กำลังช่วยเหลือ",
    CaseStatus.HELPED: "ช่วยเหลือแล้ว",
    CaseStatus.SOLVED_BY_HOUSEHOLD: "แก้ไขได้ด้วยตนเอง",
    CaseStatus.CANNOT_BE_SOLVED: "แก้ไขไม่ได้",
    CaseStatus.MOVED: "ย้ายออก",
    CaseStatus.DECEASED: "เสียชีวิต",
}
STATUS_EN: dict[str, str] = {s.value: str(s.label) for s in CaseStatus}


def _tambon(area: Area) -> None:
    if area.level != AreaLevel.SUBDISTRICT:
        raise PovertyError(_bi("ต้องเลือกตำบล", "Choose a subdistrict (tambon)"), code="not_tambon")


def _dimensions(values: Iterable[str]) -> list[str]:
    out = []
    for value in values:
        if value not in DimensionCode.values:
            raise PovertyError(_bi(f"ไม่รู้จักมิติ {value!r}", f"Unknown dimension {value!r}"), code="bad_dimension")
        if value not in out:
            out.append(value)
    return [d for d in DimensionCode.values if d in out]


# ---------------------------------------------------------------------------------------------
# Field additions: people the survey missed, newly vulnerable people


@transaction.atomic
def addition_create(
    *,
    actor: Any,
    survey_round: SurveyRound,
    area: Area,
    kind: str,
    reason: str,
    full_name: str,
    village_code: str = "",
    house_no: str = "",
    national_id: str = "",
    birth_date: dt.date | None = None,
    member_count: int = 1,
    survey_household_id: str = "",
    household: FieldAddition | None = None,
    dimensions: Iterable[str] = (),
    elderly: bool = False,
    disabled: bool = False,
    chronically_ill: bool = False,
    bedridden: bool = False,
    child: bool = False,
    note: str = "",
) -> FieldAddition:
    """A field team adds a household or person outside the survey; it waits for a second user's check."""
    require_write(actor, Action.PERSON_EDIT, area)
    _tambon(area)
    if kind not in AdditionKind.values:
        raise PovertyError(_bi("ชนิดไม่ถูกต้อง", "Kind must be household or person"), code="bad_kind")
    if reason not in AdditionReason.values:
        raise PovertyError(_bi("ต้องระบุเหตุผล", "Give a reason for the addition"), code="bad_reason")
    if not full_name.strip():
        raise PovertyError(_bi("ต้องระบุชื่อ", "A name is required"), code="name_required")
    if village_code and not (len(village_code) == 8 and village_code.startswith(area.code)):
        raise PovertyError(
            _bi("รหัสหมู่บ้านต้องเป็น 8 หลักและอยู่ในตำบลนี้", "The village code must be 8 digits within this tambon"),
            code="bad_village",
        )
    clean_id = ""
    if national_id.strip():
        try:
            clean_id = clean_national_id(national_id)
        except NationalIdError as exc:
            raise PovertyError(str(exc), code="bad_national_id") from exc
    if household is not None and (household.kind != AdditionKind.HOUSEHOLD or household.area_id != area.pk):
        raise PovertyError(
            _bi(
                "ครัวเรือนที่อ้างถึงต้องเป็นครัวเรือนที่เพิ่มในตำบลเดียวกัน",
                "The household must be an added household in the same tambon",
            ),
            code="bad_household",
        )
    if kind == AdditionKind.HOUSEHOLD and (household is not None or survey_household_id):
        raise PovertyError(
            _bi("ครัวเรือนไม่สามารถอยู่ในครัวเรือนอื่น", "A household cannot belong to another household"),
            code="bad_household",
        )
    addition = FieldAddition(
        survey_round=survey_round,
        area=area,
        village_code=village_code,
        kind=kind,
        reason=reason,
        full_name=full_name.strip(),
        house_no=house_no.strip(),
        national_id=clean_id,
        birth_date=birth_date,
        member_count=member_count,
        survey_household_id=survey_household_id.strip(),
        household=household,
        dimensions=_dimensions(dimensions),
        elderly=elderly,
        disabled=disabled,
        chronically_ill=chronically_ill,
        bedridden=bedridden,
        child=child,
        note=note,
        created_by=actor,
    )
    addition.full_clean()
    addition.save()
    # The audit row keeps the facts but not the person's ID in clear (PDPA).
    values = snapshot(addition)
    values["national_id"] = mask_national_id(clean_id) if clean_id else ""
    audit_record(actor=actor, action=AuditAction.CREATE, obj=addition, changes=diff({}, values), personal_data=True)
    return addition


@transaction.atomic
def addition_decide(*, addition: FieldAddition, actor: Any, verified: bool, note: str = "") -> FieldAddition:
    """A second user verifies or rejects a pending addition (never the user who added it)."""
    require_write(actor, Action.PERSON_VERIFY, addition)
    locked = FieldAddition.objects.select_for_update().get(pk=addition.pk)
    if locked.status != AdditionStatus.PENDING:
        raise PovertyError(
            _bi("รายการนี้ได้รับการตรวจสอบแล้ว", "This addition has already been verified or rejected"),
            code="already_decided",
        )
    if locked.created_by_id == getattr(actor, "pk", None):
        raise PovertyError(
            _bi(
                "ผู้เพิ่มรายการไม่สามารถตรวจสอบรายการของตนเองได้ ต้องให้ผู้อื่นตรวจสอบ",
                "You cannot verify your own addition: a second person must check it",
            ),
            code="own_addition",
        )
    if not verified and not note.strip():
        raise PovertyError(_bi("ต้องระบุเหตุผลที่ไม่รับรอง", "Give the reason for rejecting"), code="reason_required")
    before = locked.status
    locked.status = AdditionStatus.VERIFIED if verified else AdditionStatus.REJECTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [before, locked.status]},
        note=note,
    )
    addition.refresh_from_db()
    return locked


# ---------------------------------------------------------------------------------------------
# The Logbook


def _event(case: Case, *, kind: str, actor: Any, from_status: str = "", to_status: str = "", comment: str = "") -> None:
    CaseEvent.objects.create(
        case=case, kind=kind, actor=actor, from_status=from_status, to_status=to_status, comment=comment
    )


@transaction.atomic
def case_open(
    *,
    actor: Any,
    survey_round: SurveyRound,
    area: Area,
    dimension: str,
    household_id: str = "",
    person_id: str = "",
    addition: FieldAddition | None = None,
    village_code: str = "",
    label: str = "",
    indicators: Iterable[str] = (),
    comment: str = "",
) -> Case:
    """Open a Logbook case for a target household (or person) in one dimension, status "target".

    A person case names a member of the household by national ID (13 digits, valid check digit),
    stored in ``person_id``; it may sit beside the household's own case in the same dimension.
    """
    require_write(actor, Action.LOGBOOK_EDIT, area)
    _tambon(area)
    _dimensions([dimension])
    if addition is not None:
        if addition.status != AdditionStatus.VERIFIED:
            raise PovertyError(
                _bi("ต้องรับรองรายการที่เพิ่มก่อนเปิดรายการช่วยเหลือ", "The addition must be verified before a case is opened"),
                code="addition_not_verified",
            )
        if addition.area_id != area.pk:
            raise PovertyError(_bi("รายการอยู่ต่างตำบล", "The addition is in another tambon"), code="bad_area")
        household_id, person_id = "", ""
        village_code = village_code or addition.village_code
        label = label or addition.house_no
    elif not household_id:
        if person_id:
            raise PovertyError(
                _bi(
                    "รายการช่วยเหลือรายบุคคลต้องระบุครัวเรือนของบุคคลนั้น",
                    "A case for a person needs the person's household",
                ),
                code="household_required",
            )
        raise PovertyError(_bi("ต้องระบุครัวเรือน", "A household is required"), code="household_required")
    elif person_id:
        person_id = _case_person_id(person_id)
    if village_code and not village_code.startswith(area.code):
        raise PovertyError(_bi("หมู่บ้านไม่อยู่ในตำบลนี้", "The village is not in this tambon"), code="bad_village")
    existing = Case.objects.filter(survey_round=survey_round, dimension=dimension)
    existing = (
        existing.filter(addition=addition)
        if addition is not None
        else existing.filter(addition__isnull=True, household_id=household_id, person_id=person_id)
    )
    if existing.exists():
        raise PovertyError(
            _bi("มีรายการช่วยเหลือของเป้าหมายนี้ในมิตินี้อยู่แล้ว", "A case for this target in this dimension already exists"),
            code="case_exists",
        )
    fields: dict[str, Any] = {
        "survey_round": survey_round,
        "area": area,
        "village_code": village_code,
        "household_id": household_id,
        "person_id": person_id,
        "addition": addition,
        "label": label[:200],
        "dimension": dimension,
        "indicators": sorted(set(indicators)),
        "status": CaseStatus.TARGET,
        "opened_by": actor,
    }
    case = _person_case_create(actor, fields) if person_id else audited_create(Case, actor=actor, **fields)
    _event(case, kind=CaseEventKind.OPENED, actor=actor, to_status=CaseStatus.TARGET, comment=comment)
    return case


def _case_person_id(value: str) -> str:
    """A person case's ``person_id``: the member's 13-digit national ID with a valid check digit.

    The message never repeats the value: it may reach a user who may not see national IDs.
    """
    try:
        return clean_national_id(value)
    except NationalIdError as exc:
        raise PovertyError(
            _bi(
                "เลขประจำตัวประชาชนของบุคคลไม่ถูกต้อง (ต้องเป็นตัวเลข 13 หลักและเลขตรวจสอบถูกต้อง)",
                "The person's national ID is not valid (13 digits with a correct check digit)",
            ),
            code="bad_national_id",
        ) from exc


def _person_case_create(actor: Any, fields: dict[str, Any]) -> Case:
    """Create a person case; its audit row keeps the facts but not the national ID in clear (PDPA)."""
    case = Case(**fields)
    case.full_clean()
    case.save()
    values = snapshot(case)
    masked = mask_national_id(case.person_id)
    values["person_id"] = masked
    event = audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        model_label=Case._meta.label_lower,
        object_pk=str(case.pk),
        area_code=case.area.code,
        changes=diff({}, values),
        personal_data=True,
    )
    AuditEvent.objects.filter(pk=event.pk).update(
        object_repr=f"{case.household_id}/{masked} · {case.get_dimension_display()}"[:300]
    )
    return case


def check_transition(case: Case, to_status: str, *, comment: str = "", has_assistance: bool | None = None) -> None:
    """Raise ``PovertyError`` when ``case`` may not move to ``to_status`` (the rules, in one place)."""
    if to_status not in CaseStatus.values:
        raise PovertyError(_bi(f"ไม่รู้จักสถานะ {to_status!r}", f"Unknown status {to_status!r}"), code="bad_status")
    if to_status not in CASE_TRANSITIONS[case.status]:
        raise PovertyError(
            _bi(
                f"ไม่สามารถเปลี่ยนสถานะจาก “{STATUS_TH[case.status]}” เป็น “{STATUS_TH[to_status]}”",
                f"A case cannot move from “{STATUS_EN[case.status]}” to “{STATUS_EN[to_status]}”",
            ),
            code="transition_not_allowed",
        )
    if to_status in REASON_REQUIRED and not comment.strip():
        raise PovertyError(
            _bi(f"ต้องระบุเหตุผลเมื่อเปลี่ยนเป็น “{STATUS_TH[to_status]}”", f"Give a reason for “{STATUS_EN[to_status]}”"),
            code="reason_required",
        )
    if to_status == CaseStatus.HELPED:
        if has_assistance is None:
            has_assistance = case.assistance.exists()
        if not has_assistance:
            raise PovertyError(
                _bi(
                    "ต้องบันทึกการให้ความช่วยเหลืออย่างน้อยหนึ่งรายการก่อนเปลี่ยนเป็น “ช่วยเหลือแล้ว”",
                    "Record at least one piece of help before marking the case “Helped”",
                ),
                code="no_assistance",
            )


@transaction.atomic
def case_transition(*, case: Case, to_status: str, actor: Any, comment: str = "") -> Case:
    """Move a case to ``to_status`` if the rules allow; audited as a transition, shown on the timeline."""
    require_write(actor, Action.LOGBOOK_EDIT, case)
    locked = Case.objects.select_for_update().select_related("area").get(pk=case.pk)
    check_transition(locked, to_status, comment=comment)
    before = locked.status
    locked.status = to_status
    locked.status_reason = comment.strip() if to_status in REASON_REQUIRED else ""
    locked.save(update_fields=["status", "status_reason", "updated_at"])
    _event(locked, kind=CaseEventKind.TRANSITION, actor=actor, from_status=before, to_status=to_status, comment=comment)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes={"status": [before, to_status]},
        note=comment,
    )
    for f in ("status", "status_reason", "updated_at"):
        setattr(case, f, getattr(locked, f))
    return case


def _check_evidence(evidence: UploadedFile | None) -> None:
    check_upload(evidence, UploadPurpose.EVIDENCE)  # the upload policy (core/uploads.py)


@transaction.atomic
def assistance_add(
    *,
    case: Case,
    actor: Any,
    description: str,
    help_kind: str,
    given_on: dt.date,
    amount: Decimal | int | str = Decimal(0),
    agency: Body | None = None,
    agency_name: str = "",
    follow_up_on: dt.date | None = None,
    evidence: UploadedFile | None = None,
) -> AssistanceRecord:
    """Record help given for a case. A case still at "target" moves to "in progress" (help has begun)."""
    require_write(actor, Action.LOGBOOK_EDIT, case)
    locked = Case.objects.select_for_update().select_related("area").get(pk=case.pk)
    if locked.status in (CaseStatus.MOVED, CaseStatus.DECEASED):
        raise PovertyError(
            _bi(
                f"ไม่สามารถบันทึกการช่วยเหลือในสถานะ “{STATUS_TH[locked.status]}”",
                f"Help cannot be recorded for a case that is “{STATUS_EN[locked.status]}”",
            ),
            code="case_closed",
        )
    if not description.strip():
        raise PovertyError(_bi("ต้องระบุสิ่งที่ทำ", "Say what was done"), code="description_required")
    if help_kind not in HelpKind.values:
        raise PovertyError(_bi("ประเภทความช่วยเหลือไม่ถูกต้อง", "Unknown type of help"), code="bad_help_kind")
    try:
        money = to_decimal_baht(amount if amount not in (None, "") else 0)
    except (TypeError, ValueError) as exc:
        raise PovertyError(str(exc), code="bad_amount") from exc
    if money < 0:
        raise PovertyError(_bi("จำนวนเงินต้องไม่ติดลบ", "The amount cannot be negative"), code="bad_amount")
    if help_kind == HelpKind.CASH and money <= 0:
        raise PovertyError(_bi("ความช่วยเหลือเป็นเงินต้องระบุจำนวนเงิน", "Cash help needs an amount"), code="bad_amount")
    if given_on > timezone.localdate():
        raise PovertyError(_bi("วันที่ช่วยเหลืออยู่ในอนาคต", "The date of help is in the future"), code="future_date")
    _check_evidence(evidence)
    record = AssistanceRecord(
        case=locked,
        description=description.strip(),
        help_kind=help_kind,
        amount=money,
        agency=agency,
        agency_name=agency_name.strip() if agency is None else "",
        given_on=given_on,
        follow_up_on=follow_up_on,
        recorded_by=actor,
    )
    record.full_clean()
    if evidence is not None:
        record.evidence.save(PurePath(evidence.name or "evidence").name, evidence, save=False)
    record.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=record, changes=diff({}, snapshot(record)))
    _event(locked, kind=CaseEventKind.ASSISTANCE, actor=actor, comment=record.description[:500])
    if locked.status == CaseStatus.TARGET:
        case_transition(
            case=locked, to_status=CaseStatus.IN_PROGRESS, actor=actor, comment="เริ่มให้ความช่วยเหลือ / help has begun"
        )
    case.refresh_from_db()
    return record


# The survey import lives in its own module; importing it here registers its job ("poverty.import")
# for workers, which discover jobs through each app's ``services`` module.
from chumchon.poverty import imports as _imports  # noqa: E402, F401
