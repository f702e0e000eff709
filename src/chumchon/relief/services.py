"""Every write of relief: campaigns, pledges and transfers, households helped (validate → permission →
transaction → audit). Writes need ORG_EDIT over the campaign's area; recording help on a Logbook case
goes through poverty's own service, which checks LOGBOOK_EDIT.

Rule: the help given to households may not exceed the money transferred to the campaign (a pledge is a
promise, a transfer is money in hand); a refusal is bilingual and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, require_write
from chumchon.areas.models import Area
from chumchon.audit.services import audited_create, audited_update
from chumchon.core.bilingual import bilingual as bi
from chumchon.core.thai import format_baht, to_decimal_baht
from chumchon.organizations.models import COMMITTEE_KINDS, Body
from chumchon.poverty.models import Case, HelpKind
from chumchon.poverty.services.logbook import assistance_add_in_transaction
from chumchon.relief.error_codes import ReliefErrorCode as Code
from chumchon.relief.models import Campaign, CampaignStatus, Contribution, ContributionKind, EventKind, HouseholdHelped


def _money(value: Decimal | int | str, *, positive: bool) -> Decimal:
    try:
        money = to_decimal_baht(value if value not in (None, "") else 0)
    except (TypeError, ValueError) as exc:
        raise ValidationError(str(exc), code=Code.BAD_AMOUNT) from exc
    if money < 0 or (positive and money == 0):
        raise ValidationError(
            bi("จำนวนเงินต้องมากกว่าศูนย์", "The amount must be more than zero")
            if positive
            else bi("จำนวนเงินต้องไม่ติดลบ", "The amount cannot be negative"),
            code=Code.BAD_AMOUNT,
        )
    return money


def _not_future(day: dt.date) -> None:
    if day > timezone.localdate():
        raise ValidationError(bi("วันที่อยู่ในอนาคต", "The date is in the future"), code=Code.FUTURE_DATE)


def _open(campaign: Campaign) -> Campaign:
    locked = Campaign.objects.select_for_update(of=("self",)).select_related("area", "organiser").get(pk=campaign.pk)
    if locked.status != CampaignStatus.OPEN:
        raise ValidationError(bi("ปิดการระดมความช่วยเหลือแล้ว", "The campaign is closed"), code=Code.CAMPAIGN_CLOSED)
    return locked


@transaction.atomic
def campaign_create_in_transaction(
    *,
    actor: User,
    title: str,
    event_kind: str,
    event_on: dt.date,
    area: Area,
    organiser: Body,
    target_amount: Decimal | int | str = 0,
    description: str = "",
) -> Campaign:
    """Open a relief campaign for an event in an area (ORG_EDIT over the area)."""
    require_write(actor, Action.ORG_EDIT, area)
    if not title.strip():
        raise ValidationError(bi("ต้องระบุชื่อการระดมความช่วยเหลือ", "A title is required"), code=Code.REQUIRED)
    if event_kind not in EventKind.values:
        raise ValidationError(bi("ประเภทภัยไม่ถูกต้อง", "Unknown kind of event"), code=Code.REQUIRED)
    if organiser.kind in COMMITTEE_KINDS:
        raise ValidationError(
            bi("ผู้ระดมความช่วยเหลือต้องเป็นองค์กรชุมชนหรือหน่วยงาน", "The organiser must be an organisation, not a committee"),
            code=Code.BAD_SOURCE,
        )
    _not_future(event_on)
    return audited_create(
        Campaign,
        actor=actor,
        title=title.strip(),
        event_kind=event_kind,
        event_on=event_on,
        area=area,
        organiser=organiser,
        target_amount=_money(target_amount, positive=False),
        description=description.strip(),
        created_by=actor,
    )


campaign_create = transaction.atomic(durable=True)(campaign_create_in_transaction)


@transaction.atomic(durable=True)
def campaign_close(*, campaign: Campaign, actor: User) -> Campaign:
    require_write(actor, Action.ORG_EDIT, campaign)
    locked = _open(campaign)
    return audited_update(locked, actor=actor, status=CampaignStatus.CLOSED)


@transaction.atomic
def contribution_record_in_transaction(
    *,
    campaign: Campaign,
    actor: User,
    source: Body,
    kind: str,
    amount: Decimal | int | str,
    on: dt.date,
    note: str = "",
) -> Contribution:
    """A pledge or a transfer of money from a body (a welfare fund, a network…) to the campaign."""
    require_write(actor, Action.ORG_EDIT, campaign)
    locked = _open(campaign)
    if kind not in ContributionKind.values:
        raise ValidationError(bi("ต้องเลือกคำมั่นหรือการโอนเงิน", "Choose pledge or transfer"), code=Code.REQUIRED)
    if source.kind in COMMITTEE_KINDS:
        raise ValidationError(
            bi("ผู้สมทบต้องเป็นองค์กร ไม่ใช่คณะกรรมการ", "A contribution comes from an organisation, not a committee"),
            code=Code.BAD_SOURCE,
        )
    _not_future(on)
    return audited_create(
        Contribution,
        actor=actor,
        campaign=locked,
        source=source,
        kind=kind,
        amount=_money(amount, positive=True),
        on=on,
        note=note.strip(),
        recorded_by=actor,
    )


contribution_record = transaction.atomic(durable=True)(contribution_record_in_transaction)


@transaction.atomic
def household_help_record_in_transaction(
    *,
    campaign: Campaign,
    actor: User,
    label: str,
    amount: Decimal | int | str,
    given_on: dt.date,
    description: str,
    area: Area | None = None,
    case: Case | None = None,
) -> HouseholdHelped:
    """Record help given to a household in the campaign's area. With ``case`` (the household's Logbook
    case) the help is also an assistance record on the case, through poverty's service."""
    require_write(actor, Action.ORG_EDIT, campaign)
    locked = _open(campaign)
    if case is not None:
        area = case.area
    if area is None:
        raise ValidationError(bi("ต้องระบุพื้นที่ของครัวเรือน", "The household's area is required"), code=Code.BAD_AREA)
    if not area.code.startswith(locked.area.code):
        raise ValidationError(
            bi("ครัวเรือนอยู่นอกพื้นที่ประสบภัยของการระดมความช่วยเหลือนี้", "The household is outside the campaign's area"),
            code=Code.CASE_ELSEWHERE if case is not None else Code.BAD_AREA,
        )
    if not label.strip() and case is not None:
        label = case.label or case.target_ref
    if not label.strip() or not description.strip():
        raise ValidationError(bi("ต้องระบุครัวเรือนและสิ่งที่ให้", "Say which household and what was given"), code=Code.REQUIRED)
    money = _money(amount, positive=False)
    _not_future(given_on)
    transferred = Contribution.objects.filter(campaign=locked, kind=ContributionKind.TRANSFER).aggregate(
        s=Sum("amount")
    )["s"] or Decimal(0)
    given = HouseholdHelped.objects.filter(campaign=locked).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if given + money > transferred:
        left = format_baht(transferred - given)
        raise ValidationError(
            bi(
                f"ความช่วยเหลือเกินเงินที่โอนเข้ามาแล้ว (คงเหลือ {left} บาท)",
                f"The help exceeds the money transferred so far ({left} baht left)",
            ),
            code=Code.BEYOND_TRANSFERRED,
        )
    assistance = None
    if case is not None:
        assistance = assistance_add_in_transaction(
            case=case,
            actor=actor,
            description=f"{locked.title}: {description.strip()}",
            help_kind=HelpKind.CASH if money > 0 else HelpKind.IN_KIND,
            given_on=given_on,
            amount=money,
            agency=locked.organiser,
        )
    return audited_create(
        HouseholdHelped,
        actor=actor,
        campaign=locked,
        area=area,
        label=label.strip()[:200],
        amount=money,
        given_on=given_on,
        description=description.strip(),
        case=case,
        assistance=assistance,
        recorded_by=actor,
    )


household_help_record = transaction.atomic(durable=True)(household_help_record_in_transaction)
