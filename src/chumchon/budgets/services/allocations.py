"""Allocation scenarios: compute a draft by the fair-allocation formula, edit it, adopt it by a
committee's resolution (which locks it and allocates each province's money in the ledger)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.audit.services import audited_create, audited_delete, audited_update
from chumchon.budgets.allocation import FormulaParams
from chumchon.budgets.allocation_inputs import allocate_scope
from chumchon.budgets.error_codes import BudgetErrorCode
from chumchon.budgets.models import ZERO, Allocation, AllocationLine, AllocationStatus, LedgerKind, Programme
from chumchon.budgets.scopes import scope_province_codes
from chumchon.budgets.services.errors import AllocationLocked, BudgetError
from chumchon.budgets.services.ledger import authorise_money, locked_balance, write_entry
from chumchon.core.thai import to_decimal_baht
from chumchon.meetings import authority
from chumchon.meetings.authority import Category, Power, Subject
from chumchon.meetings.decisions import resolution_link_in_transaction
from chumchon.meetings.models import Resolution


@transaction.atomic
def allocation_create_in_transaction(
    *,
    actor: User,
    programme: Programme,
    name: str,
    scope_kind: str,
    scope_code: str,
    total: Decimal,
    params: Mapping[str, Any] | None = None,
) -> Allocation:
    """A draft scenario: compute the split by the formula and store each area's line with its terms."""
    provinces = scope_province_codes(scope_kind, scope_code)
    if not provinces:
        raise BudgetError(
            f"ไม่พบพื้นที่ {scope_kind} {scope_code} / Unknown scope {scope_kind} {scope_code}.",
            code=BudgetErrorCode.UNKNOWN_SCOPE,
        )
    permissions.require_write(actor, Action.ALLOCATION_EDIT, provinces)
    formula = FormulaParams.from_json(params or {})
    allocation = audited_create(
        Allocation,
        actor=actor,
        programme=programme,
        name=name.strip() or "scenario",
        scope_kind=scope_kind,
        scope_code=scope_code,
        total=to_decimal_baht(total),
        params=formula.to_json(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _compute_lines(allocation)
    return allocation


def _compute_lines(allocation: Allocation) -> None:
    result = allocate_scope(
        programme=allocation.programme,
        scope_kind=allocation.scope_kind,
        scope_code=allocation.scope_code,
        total=allocation.total,
        params=allocation.params,
    )
    allocation.lines.all().delete()
    AllocationLine.objects.bulk_create(
        AllocationLine(
            allocation=allocation,
            level=line.level,
            code=line.code,
            parent_code=line.parent_code,
            name=line.name,
            amount=Decimal(line.amount),
            terms=line.terms_json(),
            features=line.features_json(),
        )
        for line in result
    )


def _refuse_locked(allocation: Allocation) -> None:
    if allocation.is_locked:
        raise AllocationLocked(
            "การจัดสรรนี้ได้รับความเห็นชอบแล้วและถูกล็อก แก้ไขไม่ได้ — ใช้การโอนจัดสรรแทน / "
            "This allocation has been adopted and is locked; it cannot be edited — use a reallocation instead."
        )


@transaction.atomic(durable=True)
def allocation_update(
    *,
    actor: User,
    allocation: Allocation,
    name: str | None = None,
    total: Decimal | None = None,
    params: Mapping[str, Any] | None = None,
) -> Allocation:
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    permissions.require_write(actor, Action.ALLOCATION_EDIT, allocation)
    _refuse_locked(allocation)
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = name.strip() or allocation.name
    if total is not None:
        changes["total"] = to_decimal_baht(total)
    if params is not None:
        changes["params"] = FormulaParams.from_json(params).to_json()
    audited_update(allocation, actor=actor, **changes)
    _compute_lines(allocation)
    return allocation


@transaction.atomic(durable=True)
def allocation_delete(*, actor: User, allocation: Allocation) -> None:
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    permissions.require_write(actor, Action.ALLOCATION_EDIT, allocation)
    _refuse_locked(allocation)
    audited_delete(allocation, actor=actor)


def adopt_subject(allocation: Allocation, *, on: dt.date | None = None) -> Subject:
    """The decision "adopt this allocation", as the approval authority reads it (the page asks
    ``may_decide`` with it before offering the adopt form; the service checks with it)."""
    return Subject(
        power=Power.ADOPT,
        category=Category.HOUSING if allocation.programme.is_housing else Category.ORDINARY,
        programme_id=allocation.programme_id,
        programme_code=allocation.programme.code,
        fiscal_year=allocation.programme.fiscal_year,
        amount=allocation.total,
        on=on,
        area_codes=tuple(c for c in allocation.scope_codes if c),
    )


@transaction.atomic
def allocation_adopt_in_transaction(
    *, actor: User, allocation: Allocation, resolution: Resolution | None
) -> Allocation:
    """Adopt a scenario by a committee's resolution: lock it and allocate each province's line."""
    allocation = Allocation.objects.select_for_update().select_related("programme").get(pk=allocation.pk)
    subject = adopt_subject(allocation, on=resolution.meeting_date if resolution else None)
    authority.require_power(actor=actor, subject=subject, target=allocation)
    _refuse_locked(allocation)
    authorise_money(actor=actor, subject=subject, body=resolution.body if resolution else None, target=allocation)
    if Allocation.objects.filter(
        programme=allocation.programme,
        scope_kind=allocation.scope_kind,
        scope_code=allocation.scope_code,
        status=AllocationStatus.ADOPTED,
    ).exists():
        raise AllocationLocked(
            "พื้นที่นี้มีการจัดสรรที่ได้รับความเห็นชอบแล้ว / An allocation for this scope has already been adopted.",
            code=BudgetErrorCode.ALREADY_ADOPTED,
        )
    lines = list(allocation.lines.filter(level="province").order_by("code"))
    if sum((line.amount for line in lines), ZERO) != allocation.total:
        raise BudgetError(
            "ยอดรวมรายจังหวัดไม่เท่ากับยอดจัดสรร / Province lines do not sum to the total.",
            code=BudgetErrorCode.LINES_MISMATCH,
        )
    audited_update(
        allocation,
        actor=actor,
        status=AllocationStatus.ADOPTED,
        resolution=resolution,
        adopted_at=timezone.now(),
        note="adopted",
    )
    if resolution is not None:  # the resolution lists the allocation it adopted (meetings.decisions)
        resolution_link_in_transaction(resolution=resolution, kind="allocation_adoption", object_id=allocation.pk)
    for line in lines:  # sorted by code: locks are always taken in the same order
        if line.amount == 0:
            continue
        balance = locked_balance(allocation.programme, line.code)
        write_entry(
            balance=balance,
            kind=LedgerKind.ALLOCATE,
            amount=line.amount,
            actor=actor,
            resolution=resolution,
            allocation=allocation,
            note=f"{allocation.name}",
        )
    return allocation


# The entry points views, the API and jobs call: each in its own durable transaction. The
# ``*_in_transaction`` forms above do the same work inside a caller's transaction (the adoption
# page records the resolution and adopts in one; the demo); a durable block cannot nest.
allocation_create = transaction.atomic(durable=True)(allocation_create_in_transaction)
allocation_adopt = transaction.atomic(durable=True)(allocation_adopt_in_transaction)
