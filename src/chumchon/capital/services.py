"""Writes to recorded community capital (ทุนชุมชน): validate → permission → transaction → audit.

Every write needs ``CAPITAL_EDIT`` over the entry's area (the tambon council secretary and CDD
officers of that area hold it); moving an entry needs it over both areas. An entry is never
deleted: it is retired with a reason and a date, and stays in the audit trail and the history.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, require_write
from chumchon.areas.models import Area
from chumchon.audit.services import audited_create, audited_update
from chumchon.capital.error_codes import CapitalErrorCode
from chumchon.capital.models import CapitalEntry
from chumchon.core.bilingual import bilingual

__all__ = [
    "capital_entry_create",
    "capital_entry_create_in_transaction",
    "capital_entry_retire",
    "capital_entry_retire_in_transaction",
    "capital_entry_update",
    "capital_entry_update_in_transaction",
]

EDITABLE_FIELDS = frozenset(
    {"area", "kind", "name", "description", "quantity", "unit", "source_kind", "source_name", "as_of"}
)


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ValidationError(
            bilingual(f"แก้ไขช่องนี้ไม่ได้: {names}", f"These fields cannot be set: {names}"),
            code=CapitalErrorCode.UNKNOWN_FIELD,
        )


@transaction.atomic
def capital_entry_create_in_transaction(
    *,
    actor: User,
    area: Area,
    kind: str,
    name: str,
    source_kind: str,
    as_of: dt.date,
    source_name: str = "",
    description: str = "",
    quantity: Decimal | None = None,
    unit: str = "",
) -> CapitalEntry:
    """Record one item of community capital of ``area`` (a tambon or a village/community)."""
    require_write(actor, Action.CAPITAL_EDIT, area)
    return audited_create(
        CapitalEntry,
        actor=actor,
        area=area,
        kind=kind,
        name=name,
        description=description.strip(),
        quantity=quantity,
        unit=unit,
        source_kind=source_kind,
        source_name=source_name,
        as_of=as_of,
    )


capital_entry_create = transaction.atomic(durable=True)(capital_entry_create_in_transaction)


@transaction.atomic
def capital_entry_update_in_transaction(*, entry: CapitalEntry, actor: User, **changes: Any) -> CapitalEntry:
    """Change a recorded item; moving it to another area needs the right there too."""
    _check_fields(changes)
    require_write(actor, Action.CAPITAL_EDIT, entry)
    if entry.is_retired:
        raise ValidationError(
            bilingual("รายการนี้เลิกใช้แล้ว แก้ไขไม่ได้", "This entry is retired and cannot be changed."),
            code=CapitalErrorCode.RETIRED_ENTRY,
        )
    new_area = changes.get("area")
    if new_area is not None and new_area != entry.area:
        require_write(actor, Action.CAPITAL_EDIT, new_area)
    if "description" in changes:
        changes["description"] = (changes["description"] or "").strip()
    return audited_update(entry, actor=actor, **changes)


capital_entry_update = transaction.atomic(durable=True)(capital_entry_update_in_transaction)


@transaction.atomic
def capital_entry_retire_in_transaction(
    *, entry: CapitalEntry, actor: User, reason: str, on: dt.date | None = None
) -> CapitalEntry:
    """Retire an item that no longer exists or was recorded in error (it is kept, not deleted)."""
    require_write(actor, Action.CAPITAL_EDIT, entry)
    if entry.is_retired:
        raise ValidationError(
            bilingual("รายการนี้เลิกใช้แล้ว", "This entry is already retired."), code=CapitalErrorCode.ALREADY_RETIRED
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": bilingual("ต้องระบุเหตุผลที่เลิกใช้", "A reason for retiring is required.")},
            code=CapitalErrorCode.REASON_REQUIRED,
        )
    return audited_update(entry, actor=actor, note=reason, retired_on=on or timezone.localdate(), retired_reason=reason)


capital_entry_retire = transaction.atomic(durable=True)(capital_entry_retire_in_transaction)
