"""Error codes of the projects domain (``ValidationError.code`` of every refused change)."""

from __future__ import annotations

from enum import StrEnum

from chumchon.core.errors import declare_conflicts


class ProjectErrorCode(StrEnum):
    WRONG_STATE = "wrong_state"
    REQUIRED = "required"
    NOT_ELIGIBLE = "not_eligible"
    BAD_AREA = "bad_area"
    OUTSIDE_BODY = "outside_body"
    WRONG_PROGRAMME = "wrong_programme"
    LOCKED = "locked"
    BAD_CODE = "bad_code"
    NO_BUDGET = "no_budget"
    BAD_AMOUNT = "bad_amount"
    OVER_DISBURSEMENT = "over_disbursement"
    OVER_SPENT = "over_spent"
    BAD_PROGRESS = "bad_progress"
    NEGATIVE_SPENDING = "negative_spending"
    UNKNOWN_INDICATOR = "unknown_indicator"
    UNKNOWN_ACTIVITY = "unknown_activity"
    FINAL_PCT = "final_pct"
    NO_FINAL_REPORT = "no_final_report"
    BAD_REFUND = "bad_refund"
    NO_RESOLUTION = "no_resolution"


# The record's current state does not allow the step (HTTP 409), not a wrong request.
declare_conflicts(ProjectErrorCode.WRONG_STATE, ProjectErrorCode.LOCKED, ProjectErrorCode.OVER_DISBURSEMENT)
