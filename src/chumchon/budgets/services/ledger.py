"""The money ledger: commit, release, disburse, refund and reallocate, and the invariants.

Every write is a durable entry point (``funds_commit``…) with a nestable ``*_in_transaction`` form
that runs in the caller's transaction (the projects services move money inside their own). Each
locks the (programme, province) balance row, checks permission and authority
(``meetings.authority``), appends the entry, moves the balance and writes the audit row — and
raises without changing anything when it refuses.

The ledger knows what holds the money only generically (``LedgerEntry.holder``: a project,
today); a holder's programme and province are those of its commit entries, so
disburse/refund/release need only the holder.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Sum
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, Target
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.budgets.error_codes import BudgetErrorCode
from chumchon.budgets.models import ZERO, Allocation, FundBalance, LedgerEntry, LedgerKind, Programme
from chumchon.budgets.services.errors import BudgetError, InsufficientFunds, OverDisbursement
from chumchon.core.thai import format_baht, to_decimal_baht
from chumchon.meetings import authority
from chumchon.meetings.authority import Authority, Category, Power, Subject
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import Body


def _money(amount: Any) -> Decimal:
    value = to_decimal_baht(amount)
    if value <= 0:
        raise BudgetError(
            f"จำนวนเงินต้องมากกว่าศูนย์ / The amount must be positive (got {value}).", code=BudgetErrorCode.BAD_AMOUNT
        )
    return value


def _check_province(code: str) -> str:
    if len(code) != 2 or not code.isdigit():
        raise BudgetError(f"รหัสจังหวัดไม่ถูกต้อง / Not a province code: {code!r}", code=BudgetErrorCode.BAD_PROVINCE)
    return code


def locked_balance(programme: Programme, province_code: str) -> FundBalance:
    """The (programme, province) balance row, created if absent, and locked until commit."""
    FundBalance.objects.get_or_create(programme=programme, province_code=province_code)
    return FundBalance.objects.select_for_update().get(programme=programme, province_code=province_code)


def write_entry(
    *,
    balance: FundBalance,
    kind: str,
    amount: Decimal,
    actor: User | None,
    holder: models.Model | None = None,
    resolution: Resolution | None = None,
    note: str = "",
    tranche_no: int | None = None,
    allocation: Allocation | None = None,
) -> LedgerEntry:
    """Append one entry and move the locked balance by it; both in the caller's transaction."""
    field = _BALANCE_FIELD[LedgerKind(kind)]
    setattr(balance, field, getattr(balance, field) + amount)
    balance.save(update_fields=[field])
    return _append(
        programme=balance.programme,
        province_code=balance.province_code,
        kind=kind,
        amount=amount,
        actor=actor,
        holder=holder,
        resolution=resolution,
        note=note,
        tranche_no=tranche_no,
        allocation=allocation,
    )


_BALANCE_FIELD = {
    LedgerKind.ALLOCATE: "allocated",
    LedgerKind.REALLOCATE: "allocated",
    LedgerKind.COMMIT: "committed",
    LedgerKind.RELEASE: "committed",
    LedgerKind.DISBURSE: "disbursed",
    LedgerKind.REFUND: "refunded",
}


def _append(
    *,
    programme: Programme,
    province_code: str,
    kind: str,
    amount: Decimal,
    actor: User | None,
    holder: models.Model | None = None,
    resolution: Resolution | None = None,
    note: str = "",
    tranche_no: int | None = None,
    allocation: Allocation | None = None,
) -> LedgerEntry:
    """Insert the entry and its audit row (the balance has already been moved by it)."""
    entry = LedgerEntry.objects.create(
        programme=programme,
        province_code=province_code,
        holder=holder,
        kind=kind,
        amount=amount,
        tranche_no=tranche_no,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note,
        resolution=resolution,
        allocation=allocation,
    )
    _audit_entry(entry, actor)
    return entry


def _audit_entry(entry: LedgerEntry, actor: User | None) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=entry,
        changes={
            "kind": [None, entry.kind],
            "amount": [None, str(entry.amount)],
            "balance": [None, _BALANCE_FIELD[LedgerKind(entry.kind)]],
        },
        note=entry.note,
    )


