"""Leaders and contact people of registered organisations (personal data under the PDPA).

The national ID is checked (13 digits, check digit) and stored; audit rows keep it masked, and a
message never repeats it (it may reach someone who may not see national IDs).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, require_write
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record, diff, snapshot
from chumchon.core.bilingual import bilingual as bi
from chumchon.core.national_id import NationalIdError, clean_national_id, mask_national_id
from chumchon.organizations.models import Body, BodyLeader, LeaderPosition


def _audited_values(leader: BodyLeader) -> dict[str, object]:
    values = snapshot(leader)
    if leader.national_id:
        values["national_id"] = mask_national_id(leader.national_id)
    return values


@transaction.atomic
def leader_add_in_transaction(
    *,
    body: Body,
    actor: User,
    position: str,
    name: str,
    national_id: str = "",
    phone: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> BodyLeader:
    """Record a leader or contact person of ``body`` (ORG_EDIT over the body)."""
    require_write(actor, Action.ORG_EDIT, body)
    if position not in LeaderPosition.values:
        raise ValidationError(bi("ตำแหน่งไม่ถูกต้อง", "Unknown position"))
    if not name.strip():
        raise ValidationError(bi("ต้องระบุชื่อ", "A name is required"))
    if national_id.strip():
        try:
            national_id = clean_national_id(national_id)
        except NationalIdError as exc:
            raise ValidationError(
                bi(
                    "เลขประจำตัวประชาชนไม่ถูกต้อง (ต้องเป็นตัวเลข 13 หลักและเลขตรวจสอบถูกต้อง)",
                    "The national ID is not valid (13 digits with a correct check digit)",
                )
            ) from exc
    if since and until and until < since:
        raise ValidationError(bi("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม", "The end date cannot be before the start date"))
    leader = BodyLeader(
        body=body,
        position=position,
        name=name.strip(),
        national_id=national_id.strip(),
        phone=phone.strip(),
        since=since,
        until=until,
    )
    leader.full_clean()
    leader.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        model_label=BodyLeader._meta.label_lower,
        object_pk=str(leader.pk),
        area_code=_area_code(body),
        changes=diff({}, _audited_values(leader)),
        personal_data=True,
        note=f"body {body.pk}",
    )
    return leader


leader_add = transaction.atomic(durable=True)(leader_add_in_transaction)


@transaction.atomic(durable=True)
def leader_remove(*, leader: BodyLeader, actor: User) -> None:
    require_write(actor, Action.ORG_EDIT, leader.body)
    before = _audited_values(leader)
    pk, body = leader.pk, leader.body
    leader.delete()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        model_label=BodyLeader._meta.label_lower,
        object_pk=str(pk),
        area_code=_area_code(body),
        changes=diff(before, {}),
        personal_data=True,
        note=f"body {body.pk}",
    )


def _area_code(body: Body) -> str:
    codes = body.scope_codes
    return codes[0] if len(codes) == 1 else ""
