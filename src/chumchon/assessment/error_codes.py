"""Error codes of the assessment domain (``ValidationError.code`` of every refused change)."""

from __future__ import annotations

from enum import StrEnum

from chumchon.core.errors import declare_conflicts


class AssessmentErrorCode(StrEnum):
    NOT_A_PROVINCE = "not_a_province"
    BAD_YEAR = "bad_year"
    DUPLICATE = "duplicate"
    NOT_EDITABLE = "not_editable"
    BAD_LEVEL = "bad_level"
    EXPLAIN_DIFFERENCE = "explain_difference"
    INCOMPLETE = "incomplete"
    BAD_EVIDENCE = "bad_evidence"
    NOT_SUBMITTED = "not_submitted"
    NOTE_REQUIRED = "note_required"
    NO_REVIEWER = "no_reviewer"
    BAD_SCOPE = "bad_scope"
    SELECTION = "selection"
    ALREADY_ADOPTED = "already_adopted"
    WRONG_BODY = "wrong_body"
    ALREADY_CERTIFIED = "already_certified"
    NOT_REVIEWED = "not_reviewed"


# The record's current state does not allow the step (HTTP 409), not a wrong request.
declare_conflicts(
    AssessmentErrorCode.NOT_EDITABLE,
    AssessmentErrorCode.NOT_SUBMITTED,
    AssessmentErrorCode.NOT_REVIEWED,
    AssessmentErrorCode.ALREADY_ADOPTED,
    AssessmentErrorCode.ALREADY_CERTIFIED,
)