# --------------------------------------------------------------------------- the lean statements
# Approval and disbursement are the hot path (issue 16). Each writes its entry and audit row first
# and then one UPDATE that both locks the (programme, province) balance row and moves it — with the
# no-overspend condition in its WHERE (an approval), or checked right after it under the lock (a
# disbursement) — so the lock is held for as few statements as possible. A refusal raises and the
# transaction takes everything back. PostgreSQL re-evaluates an UPDATE's WHERE on the newest row
# version after waiting for the lock, so racing approvals cannot overspend; SQLite serialises
# writers. The database's check constraint (committed ≤ allocated) stands behind both.
def _q(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _commit_move(*, programme: Programme, province_code: str, holder: models.Model | None, amount: Decimal) -> bool:
    """Lock and move the balance by an approval when it fits and the holder draws on no other
    programme or province; ``False`` (nothing moved) otherwise."""
    fb, le = _q(FundBalance), _q(LedgerEntry)
    sql = (
        f"UPDATE {fb} SET committed = committed + %s "
        f"WHERE programme_id = %s AND province_code = %s AND committed + %s <= allocated"
    )
    params: list[Any] = [amount, programme.pk, province_code, amount]
    if holder is not None:
        sql += (
            f" AND NOT EXISTS (SELECT 1 FROM {le} e WHERE e.holder_type_id = %s AND e.holder_id = %s"
            f" AND e.kind = %s AND NOT (e.programme_id = %s AND e.province_code = %s))"
        )
        params += [ContentType.objects.get_for_model(holder).pk, holder.pk, LedgerKind.COMMIT.value]
        params += [programme.pk, province_code]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return bool(cursor.rowcount == 1)


def _disburse_entry(
    *, holder: models.Model, amount: Decimal, actor: User, tranche_no: int | None
) -> LedgerEntry | None:
    """Insert the disbursement entry on the holder's (programme, province) — those of its commit
    entries — in one INSERT … SELECT; ``None`` when the holder has no commitment. The programme's
    code, kind and fiscal year come back with it (for the authority and the entry's label)."""
    le, pg = _q(LedgerEntry), _q(Programme)
    meta = LedgerEntry._meta
    at, note = timezone.now(), f"tranche {tranche_no}" if tranche_no else ""
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    own = ["kind", "amount", "tranche_no", "actor_id", "at", "note"]
    copied = ["programme_id", "province_code", "holder_type_id", "holder_id"]
    values = [
        LedgerKind.DISBURSE.value,
        meta.get_field("amount").get_db_prep_save(amount, connection),
        tranche_no,
        actor_id,
        meta.get_field("at").get_db_prep_save(at, connection),
        note,
    ]
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {le} ({', '.join(qn(c) for c in copied + own)}) "
        f"SELECT {', '.join('e.' + qn(c) for c in copied)}, {', '.join(['%s'] * len(own))} FROM {le} e"
        f" WHERE e.holder_type_id = %s AND e.holder_id = %s AND e.kind = %s LIMIT 1"
        f" RETURNING {qn('id')}, {qn('programme_id')}, {qn('province_code')},"
        f" (SELECT p.code FROM {pg} p WHERE p.id = {le}.programme_id),"
        f" (SELECT p.kind FROM {pg} p WHERE p.id = {le}.programme_id),"
        f" (SELECT p.fiscal_year FROM {pg} p WHERE p.id = {le}.programme_id)"
    )
    params = [*values, ContentType.objects.get_for_model(holder).pk, holder.pk, LedgerKind.COMMIT.value]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    # The programme with only these fields loaded (any other is read when first used).
    known = {"id": row[1], "code": row[3], "kind": row[4], "fiscal_year": row[5]}
    names = [f.attname for f in Programme._meta.concrete_fields if f.attname in known]
    programme = Programme.from_db(connection.alias, names, [known[name] for name in names])
    entry = LedgerEntry(
        id=row[0],
        programme=programme,
        province_code=row[2],
        holder_type_id=ContentType.objects.get_for_model(holder).pk,
        holder_id=holder.pk,
        kind=LedgerKind.DISBURSE,
        amount=amount,
        tranche_no=tranche_no,
        actor_id=actor_id,
        at=at,
        note=note,
    )
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


