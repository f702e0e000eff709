"""Writes of the money path: programmes, allocations, and the ledger (commit/release/disburse/refund).

CONTRACT for the projects app (H8) — every function is atomic, permission-checked and audited,
and raises without changing anything when it refuses:

    approver_for(*, programme, amount, province_code=None) -> ApprovalRule
        # which body approves this amount; with a province outside every provincial cluster
        # (Bangkok) a cluster-WG rule is answered by its outside-cluster body/role (unsaved copy)
    programme_indicator_set(*, actor, programme, code, name_th, target, ...) -> ProgrammeIndicator
    programme_remaining(*, programme, province_code) -> Decimal      # allocated − committed
    funds_commit(*, programme, province_code, project, amount, actor, resolution) -> LedgerEntry
        # raises InsufficientFunds (amount > remaining), PermissionDenied (actor lacks the rule's
        # approval action/role over the province), ValidationError (resolution of the wrong body)
    funds_release(*, project, actor, reason) -> LedgerEntry | None   # committed → disbursed − refunded
    funds_disburse(*, project, amount, actor, tranche_no) -> LedgerEntry   # raises OverDisbursement
    funds_refund(*, project, amount, actor, note) -> LedgerEntry
    funds_reallocate(*, programme, from_province, to_province, amount, actor, resolution) -> tuple
    project_funds(project) -> ProjectFunds                           # (in selectors) per-project sums
    ledger_check(programme) -> list[str]                             # empty when consistent

A project's programme and province are those of its commit entries, so disburse/refund/release
need only the project.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record, audited_create, audited_update
from chumchon.budgets.models import (
    ZERO,
    Allocation,
    AllocationLine,
    AllocationStatus,
    ApprovalRule,
    FundBalance,
    IndicatorAggregation,
    LedgerEntry,
    LedgerKind,
    Programme,
    ProgrammeIndicator,
)
from chumchon.core.thai import format_baht, to_decimal_baht
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import COMMITTEE_KINDS, BodyKind


class BudgetError(ValidationError):
    """A refused money operation; the message is bilingual (ไทย / English)."""


class InsufficientFunds(BudgetError):
    pass


class OverDisbursement(BudgetError):
    pass


class AllocationLocked(BudgetError):
    pass


# --------------------------------------------------------------------------- helpers


def _money(amount: Any) -> Decimal:
    value = to_decimal_baht(amount)
    if value <= 0:
        raise BudgetError(f"จำนวนเงินต้องมากกว่าศูนย์ / The amount must be positive (got {value}).")
    return value


def _check_province(code: str) -> str:
    if len(code) != 2 or not code.isdigit():
        raise BudgetError(f"รหัสจังหวัดไม่ถูกต้อง / Not a province code: {code!r}")
    return code


def _locked_balance(programme: Programme, province_code: str) -> FundBalance:
    """The (programme, province) balance row, created if absent, and locked until commit."""
    FundBalance.objects.get_or_create(programme=programme, province_code=province_code)
    return FundBalance.objects.select_for_update().get(programme=programme, province_code=province_code)


def _write(
    *,
    balance: FundBalance,
    kind: str,
    amount: Decimal,
    actor: Any,
    holder: models.Model | None = None,
    resolution: Resolution | None = None,
    note: str = "",
    tranche_no: int | None = None,
    allocation: Allocation | None = None,
) -> LedgerEntry:
    """Append one entry and move the locked balance by it; both in the caller's transaction."""
    entry = LedgerEntry.objects.create(
        programme=balance.programme,
        province_code=balance.province_code,
        holder=holder,
        kind=kind,
        amount=amount,
        tranche_no=tranche_no,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note,
        resolution=resolution,
        allocation=allocation,
    )
    field = {
        LedgerKind.ALLOCATE: "allocated",
        LedgerKind.REALLOCATE: "allocated",
        LedgerKind.COMMIT: "committed",
        LedgerKind.RELEASE: "committed",
        LedgerKind.DISBURSE: "disbursed",
        LedgerKind.REFUND: "refunded",
    }[LedgerKind(kind)]
    setattr(balance, field, getattr(balance, field) + amount)
    balance.save(update_fields=[field])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=entry,
        changes={"kind": [None, kind], "amount": [None, str(amount)], "balance": [None, field]},
        note=note,
    )
    return entry


