"""Every write of proposals to the governor and agencies: validate → permission → transaction →
audit → timeline. Entry points are durable transactions; ``*_in_transaction`` beside them nest
inside a caller's (the demo)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, can, covers
from chumchon.areas.models import Area
from chumchon.audit.services import audited_create, audited_update
from chumchon.core.bilingual import bilingual
from chumchon.organizations.models import Body
from chumchon.plans.governor import events
from chumchon.plans.governor.error_codes import GovernorErrorCode as E
from chumchon.plans.governor.models import GovernorProposal, RecipientKind, ReplyOutcome
from chumchon.plans.governor.rules import may_write, may_write_in
from chumchon.plans.models import LEVEL_RANK, PlanItem, PlanKind, PlanLevel

# Plans that may take a proposal in (proof of inclusion): provincial or higher, or an agency's plan.
INCLUDING_KINDS = frozenset({PlanKind.PROVINCIAL, PlanKind.PEOPLES_PROVINCIAL, PlanKind.DISTRICT})


def _refuse(th: str, en: str, code: E) -> ValidationError:
    return ValidationError(bilingual(th, en), code=code)


def _denied() -> PermissionDenied:
    return PermissionDenied(
        bilingual(
            "คุณไม่มีสิทธิ์บันทึกข้อเสนอนี้ (ผู้บันทึกคือฝ่ายที่เสนอหรือเลขาการติดตามงาน)",
            "You may not write this proposal (the proposing side or the follow-up secretariat writes it)",
        )
    )


def _be_year(day: dt.date) -> int:
    return day.year + 543


def _not_future(day: dt.date, th: str, en: str) -> None:
    if day > timezone.localdate():
        raise _refuse(f"{th}ต้องไม่เป็นวันในอนาคต", f"The {en} may not be in the future", E.FUTURE_DATE)


def _province_of(body: Body) -> Area:
    if body.scope_kind != "area" or body.area is None:
        raise _refuse(
            "องค์กรที่เสนอต้องอยู่ในพื้นที่ของจังหวัดหนึ่ง (สภาองค์กรชุมชนตำบล เครือข่ายภาคประชาชนจังหวัด …)",
            "The proposing body must work within one province (a tambon council, a provincial network …)",
            E.BAD_BODY,
        )
    return Area.objects.get(code=body.area.code[:2])


@transaction.atomic
def proposal_create_in_transaction(
    *,
    actor: User,
    proposing_body: Body,
    title: str,
    items: Sequence[PlanItem],
    recipient_kind: str,
    recipient_name: str,
    summary: str = "",
    secretariat: Body | None = None,
    recorded_on: dt.date | None = None,
) -> GovernorProposal:
    """A draft proposal of ``proposing_body`` carrying ``items`` to the governor or an agency."""
    if not title.strip():
        raise _refuse("ต้องระบุชื่อข้อเสนอ", "The proposal needs a title", E.REQUIRED)
    if not recipient_name.strip() or recipient_kind not in RecipientKind.values:
        raise _refuse(
            "ต้องระบุผู้รับข้อเสนอ (ผู้ว่าราชการจังหวัดหรือหน่วยงาน)",
            "The proposal needs its recipient (the governor or an agency)",
            E.REQUIRED,
        )
    province = _province_of(proposing_body)
    if not may_write_in(actor, proposing_body.scope_codes):
        raise _denied()
    items = list(items)
    if not items:
        raise _refuse(
            "ข้อเสนอต้องมีรายการในแผนอย่างน้อยหนึ่งรายการ",
            "The proposal must carry at least one plan item",
            E.NO_ITEMS,
        )
    scope = frozenset(proposing_body.scope_codes)
    for item in items:
        if not covers(scope, item.plan.scope_codes):
            raise _refuse(
                f"รายการ “{item.title}” อยู่ในแผนนอกพื้นที่ขององค์กรที่เสนอ",
                f"The item “{item.title}” lies in a plan outside the proposing body's area",
                E.ITEM_OUTSIDE,
            )
    today = timezone.localdate()
    if recorded_on is not None:  # the date the body made the proposal (its resolution), when entered later
        _not_future(recorded_on, "วันที่ของข้อเสนอ", "proposal's date")
    year_be = _be_year(recorded_on or today)
    last = GovernorProposal.objects.filter(province=province, year_be=year_be).aggregate(m=Max("number"))["m"]
    proposal = audited_create(
        GovernorProposal,
        actor=actor,
        province=province,
        area=proposing_body.area,
        year_be=year_be,
        number=(last or 0) + 1,
        title=title.strip(),
        summary=summary.strip(),
        proposing_body=proposing_body,
        recipient_kind=recipient_kind,
        recipient_name=recipient_name.strip(),
        secretariat=secretariat,
        created_by=actor if actor.pk else None,
    )
    proposal.items.set(items)
    events.proposal_recorded_event(proposal=proposal, actor=actor, on=recorded_on or today)
    return proposal


@transaction.atomic(durable=True)
def proposal_create(
    *,
    actor: User,
    proposing_body: Body,
    title: str,
    items: Sequence[PlanItem],
    recipient_kind: str,
    recipient_name: str,
    summary: str = "",
    secretariat: Body | None = None,
    recorded_on: dt.date | None = None,
) -> GovernorProposal:
    return proposal_create_in_transaction(
        actor=actor,
        proposing_body=proposing_body,
        title=title,
        items=items,
        recipient_kind=recipient_kind,
        recipient_name=recipient_name,
        summary=summary,
        secretariat=secretariat,
        recorded_on=recorded_on,
    )


@transaction.atomic
def proposal_send_in_transaction(
    *,
    actor: User,
    proposal: GovernorProposal,
    sent_on: dt.date,
    secretariat: Body | None = None,
    reply_due_on: dt.date | None = None,
) -> GovernorProposal:
    """Record that the proposal was sent on ``sent_on``; the secretariat follows it until ``reply_due_on``."""
    if not may_write(actor, proposal):
        raise _denied()
    if proposal.sent_on is not None:
        raise _refuse("ข้อเสนอนี้ส่งไปแล้ว", "This proposal has already been sent", E.NOT_DRAFT)
    _not_future(sent_on, "วันที่ส่ง", "sent date")
    secretariat = secretariat or proposal.secretariat
    if secretariat is None:
        raise _refuse(
            "ต้องระบุเลขาการติดตามงานที่จะติดตามข้อเสนอ",
            "Name the follow-up secretariat that will follow the proposal",
            E.REQUIRED,
        )
    if reply_due_on is not None and reply_due_on < sent_on:
        raise _refuse("วันครบกำหนดตอบต้องไม่ก่อนวันที่ส่ง", "The reply due date may not precede the sent date", E.BEFORE_SENT)
    audited_update(
        proposal, actor=actor, note="send", sent_on=sent_on, secretariat=secretariat, reply_due_on=reply_due_on
    )
    events.proposal_sent_event(proposal=proposal, actor=actor)
    return proposal


@transaction.atomic(durable=True)
def proposal_send(
    *,
    actor: User,
    proposal: GovernorProposal,
    sent_on: dt.date,
    secretariat: Body | None = None,
    reply_due_on: dt.date | None = None,
) -> GovernorProposal:
    return proposal_send_in_transaction(
        actor=actor, proposal=proposal, sent_on=sent_on, secretariat=secretariat, reply_due_on=reply_due_on
    )


def _require_sent(proposal: GovernorProposal, day: dt.date, th: str, en: str) -> dt.date:
    if proposal.sent_on is None:
        raise _refuse(
            "ข้อเสนอยังไม่ได้ส่ง บันทึกการส่งก่อน", "The proposal has not been sent; record its sending first", E.NOT_SENT
        )
    if day < proposal.sent_on:
        raise _refuse(f"{th}ต้องไม่ก่อนวันที่ส่งข้อเสนอ", f"The {en} may not precede the sent date", E.BEFORE_SENT)
    _not_future(day, th, en)
    return proposal.sent_on


@transaction.atomic
def proposal_reply_in_transaction(
    *, actor: User, proposal: GovernorProposal, replied_on: dt.date, outcome: str, text: str = ""
) -> GovernorProposal:
    """Record the recipient's reply (acknowledged, accepted or declined) and its date."""
    if not may_write(actor, proposal):
        raise _denied()
    _require_sent(proposal, replied_on, "วันที่ตอบ", "reply date")
    if proposal.replied_on is not None:
        raise _refuse("บันทึกคำตอบของข้อเสนอนี้ไว้แล้ว", "The reply to this proposal is already recorded", E.ALREADY_REPLIED)
    if outcome not in ReplyOutcome.values:
        raise _refuse("ต้องระบุผลของคำตอบ", "Say what the reply was", E.REQUIRED)
    audited_update(
        proposal, actor=actor, note="reply", replied_on=replied_on, reply_outcome=outcome, reply_text=text.strip()
    )
    events.reply_recorded_event(proposal=proposal, actor=actor)
    return proposal