def _disburse_move(*, entry: LedgerEntry) -> None:
    """Lock the entry's (programme, province) balance row and move it by the disbursement."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_q(FundBalance)} SET disbursed = disbursed + %s WHERE programme_id = %s AND province_code = %s",
            [entry.amount, entry.programme_id, entry.province_code],
        )


def _holder_position(holder: models.Model) -> tuple[Decimal, Decimal, Decimal]:
    """(committed, disbursed, refunded) of a holder, in one grouped query.

    Called after the province's balance row is locked, so the sums cannot move under us.
    """
    sums = {
        row["kind"]: row["total"]
        for row in LedgerEntry.objects.of_holder(holder).values("kind").annotate(total=Sum("amount")).order_by()
    }
    committed = sums.get(LedgerKind.COMMIT, ZERO) + sums.get(LedgerKind.RELEASE, ZERO)
    return committed, sums.get(LedgerKind.DISBURSE, ZERO), sums.get(LedgerKind.REFUND, ZERO)


def _holder_province(holder: models.Model) -> tuple[Programme, str]:
    first = LedgerEntry.objects.of_holder(holder).filter(kind=LedgerKind.COMMIT).select_related("programme").first()
    if first is None:
        raise BudgetError(
            "โครงการนี้ยังไม่ได้รับอนุมัติงบประมาณ / This project has no approved (committed) budget.",
            code=BudgetErrorCode.NOT_COMMITTED,
        )
    return first.programme, first.province_code


# --------------------------------------------------------------------------- the money path


def programme_remaining(*, programme: Programme, province_code: str) -> Decimal:
    """Money still free to commit in a province: allocated − committed."""
    row = FundBalance.objects.filter(programme=programme, province_code=province_code).first()
    return row.remaining if row else ZERO


def approval_subject(
    *,
    programme: Programme,
    amount: Decimal | None,
    province_code: str,
    power: Power = Power.APPROVE,
    on: dt.date | None = None,
) -> Subject:
    """What the authority module needs to know of a decision on this programme's money (plain values)."""
    return Subject(
        power=power,
        category=Category.HOUSING if programme.is_housing else Category.ORDINARY,
        programme_id=programme.pk,
        programme_code=programme.code,
        fiscal_year=programme.fiscal_year,
        amount=amount,
        province_code=province_code[:2],
        on=on,
    )


def authorise_money(*, actor: User, subject: Subject, body: Body | None, target: Target) -> Authority:
    """``meetings.authority.authorise`` with its refusals as budget errors (same message and code)."""
    try:
        return authority.authorise(actor=actor, subject=subject, body=body, target=target)
    except authority.AuthorityError as exc:
        raise BudgetError(exc.messages[0], code=exc.code) from exc


def _funds_commit(
    *,
    programme: Programme,
    province_code: str,
    holder: models.Model | None,
    amount: Decimal,
    actor: User,
    resolution: Resolution | None,
    authorised: Authority | None = None,
) -> LedgerEntry:
    """Commit (approve) ``amount`` for ``holder`` (a project) against the province's remaining money.

    ``authorised``: the ``Authority`` the caller already checked this very decision against
    (``projects`` approves through ``meetings.authority.authorise`` once, then commits); without
    it the check is made here. Either way it runs once per approval.
    """
    amount = _money(amount)
    _check_province(province_code)
    if authorised is None:
        subject = approval_subject(
            programme=programme,
            amount=amount,
            province_code=province_code,
            on=resolution.meeting_date if resolution else None,
        )
        authorised = authorise_money(
            actor=actor, subject=subject, body=resolution.body if resolution else None, target=province_code
        )
    elif authorised.subject.power is not Power.APPROVE or (
        authorised.subject.programme_id,
        authorised.subject.amount,
        authorised.subject.province_code,
    ) != (programme.pk, amount, province_code):
        raise ValueError("funds_commit: the authority given was checked for another decision")
    if resolution is None or resolution.body.kind not in authorised.body_kinds:
        raise ValueError("funds_commit: the resolution is not the one the authority was checked against")
    # The entry and its audit row first, the balance last: the row lock is then held only for the
    # UPDATE and the COMMIT. A refusal raises, and the transaction takes the entry back with it.
    entry = _append(
        programme=programme,
        province_code=province_code,
        kind=LedgerKind.COMMIT,
        amount=amount,
        actor=actor,
        holder=holder,
        resolution=resolution,
        note=f"อนุมัติโดย / approved by {authority.body_kind_label(authorised.approver_body_kind)}",
    )
    if not _commit_move(programme=programme, province_code=province_code, holder=holder, amount=amount):
        # Refused: say why (the transaction rolls the entry back).
        if (
            holder is not None
            and LedgerEntry.objects.of_holder(holder)
            .filter(kind=LedgerKind.COMMIT)
            .exclude(programme=programme, province_code=province_code)
            .exists()
        ):
            raise BudgetError(
                "โครงการนี้ผูกกับแผนงาน/จังหวัดอื่นแล้ว / This project already draws on another programme or province.",
                code=BudgetErrorCode.OTHER_PROGRAMME,
            )
        remaining = programme_remaining(programme=programme, province_code=province_code)
        raise InsufficientFunds(
            f"งบประมาณคงเหลือไม่พอ: ขอ {format_baht(amount)} บาท คงเหลือ {format_baht(remaining)} บาท / "
            f"Insufficient funds: {format_baht(amount)} baht requested, {format_baht(remaining)} baht remaining."
        )
    return entry


