"""What relief plugs into the registries of the apps below it (called from ``ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.core.demo import register_demo_step


def register() -> None:
    register_demo_step("chumchon.relief.demo", order=45)  # after poverty (its Logbook), before budgets
    register_menu_entry(MenuEntry("relief", _("Disaster relief"), "relief:index", any_of=(Action.ORG_VIEW,), order=45))
