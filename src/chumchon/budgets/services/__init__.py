"""Writes of the money path, by concept: ``programmes`` (programmes, approval-rule table,
indicators), ``allocations`` (fair-allocation scenarios and their adoption) and ``ledger``
(commit/release/disburse/refund/reallocate and the invariants). Errors are in ``errors`` with
their codes in ``chumchon.budgets.error_codes``.

Who may approve, adopt or disburse is decided by ``chumchon.meetings.authority`` alone; these
services ask it. Every function is atomic, permission-checked and audited, and raises without
changing anything when it refuses. The names below are the app's public service API: views, the
API and jobs call the entry points, each a durable transaction; a caller that runs the same work
inside its own transaction (projects' life cycle, a page that records a resolution and acts on it,
the demo) calls the ``*_in_transaction`` form beside it.
"""

from chumchon.budgets.services.allocations import (
    adopt_subject,
    allocation_adopt,
    allocation_adopt_in_transaction,
    allocation_create,
    allocation_create_in_transaction,
    allocation_delete,
    allocation_update,
)
from chumchon.budgets.services.errors import AllocationLocked, BudgetError, InsufficientFunds, OverDisbursement
from chumchon.budgets.services.ledger import (
    approval_subject,
    authorise_money,
    funds_commit,
    funds_commit_in_transaction,
    funds_disburse,
    funds_disburse_in_transaction,
    funds_reallocate,
    funds_reallocate_in_transaction,
    funds_refund,
    funds_refund_in_transaction,
    funds_release,
    funds_release_in_transaction,
    ledger_check,
    locked_balance,
    programme_remaining,
    write_entry,
)
from chumchon.budgets.services.programmes import (
    approval_rule_set,
    approval_rule_set_in_transaction,
    approval_rules_for,
    approver_for,
    programme_create,
    programme_create_in_transaction,
    programme_indicator_set,
    programme_indicator_set_in_transaction,
)
from chumchon.meetings.authority import province_outside_clusters

__all__ = [
    "AllocationLocked",
    "BudgetError",
    "InsufficientFunds",
    "OverDisbursement",
    "adopt_subject",
    "allocation_adopt",
    "allocation_adopt_in_transaction",
    "allocation_create",
    "allocation_create_in_transaction",
    "allocation_delete",
    "allocation_update",
    "approval_rule_set",
    "approval_rule_set_in_transaction",
    "approval_rules_for",
    "approval_subject",
    "approver_for",
    "authorise_money",
    "funds_commit",
    "funds_commit_in_transaction",
    "funds_disburse",
    "funds_disburse_in_transaction",
    "funds_reallocate",
    "funds_reallocate_in_transaction",
    "funds_refund",
    "funds_refund_in_transaction",
    "funds_release",
    "funds_release_in_transaction",
    "ledger_check",
    "locked_balance",
    "programme_create",
    "programme_create_in_transaction",
    "programme_indicator_set",
    "programme_indicator_set_in_transaction",
    "programme_remaining",
    "province_outside_clusters",
    "write_entry",
]
