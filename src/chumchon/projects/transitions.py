"""The project state machine as ONE table: each action, the statuses it starts from, and where it
leads. Services check it (``check_state``) and move by it; pages offer what it allows."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from chumchon.core.bilingual import bilingual
from chumchon.projects.error_codes import ProjectErrorCode
from chumchon.projects.models import EDITABLE_STATUSES, Project, ProjectStatus
from chumchon.projects.words import ACTION_WORDS, STATUS_EN, STATUS_TH

S = ProjectStatus


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the status does not change (editing, reporting)


TRANSITIONS: dict[str, Transition] = {
    "edit": Transition(frozenset(EDITABLE_STATUSES), None),
    "submit": Transition(frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED),
    "screen": Transition(frozenset({S.SUBMITTED}), S.SCREENED),
    "return": Transition(frozenset({S.SUBMITTED, S.SCREENED}), S.RETURNED),
    "approve": Transition(frozenset({S.SCREENED}), S.APPROVED),
    "reject": Transition(frozenset({S.SUBMITTED, S.SCREENED}), S.REJECTED),
    "sign": Transition(frozenset({S.APPROVED}), S.AGREEMENT_SIGNED),
    "disburse": Transition(frozenset({S.AGREEMENT_SIGNED, S.IN_PROGRESS}), S.IN_PROGRESS),
    "report": Transition(frozenset({S.AGREEMENT_SIGNED, S.IN_PROGRESS}), None),
    "close": Transition(frozenset({S.IN_PROGRESS}), S.CLOSED),
    "cancel": Transition(
        frozenset({S.DRAFT, S.SUBMITTED, S.SCREENED, S.RETURNED, S.APPROVED, S.AGREEMENT_SIGNED}), S.CANCELLED
    ),
}

# Which statuses each transition starts from (a view of the table, for pages).
ALLOWED_FROM: dict[str, frozenset[str]] = {action: t.sources for action, t in TRANSITIONS.items()}


class ProjectStateError(ValidationError):
    """The project's status does not allow the requested change."""


def check_state(project: Project, action: str) -> None:
    if project.status not in TRANSITIONS[action].sources:
        th, en = ACTION_WORDS[action]
        raise ProjectStateError(
            bilingual(
                f"ไม่สามารถ{th}ในสถานะ “{STATUS_TH[project.status]}”",
                f"Cannot {en} while the project is {STATUS_EN[project.status]}",
            ),
            code=ProjectErrorCode.WRONG_STATE,
        )


def target_of(action: str) -> str:
    target = TRANSITIONS[action].target
    if target is None:
        raise ValueError(f"{action!r} does not change the status")
    return target
