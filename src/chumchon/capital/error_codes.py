"""Error codes of the community capital domain (messages stay "ไทย / English")."""

from __future__ import annotations

from enum import StrEnum


class CapitalErrorCode(StrEnum):
    UNKNOWN_FIELD = "unknown_field"
    ALREADY_RETIRED = "already_retired"
    REASON_REQUIRED = "reason_required"
    RETIRED_ENTRY = "retired_entry"