def holder_entries(holder: models.Model) -> QuerySet[LedgerEntry]:
    """The ledger entries of one holder (a project, for instance) — the ledger knows it only generically."""
    return LedgerEntry.objects.filter(holder_type=ContentType.objects.get_for_model(holder), holder_id=holder.pk)


def _holder_position(holder: models.Model) -> tuple[Decimal, Decimal, Decimal]:
    """(committed, disbursed, refunded) of a holder, in one grouped query.

    Called after the province's balance row is locked, so the sums cannot move under us.
    """
    sums = {
        row["kind"]: row["total"]
        for row in holder_entries(holder).values("kind").annotate(total=Sum("amount")).order_by()
    }
    committed = sums.get(LedgerKind.COMMIT, ZERO) + sums.get(LedgerKind.RELEASE, ZERO)
    return committed, sums.get(LedgerKind.DISBURSE, ZERO), sums.get(LedgerKind.REFUND, ZERO)


def _holder_province(holder: models.Model) -> tuple[Programme, str]:
    first = holder_entries(holder).filter(kind=LedgerKind.COMMIT).select_related("programme").first()
    if first is None:
        raise BudgetError("โครงการนี้ยังไม่ได้รับอนุมัติงบประมาณ / This project has no approved (committed) budget.")
    return first.programme, first.province_code


# --------------------------------------------------------------------------- programmes and rules


def province_outside_clusters(province_code: str) -> bool:
    """True for a province that belongs to no provincial cluster (Bangkok)."""
    from chumchon.areas.models import Area

    return Area.objects.filter(code=province_code[:2], cluster__isnull=True).exists()


def approver_for(*, programme: Programme, amount: Decimal, province_code: str | None = None) -> ApprovalRule:
    """The rule (approving body and role) for a project of ``amount`` under ``programme``.

    Given ``province_code`` of a province outside every provincial cluster, a rule decided by the
    cluster working group is answered with its outside-cluster body and role (an unsaved copy).
    """
    amount = to_decimal_baht(amount)
    for rule in programme.approval_rules.all().order_by("min_amount"):
        if rule.covers(amount):
            if province_code and rule.needs_cluster and province_outside_clusters(province_code):
                return rule.for_outside_cluster()
            return rule
    raise BudgetError(
        f"ไม่มีเกณฑ์ผู้อนุมัติสำหรับวงเงิน {format_baht(amount)} บาท ในแผนงาน {programme.code} / "
        f"No approval rule covers {format_baht(amount)} baht in programme {programme.code}."
    )


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    code: str,
    fiscal_year: int,
    name_th: str,
    name_en: str = "",
    kind: str = "ordinary",
    national_budget: Decimal = ZERO,
    eligible_body_kinds: list[str] | None = None,
    description: str = "",
) -> Programme:
    permissions.require_write(actor, Action.PROGRAMME_MANAGE, "")
    kinds = list(eligible_body_kinds or [])
    unknown = [k for k in kinds if k not in BodyKind.values]
    if unknown:
        raise BudgetError(f"ประเภทองค์กรไม่ถูกต้อง / Unknown body kinds: {', '.join(unknown)}")
    return audited_create(
        Programme,
        actor=actor,
        code=code,
        fiscal_year=fiscal_year,
        name_th=name_th,
        name_en=name_en,
        kind=kind,
        national_budget=to_decimal_baht(national_budget),
        eligible_body_kinds=kinds,
        description=description,
    )


