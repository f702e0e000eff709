"""What plans plugs into the registries of the apps below it (called from ``PlansConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.accounts.worklist import register_worklist_provider
from chumchon.core.demo import register_demo_step
from chumchon.meetings.decisions import DecisionKind, register_decision_kind
from chumchon.plans import indicator_measures, worklist
from chumchon.plans.governor import registrations as governor
from chumchon.plans.selectors import decided_plan_versions
from chumchon.plans.strategy import registrations as strategy


def register() -> None:
    indicator_measures.register()  # the measures indicator formulas count by (indicators.measures)
    register_demo_step("chumchon.plans.demo", order=55)  # before projects (60), which link their projects to items
    register_worklist_provider(worklist.worklist_items)
    register_menu_entry(MenuEntry("plans", _("Plans"), "plans:index", any_of=(Action.PLAN_VIEW,), order=15))
    governor.register()
    strategy.register()
    # A resolution lists the plan versions it adopted or amended (meetings.decisions).
    register_decision_kind(DecisionKind("plan_adoption", _("Plan adoption"), decided_plan_versions))
    register_decision_kind(DecisionKind("plan_amendment", _("Plan amendment"), decided_plan_versions))
