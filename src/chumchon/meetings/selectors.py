"""Reads and aggregates."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.meetings.authority import can_record_resolution
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import COMMITTEE_KINDS, Body


def resolutions_for_body(body: Body) -> QuerySet[Resolution]:
    return Resolution.objects.filter(body=body).select_related("body")


def bodies_user_may_record_for(user: User | AnonymousUser, kinds: tuple[str, ...] | None = None) -> list[Body]:
    """Committees whose resolutions ``user`` may record (for the adopt/approve forms)."""
    qs = Body.objects.filter(kind__in=kinds or tuple(COMMITTEE_KINDS), is_active=True).select_related(
        "area", "region", "cluster"
    )
    if not permissions.can_anywhere(user, Action.MEETING_VIEW):
        return []
    return [b for b in qs if can_record_resolution(user, b)]
