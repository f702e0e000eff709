"""Reads of proposals to the governor and agencies, narrowed to the user's scope.

A proposal is seen where its proposing body's area is in the user's ``plan.view`` scope: a tambon
council's secretary sees the council's proposals, the province sees all of its province's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from chumchon.accounts.permissions import Action, grants_for, require_read, scoped
from chumchon.areas.models import Area
from chumchon.core import prepared
from chumchon.core.access import not_found
from chumchon.organizations.models import Body
from chumchon.plans.governor.models import GovernorProposal, GovernorStatus, status_q
from chumchon.plans.governor.rules import body_ids, may_write, may_write_in
from chumchon.plans.models import PlanItem

# Overdue by more than this many days: the worklist shows it as urgent (danger) instead of a warning.
LONG_OVERDUE_DAYS = 30


def proposals_visible(user: Any) -> QuerySet[GovernorProposal]:
    qs = GovernorProposal.objects.select_related("province", "area", "proposing_body", "secretariat")
    return scoped(qs, user, Action.PLAN_VIEW, "area__code")


def provinces_for(user: Any) -> QuerySet[Area]:
    """The provinces whose register the user may open (the provinces their plan scope touches)."""
    prefixes = grants_for(user).prefixes(Action.PLAN_VIEW)
    qs = Area.objects.filter(level="province").order_by("code")
    if "" in prefixes:
        return qs
    return qs.filter(code__in={p[:2] for p in prefixes if p})


def busiest_province(user: Any, provinces: list[Area]) -> Area:
    """The province a register opens on: the one of ``provinces`` with the most proposals the user sees."""
    counts = dict(
        proposals_visible(user)
        .filter(province__in=provinces)
        .values("province")
        .annotate(n=Count("id"))
        .values_list("province", "n")
    )
    return max(provinces, key=lambda p: (counts.get(p.pk, 0), -provinces.index(p)))


def register(
    user: Any,
    *,
    province: Area | None = None,
    status: str = "",
    recipient: str = "",
    year_be: int | None = None,
    today: dt.date,
) -> QuerySet[GovernorProposal]:
    qs = proposals_visible(user)
    if province is not None:
        qs = qs.filter(province=province)
    if recipient:
        qs = qs.filter(recipient_kind=recipient)
    if year_be:
        qs = qs.filter(year_be=year_be)
    if status:
        qs = qs.filter(status_q(status, today))
    return qs.order_by("-year_be", "-number", "-id")


def status_counts(qs: QuerySet[GovernorProposal], today: dt.date) -> list[tuple[str, str, int]]:
    """``(status, label, count)`` for every status, in the order of the lifecycle."""
    totals = qs.aggregate(**{s: Count("id", filter=status_q(s, today)) for s in GovernorStatus.values})
    return [(s, str(label), int(totals[s] or 0)) for s, label in GovernorStatus.choices]


def years_of(qs: QuerySet[GovernorProposal]) -> list[int]:
    return sorted(set(qs.values_list("year_be", flat=True)), reverse=True)


def proposal_get(user: Any, pk: int) -> GovernorProposal:
    proposal = (
        GovernorProposal.objects.select_related(
            "province", "area", "proposing_body", "secretariat", "included_item__plan", "created_by"
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise not_found()  # the same 404 as out of scope (a national reader passes require_read)
    require_read(user, Action.PLAN_VIEW, proposal)
    return proposal


def can_write(user: Any, proposal: GovernorProposal) -> bool:
    return may_write(user, proposal)


def carried_items(proposal: GovernorProposal) -> QuerySet[PlanItem]:
    return proposal.items.select_related("plan__owner", "plan__area").order_by("plan__title", "number")


def proposing_bodies(user: Any) -> list[Body]:
    """Bodies in the user's scope for which the user may record proposals (area-scoped ones)."""
    qs = scoped(Body.objects.filter(is_active=True, scope_kind="area").select_related("area"), user, Action.PLAN_EDIT)
    return [b for b in qs.order_by("area__code", "name_th") if may_write_in(user, b.scope_codes)]


def secretariat_bodies(province: Area) -> QuerySet[Body]:
    """Bodies that may follow a proposal of ``province``: active bodies working in the province."""
    return Body.objects.filter(is_active=True, scope_kind="area", area__code__startswith=province.code).order_by(
        "area__code", "name_th"
    )


