"""What awaits a plan writer: proposals to answer, and answers to the proposals the user's side sent."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from chumchon.accounts.permissions import Action, grants_for
from chumchon.accounts.worklist import WorklistItem
from chumchon.plans import selectors


def worklist_items(user: Any) -> Iterable[WorklistItem]:
    if not grants_for(user).prefixes(Action.PLAN_EDIT):
        return  # both counts are 0 for a user who writes no plan
    to_answer = selectors.proposals_to_answer_count(user)
    if to_answer:
        yield WorklistItem(
            key="plans.answer",
            label=_("Plan items proposed to your plans, awaiting your answer"),
            count=to_answer,
            url=reverse("plans:proposals") + "?todo=answer",
            severity="warning",
            order=40,
        )
    answered = selectors.answers_to_note_count(user)
    if answered:
        yield WorklistItem(
            key="plans.answered",
            label=_("Answers to the plan items you proposed upward"),
            count=answered,
            url=reverse("plans:proposals") + "?todo=answered",
            severity="info",
            order=41,
        )
