"""What organizations plugs into the registries of the apps below it (called from ``ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.accounts.roles import register_role_bodies
from chumchon.areas.selectors import AREA_SUMMARY_PROVIDERS, register_area_bodies
from chumchon.audit.scoped_admin import register_choice_narrower
from chumchon.core import access
from chumchon.core.demo import register_demo_step
from chumchon.organizations import area_summary
from chumchon.organizations.area_summary import welfare_area_summary
from chumchon.organizations.roles import BodiesOfRoles
from chumchon.organizations.selectors import BodiesAtAreas


def register() -> None:
    # Area pages count and list the bodies serving each area.
    register_area_bodies(BodiesAtAreas())
    if welfare_area_summary not in AREA_SUMMARY_PROVIDERS:  # welfare-fund headline rows on area pages
        AREA_SUMMARY_PROVIDERS.append(welfare_area_summary)
    area_summary.register()  # the kept per-area figures of bodies and welfare funds (areas.summaries)
    # The admin offers only bodies inside the user's write scope.
    register_choice_narrower("organizations.body", access.scoped_by_scope)
    # The body each role assignment is held in (accounts shows it, the demo makes it).
    register_role_bodies(BodiesOfRoles())
    register_demo_step("chumchon.organizations.demo", order=20)
    register_demo_step("chumchon.organizations.demo:welfare", order=35)  # after the users (accounts, 30)
    register_menu_entry(
        MenuEntry("organizations", _("Organizations"), "organizations:index", any_of=(Action.ORG_VIEW,), order=40)
    )
