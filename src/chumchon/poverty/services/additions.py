"""Field additions: people the survey missed, newly vulnerable people, checked by a second user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, require_write
from chumchon.areas.models import Area
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record, diff, snapshot
from chumchon.core.bilingual import bilingual as bi
from chumchon.core.national_id import NationalIdError, clean_national_id, mask_national_id
from chumchon.poverty.error_codes import PovertyErrorCode
from chumchon.poverty.errors import PovertyError
from chumchon.poverty.models import AdditionKind, AdditionReason, AdditionStatus, FieldAddition, SurveyRound
from chumchon.poverty.services.validation import clean_dimensions, require_tambon


@transaction.atomic
def addition_create_in_transaction(
    *,
    actor: User,
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
    require_tambon(area)
    if kind not in AdditionKind.values:
        raise PovertyError(bi("ชนิดไม่ถูกต้อง", "Kind must be household or person"), code=PovertyErrorCode.BAD_KIND)
    if reason not in AdditionReason.values:
        raise PovertyError(bi("ต้องระบุเหตุผล", "Give a reason for the addition"), code=PovertyErrorCode.BAD_REASON)
    if not full_name.strip():
        raise PovertyError(bi("ต้องระบุชื่อ", "A name is required"), code=PovertyErrorCode.NAME_REQUIRED)
    if village_code and not (len(village_code) == 8 and village_code.startswith(area.code)):
        raise PovertyError(
            bi("รหัสหมู่บ้านต้องเป็น 8 หลักและอยู่ในตำบลนี้", "The village code must be 8 digits within this tambon"),
            code=PovertyErrorCode.BAD_VILLAGE,
        )
    clean_id = ""
    if national_id.strip():
        try:
            clean_id = clean_national_id(national_id)
        except NationalIdError as exc:
            raise PovertyError(str(exc), code=PovertyErrorCode.BAD_NATIONAL_ID) from exc
    if household is not None and (household.kind != AdditionKind.HOUSEHOLD or household.area_id != area.pk):
        raise PovertyError(
            bi(
                "ครัวเรือนที่อ้างถึงต้องเป็นครัวเรือนที่เพิ่มในตำบลเดียวกัน",
                "The household must be an added household in the same tambon",
            ),
            code=PovertyErrorCode.BAD_HOUSEHOLD,
        )
    if kind == AdditionKind.HOUSEHOLD and (household is not None or survey_household_id):
        raise PovertyError(
            bi("ครัวเรือนไม่สามารถอยู่ในครัวเรือนอื่น", "A household cannot belong to another household"),
            code=PovertyErrorCode.BAD_HOUSEHOLD,
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
        dimensions=clean_dimensions(dimensions),
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
def addition_decide_in_transaction(
    *, addition: FieldAddition, actor: User, verified: bool, note: str = ""
) -> FieldAddition:
    """A second user verifies or rejects a pending addition (never the user who added it)."""
    require_write(actor, Action.PERSON_VERIFY, addition)
    locked = FieldAddition.objects.select_for_update().get(pk=addition.pk)
    if locked.status != AdditionStatus.PENDING:
        raise PovertyError(
            bi("รายการนี้ได้รับการตรวจสอบแล้ว", "This addition has already been verified or rejected"),
            code=PovertyErrorCode.ALREADY_DECIDED,
        )
    if locked.created_by_id == actor.pk:
        raise PovertyError(
            bi(
                "ผู้เพิ่มรายการไม่สามารถตรวจสอบรายการของตนเองได้ ต้องให้ผู้อื่นตรวจสอบ",
                "You cannot verify your own addition: a second person must check it",
            ),
            code=PovertyErrorCode.OWN_ADDITION,
        )
    if not verified and not note.strip():
        raise PovertyError(
            bi("ต้องระบุเหตุผลที่ไม่รับรอง", "Give the reason for rejecting"), code=PovertyErrorCode.REASON_REQUIRED
        )
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


# The entry points views, the API and jobs call: each in its own durable transaction. The
# ``*_in_transaction`` functions above do the same work inside a caller's transaction (the demo);
# a durable block cannot nest.
addition_create = transaction.atomic(durable=True)(addition_create_in_transaction)
addition_decide = transaction.atomic(durable=True)(addition_decide_in_transaction)
