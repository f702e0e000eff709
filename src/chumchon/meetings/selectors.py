"""Reads: committees a user may see, their composition on a date, meetings, resolutions, what they decided."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.meetings.authority import can_record_resolution
from chumchon.meetings.models import Delegation, Meeting, Membership, Position, Resolution, TermExtension
from chumchon.organizations.models import COMMITTEE_KINDS, Body

Viewer = User | AnonymousUser


def resolutions_for_body(body: Body) -> QuerySet[Resolution]:
    return Resolution.objects.filter(body=body).select_related("body", "meeting")


def bodies_user_may_record_for(user: Viewer, kinds: tuple[str, ...] | None = None) -> list[Body]:
    """Committees whose resolutions ``user`` may record (for the adopt/approve forms)."""
    qs = Body.objects.filter(kind__in=kinds or tuple(COMMITTEE_KINDS), is_active=True).select_related(
        "area", "region", "cluster"
    )
    if not permissions.can_anywhere(user, Action.MEETING_VIEW):
        return []
    return [b for b in qs if can_record_resolution(user, b)]


def committees(user: Viewer) -> QuerySet[Body]:
    """Committees (bodies of a committee kind) the user may see, active first."""
    qs = Body.objects.filter(kind__in=list(COMMITTEE_KINDS)).select_related("area", "region", "cluster")
    return permissions.scoped_by_scope(qs, user, Action.MEETING_VIEW).order_by("-is_active", "kind", "name_th", "pk")


def committee_get(user: Viewer, pk: int) -> Body:
    body = (
        Body.objects.filter(pk=pk, kind__in=list(COMMITTEE_KINDS)).select_related("area", "region", "cluster").first()
    )
    if body is None:
        raise Http404("ไม่พบคณะ / Committee not found")
    permissions.require_read(user, Action.MEETING_VIEW, body)
    return body


def meeting_get(user: Viewer, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.filter(pk=pk).select_related("body", "body__region", "body__cluster", "body__area").first()
    )
    if meeting is None:
        raise Http404("ไม่พบการประชุม / Meeting not found")
    permissions.require_read(user, Action.MEETING_VIEW, meeting.body)
    return meeting


def resolution_get(user: Viewer, pk: int) -> Resolution:
    resolution = Resolution.objects.filter(pk=pk).select_related("body", "meeting").first()
    if resolution is None:
        raise Http404("ไม่พบมติ / Resolution not found")
    permissions.require_read(user, Action.MEETING_VIEW, resolution.body)
    return resolution


def meetings_of(body: Body) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body=body).order_by("-held_on", "-sequence")


def term_extensions_of(body: Body) -> QuerySet[TermExtension]:
    return TermExtension.objects.filter(body=body).select_related("resolution", "resolution__body").order_by("-new_end")


def delegations_of(body: Body) -> QuerySet[Delegation]:
    """Delegations the committee made or holds."""
    return (
        Delegation.objects.filter(Q(from_body=body) | Q(to_body=body))
        .select_related("from_body", "to_body", "resolution", "resolution__body", "region", "cluster", "area")
        .order_by("-fiscal_year", "-valid_from", "-pk")
    )


def meetings_to_minute(user: Viewer) -> QuerySet[Meeting]:
    """Meetings whose attendance is not recorded yet, of committees the user minutes (secretary or secretariat)."""
    if not isinstance(user, User):
        return Meeting.objects.none()
    secretary_of = Membership.objects.filter(user=user, position=Position.SECRETARY).values("body_id")
    staff_bodies = permissions.scoped_by_scope(
        Body.objects.filter(kind__in=list(COMMITTEE_KINDS)), user, Action.MEETING_EDIT
    ).values("pk")
    return (
        Meeting.objects.filter(minutes_recorded=False)
        .filter(Q(body_id__in=secretary_of) | Q(body_id__in=staff_bodies))
        .select_related("body")
        .order_by("held_on")
    )


def resolutions_to_decide(bodies: QuerySet[Body], limit: int = 100) -> QuerySet[Resolution]:
    """Resolutions a decision form offers: of meetings recorded here (quorate: a resolution is refused
    otherwise) or external with their minutes, of the bodies with authority — the latest first."""
    ids = list(
        Resolution.objects.filter(body__in=bodies)
        .filter(Q(meeting__isnull=False) | Q(is_external=True))
        .order_by("-meeting_date", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    return Resolution.objects.filter(pk__in=ids).select_related("body", "meeting").order_by("-meeting_date", "-pk")
