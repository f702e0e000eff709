"""What indicators plugs into the registries of the apps below it (called from ``ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.accounts.worklist import register_worklist_provider
from chumchon.audit.selectors import register_record_type
from chumchon.core.demo import register_demo_step
from chumchon.indicators import builtin_measures, worklist


def register() -> None:
    builtin_measures.register()
    register_worklist_provider(worklist.worklist_items)
    register_menu_entry(
        MenuEntry("indicators", _("Indicators"), "indicators:index", any_of=(Action.INDICATOR_VIEW,), order=50)
    )
    register_record_type("indicators.indicator", _("indicator"))
    register_record_type("indicators.indicatortarget", _("indicator target"))
    register_record_type("indicators.indicatorvalue", _("indicator value"))
    register_record_type("indicators.periodapproval", _("indicator approval"))
    # After plans (55), projects (60) and budgets: the computed indicators count what they made.
    register_demo_step("chumchon.indicators.demo", order=80)