@transaction.atomic
def approval_rule_set(
    *,
    actor: Any,
    programme: Programme,
    min_amount: Decimal,
    max_amount: Decimal | None,
    approver_body_kind: str,
    approver_role: str,
    screening_role: str = "",
    outside_cluster_body_kind: str = BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
    outside_cluster_role: str = "regional_subcommittee",
) -> ApprovalRule:
    """Add an amount band; bands of one programme may not overlap.

    ``outside_cluster_*``: who decides instead of a cluster working group for a province outside
    every provincial cluster (Bangkok); by default the CODI regional subcommittee.
    """
    from chumchon.accounts.models import Role

    permissions.require_write(actor, Action.PROGRAMME_MANAGE, "")
    low = to_decimal_baht(min_amount)
    high = to_decimal_baht(max_amount) if max_amount is not None else None
    if high is not None and high < low:
        raise BudgetError("วงเงินสูงสุดต้องไม่น้อยกว่าวงเงินต่ำสุด / The upper amount must not be below the lower.")
    if (
        approver_role not in Role.values
        or outside_cluster_role not in Role.values
        or (screening_role and screening_role not in Role.values)
    ):
        raise BudgetError("บทบาทไม่ถูกต้อง / Unknown role.")
    if approver_body_kind not in BodyKind.values or outside_cluster_body_kind not in BodyKind.values:
        raise BudgetError("ประเภทองค์กรไม่ถูกต้อง / Unknown body kind.")
    for other in programme.approval_rules.all():
        other_high = other.max_amount
        if (high is None or other.min_amount <= high) and (other_high is None or low <= other_high):
            raise BudgetError(f"ช่วงวงเงินซ้อนกับเกณฑ์เดิม ({other}) / The amount band overlaps an existing rule ({other}).")
    return audited_create(
        ApprovalRule,
        actor=actor,
        programme=programme,
        min_amount=low,
        max_amount=high,
        approver_body_kind=approver_body_kind,
        approver_role=approver_role,
        screening_role=screening_role,
        outside_cluster_body_kind=outside_cluster_body_kind,
        outside_cluster_role=outside_cluster_role,
    )


@transaction.atomic
def programme_indicator_set(
    *,
    actor: Any,
    programme: Programme,
    code: str,
    name_th: str,
    target: Decimal | int | str,
    name_en: str = "",
    unit: str = "",
    aggregation: str = IndicatorAggregation.SUM,
) -> ProgrammeIndicator:
    """Add a programme indicator, or update the one with this code (projects report to it by code)."""
    permissions.require_write(actor, Action.PROGRAMME_MANAGE, "")
    code = (code or "").strip().upper()
    if not code or len(code) > 32:
        raise BudgetError("ต้องระบุรหัสตัวชี้วัด (ไม่เกิน 32 ตัวอักษร) / An indicator code (up to 32 characters) is required.")
    if not (name_th or "").strip():
        raise BudgetError("ต้องระบุชื่อตัวชี้วัด / The indicator needs a Thai name.")
    if aggregation not in IndicatorAggregation.values:
        raise BudgetError(f"วิธีรวมค่าไม่ถูกต้อง / Unknown aggregation: {aggregation!r}")
    try:
        value = Decimal(str(target))
    except ArithmeticError as exc:
        raise BudgetError(f"ค่าเป้าหมายไม่ถูกต้อง / Not a number: {target!r}") from exc
    if not value.is_finite() or value <= 0:
        raise BudgetError("ค่าเป้าหมายต้องมากกว่าศูนย์ / The target must be positive.")
    fields: dict[str, Any] = {
        "name_th": name_th.strip(),
        "name_en": name_en.strip(),
        "unit": unit.strip(),
        "target": value.quantize(Decimal("0.01")),
        "aggregation": aggregation,
    }
    existing = ProgrammeIndicator.objects.select_for_update().filter(programme=programme, code=code).first()
    if existing is None:
        return audited_create(ProgrammeIndicator, actor=actor, programme=programme, code=code, **fields)
    audited_update(existing, actor=actor, **fields)
    return existing


# --------------------------------------------------------------------------- allocations


@transaction.atomic
def allocation_create(
    *,
    actor: Any,
    programme: Programme,
    name: str,
    scope_kind: str,
    scope_code: str,
    total: Decimal,
    params: Mapping[str, Any] | None = None,
) -> Allocation:
    """A draft scenario: compute the split by the formula and store each area's line with its terms."""
    from chumchon.budgets.allocation import FormulaParams, scope_province_codes

    provinces = scope_province_codes(scope_kind, scope_code)
    if not provinces:
        raise BudgetError(f"ไม่พบพื้นที่ {scope_kind} {scope_code} / Unknown scope {scope_kind} {scope_code}.")
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
    from chumchon.budgets.allocation import allocate_scope

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


