"""Error codes of the meetings domain (committees, meetings, resolutions, delegations, authority)."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError

from chumchon.core.errors import declare_conflicts
from chumchon.meetings.authority import AuthorityErrorCode


class MeetingErrorCode(StrEnum):
    NOT_A_COMMITTEE = "not_a_committee"
    INCOMPLETE = "incomplete"
    BAD_DATES = "bad_dates"
    OVERLAPPING_TERM = "overlapping_term"
    NO_QUORUM = "no_quorum"
    NO_ATTENDANCE = "no_attendance"
    NO_MINUTES = "no_minutes"
    NOT_SECRETARY = "not_secretary"
    NOT_A_MEMBER = "not_a_member"
    DELEGATION_OUTSIDE_AUTHORITY = "delegation_outside_authority"
    SAME_BODY = "same_body"


# The record's current state does not allow the step (HTTP 409), not a wrong request.
declare_conflicts(MeetingErrorCode.OVERLAPPING_TERM)


class MeetingError(ValidationError):
    """A refused write of the meetings domain (bilingual message, a ``MeetingErrorCode``)."""


__all__ = ["AuthorityErrorCode", "MeetingError", "MeetingErrorCode"]
