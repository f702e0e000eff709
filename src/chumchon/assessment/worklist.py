"""What awaits a user in the assessment (a worklist provider): reviews, own assessments, selections to adopt."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from chumchon.accounts.permissions import Action, grants_for
from chumchon.accounts.worklist import WorklistItem
from chumchon.assessment import selectors


def worklist_items(user: Any) -> Iterable[WorklistItem]:
    # Each list is scoped by one permission: a user without it anywhere has none (no query built).
    grants = grants_for(user)
    url = reverse("assessment:index")
    review = len(selectors.to_review(user)) if grants.prefixes(Action.ASSESSMENT_REVIEW) else 0
    if review:
        yield WorklistItem(
            "assessment.review",
            _("Self-managing province assessments to review"),
            review,
            url + "?todo=review",
            "warning",
            40,
        )
    complete = selectors.to_complete_count(user) if grants.prefixes(Action.ASSESSMENT_EDIT) else 0
    if complete:
        yield WorklistItem(
            "assessment.complete",
            _("Province assessments to complete and submit"),
            complete,
            url + "?todo=complete",
            "info",
            41,
        )
    adopt = len(selectors.selections_to_adopt(user)) if grants.prefixes(Action.ASSESSMENT_SELECT) else 0
    if adopt:
        yield WorklistItem(
            "assessment.adopt",
            _("Pilot-province selections awaiting a resolution"),
            adopt,
            reverse("assessment:selections") + "?todo=adopt",
            "info",
            42,
        )