def _require_any(actor: User, actions: tuple[str, ...], province_code: str) -> None:
    if not any(permissions.can(actor, a, province_code) for a in actions):
        permissions.require_write(actor, actions[0], province_code)


def _funds_release(*, holder: models.Model, actor: User, reason: str) -> LedgerEntry | None:
    """Give back what the project was approved but did not (net) spend; ``None`` when nothing is left."""
    programme, province = _holder_province(holder)
    _require_any(
        actor,
        (Action.PROJECT_CLOSE, Action.PROJECT_APPROVE, Action.PROJECT_APPROVE_HOUSING, Action.PROJECT_DISBURSE),
        province,
    )
    balance = locked_balance(programme, province)
    committed, disbursed, refunded = _holder_position(holder)
    unspent = committed - (disbursed - refunded)
    if unspent <= 0:
        return None
    return write_entry(
        balance=balance,
        kind=LedgerKind.RELEASE,
        amount=-unspent,
        actor=actor,
        holder=holder,
        note=reason,
    )


def _funds_disburse(
    *, holder: models.Model, amount: Decimal, actor: User, tranche_no: int | None = None, authorised: bool = False
) -> LedgerEntry:
    """Pay a tranche; refused when net disbursement would exceed the approved amount.

    ``authorised``: the caller (``projects``) already asked ``meetings.authority`` for this
    disbursement; otherwise it is asked here, over the province. The balance row is locked and
    moved first; every refusal after that raises, and the transaction rolls the move back.
    """
    amount = _money(amount)
    # The entry first, the balance row (locked by its UPDATE) last: the lock is held only for the
    # UPDATE, the position read and the COMMIT. A refusal raises; the transaction takes all back.
    entry = _disburse_entry(holder=holder, amount=amount, actor=actor, tranche_no=tranche_no)
    if entry is None:
        raise BudgetError(
            "โครงการนี้ยังไม่ได้รับอนุมัติงบประมาณ / This project has no approved (committed) budget.",
            code=BudgetErrorCode.NOT_COMMITTED,
        )
    if not authorised:
        authorise_money(
            actor=actor,
            subject=approval_subject(
                programme=entry.programme, amount=amount, province_code=entry.province_code, power=Power.DISBURSE
            ),
            body=None,
            target=entry.province_code,
        )
    _audit_entry(entry, actor)
    _disburse_move(entry=entry)
    committed, disbursed, refunded = _holder_position(holder)  # under the lock: nothing else moves them now
    net = disbursed - refunded - amount  # before this entry
    if net + amount > committed:
        raise OverDisbursement(
            f"เบิกจ่ายเกินวงเงินอนุมัติ: อนุมัติ {format_baht(committed)} บาท เบิกแล้ว {format_baht(net)} บาท "
            f"ขอเบิก {format_baht(amount)} บาท / Over-disbursement: approved {format_baht(committed)} baht, "
            f"disbursed {format_baht(net)} baht, requested {format_baht(amount)} baht."
        )
    return entry


