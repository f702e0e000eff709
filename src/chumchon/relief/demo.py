"""The demo's relief campaign (seed 002: welfare-fund networks raising help after a disaster): a flood in
the demo tambon, pledges and transfers from the region's welfare funds and a network, and households
helped — some of them survey households with Logbook cases, whose help is recorded on the case too.

Runs after poverty's step (order 40): it needs the demo users and the Logbook cases. The demo runs in
one transaction, so it calls the services' ``*_in_transaction`` forms.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from chumchon.accounts.models import Role
from chumchon.organizations.models import Body, BodyKind
from chumchon.poverty.models import Case, CaseStatus
from chumchon.relief.models import Campaign, ContributionKind, EventKind
from chumchon.relief.services import (
    campaign_create_in_transaction,
    contribution_record_in_transaction,
    household_help_record_in_transaction,
)


def generate(ctx: Any) -> None:
    users = ctx.shared.get("users") or {}
    secretary = users.get(Role.TAMBON_COUNCIL_SECRETARY)
    if secretary is None:
        return
    tambon = secretary.roles.select_related("area").first().area
    if Campaign.objects.filter(area=tambon).exists():
        return
    funds: dict[str, Body] = ctx.shared.get("welfare_funds") or {}
    organiser = funds.get(tambon.code) or (ctx.shared.get("tambon_councils") or {}).get(tambon.code)
    if organiser is None:
        return
    rng = ctx.rng
    event_on = ctx.today - dt.timedelta(days=45)
    campaign = campaign_create_in_transaction(
        actor=secretary,
        title=f"ช่วยเหลือผู้ประสบอุทกภัยตำบล{tambon.name_th}",
        event_kind=EventKind.FLOOD,
        event_on=event_on,
        area=tambon,
        organiser=organiser,
        target_amount=Decimal(250000),
        description=(
            "เครือข่ายกองทุนสวัสดิการชุมชนร่วมระดมทุนช่วยเหลือครัวเรือนที่ประสบอุทกภัย โดยไม่รอความช่วยเหลือจากรัฐ "
            "(แบบอย่าง: เครือข่ายกองทุนสวัสดิการระดมทุน 250,000 บาท ช่วยผู้ประสบเหตุระเบิดที่นราธิวาส)"
        ),
    )
    province_code = tambon.code[:2]
    givers = [f for c, f in sorted(funds.items()) if c.startswith(province_code) and f.pk != organiser.pk][:6]
    network = Body.objects.filter(kind=BodyKind.CON_CENTRE, area__code=tambon.code[:4]).first()
    if network is not None:
        givers.append(network)
    for i, giver in enumerate(givers):
        amount = Decimal(rng.choice((10000, 15000, 20000, 30000)))
        day = event_on + dt.timedelta(days=2 + i)
        contribution_record_in_transaction(
            campaign=campaign, actor=secretary, source=giver, kind=ContributionKind.PLEDGE, amount=amount, on=day
        )
        transferred = amount if i % 3 else amount / 2  # some have sent only half of what they pledged so far
        contribution_record_in_transaction(
            campaign=campaign, actor=secretary, source=giver, kind=ContributionKind.TRANSFER, amount=transferred,
            on=day + dt.timedelta(days=5),
        )  # fmt: skip
    contribution_record_in_transaction(
        campaign=campaign, actor=secretary, source=organiser, kind=ContributionKind.TRANSFER, amount=Decimal(20000),
        on=event_on + dt.timedelta(days=1), note="เงินกองทุนด้านภัยพิบัติ",
    )  # fmt: skip
    given_on = event_on + dt.timedelta(days=14)
    cases = list(
        Case.objects.filter(area=tambon, addition__isnull=True, person_id="")
        .exclude(status__in=(CaseStatus.MOVED, CaseStatus.DECEASED))
        .order_by("pk")[:6]
    )
    for case in cases:
        household_help_record_in_transaction(
            campaign=campaign, actor=secretary, case=case, label="", amount=Decimal(3000), given_on=given_on,
            description="เงินช่วยเหลือครัวเรือนน้ำท่วมบ้าน และถุงยังชีพ",
        )  # fmt: skip
    villages = list(tambon.children.order_by("code")[:3]) or [tambon]
    for i in range(8):
        village = villages[i % len(villages)]
        household_help_record_in_transaction(
            campaign=campaign, actor=secretary, area=village, label=f"บ้านเลขที่ {rng.randint(1, 199)} {village.name_th}",
            amount=Decimal(2000), given_on=given_on, description="ถุงยังชีพและค่าซ่อมแซมบ้าน",
        )  # fmt: skip
    ctx.shared["relief_campaign"] = campaign
