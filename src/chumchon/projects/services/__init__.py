"""Writes for projects, by concept: ``proposal`` (the proposal and its parts), ``lifecycle`` (the
transitions, by the table in ``projects.transitions``) and ``progress`` (progress reports).
History goes through ``projects.events``; who may decide through ``meetings.authority``; the
wording of actions and statuses is in ``projects.words``. The names below are the public API.
"""

from chumchon.projects.services.common import approval_action, approval_subject, approver_rule
from chumchon.projects.services.lifecycle import (
    may_cancel,
    may_return,
    project_approve,
    project_cancel,
    project_close,
    project_disburse,
    project_reject,
    project_return,
    project_screen,
    project_sign_agreement,
    project_submit,
)
from chumchon.projects.services.progress import project_report_progress
from chumchon.projects.services.proposal import (
    PROPOSAL_FIELDS,
    activity_add,
    activity_delete,
    attachment_add,
    budget_line_add,
    budget_line_delete,
    budget_line_update,
    co_funding_add,
    co_funding_delete,
    indicator_add,
    indicator_delete,
    programme_is_housing,
    project_create,
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
    "approver_rule",
    "attachment_add",
    "budget_line_add",
    "budget_line_delete",
    "budget_line_update",
    "check_state",
    "co_funding_add",
    "co_funding_delete",
    "indicator_add",
    "indicator_delete",
    "may_cancel",
    "may_return",
    "programme_is_housing",
    "project_approve",
    "project_cancel",
    "project_close",
    "project_create",
    "project_disburse",
    "project_reject",
    "project_report_progress",
    "project_return",
    "project_screen",
    "project_sign_agreement",
    "project_submit",
    "project_update",
]
