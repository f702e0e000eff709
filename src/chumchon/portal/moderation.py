"""Reads for the moderation page: the feedback a staff member may moderate (their area's)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from chumchon.accounts.permissions import Action, scoped
from chumchon.portal.models import Feedback, FeedbackStatus


def moderatable(user: Any) -> QuerySet[Feedback]:
    return scoped(Feedback.objects.select_related("project"), user, Action.FEEDBACK_MODERATE, code_field="area_code")


def pending_for(user: Any) -> QuerySet[Feedback]:
    return moderatable(user).filter(status=FeedbackStatus.PENDING)


def published_for(place_key: str, project_id: int | None = None) -> QuerySet[Feedback]:
    qs = Feedback.objects.filter(status=FeedbackStatus.APPROVED)
    if project_id is not None:
        return qs.filter(project_id=project_id)
    return qs.filter(place_key=place_key, project__isnull=True)
