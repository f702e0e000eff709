"""Error codes of the meetings domain (resolutions and approval authority)."""

from __future__ import annotations

from enum import StrEnum

from chumchon.meetings.authority import AuthorityErrorCode


class MeetingErrorCode(StrEnum):
    NOT_A_COMMITTEE = "not_a_committee"
    INCOMPLETE = "incomplete"


__all__ = ["AuthorityErrorCode", "MeetingErrorCode"]
