"""Error codes of the public portal (``ValidationError.code`` of every refused feedback)."""

from __future__ import annotations

from enum import StrEnum

from chumchon.core.errors import declare_conflicts


class PortalErrorCode(StrEnum):
    TOO_MANY = "too_many"
    EMPTY = "empty"
    PERSONAL_DATA = "personal_data"
    WRONG_STATE = "wrong_state"


# The record's current state does not allow the step (HTTP 409), not a wrong request.
declare_conflicts(PortalErrorCode.WRONG_STATE)
