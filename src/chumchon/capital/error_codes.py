"""Error codes of the community capital domain (messages stay "ไทย / English")."""

from __future__ import annotations

from enum import StrEnum

from chumchon.core.errors import declare_conflicts


class CapitalErrorCode(StrEnum):
    UNKNOWN_FIELD = "unknown_field"
    ALREADY_RETIRED = "already_retired"
    REASON_REQUIRED = "reason_required"
    RETIRED_ENTRY = "retired_entry"


# The record's current state does not allow the step (HTTP 409), not a wrong request.
declare_conflicts(CapitalErrorCode.ALREADY_RETIRED, CapitalErrorCode.RETIRED_ENTRY)
