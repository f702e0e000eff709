"""Writes of community welfare fund figures (rules in ``organizations.welfare``).

Each write locks the fund's row, recomputes every year's balance with the change applied, and refuses
— with a Thai/English message, changing nothing — a benefit paid beyond the fund's balance, a year whose
figures would leave any later year in deficit, or administration above 20 % of the year's receipts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, require_write
from chumchon.audit.services import audited_create, audited_update
from chumchon.core.bilingual import bilingual as bi
from chumchon.core.thai import format_baht, to_decimal_baht
from chumchon.organizations import welfare
from chumchon.organizations.models import BenefitKind, Body, BodyKind, WelfareBenefit, WelfareFundYear

MONEY_FIELDS = welfare.MONEY_FIELDS
COUNT_FIELDS = welfare.COUNT_FIELDS


def _lock_fund(fund: Body) -> Body:
    locked = Body.objects.select_for_update(of=("self",)).select_related("area", "region", "cluster").get(pk=fund.pk)
    if locked.kind != BodyKind.WELFARE_FUND:
        raise ValidationError(
            bi("องค์กรนี้ไม่ใช่กองทุนสวัสดิการชุมชน", "This body is not a community welfare fund"), code="not_a_fund"
        )
    return locked


def _figures(
    fund: Body, *, override: WelfareFundYear | None = None, extra_benefit: tuple[int, Decimal] | None = None
) -> list[welfare.YearFigures]:
    """The fund's years as the balance needs them, with ``override`` in place of its stored year and
    ``extra_benefit`` (year, amount) added — what the books would say if the write went ahead."""
    benefits = dict(
        WelfareBenefit.objects.filter(fund_year__fund=fund).values_list("fund_year__year").annotate(s=Sum("amount"))
    )
    years = {y.year: y for y in WelfareFundYear.objects.filter(fund=fund)}
    if override is not None:
        years[override.year] = override
    out = []
    for year, y in years.items():
        paid = benefits.get(year) or Decimal(0)
        if extra_benefit is not None and extra_benefit[0] == year:
            paid += extra_benefit[1]
        out.append(
            welfare.YearFigures(
                year=year,
                opening_entered=y.opening_balance,
                receipts=welfare.receipts(
                    contributions=y.contributions,
                    matching_local=y.matching_local,
                    matching_national=y.matching_national,
                    other_income=y.other_income,
                ),
                admin_expense=y.admin_expense,
                benefits=paid,
            )
        )
    return out


def _refuse_deficit(figures: list[welfare.YearFigures], from_year: int, *, what_th: str, what_en: str) -> None:
    for b in welfare.balances(figures):
        if b.year >= from_year and b.closing < 0:
            short = format_baht(-b.closing)
            raise ValidationError(
                bi(
                    f"{what_th}เกินยอดเงินคงเหลือของกองทุน: ปี {b.year} จะขาดเงิน {short} บาท",
                    f"{what_en} exceeds the fund's balance: year {b.year} would be short by {short} baht",
                ),
                code="beyond_balance",
            )


@transaction.atomic
def welfare_year_save_in_transaction(*, fund: Body, actor: User, year: int, **values: Any) -> WelfareFundYear:
    """Record or correct one year's figures of a fund (ORG_EDIT over the fund)."""
    require_write(actor, Action.ORG_EDIT, fund)
    fund = _lock_fund(fund)
    unknown = set(values) - set(MONEY_FIELDS) - set(COUNT_FIELDS)
    if unknown:
        raise ValidationError(bi("ช่องข้อมูลไม่ถูกต้อง", "Unknown fields") + f": {', '.join(sorted(unknown))}")
    if not 2500 <= year <= 2700:
        raise ValidationError(
            bi("ปีต้องเป็นปี พ.ศ. เช่น 2565", "The year must be a Buddhist Era year, e.g. 2565"), code="bad_year"
        )
    clean: dict[str, Any] = {}
    for name in MONEY_FIELDS:
        if name in values:
            try:
                clean[name] = to_decimal_baht(values[name] if values[name] not in (None, "") else 0)
            except (TypeError, ValueError) as exc:
                raise ValidationError(str(exc), code="bad_amount") from exc
            if clean[name] < 0:
                raise ValidationError(bi("จำนวนเงินต้องไม่ติดลบ", "Amounts cannot be negative"), code="bad_amount")
    for name in COUNT_FIELDS:
        if name in values:
            clean[name] = int(values[name] or 0)
            if clean[name] < 0:
                raise ValidationError(bi("จำนวนสมาชิกต้องไม่ติดลบ", "Member counts cannot be negative"), code="bad_count")
    existing = WelfareFundYear.objects.filter(fund=fund, year=year).first()
    probe = WelfareFundYear(fund=fund, year=year)
    if existing is not None:
        for f in (*MONEY_FIELDS, *COUNT_FIELDS):
            setattr(probe, f, getattr(existing, f))
    for f, v in clean.items():
        setattr(probe, f, v)
    total_in = welfare.receipts(
        contributions=probe.contributions,
        matching_local=probe.matching_local,
        matching_national=probe.matching_national,
        other_income=probe.other_income,
    )
    cap = welfare.admin_cap(total_in)
    if probe.admin_expense > cap:
        raise ValidationError(
            bi(
                f"ค่าบริหารจัดการ {format_baht(probe.admin_expense)} บาท เกินร้อยละ 20 ของรายรับของปี ({format_baht(cap)} บาท)",
                f"Administration of {format_baht(probe.admin_expense)} baht is more than 20 % of the year's receipts "
                f"({format_baht(cap)} baht)",
            ),
            code="admin_share",
        )
    _refuse_deficit(_figures(fund, override=probe), year, what_th="รายจ่าย", what_en="Spending")
    if existing is None:
        return audited_create(WelfareFundYear, actor=actor, fund=fund, year=year, **clean)
    return audited_update(existing, actor=actor, **clean)


