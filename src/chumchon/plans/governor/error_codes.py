"""Error codes of proposals to the governor and agencies (``ValidationError.code``)."""

from __future__ import annotations

from enum import StrEnum


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
