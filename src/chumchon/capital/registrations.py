"""What capital plugs into the registries of the apps below it (called from ``CapitalConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.areas.selectors import AREA_SUMMARY_PROVIDERS
from chumchon.audit.selectors import register_record_type
from chumchon.capital.area_summary import capital_area_summary, register_summary
from chumchon.core.demo import register_demo_step


def register() -> None:
    if capital_area_summary not in AREA_SUMMARY_PROVIDERS:
        AREA_SUMMARY_PROVIDERS.append(capital_area_summary)
    register_summary()  # the kept count of capital items per area (areas.summaries)
    register_menu_entry(
        MenuEntry(
            "capital",
            _("Community capital"),
            "capital:index",
            any_of=(Action.CAPITAL_EDIT, Action.PERSON_VIEW),
            order=45,
        )
    )
    register_record_type("capital.capitalentry", _("community capital entry"))
    # After bodies (20), users (30) and the survey rounds (40): profiles read all three.
    register_demo_step("chumchon.capital.demo", order=45)