@transaction.atomic
def allocation_update(
    *,
    actor: Any,
    allocation: Allocation,
    name: str | None = None,
    total: Decimal | None = None,
    params: Mapping[str, Any] | None = None,
) -> Allocation:
    from chumchon.budgets.allocation import FormulaParams

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


@transaction.atomic
def allocation_delete(*, actor: Any, allocation: Allocation) -> None:
    from chumchon.audit.services import audited_delete

    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    permissions.require_write(actor, Action.ALLOCATION_EDIT, allocation)
    _refuse_locked(allocation)
    audited_delete(allocation, actor=actor)


@transaction.atomic
def allocation_adopt(*, actor: Any, allocation: Allocation, resolution: Resolution) -> Allocation:
    """Adopt a scenario by a committee's resolution: lock it and allocate each province's line."""
    allocation = Allocation.objects.select_for_update().select_related("programme").get(pk=allocation.pk)
    permissions.require_write(actor, Action.ALLOCATION_ADOPT, allocation)
    _refuse_locked(allocation)
    if resolution is None or resolution.body.kind not in COMMITTEE_KINDS:
        raise BudgetError(
            "ต้องมีมติของคณะอนุกรรมการหรือคณะทำงานที่รับผิดชอบ / An adoption needs a resolution of the responsible committee."
        )
    if Allocation.objects.filter(
        programme=allocation.programme,
        scope_kind=allocation.scope_kind,
        scope_code=allocation.scope_code,
        status=AllocationStatus.ADOPTED,
    ).exists():
        raise AllocationLocked(
            "พื้นที่นี้มีการจัดสรรที่ได้รับความเห็นชอบแล้ว / An allocation for this scope has already been adopted."
        )
    lines = list(allocation.lines.filter(level="province").order_by("code"))
    if sum((line.amount for line in lines), ZERO) != allocation.total:
        raise BudgetError("ยอดรวมรายจังหวัดไม่เท่ากับยอดจัดสรร / Province lines do not sum to the total.")
    audited_update(
        allocation,
        actor=actor,
        status=AllocationStatus.ADOPTED,
        resolution=resolution,
        adopted_at=timezone.now(),
        note="adopted",
    )
    for line in lines:  # sorted by code: locks are always taken in the same order
        if line.amount == 0:
            continue
        balance = _locked_balance(allocation.programme, line.code)
        _write(
            balance=balance,
            kind=LedgerKind.ALLOCATE,
            amount=line.amount,
            actor=actor,
            resolution=resolution,
            allocation=allocation,
            note=f"{allocation.name}",
        )
    return allocation


# --------------------------------------------------------------------------- the money path


def programme_remaining(*, programme: Programme, province_code: str) -> Decimal:
    """Money still free to commit in a province: allocated − committed."""
    row = FundBalance.objects.filter(programme=programme, province_code=province_code).first()
    return row.remaining if row else ZERO


def _require_approver(actor: Any, rule: ApprovalRule, province_code: str, resolution: Resolution | None) -> None:
    permissions.require_write(actor, rule.approval_action, province_code)
    if not permissions.holds_role(actor, rule.approver_role, province_code):
        raise PermissionDenied(
            f"วงเงินนี้ต้องอนุมัติโดย “{rule.get_approver_body_kind_display()}” / "
            f"This amount must be approved by the {rule.get_approver_body_kind_display()}."
        )
    if resolution is None or resolution.body.kind != rule.approver_body_kind:
        raise BudgetError(
            f"ต้องมีมติของ “{rule.get_approver_body_kind_display()}” / "
            f"A resolution of the {rule.get_approver_body_kind_display()} is required."
        )


