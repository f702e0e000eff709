"""The refusals of the money path; every message is bilingual (ไทย / English) and carries a code."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from chumchon.budgets.error_codes import BudgetErrorCode


class BudgetError(ValidationError):
    """A refused money operation; the message is bilingual (ไทย / English)."""


class InsufficientFunds(BudgetError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code=BudgetErrorCode.INSUFFICIENT_FUNDS)


class OverDisbursement(BudgetError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code=BudgetErrorCode.OVER_DISBURSEMENT)


class AllocationLocked(BudgetError):
    def __init__(self, message: str, code: str = BudgetErrorCode.ALLOCATION_LOCKED) -> None:
        super().__init__(message, code=code)
