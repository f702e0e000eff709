"""Error codes of the budgets domain (``ValidationError.code`` of every refused money operation)."""

from __future__ import annotations

from enum import StrEnum

from chumchon.core.errors import declare_conflicts


class BudgetErrorCode(StrEnum):
    BAD_AMOUNT = "bad_amount"
    BAD_PROVINCE = "bad_province"
    SAME_PROVINCE = "same_province"
    NOT_COMMITTED = "not_committed"
    OTHER_PROGRAMME = "other_programme"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    OVER_DISBURSEMENT = "over_disbursement"
    OVER_REFUND = "over_refund"
    ALLOCATION_LOCKED = "allocation_locked"
    ALREADY_ADOPTED = "already_adopted"
    LINES_MISMATCH = "lines_mismatch"
    UNKNOWN_SCOPE = "unknown_scope"
    UNKNOWN_BODY_KIND = "unknown_body_kind"
    UNKNOWN_ROLE = "unknown_role"
    BAD_BAND = "bad_band"
    BAND_OVERLAP = "band_overlap"
    BAD_INDICATOR = "bad_indicator"
    NO_AUTHORITY = "no_authority"


# The record's current state does not allow the step (HTTP 409), not a wrong request.
declare_conflicts(
    BudgetErrorCode.NOT_COMMITTED,
    BudgetErrorCode.INSUFFICIENT_FUNDS,
    BudgetErrorCode.OVER_DISBURSEMENT,
    BudgetErrorCode.OVER_REFUND,
    BudgetErrorCode.ALLOCATION_LOCKED,
    BudgetErrorCode.ALREADY_ADOPTED,
)
