"""Error codes of the public portal (``ValidationError.code`` of every refused feedback)."""

from __future__ import annotations

from enum import StrEnum


class PortalErrorCode(StrEnum):
    TOO_MANY = "too_many"
    EMPTY = "empty"
    PERSONAL_DATA = "personal_data"
    WRONG_STATE = "wrong_state"
