"""Committees: seats held for a term, the roles that follow from them, terms extended by resolution.

Membership on a date is the one source of who sits on a committee. Adding a member who has a user
account gives them the committee's role over the committee's scope (``accounts.RoleAssignment``
held in the body: ``organizations.BodyRoleAssignment``) for exactly the term; ending the membership
ends that assignment, so a former member loses the power on the day after the term ends.

A person holds at most one seat on one committee at a time: overlapping terms of the same person
(the same user account, or the same name where there is none) on the same committee are refused.
The check runs with the committee's row locked, so two concurrent additions cannot both pass it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Q, QuerySet

from chumchon.accounts.models import Role, RoleAssignment, User
from chumchon.accounts.permissions import Action, forget_grants, require_write
from chumchon.audit.services import audited_create, audited_update
from chumchon.core.bilingual import bilingual
from chumchon.core.thai import format_date_be
from chumchon.meetings import decisions
from chumchon.meetings.error_codes import MeetingError, MeetingErrorCode
from chumchon.meetings.models import Membership, Position, Resolution, TermExtension
from chumchon.organizations.models import COMMITTEE_KINDS, Body, BodyKind, BodyRoleAssignment

# The role a committee's members hold (what the approval rules name: ``meetings.authority``).
ROLE_FOR_KIND: dict[str, str] = {
    BodyKind.CODI_REGIONAL_SUBCOMMITTEE: Role.REGIONAL_SUBCOMMITTEE_MEMBER,
    BodyKind.CLUSTER_WORKING_GROUP: Role.CLUSTER_WORKING_GROUP_MEMBER,
    BodyKind.PROVINCIAL_WORKING_GROUP: Role.PROVINCIAL_WORKING_GROUP_MEMBER,
    BodyKind.PROJECT_REVIEW_WORKING_GROUP: Role.PROJECT_REVIEW_GROUP_MEMBER,
    BodyKind.BAAN_MANKONG_SUBCOMMITTEE: Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER,
}


def _check_committee(body: Body) -> None:
    if body.kind not in COMMITTEE_KINDS:
        raise MeetingError(
            bilingual("องค์กรนี้ไม่ใช่คณะกรรมการหรือคณะทำงาน", "This body is not a committee or working group"),
            code=MeetingErrorCode.NOT_A_COMMITTEE,
        )


def _same_person(membership_user: User | None, person_name: str) -> Q:
    if membership_user is not None:
        return Q(user=membership_user)
    return Q(user__isnull=True, person_name__iexact=person_name)


def _overlapping(body: Body, who: Q, starts_on: dt.date, ends_on: dt.date | None) -> QuerySet[Membership]:
    qs = Membership.objects.filter(who, body=body).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        qs = qs.filter(starts_on__lte=ends_on)
    return qs


def _refuse_overlap(existing: Membership) -> None:
    until = format_date_be(existing.ends_on) if existing.ends_on else "ไม่มีกำหนด"
    until_en = existing.ends_on.isoformat() if existing.ends_on else "open-ended"
    raise MeetingError(
        bilingual(
            f"{existing.person_name} ดำรงตำแหน่งในคณะนี้อยู่แล้วในช่วงเวลาที่ทับซ้อน "
            f"({format_date_be(existing.starts_on)} – {until})",
            f"{existing.person_name} already holds a seat on this committee for an overlapping term "
            f"({existing.starts_on.isoformat()} – {until_en})",
        ),
        code=MeetingErrorCode.OVERLAPPING_TERM,
    )


def _lock(body: Body) -> Body:
    return Body.objects.select_for_update().get(pk=body.pk)


@transaction.atomic
def membership_add_in_transaction(
    *,
    actor: User,
    body: Body,
    represents: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    position: str = Position.MEMBER,
    person_name: str = "",
    user: User | None = None,
    represents_text: str = "",
) -> Membership:
    """Seat a person on a committee for a term; a user account receives the committee's role for it."""
    require_write(actor, Action.ORG_EDIT, body)
    _check_committee(body)
    body = _lock(body)
    person_name = (person_name or (user.get_full_name() or user.username if user else "")).strip()
    if not person_name:
        raise MeetingError(
            bilingual("ต้องระบุชื่อกรรมการ", "The member's name is required"), code=MeetingErrorCode.INCOMPLETE
        )
    if ends_on is not None and ends_on < starts_on:
        raise MeetingError(
            bilingual("วันสิ้นสุดวาระต้องไม่ก่อนวันเริ่ม", "The term cannot end before it starts"),
            code=MeetingErrorCode.BAD_DATES,
        )
    existing = _overlapping(body, _same_person(user, person_name), starts_on, ends_on).first()
    if existing is not None:
        _refuse_overlap(existing)
    assignment = _role_for(actor=actor, body=body, user=user, starts_on=starts_on, ends_on=ends_on)
    return audited_create(
        Membership,
        actor=actor,
        body=body,
        user=user,
        person_name=person_name,
        position=position,
        represents=represents,
        represents_text=represents_text.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        role_assignment=assignment,
    )


