"""The Logbook: cases opened for target households or persons, their status and the help recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, require_write
from chumchon.areas.models import Area
from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.audit.services import audit_record, audited_create, diff, snapshot
from chumchon.core.bilingual import bilingual as bi
from chumchon.core.national_id import NationalIdError, clean_national_id, mask_national_id
from chumchon.core.thai import to_decimal_baht
from chumchon.core.uploads import UploadPurpose, check_upload, files_removed_on_failure, track_stored_file
from chumchon.organizations.models import Body
from chumchon.poverty.error_codes import PovertyErrorCode
from chumchon.poverty.errors import PovertyError
from chumchon.poverty.events import case_assistance_event, case_opened_event, case_status_changed_event
from chumchon.poverty.models import (
    CASE_TRANSITIONS,
    AdditionStatus,
    AssistanceRecord,
    Case,
    CaseStatus,
    FieldAddition,
    HelpKind,
    SurveyRound,
)
from chumchon.poverty.models.logbook import REASON_REQUIRED
from chumchon.poverty.services.validation import clean_dimensions, require_tambon

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


@transaction.atomic
def case_open_in_transaction(
    *,
    actor: User,
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
    require_tambon(area)
    clean_dimensions([dimension])
    if addition is not None:
        if addition.status != AdditionStatus.VERIFIED:
            raise PovertyError(
                bi("ต้องรับรองรายการที่เพิ่มก่อนเปิดรายการช่วยเหลือ", "The addition must be verified before a case is opened"),
                code=PovertyErrorCode.ADDITION_NOT_VERIFIED,
            )
        if addition.area_id != area.pk:
            raise PovertyError(
                bi("รายการอยู่ต่างตำบล", "The addition is in another tambon"), code=PovertyErrorCode.BAD_AREA
            )
        household_id, person_id = "", ""
        village_code = village_code or addition.village_code
        label = label or addition.house_no
    elif not household_id:
        if person_id:
            raise PovertyError(
                bi(
                    "รายการช่วยเหลือรายบุคคลต้องระบุครัวเรือนของบุคคลนั้น",
                    "A case for a person needs the person's household",
                ),
                code=PovertyErrorCode.HOUSEHOLD_REQUIRED,
            )
        raise PovertyError(bi("ต้องระบุครัวเรือน", "A household is required"), code=PovertyErrorCode.HOUSEHOLD_REQUIRED)
    elif person_id:
        person_id = _case_person_id(person_id)
    if village_code and not village_code.startswith(area.code):
        raise PovertyError(
            bi("หมู่บ้านไม่อยู่ในตำบลนี้", "The village is not in this tambon"), code=PovertyErrorCode.BAD_VILLAGE
        )
    existing = Case.objects.filter(survey_round=survey_round, dimension=dimension)
    existing = (
        existing.filter(addition=addition)
        if addition is not None
        else existing.filter(addition__isnull=True, household_id=household_id, person_id=person_id)
    )
    if existing.exists():
        raise PovertyError(
            bi("มีรายการช่วยเหลือของเป้าหมายนี้ในมิตินี้อยู่แล้ว", "A case for this target in this dimension already exists"),
            code=PovertyErrorCode.CASE_EXISTS,
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
    case_opened_event(case=case, actor=actor, comment=comment)
    return case


def _case_person_id(value: str) -> str:
    """A person case's ``person_id``: the member's 13-digit national ID with a valid check digit.

    The message never repeats the value: it may reach a user who may not see national IDs.
    """
    try:
        return clean_national_id(value)
    except NationalIdError as exc:
        raise PovertyError(
            bi(
                "เลขประจำตัวประชาชนของบุคคลไม่ถูกต้อง (ต้องเป็นตัวเลข 13 หลักและเลขตรวจสอบถูกต้อง)",
                "The person's national ID is not valid (13 digits with a correct check digit)",
            ),
            code=PovertyErrorCode.BAD_NATIONAL_ID,
        ) from exc


def _person_case_create(actor: User, fields: dict[str, Any]) -> Case:
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
        raise PovertyError(
            bi(f"ไม่รู้จักสถานะ {to_status!r}", f"Unknown status {to_status!r}"), code=PovertyErrorCode.BAD_STATUS
        )
    if to_status not in CASE_TRANSITIONS[case.status]:
        raise PovertyError(
            bi(
                f"ไม่สามารถเปลี่ยนสถานะจาก “{STATUS_TH[case.status]}” เป็น “{STATUS_TH[to_status]}”",
                f"A case cannot move from “{STATUS_EN[case.status]}” to “{STATUS_EN[to_status]}”",
            ),
            code=PovertyErrorCode.TRANSITION_NOT_ALLOWED,
        )
    if to_status in REASON_REQUIRED and not comment.strip():
        raise PovertyError(
            bi(f"ต้องระบุเหตุผลเมื่อเปลี่ยนเป็น “{STATUS_TH[to_status]}”", f"Give a reason for “{STATUS_EN[to_status]}”"),
            code=PovertyErrorCode.REASON_REQUIRED,
        )
    if to_status == CaseStatus.HELPED:
        if has_assistance is None:
            has_assistance = case.assistance.exists()
        if not has_assistance:
            raise PovertyError(
                bi(
                    "ต้องบันทึกการให้ความช่วยเหลืออย่างน้อยหนึ่งรายการก่อนเปลี่ยนเป็น “ช่วยเหลือแล้ว”",
                    "Record at least one piece of help before marking the case “Helped”",
                ),
                code=PovertyErrorCode.NO_ASSISTANCE,
            )


@transaction.atomic
def case_transition_in_transaction(*, case: Case, to_status: str, actor: User, comment: str = "") -> Case:
    """Move a case to ``to_status`` if the rules allow; audited as a transition, shown on the timeline."""
    require_write(actor, Action.LOGBOOK_EDIT, case)
    locked = Case.objects.select_for_update().select_related("area").get(pk=case.pk)
    check_transition(locked, to_status, comment=comment)
    before = locked.status
    locked.status = to_status
    locked.status_reason = comment.strip() if to_status in REASON_REQUIRED else ""
    locked.save(update_fields=["status", "status_reason", "updated_at"])
    case_status_changed_event(case=locked, actor=actor, from_status=before, to_status=to_status, comment=comment)
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
@files_removed_on_failure()
def assistance_add_in_transaction(
    *,
    case: Case,
    actor: User,
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
            bi(
                f"ไม่สามารถบันทึกการช่วยเหลือในสถานะ “{STATUS_TH[locked.status]}”",
                f"Help cannot be recorded for a case that is “{STATUS_EN[locked.status]}”",
            ),
            code=PovertyErrorCode.CASE_CLOSED,
        )
    if not description.strip():
        raise PovertyError(bi("ต้องระบุสิ่งที่ทำ", "Say what was done"), code=PovertyErrorCode.DESCRIPTION_REQUIRED)
    if help_kind not in HelpKind.values:
        raise PovertyError(bi("ประเภทความช่วยเหลือไม่ถูกต้อง", "Unknown type of help"), code=PovertyErrorCode.BAD_HELP_KIND)
    try:
        money = to_decimal_baht(amount if amount not in (None, "") else 0)
    except (TypeError, ValueError) as exc:
        raise PovertyError(str(exc), code=PovertyErrorCode.BAD_AMOUNT) from exc
    if money < 0:
        raise PovertyError(bi("จำนวนเงินต้องไม่ติดลบ", "The amount cannot be negative"), code=PovertyErrorCode.BAD_AMOUNT)
    if help_kind == HelpKind.CASH and money <= 0:
        raise PovertyError(
            bi("ความช่วยเหลือเป็นเงินต้องระบุจำนวนเงิน", "Cash help needs an amount"), code=PovertyErrorCode.BAD_AMOUNT
        )
    if given_on > timezone.localdate():
        raise PovertyError(
            bi("วันที่ช่วยเหลืออยู่ในอนาคต", "The date of help is in the future"), code=PovertyErrorCode.FUTURE_DATE
        )
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
        track_stored_file(record.evidence)
    record.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=record, changes=diff({}, snapshot(record)))
    case_assistance_event(case=locked, actor=actor, description=record.description)
    if locked.status == CaseStatus.TARGET:
        case_transition_in_transaction(
            case=locked, to_status=CaseStatus.IN_PROGRESS, actor=actor, comment="เริ่มให้ความช่วยเหลือ / help has begun"
        )
    case.refresh_from_db()
    return record


# The entry points views, the API and jobs call: each in its own durable transaction. The
# ``*_in_transaction`` functions above do the same work inside a caller's transaction (another
# service, the demo); a durable block cannot nest.
case_open = transaction.atomic(durable=True)(case_open_in_transaction)
case_transition = transaction.atomic(durable=True)(case_transition_in_transaction)
assistance_add = transaction.atomic(durable=True)(assistance_add_in_transaction)
