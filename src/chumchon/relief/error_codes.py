"""The codes relief's errors carry (messages stay "ไทย / English")."""

from enum import StrEnum

from chumchon.core.errors import declare_conflicts


class ReliefErrorCode(StrEnum):
    BAD_AMOUNT = "relief_bad_amount"
    BAD_AREA = "relief_bad_area"
    BAD_SOURCE = "relief_bad_source"
    CAMPAIGN_CLOSED = "relief_campaign_closed"
    BEYOND_TRANSFERRED = "relief_beyond_transferred"
    CASE_ELSEWHERE = "relief_case_elsewhere"
    FUTURE_DATE = "relief_future_date"
    REQUIRED = "relief_required"


# The record's current state does not allow the step (HTTP 409), not a wrong request.
declare_conflicts(ReliefErrorCode.CAMPAIGN_CLOSED, ReliefErrorCode.BEYOND_TRANSFERRED)
