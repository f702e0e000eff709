"""The error poverty's services raise: a ``ValidationError`` with a bilingual message and a code."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from chumchon.poverty.error_codes import PovertyErrorCode


class PovertyError(ValidationError):
    """A poverty-targeting rule refused the change (bilingual message; nothing was written)."""

    def __init__(self, message: str | list[str], *, code: PovertyErrorCode | str) -> None:
        # ``code`` is a ``PovertyErrorCode``, or the code of a survey file's reading error (``core.tabular``).
        super().__init__(message, code=code)
