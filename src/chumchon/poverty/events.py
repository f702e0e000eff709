"""The Logbook's history: one public function per kind of case event (the case page's timeline).

Services write history only through these functions, never ``CaseEvent.objects.create`` directly.
"""

from __future__ import annotations

from chumchon.accounts.models import User
from chumchon.poverty.models import Case, CaseEvent, CaseEventKind, CaseStatus


def case_opened_event(*, case: Case, actor: User, comment: str = "") -> CaseEvent:
    """A case was opened for a target household or person: it starts at "target"."""
    return CaseEvent.objects.create(
        case=case, kind=CaseEventKind.OPENED, actor=actor, to_status=CaseStatus.TARGET, comment=comment
    )


def case_status_changed_event(
    *, case: Case, actor: User, from_status: str, to_status: str, comment: str = ""
) -> CaseEvent:
    """The case moved from one status to another (the reason, when one is required, as the comment)."""
    return CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.TRANSITION,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
    )


def case_assistance_event(*, case: Case, actor: User, description: str) -> CaseEvent:
    """Help was recorded for the case (the timeline shows what was done, at most 500 characters)."""
    return CaseEvent.objects.create(case=case, kind=CaseEventKind.ASSISTANCE, actor=actor, comment=description[:500])
