"""Writes of the money path, by concept: ``programmes`` (programmes, approval-rule table,
indicators), ``allocations`` (fair-allocation scenarios and their adoption) and ``ledger``
(commit/release/disburse/refund/reallocate and the invariants). Errors are in ``errors`` with
their codes in ``chumchon.budgets.error_codes``.

Who may approve, adopt or disburse is decided by ``chumchon.meetings.authority`` alone; these
services ask it. Every function is atomic, permission-checked and audited, and raises without
changing anything when it refuses. The names below are the app's public service API.
"""

from chumchon.budgets.services.allocations import (
    allocation_adopt,
    allocation_create,
    allocation_delete,
    allocation_update,
)
from chumchon.budgets.services.errors import AllocationLocked, BudgetError, InsufficientFunds, OverDisbursement
from chumchon.budgets.services.ledger import (
    approval_subject,
    authorise_money,
    funds_commit,
    funds_disburse,
    funds_reallocate,
    funds_refund,
    funds_release,
    ledger_check,
    locked_balance,
    programme_remaining,
    write_entry,
)
from chumchon.budgets.services.programmes import (
    approval_rule_set,
    approval_rules_for,
    approver_for,
    programme_create,
    programme_indicator_set,
)
from chumchon.meetings.authority import province_outside_clusters

__all__ = [
    "AllocationLocked",
    "BudgetError",
    "InsufficientFunds",
    "OverDisbursement",
    "allocation_adopt",
    "allocation_create",
    "allocation_delete",
    "allocation_update",
    "approval_rule_set",
    "approval_rules_for",
    "approval_subject",
    "approver_for",
    "authorise_money",
    "funds_commit",
    "funds_disburse",
    "funds_reallocate",
    "funds_refund",
    "funds_release",
    "ledger_check",
    "locked_balance",
    "programme_create",
    "programme_indicator_set",
    "programme_remaining",
    "province_outside_clusters",
    "write_entry",
]
