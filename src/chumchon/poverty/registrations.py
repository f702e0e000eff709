"""What poverty plugs into the registries of the apps below it (called from ``PovertyConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.accounts.worklist import register_worklist_provider
from chumchon.audit.selectors import register_record_type
from chumchon.core.demo import register_demo_step
from chumchon.poverty import area_summary, indicator_measures, jobs, worklist  # noqa: F401 (importing jobs registers the poverty jobs)


def register() -> None:
    indicator_measures.register()  # the measures indicator formulas count by (indicators.measures)
    register_demo_step("chumchon.poverty.demo", order=40)  # core runs the demo steps in order
    # Poverty headline figures on area pages.
    area_summary.register()
    # What awaits a user on the home page and in the daily digest.
    register_worklist_provider(worklist.worklist_items)
    # Poverty targeting is for those who work with target lists or the Logbook.
    register_menu_entry(
        MenuEntry(
            "poverty",
            _("Poverty targeting"),
            "poverty:index",
            any_of=(Action.PERSON_VIEW, Action.LOGBOOK_VIEW),
            order=10,
        )
    )
    # Cross-area duplicates: only for those who may resolve them (provincial officers).
    register_menu_entry(
        MenuEntry(
            "poverty_duplicates",
            _("Cross-area duplicates"),
            "poverty:duplicates",
            any_of=(Action.PERSON_RESOLVE_DUPLICATE,),
            order=11,
        )
    )
    # Audit record types that are no model: the trail names them.
    register_record_type("poverty.targetlist", _("target list"))
    register_record_type("poverty.household", _("target household"))
