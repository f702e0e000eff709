"""What projects plugs into the registries of the apps below it (called from ``ProjectsConfig.ready()``)."""

from __future__ import annotations

from django.db import connections
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.accounts.worklist import register_worklist_provider
from chumchon.areas import selectors as area_selectors
from chumchon.budgets import selectors as budget_selectors
from chumchon.core.backup import data_restored
from chumchon.core.dataversion import register_commit_listener, register_derived_table
from chumchon.core.demo import register_demo_step
from chumchon.meetings.decisions import DecisionKind, register_decision_kind
from chumchon.plans.selectors import register_item_project_source
from chumchon.projects import indicator_measures, kept_progress, plan_items, worklist
from chumchon.projects.models import KeptProgress, ProgressMark, Project, refuse_deleting_funded_project
from chumchon.projects.selectors import (
    area_summary_items,
    decided_projects,
    programme_indicator_values,
    reported_spending,
)


def _after_restore(sender: object = None, using: str = "default", **kwargs: object) -> None:
    """A restore archives no kept progress: every kept value is recomputed from the restored projects."""
    kept_progress.rebuild(connections[using])


def register() -> None:
    # The kept rolled-up progress and its marks follow the writes to activities and projects, which moved
    # the data versions already; a restore rebuilds the kept values.
    register_derived_table(KeptProgress._meta.db_table)
    register_derived_table(ProgressMark._meta.db_table)
    data_restored.connect(_after_restore, dispatch_uid="projects.kept_progress.restore")
    # The writer settles what its transaction marked, once it has committed (readers never write).
    register_commit_listener(kept_progress.settle_after_commit)
    indicator_measures.register()  # the measures indicator formulas count by (indicators.measures)
    # The ledger names its holder generically; the project side refuses to delete a funded project.
    pre_delete.connect(refuse_deleting_funded_project, sender=Project, dispatch_uid="projects_ledger_protect")
    register_demo_step("chumchon.projects.demo", order=60)  # core runs the demo steps in order
    register_demo_step("chumchon.projects.plan_items:demo_link", order=61)  # after plans' demo (55)
    if area_summary_items not in area_selectors.AREA_SUMMARY_PROVIDERS:
        area_selectors.AREA_SUMMARY_PROVIDERS.append(area_summary_items)
    # The budgets dashboards show the projects' reported spending and indicator values.
    if reported_spending not in budget_selectors.SPENDING_PROVIDERS:
        budget_selectors.SPENDING_PROVIDERS.append(reported_spending)
    if programme_indicator_values not in budget_selectors.INDICATOR_VALUE_PROVIDERS:
        budget_selectors.INDICATOR_VALUE_PROVIDERS.append(programme_indicator_values)
    # A plan item shows the projects made from it and offers "make a project proposal from this item".
    register_item_project_source(plan_items.SOURCE)
    # What awaits a user on the home page and in the daily digest.
    register_worklist_provider(worklist.worklist_items)
    register_menu_entry(MenuEntry("projects", _("Projects"), "projects:index", any_of=(Action.PROJECT_VIEW,), order=20))
    # A resolution lists the projects it approved or rejected (meetings.decisions).
    register_decision_kind(DecisionKind("project_approval", _("Project approval"), decided_projects))
    register_decision_kind(DecisionKind("project_rejection", _("Project rejection"), decided_projects))