def _role_for(
    *, actor: User, body: Body, user: User | None, starts_on: dt.date, ends_on: dt.date | None
) -> RoleAssignment | None:
    """The role assignment that follows from a seat (an existing matching one held in the body is adopted)."""
    role = ROLE_FOR_KIND.get(body.kind)
    if user is None or role is None:
        return None
    adoptable = (
        RoleAssignment.objects.filter(user=user, role=role, body_link__body=body, membership__isnull=True)
        .order_by("pk")
        .first()
    )
    if adoptable is not None:
        assignment = audited_update(adoptable, actor=actor, starts_on=starts_on, ends_on=ends_on)
    else:
        assignment = audited_create(
            RoleAssignment,
            actor=actor,
            user=user,
            role=role,
            scope_kind=body.scope_kind,
            region=body.region,
            cluster=body.cluster,
            area=body.area,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        audited_create(BodyRoleAssignment, actor=actor, assignment=assignment, body=body)
    forget_grants(user)
    return assignment


def _set_term_end(*, actor: User, membership: Membership, ends_on: dt.date | None, note: str = "") -> Membership:
    if membership.role_assignment is not None:
        audited_update(membership.role_assignment, actor=actor, ends_on=ends_on, note=note)
        forget_grants(membership.role_assignment.user)
    return audited_update(membership, actor=actor, ends_on=ends_on, note=note)


@transaction.atomic
def membership_end_in_transaction(*, actor: User, membership: Membership, ends_on: dt.date) -> Membership:
    """End a seat on ``ends_on`` (its last day); the role that followed from it ends the same day."""
    require_write(actor, Action.ORG_EDIT, membership.body)
    if ends_on < membership.starts_on:
        raise MeetingError(
            bilingual("วันสิ้นสุดวาระต้องไม่ก่อนวันเริ่ม", "The term cannot end before it starts"),
            code=MeetingErrorCode.BAD_DATES,
        )
    return _set_term_end(actor=actor, membership=membership, ends_on=ends_on)


def committee_on(body: Body, day: dt.date) -> list[Membership]:
    """Who sat on ``body`` on ``day`` (chair first, then vice-chair, secretary, members)."""
    order = {p.value: i for i, p in enumerate(Position)}
    rows = list(
        Membership.objects.filter(body=body, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("user")
    )
    return sorted(rows, key=lambda m: (order.get(m.position, 9), m.person_name))


def secretary_of(user: User | AnonymousUser, body: Body, day: dt.date) -> bool:
    """Whether ``user`` holds the secretary's seat on ``body`` on ``day``."""
    if not isinstance(user, User):
        return False
    return (
        Membership.objects.filter(body=body, user=user, position=Position.SECRETARY, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .exists()
    )


@transaction.atomic
def term_extend_in_transaction(
    *,
    actor: User,
    body: Body,
    resolution: Resolution,
    new_end: dt.date,
    new_start: dt.date | None = None,
) -> TermExtension:
    """Extend a committee's term by ``resolution`` with explicit dates: the seats that ended with the
    term (and their roles) run on to ``new_end``; the resolution links to the extension."""
    require_write(actor, Action.ORG_EDIT, body)
    _check_committee(body)
    body = _lock(body)
    previous_end = body.term_ends_on
    if previous_end is None:
        raise MeetingError(
            bilingual("คณะนี้ยังไม่มีวันสิ้นสุดวาระ", "This committee has no end of term recorded"),
            code=MeetingErrorCode.BAD_DATES,
        )
    new_start = new_start or previous_end + dt.timedelta(days=1)
    if new_end <= previous_end or new_start > previous_end + dt.timedelta(days=1) or new_start > new_end:
        raise MeetingError(
            bilingual(
                f"วาระใหม่ต้องต่อจากวาระเดิม (สิ้นสุด {format_date_be(previous_end)}) และสิ้นสุดหลังวันนั้น",
                f"The extension must follow the term (ending {previous_end.isoformat()}) and end after it",
            ),
            code=MeetingErrorCode.BAD_DATES,
        )
    note = f"ขยายวาระตามมติ {resolution}"
    for membership in Membership.objects.filter(body=body, ends_on=previous_end).select_related("role_assignment"):
        _set_term_end(actor=actor, membership=membership, ends_on=new_end, note=note)
    audited_update(body, actor=actor, note=note, term_ends_on=new_end)
    extension = audited_create(
        TermExtension,
        actor=actor,
        body=body,
        resolution=resolution,
        previous_end=previous_end,
        new_start=new_start,
        new_end=new_end,
    )
    decisions.resolution_link_in_transaction(resolution=resolution, kind="term_extension", object_id=extension.pk)
    return extension


membership_add = transaction.atomic(durable=True)(membership_add_in_transaction)
membership_end = transaction.atomic(durable=True)(membership_end_in_transaction)
term_extend = transaction.atomic(durable=True)(term_extend_in_transaction)
