"""Error codes of the plans domain (``ValidationError.code`` of every refused change)."""

from __future__ import annotations

from enum import StrEnum

from chumchon.core.errors import declare_conflicts


class PlanErrorCode(StrEnum):
    REQUIRED = "required"
    BAD_PERIOD = "bad_period"
    BAD_SCOPE = "bad_scope"
    BAD_YEAR = "bad_year"
    BAD_AMOUNT = "bad_amount"
    OUTSIDE_PLAN = "outside_plan"
    NOT_HIGHER = "not_higher"
    ALREADY_PROPOSED = "already_proposed"
    ALREADY_ANSWERED = "already_answered"
    WRONG_PLAN = "wrong_plan"
    NOT_ANSWERED = "not_answered"
    DUPLICATE_VERSION = "duplicate_version"
    NOT_A_COUNCIL = "not_a_council"


# The record's current state does not allow the step (HTTP 409), not a wrong request.
declare_conflicts(
    PlanErrorCode.ALREADY_PROPOSED,
    PlanErrorCode.ALREADY_ANSWERED,
    PlanErrorCode.NOT_ANSWERED,
    PlanErrorCode.DUPLICATE_VERSION,
)
