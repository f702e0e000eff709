"""What the governor proposals plug into (called from ``plans.registrations.register``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.accounts.worklist import register_worklist_provider
from chumchon.core.demo import register_demo_step
from chumchon.plans.governor import worklist


def register() -> None:
    register_demo_step("chumchon.plans.governor.demo", order=66)  # after the plans demo (65)
    register_worklist_provider(worklist.worklist_items)
    register_menu_entry(
        MenuEntry(
            "plans_governor",
            _("Proposals to the governor"),
            "plans:governor_register",
            any_of=(Action.PLAN_VIEW,),
            order=16,
        )
    )
