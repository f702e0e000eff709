"""The codes of the errors poverty's services raise (``PovertyError.code``), one enum for the domain.

The values are the strings the services used before (pages, the API and tests may compare them).
A survey file that cannot be read keeps the reading error's own code (``core.tabular``).
"""

from enum import StrEnum

from chumchon.core.errors import declare_conflicts


class PovertyErrorCode(StrEnum):
    # Areas, dimensions and the people targeted
    NOT_TAMBON = "not_tambon"
    BAD_AREA = "bad_area"
    BAD_VILLAGE = "bad_village"
    BAD_DIMENSION = "bad_dimension"
    BAD_NATIONAL_ID = "bad_national_id"
    # Field additions
    BAD_KIND = "bad_kind"
    BAD_REASON = "bad_reason"
    NAME_REQUIRED = "name_required"
    BAD_HOUSEHOLD = "bad_household"
    ALREADY_DECIDED = "already_decided"
    OWN_ADDITION = "own_addition"
    # The Logbook
    ADDITION_NOT_VERIFIED = "addition_not_verified"
    HOUSEHOLD_REQUIRED = "household_required"
    CASE_EXISTS = "case_exists"
    BAD_STATUS = "bad_status"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    REASON_REQUIRED = "reason_required"
    # Indicator texts
    SOURCE_REQUIRED = "source_required"
    NO_ASSISTANCE = "no_assistance"
    CASE_CLOSED = "case_closed"
    DESCRIPTION_REQUIRED = "description_required"
    BAD_HELP_KIND = "bad_help_kind"
    BAD_AMOUNT = "bad_amount"
    FUTURE_DATE = "future_date"
    # Survey imports
    ALREADY_CONFIRMED = "already_confirmed"
    BAD_MAPPING = "bad_mapping"
    # Cross-area duplicates
    BAD_RESOLUTION = "bad_resolution"


# The record's current state does not allow the step (HTTP 409), not a wrong request.
declare_conflicts(
    PovertyErrorCode.ALREADY_DECIDED,
    PovertyErrorCode.CASE_EXISTS,
    PovertyErrorCode.TRANSITION_NOT_ALLOWED,
    PovertyErrorCode.CASE_CLOSED,
    PovertyErrorCode.ALREADY_CONFIRMED,
)