def items_for(body: Body) -> QuerySet[PlanItem]:
    """Plan items a body may carry: items of plans within its area."""
    assert body.area is not None
    return (
        PlanItem.objects.filter(plan__area__code__startswith=body.area.code)
        .select_related("plan")
        .order_by("plan__title", "number")
    )


def including_items(user: Any, proposal: GovernorProposal) -> QuerySet[PlanItem]:
    """Items of provincial (or higher, or agency) plans of the province that may prove inclusion."""
    from_province = Q(plan__area__code=proposal.province.code) | Q(plan__level__in=["cluster", "region"])
    kinds = Q(plan__level__in=["province", "cluster", "region"]) | Q(plan__kind__in=["provincial", "district"])
    visible = scoped(PlanItem.objects.all(), user, Action.PLAN_VIEW, "plan__area__code")
    return (
        visible.filter(from_province | Q(plan__area__code__startswith=proposal.province.code))
        .filter(kinds)
        .exclude(pk__in=proposal.items.values("pk"))
        .select_related("plan")
        .order_by("plan__title", "number")
    )


def overdue_for(user: Any, today: dt.date) -> QuerySet[GovernorProposal]:
    """Overdue proposals of the bodies the user holds a role in: as proposer or as secretariat."""
    bodies = body_ids(user)
    if not bodies:
        return GovernorProposal.objects.none()
    return (
        GovernorProposal.objects.filter(Q(proposing_body_id__in=bodies) | Q(secretariat_id__in=bodies))
        .filter(status_q(GovernorStatus.OVERDUE, today))
        .select_related("province", "area", "proposing_body", "secretariat")
    )


def overdue_counts(user: Any, today: dt.date) -> tuple[int, int]:
    """(overdue, of which long overdue) among ``overdue_for(user, today)``: both counts over the same rows in one
    statement (after the user's bodies' read; none when the user holds a role in no body)."""
    bodies = body_ids(user)
    if not bodies:
        return 0, 0

    def build() -> tuple[QuerySet[GovernorProposal], dict[str, Count]]:
        overdue = GovernorProposal.objects.filter(
            Q(proposing_body_id__in=bodies) | Q(secretariat_id__in=bodies), status_q(GovernorStatus.OVERDUE, today)
        )
        return overdue, {"overdue": Count("pk"), "long": Count("pk", filter=long_overdue_q(today))}

    # Made of the bodies and the day alone: built once per process for them (``core.prepared``).
    counts = prepared.counts(("governor.overdue_counts", frozenset(bodies), today), build)
    return counts["overdue"], counts["long"]


def long_overdue_q(today: dt.date) -> Q:
    return Q(reply_due_on__lt=today - dt.timedelta(days=LONG_OVERDUE_DAYS))


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    label: str
    comment: str
    who: str
    kind: str  # "event" (recorded) or "due"/"overdue" (derived from the dates)


def timeline(proposal: GovernorProposal, today: dt.date) -> list[TimelineEntry]:
    def who(user: Any) -> str:
        return (user.get_full_name() or user.username) if user is not None else ""

    def label(e: Any) -> str:
        if e.action == "reply" and proposal.reply_outcome:
            return f"{e.action_label}: {proposal.get_reply_outcome_display()}"
        return str(e.action_label)

    entries = [
        TimelineEntry(e.on, label(e), e.comment, who(e.actor), "event")
        for e in proposal.events.select_related("actor").order_by("on", "at", "id")
    ]
    if proposal.reply_due_on is not None:
        status = proposal.status_on(today)
        if status == GovernorStatus.OVERDUE:
            days = (today - proposal.reply_due_on).days
            entries.append(
                TimelineEntry(
                    proposal.reply_due_on,
                    _("Reply due — overdue by %(days)d days") % {"days": days},
                    "",
                    str(proposal.secretariat or ""),
                    "overdue",
                )
            )
        elif status in (GovernorStatus.AWAITING,):
            entries.append(
                TimelineEntry(proposal.reply_due_on, _("Reply due"), "", str(proposal.secretariat or ""), "due")
            )
    return sorted(entries, key=lambda e: (e.on, e.kind != "event"))
