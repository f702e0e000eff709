"""Writes for projects, by concept: ``proposal`` (the proposal and its parts), ``lifecycle`` (the
transitions, by the table in ``projects.transitions``) and ``progress`` (progress reports).
History goes through ``projects.events``; who may decide through ``meetings.authority``; the
wording of actions and statuses is in ``projects.words``. The names below are the public API.

Views, the API and jobs call the entry points, each a durable transaction; a caller that runs the
same work inside its own transaction (the demo, the progress import) calls the ``*_in_transaction``
form beside it.
"""

from chumchon.projects.services.common import (
    approval_action,
    approval_subject,
    approval_subject_of_programme,
    approver_rule,
)
from chumchon.projects.services.lifecycle import (
    may_cancel,
    may_return,
    project_approve,
    project_approve_in_transaction,
    project_cancel,
    project_cancel_in_transaction,
    project_close,
    project_close_in_transaction,
    project_disburse,
    project_disburse_in_transaction,
    project_reject,
    project_reject_in_transaction,
    project_return,
    project_return_in_transaction,
    project_screen,
    project_screen_in_transaction,
    project_sign_agreement,
    project_sign_agreement_in_transaction,
    project_submit,
    project_submit_in_transaction,
)
from chumchon.projects.services.progress import project_report_progress, project_report_progress_in_transaction
from chumchon.projects.services.proposal import (
    PROPOSAL_FIELDS,
    activity_add,
    activity_delete,
    attachment_add,
    budget_line_add,
    budget_line_delete,
    budget_line_update,
    co_funding_add,
    co_funding_add_in_transaction,
    co_funding_delete,
    indicator_add,
    indicator_add_in_transaction,
    indicator_delete,
    programme_is_housing,
    project_create,
    project_create_in_transaction,
    project_update,
)
from chumchon.projects.transitions import ALLOWED_FROM, TRANSITIONS, ProjectStateError, check_state
from chumchon.projects.words import ACTION_WORDS, STATUS_EN, STATUS_TH

__all__ = [
    "ACTION_WORDS",
    "ALLOWED_FROM",
    "PROPOSAL_FIELDS",
    "STATUS_EN",
    "STATUS_TH",
    "TRANSITIONS",
    "ProjectStateError",
    "activity_add",
    "activity_delete",
    "approval_action",
    "approval_subject",
    "approval_subject_of_programme",
    "approver_rule",
    "attachment_add",
    "budget_line_add",
    "budget_line_delete",
    "budget_line_update",
    "check_state",
    "co_funding_add",
    "co_funding_add_in_transaction",
    "co_funding_delete",
    "indicator_add",
    "indicator_add_in_transaction",
    "indicator_delete",
    "may_cancel",
    "may_return",
    "programme_is_housing",
    "project_approve",
    "project_approve_in_transaction",
    "project_cancel",
    "project_cancel_in_transaction",
    "project_close",
    "project_close_in_transaction",
    "project_create",
    "project_create_in_transaction",
    "project_disburse",
    "project_disburse_in_transaction",
    "project_reject",
    "project_reject_in_transaction",
    "project_report_progress",
    "project_report_progress_in_transaction",
    "project_return",
    "project_return_in_transaction",
    "project_screen",
    "project_screen_in_transaction",
    "project_sign_agreement",
    "project_sign_agreement_in_transaction",
    "project_submit",
    "project_submit_in_transaction",
    "project_update",
]
