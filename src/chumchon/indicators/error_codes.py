"""Error codes of the indicators domain (messages stay "ไทย / English")."""

from __future__ import annotations

from enum import StrEnum

from chumchon.core.errors import declare_conflicts


class IndicatorErrorCode(StrEnum):
    FORMULA_SYNTAX = "formula_syntax"
    UNKNOWN_MEASURE = "unknown_measure"
    PERIOD_LOCKED = "period_locked"
    OUTSIDE_SCOPE = "outside_scope"
    CHILDREN_NOT_APPROVED = "children_not_approved"
    PARENT_APPROVED = "parent_approved"
    WRONG_STATE = "wrong_state"
    NOT_REPORTED = "not_reported"
    WRONG_LEVEL = "wrong_level"
    UNKNOWN_UNIT = "unknown_unit"


# The record's current state does not allow the step (HTTP 409), not a wrong request.
declare_conflicts(
    IndicatorErrorCode.PERIOD_LOCKED,
    IndicatorErrorCode.CHILDREN_NOT_APPROVED,
    IndicatorErrorCode.PARENT_APPROVED,
    IndicatorErrorCode.WRONG_STATE,
)
