"""A proposal's timeline (``GovernorProposalEvent``): one typed function per kind of event."""

from __future__ import annotations

import datetime as dt

from chumchon.accounts.models import User
from chumchon.plans.governor.models import GovernorProposal, GovernorProposalEvent


def _record(
    *, proposal: GovernorProposal, actor: User | None, action: str, on: dt.date, comment: str = ""
) -> GovernorProposalEvent:
    return GovernorProposalEvent.objects.create(
        proposal=proposal, actor=actor if getattr(actor, "pk", None) else None, action=action, on=on, comment=comment
    )


def proposal_recorded_event(*, proposal: GovernorProposal, actor: User, on: dt.date) -> GovernorProposalEvent:
    return _record(proposal=proposal, actor=actor, action="create", on=on)


def proposal_sent_event(*, proposal: GovernorProposal, actor: User) -> GovernorProposalEvent:
    assert proposal.sent_on is not None
    return _record(proposal=proposal, actor=actor, action="send", on=proposal.sent_on, comment=proposal.recipient_name)


def reply_recorded_event(*, proposal: GovernorProposal, actor: User) -> GovernorProposalEvent:
    assert proposal.replied_on is not None
    return _record(proposal=proposal, actor=actor, action="reply", on=proposal.replied_on, comment=proposal.reply_text)


def inclusion_recorded_event(*, proposal: GovernorProposal, actor: User) -> GovernorProposalEvent:
    assert proposal.included_on is not None
    where = str(proposal.included_item.plan) + " · " + str(proposal.included_item) if proposal.included_item else ""
    return _record(
        proposal=proposal,
        actor=actor,
        action="include",
        on=proposal.included_on,
        comment=where or proposal.included_text,
    )