@transaction.atomic(durable=True)
def proposal_reply(
    *, actor: User, proposal: GovernorProposal, replied_on: dt.date, outcome: str, text: str = ""
) -> GovernorProposal:
    return proposal_reply_in_transaction(
        actor=actor, proposal=proposal, replied_on=replied_on, outcome=outcome, text=text
    )


@transaction.atomic
def proposal_include_in_transaction(
    *,
    actor: User,
    proposal: GovernorProposal,
    included_on: dt.date,
    item: PlanItem | None = None,
    text: str = "",
) -> GovernorProposal:
    """Record the proof of inclusion (บรรจุในแผน): the provincial or agency plan item that took the
    proposal in, or — for a plan outside the system — a text naming the plan and item."""
    if not may_write(actor, proposal):
        raise _denied()
    _require_sent(proposal, included_on, "วันที่บรรจุในแผน", "inclusion date")
    if proposal.included_on is not None:
        raise _refuse("บันทึกการบรรจุในแผนไว้แล้ว", "The inclusion is already recorded", E.ALREADY_INCLUDED)
    if item is None and not text.strip():
        raise _refuse(
            "ระบุรายการในแผนที่รับข้อเสนอ หรือเขียนชื่อแผนและรายการ (แผนนอกระบบ)",
            "Name the plan item that took the proposal in, or write the plan and item (a plan outside the system)",
            E.REQUIRED,
        )
    if item is not None:
        plan = item.plan
        higher = LEVEL_RANK[plan.level] >= LEVEL_RANK[PlanLevel.PROVINCE] or plan.kind in INCLUDING_KINDS
        carried = proposal.items.filter(pk=item.pk).exists()
        if carried or not higher or not can(actor, Action.PLAN_VIEW, plan):
            raise _refuse(
                "รายการที่บรรจุต้องเป็นรายการในแผนของจังหวัดหรือหน่วยงาน ไม่ใช่รายการที่เสนอเอง",
                "The including item must belong to a provincial or agency plan, not be one of the items proposed",
                E.BAD_INCLUSION,
            )
    audited_update(
        proposal, actor=actor, note="include", included_on=included_on, included_item=item, included_text=text.strip()
    )
    events.inclusion_recorded_event(proposal=proposal, actor=actor)
    return proposal


@transaction.atomic(durable=True)
def proposal_include(
    *, actor: User, proposal: GovernorProposal, included_on: dt.date, item: PlanItem | None = None, text: str = ""
) -> GovernorProposal:
    return proposal_include_in_transaction(
        actor=actor, proposal=proposal, included_on=included_on, item=item, text=text
    )