welfare_year_save = transaction.atomic(durable=True)(welfare_year_save_in_transaction)


@transaction.atomic
def welfare_benefit_pay_in_transaction(
    *,
    fund: Body,
    actor: User,
    year: int,
    kind: str,
    amount: Decimal | int | str,
    paid_on: dt.date,
    recipients: int = 1,
    note: str = "",
) -> WelfareBenefit:
    """Record benefits paid by a fund in a year; refused beyond the fund's balance (nothing changes)."""
    require_write(actor, Action.ORG_EDIT, fund)
    fund = _lock_fund(fund)
    if kind not in BenefitKind.values:
        raise ValidationError(bi("ประเภทสวัสดิการไม่ถูกต้อง", "Unknown kind of benefit"), code="bad_kind")
    try:
        money = to_decimal_baht(amount)
    except (TypeError, ValueError) as exc:
        raise ValidationError(str(exc), code="bad_amount") from exc
    if money <= 0:
        raise ValidationError(bi("จำนวนเงินต้องมากกว่าศูนย์", "The amount must be more than zero"), code="bad_amount")
    if recipients < 1:
        raise ValidationError(bi("จำนวนผู้รับต้องอย่างน้อย 1", "At least one recipient"), code="bad_count")
    fund_year = WelfareFundYear.objects.filter(fund=fund, year=year).first()
    if fund_year is None:
        raise ValidationError(
            bi(f"ยังไม่มีข้อมูลของกองทุนปี {year}: บันทึกข้อมูลรายปีก่อน", f"No figures for {year} yet: record the year first"),
            code="no_year",
        )
    _refuse_deficit(
        _figures(fund, extra_benefit=(year, money)), year, what_th="การจ่ายสวัสดิการ", what_en="This benefit payment"
    )
    return audited_create(
        WelfareBenefit,
        actor=actor,
        fund_year=fund_year,
        kind=kind,
        amount=money,
        recipients=recipients,
        paid_on=paid_on,
        note=note.strip(),
    )


welfare_benefit_pay = transaction.atomic(durable=True)(welfare_benefit_pay_in_transaction)