@transaction.atomic
def funds_commit(
    *,
    programme: Programme,
    province_code: str,
    holder: models.Model | None,
    amount: Decimal,
    actor: Any,
    resolution: Resolution | None,
) -> LedgerEntry:
    """Commit (approve) ``amount`` for ``project`` against the province's remaining money."""
    amount = _money(amount)
    _check_province(province_code)
    rule = approver_for(programme=programme, amount=amount, province_code=province_code)
    _require_approver(actor, rule, province_code, resolution)
    if (
        holder is not None
        and holder_entries(holder)
        .filter(kind=LedgerKind.COMMIT)
        .exclude(programme=programme, province_code=province_code)
        .exists()
    ):
        raise BudgetError(
            "โครงการนี้ผูกกับแผนงาน/จังหวัดอื่นแล้ว / This project already draws on another programme or province."
        )
    balance = _locked_balance(programme, province_code)
    if amount > balance.remaining:
        raise InsufficientFunds(
            f"งบประมาณคงเหลือไม่พอ: ขอ {format_baht(amount)} บาท คงเหลือ {format_baht(balance.remaining)} บาท / "
            f"Insufficient funds: {format_baht(amount)} baht requested, {format_baht(balance.remaining)} baht remaining."
        )
    return _write(
        balance=balance,
        kind=LedgerKind.COMMIT,
        amount=amount,
        actor=actor,
        holder=holder,
        resolution=resolution,
        note=f"approved by {rule.approver_body_kind}",
    )


def _require_any(actor: Any, actions: tuple[str, ...], province_code: str) -> None:
    if not any(permissions.can(actor, a, province_code) for a in actions):
        permissions.require_write(actor, actions[0], province_code)


@transaction.atomic
def funds_release(*, holder: models.Model, actor: Any, reason: str) -> LedgerEntry | None:
    """Give back what the project was approved but did not (net) spend; ``None`` when nothing is left."""
    programme, province = _holder_province(holder)
    _require_any(
        actor,
        (Action.PROJECT_CLOSE, Action.PROJECT_APPROVE, Action.PROJECT_APPROVE_HOUSING, Action.PROJECT_DISBURSE),
        province,
    )
    balance = _locked_balance(programme, province)
    committed, disbursed, refunded = _holder_position(holder)
    unspent = committed - (disbursed - refunded)
    if unspent <= 0:
        return None
    return _write(
        balance=balance,
        kind=LedgerKind.RELEASE,
        amount=-unspent,
        actor=actor,
        holder=holder,
        note=reason,
    )


@transaction.atomic
def funds_disburse(*, holder: models.Model, amount: Decimal, actor: Any, tranche_no: int | None = None) -> LedgerEntry:
    """Pay a tranche; refused when net disbursement would exceed the approved amount."""
    amount = _money(amount)
    programme, province = _holder_province(holder)
    permissions.require_write(actor, Action.PROJECT_DISBURSE, province)
    balance = _locked_balance(programme, province)
    committed, disbursed, refunded = _holder_position(holder)
    net = disbursed - refunded
    if net + amount > committed:
        raise OverDisbursement(
            f"เบิกจ่ายเกินวงเงินอนุมัติ: อนุมัติ {format_baht(committed)} บาท เบิกแล้ว {format_baht(net)} บาท "
            f"ขอเบิก {format_baht(amount)} บาท / Over-disbursement: approved {format_baht(committed)} baht, "
            f"disbursed {format_baht(net)} baht, requested {format_baht(amount)} baht."
        )
    return _write(
        balance=balance,
        kind=LedgerKind.DISBURSE,
        amount=amount,
        actor=actor,
        holder=holder,
        tranche_no=tranche_no,
        note=f"tranche {tranche_no}" if tranche_no else "",
    )


@transaction.atomic
def funds_refund(*, holder: models.Model, amount: Decimal, actor: Any, note: str = "") -> LedgerEntry:
    """Record money a project paid back; at most what it holds (disbursed − refunded)."""
    amount = _money(amount)
    programme, province = _holder_province(holder)
    permissions.require_write(actor, Action.PROJECT_DISBURSE, province)
    balance = _locked_balance(programme, province)
    _, disbursed, refunded = _holder_position(holder)
    if amount > disbursed - refunded:
        raise BudgetError(
            f"คืนเงินเกินยอดที่เบิกไป ({format_baht(disbursed - refunded)} บาท) / "
            f"The refund exceeds what the project holds ({format_baht(disbursed - refunded)} baht)."
        )
    return _write(balance=balance, kind=LedgerKind.REFUND, amount=amount, actor=actor, holder=holder, note=note)


