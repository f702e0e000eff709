"""Error codes of proposals to the governor and agencies (``ValidationError.code``)."""

from __future__ import annotations

from enum import StrEnum

from chumchon.core.errors import declare_conflicts


class GovernorErrorCode(StrEnum):
    REQUIRED = "required"
    NO_ITEMS = "no_items"
    ITEM_OUTSIDE = "item_outside"
    BAD_BODY = "bad_body"
    NOT_DRAFT = "not_draft"
    NOT_SENT = "not_sent"
    FUTURE_DATE = "future_date"
    BEFORE_SENT = "before_sent"
    ALREADY_REPLIED = "already_replied"
    ALREADY_INCLUDED = "already_included"
    BAD_INCLUSION = "bad_inclusion"


# The record's current state does not allow the step (HTTP 409), not a wrong request.
declare_conflicts(
    GovernorErrorCode.NOT_DRAFT,
    GovernorErrorCode.NOT_SENT,
    GovernorErrorCode.ALREADY_REPLIED,
    GovernorErrorCode.ALREADY_INCLUDED,
)
