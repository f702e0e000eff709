"""What budgets plugs into the registries of the apps below it (called from ``BudgetsConfig.ready()``)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.budgets import indicator_measures
from chumchon.budgets.models import ApprovalRule, FundBalance, LedgerEntry
from chumchon.budgets.selectors import adopted_allocations
from chumchon.budgets.services.programmes import approval_rules_for, approval_rules_many, programme_refs_of_year
from chumchon.core import dataversion
from chumchon.core.demo import register_demo_step
from chumchon.meetings import authority
from chumchon.meetings.decisions import DecisionKind, register_decision_kind


def register() -> None:
    indicator_measures.register()  # the measures indicator formulas count by (indicators.measures)
    register_demo_step("chumchon.budgets.demo", order=50)  # core runs the demo steps in order
    # Money moves by ledger rows (balances only with one): the ledger's newest id is the money's data
    # version, read by kept page fragments, so the money path writes no version row (core.dataversion.Stamp).
    dataversion.register_stamp("budgets.ledger", table=LedgerEntry._meta.db_table, covers=[FundBalance._meta.db_table])
    # The approval authority reads its amount bands from budgets' ApprovalRule rows.
    if approval_rules_for not in authority.RULE_SOURCES:
        authority.RULE_SOURCES.append(approval_rules_for)
    authority.RULE_BATCH_SOURCES[approval_rules_for] = approval_rules_many
    if programme_refs_of_year not in authority.PROGRAMME_SOURCES:
        authority.PROGRAMME_SOURCES.append(programme_refs_of_year)
    # The authority keeps the rules it read on the deciding actor; a changed band makes that stale.
    for signal in (post_save, post_delete):
        signal.connect(
            authority.rules_changed, sender=ApprovalRule, dispatch_uid=f"budgets.rules.{signal is post_save}"
        )
    # Budgets are read where projects are (budgets.selectors.province_prefixes asks PROJECT_VIEW).
    register_menu_entry(MenuEntry("budgets", _("Budgets"), "budgets:index", any_of=(Action.PROJECT_VIEW,), order=30))
    # A resolution lists the allocations it adopted (meetings.decisions).
    register_decision_kind(DecisionKind("allocation_adoption", _("Allocation adoption"), adopted_allocations))