def _funds_refund(*, holder: models.Model, amount: Decimal, actor: User, note: str = "") -> LedgerEntry:
    """Record money a project paid back; at most what it holds (disbursed − refunded)."""
    amount = _money(amount)
    programme, province = _holder_province(holder)
    permissions.require_write(actor, Action.PROJECT_DISBURSE, province)
    balance = locked_balance(programme, province)
    _, disbursed, refunded = _holder_position(holder)
    if amount > disbursed - refunded:
        raise BudgetError(
            f"คืนเงินเกินยอดที่เบิกไป ({format_baht(disbursed - refunded)} บาท) / "
            f"The refund exceeds what the project holds ({format_baht(disbursed - refunded)} baht).",
            code=BudgetErrorCode.OVER_REFUND,
        )
    return write_entry(balance=balance, kind=LedgerKind.REFUND, amount=amount, actor=actor, holder=holder, note=note)


def _funds_reallocate(
    *,
    programme: Programme,
    from_province: str,
    to_province: str,
    amount: Decimal,
    actor: User,
    resolution: Resolution | None,
) -> tuple[LedgerEntry, LedgerEntry]:
    """Move uncommitted money between provinces by a committee's resolution."""
    amount = _money(amount)
    _check_province(from_province)
    _check_province(to_province)
    if from_province == to_province:
        raise BudgetError(
            "จังหวัดต้นทางและปลายทางต้องต่างกัน / The provinces must differ.", code=BudgetErrorCode.SAME_PROVINCE
        )
    authorise_money(
        actor=actor,
        subject=approval_subject(
            programme=programme,
            amount=amount,
            province_code=from_province,
            power=Power.ADOPT,
            on=resolution.meeting_date if resolution else None,
        ),
        body=resolution.body if resolution else None,
        target=(from_province, to_province),
    )
    # Lock both rows in code order so two opposite transfers cannot deadlock.
    locked = {code: locked_balance(programme, code) for code in sorted((from_province, to_province))}
    source, target = locked[from_province], locked[to_province]
    if amount > source.remaining:
        raise InsufficientFunds(
            f"งบประมาณคงเหลือของจังหวัดต้นทางไม่พอ ({format_baht(source.remaining)} บาท) / "
            f"Insufficient uncommitted funds in the source province ({format_baht(source.remaining)} baht)."
        )
    note = f"{from_province} → {to_province}"
    out = write_entry(
        balance=source, kind=LedgerKind.REALLOCATE, amount=-amount, actor=actor, resolution=resolution, note=note
    )
    into = write_entry(
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
    per_holder: dict[tuple[int, int], dict[str, Decimal]] = {}
    for row in (
        LedgerEntry.objects.filter(programme=programme, holder_id__isnull=False)
        .values("holder_type_id", "holder_id", "kind")
        .annotate(total=Sum("amount"))
    ):
        per_holder.setdefault((row["holder_type_id"], row["holder_id"]), {})[row["kind"]] = row["total"]
    labels = {ct.pk: ct.model for ct in ContentType.objects.filter(pk__in={k[0] for k in per_holder})}
    for (type_id, holder_id), s in sorted(per_holder.items()):
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


# The entry points: each in its own durable transaction. The ``*_in_transaction`` forms do the
# same work inside a caller's transaction (projects' life cycle moves money inside its own; the
# reallocation page records the resolution and reallocates in one), in a savepoint of their own so
# that a refusal a caller catches leaves nothing moved; a durable block cannot nest. Both wrap the
# same function once (no savepoint inside the durable transaction: the hot path stays lean).
funds_commit_in_transaction = transaction.atomic(_funds_commit)
funds_release_in_transaction = transaction.atomic(_funds_release)
funds_disburse_in_transaction = transaction.atomic(_funds_disburse)
funds_refund_in_transaction = transaction.atomic(_funds_refund)
funds_reallocate_in_transaction = transaction.atomic(_funds_reallocate)
funds_commit = transaction.atomic(durable=True)(_funds_commit)
funds_release = transaction.atomic(durable=True)(_funds_release)
funds_disburse = transaction.atomic(durable=True)(_funds_disburse)
funds_refund = transaction.atomic(durable=True)(_funds_refund)
funds_reallocate = transaction.atomic(durable=True)(_funds_reallocate)