@transaction.atomic
def funds_reallocate(
    *,
    programme: Programme,
    from_province: str,
    to_province: str,
    amount: Decimal,
    actor: Any,
    resolution: Resolution | None,
) -> tuple[LedgerEntry, LedgerEntry]:
    """Move uncommitted money between provinces by a committee's resolution."""
    amount = _money(amount)
    _check_province(from_province)
    _check_province(to_province)
    if from_province == to_province:
        raise BudgetError("จังหวัดต้นทางและปลายทางต้องต่างกัน / The provinces must differ.")
    permissions.require_write(actor, Action.ALLOCATION_ADOPT, (from_province, to_province))
    if resolution is None or resolution.body.kind not in COMMITTEE_KINDS:
        raise BudgetError("การโอนจัดสรรต้องมีมติของคณะกรรมการ / A reallocation needs a committee's resolution.")
    # Lock both rows in code order so two opposite transfers cannot deadlock.
    locked = {code: _locked_balance(programme, code) for code in sorted((from_province, to_province))}
    source, target = locked[from_province], locked[to_province]
    if amount > source.remaining:
        raise InsufficientFunds(
            f"งบประมาณคงเหลือของจังหวัดต้นทางไม่พอ ({format_baht(source.remaining)} บาท) / "
            f"Insufficient uncommitted funds in the source province ({format_baht(source.remaining)} baht)."
        )
    note = f"{from_province} → {to_province}"
    out = _write(
        balance=source, kind=LedgerKind.REALLOCATE, amount=-amount, actor=actor, resolution=resolution, note=note
    )
    into = _write(
        balance=target, kind=LedgerKind.REALLOCATE, amount=amount, actor=actor, resolution=resolution, note=note
    )
    return out, into


# --------------------------------------------------------------------------- invariants


def ledger_check(programme: Programme) -> list[str]:
    """Every violated invariant of a programme's money, in words; empty when all hold."""
    problems: list[str] = []
    sums: dict[str, dict[str, Decimal]] = {}
    for row in (
        LedgerEntry.objects.filter(programme=programme).values("province_code", "kind").annotate(total=Sum("amount"))
    ):
        sums.setdefault(row["province_code"], {})[row["kind"]] = row["total"]
    balances = {b.province_code: b for b in FundBalance.objects.filter(programme=programme)}
    for code in sorted(set(sums) | set(balances)):
        s = sums.get(code, {})
        expected = {
            "allocated": s.get("allocate", ZERO) + s.get("reallocate", ZERO),
            "committed": s.get("commit", ZERO) + s.get("release", ZERO),
            "disbursed": s.get("disburse", ZERO),
            "refunded": s.get("refund", ZERO),
        }
        bal = balances.get(code)
        for name, value in expected.items():
            held = getattr(bal, name) if bal else ZERO
            if held != value:
                problems.append(f"{programme.code}/{code}: balance {name} {held} ≠ ledger {value}")
        if expected["committed"] > expected["allocated"]:
            problems.append(
                f"{programme.code}/{code}: committed {expected['committed']} > allocated {expected['allocated']}"
            )
        if expected["committed"] < 0:
            problems.append(f"{programme.code}/{code}: committed is negative")
    per_project: dict[tuple[int, int], dict[str, Decimal]] = {}
    for row in (
        LedgerEntry.objects.filter(programme=programme, holder_id__isnull=False)
        .values("holder_type_id", "holder_id", "kind")
        .annotate(total=Sum("amount"))
    ):
        per_project.setdefault((row["holder_type_id"], row["holder_id"]), {})[row["kind"]] = row["total"]
    labels = {ct.pk: ct.model for ct in ContentType.objects.filter(pk__in={k[0] for k in per_project})}
    for (type_id, holder_id), s in sorted(per_project.items()):
        who = f"{labels.get(type_id, '?')} {holder_id}"  # "project 12"
        committed = s.get("commit", ZERO) + s.get("release", ZERO)
        disbursed, refunded = s.get("disburse", ZERO), s.get("refund", ZERO)
        if disbursed - refunded > committed:
            problems.append(f"{who}: disbursed {disbursed} − refunded {refunded} > committed {committed}")
        if refunded > disbursed or refunded < 0:
            problems.append(f"{who}: refunded {refunded} outside 0..disbursed {disbursed}")
        if committed < 0:
            problems.append(f"{who}: committed is negative")
    if LedgerEntry.objects.filter(programme=programme).exclude(province_code__regex=r"^[0-9]{2}$").exists():
        problems.append(f"{programme.code}: entries with a malformed province code")
    return problems
