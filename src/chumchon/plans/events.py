"""A plan's history (``PlanEvent``): one public, typed function per kind of event.

Services write history only through these. Each records who did what to which plan (and item).
"""

from __future__ import annotations

from chumchon.accounts.models import User
from chumchon.plans.models import Plan, PlanEvent, PlanItem, PlanProposal, PlanVersion


def _record(
    *, plan: Plan, actor: User | None, action: str, item: PlanItem | None = None, comment: str = ""
) -> PlanEvent:
    return PlanEvent.objects.create(
        plan=plan,
        item=item,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        comment=comment,
    )


def plan_created_event(*, plan: Plan, actor: User) -> PlanEvent:
    return _record(plan=plan, actor=actor, action="create")


def item_added_event(*, item: PlanItem, actor: User, comment: str = "") -> PlanEvent:
    return _record(plan=item.plan, actor=actor, action="item_add", item=item, comment=comment)


def item_changed_event(*, item: PlanItem, actor: User) -> PlanEvent:
    return _record(plan=item.plan, actor=actor, action="item_change", item=item)


def version_recorded_event(*, version: PlanVersion, actor: User) -> PlanEvent:
    return _record(plan=version.plan, actor=actor, action="version", comment=version.label_th)


def item_proposed_event(*, proposal: PlanProposal, actor: User) -> list[PlanEvent]:
    """On both plans: the proposer's (sent) and the receiver's (received)."""
    return [
        _record(
            plan=proposal.item.plan, actor=actor, action="propose", item=proposal.item, comment=str(proposal.to_plan)
        ),
        _record(plan=proposal.to_plan, actor=actor, action="proposal_in", item=proposal.item, comment=proposal.note),
    ]


def proposal_answered_event(*, proposal: PlanProposal, actor: User) -> list[PlanEvent]:
    comment = proposal.reason or (str(proposal.covering_item) if proposal.covering_item else "")
    return [
        _record(
            plan=proposal.to_plan, actor=actor, action=proposal.status, item=proposal.covering_item, comment=comment
        ),
        _record(
            plan=proposal.item.plan,
            actor=actor,
            action=f"answer_{proposal.status}",
            item=proposal.item,
            comment=comment,
        ),
    ]


def items_imported_event(*, plan: Plan, actor: User, count: int, filename: str) -> PlanEvent:
    return _record(plan=plan, actor=actor, action="import", comment=f"{count} · {filename}")


def item_tagged_event(*, item: PlanItem, actor: User | None, comment: str) -> PlanEvent:
    return _record(plan=item.plan, actor=actor, action="item_tag", item=item, comment=comment)


def item_merged_event(*, kept: PlanItem, other: PlanItem, actor: User) -> list[PlanEvent]:
    """On both plans: the kept item absorbed the other (a duplicate consolidated for the One Plan)."""
    return [
        _record(plan=kept.plan, actor=actor, action="item_absorb", item=kept, comment=str(other)),
        _record(plan=other.plan, actor=actor, action="item_merged", item=other, comment=str(kept)),
    ]
