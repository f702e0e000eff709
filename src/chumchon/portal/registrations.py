"""What the portal plugs into the registries below it (called from ``PortalConfig.ready()``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.accounts.worklist import WorklistItem, register_worklist_provider
from chumchon.portal import figures, selectors
from chumchon.portal.community import register_community_sections
from chumchon.portal.kpi import register_indicators_section
from chumchon.portal.moderation import pending_for
from chumchon.poverty.engine import register_after_full_recompute


def feedback_items(user: Any) -> Iterable[WorklistItem]:
    count = pending_for(user).count()
    if count:
        yield WorklistItem(
            key="portal.feedback",
            label=str(_("Public feedback awaiting moderation")),
            count=count,
            url=reverse("portal:moderation") + "?status=pending",
            severity="info",
            order=40,
        )


def register() -> None:
    selectors.register_builtin_sections()
    register_after_full_recompute(figures.materialise)  # the round's public table, written after the engine run
    register_community_sections()
    register_indicators_section()
    register_worklist_provider(feedback_items)
    register_menu_entry(MenuEntry("portal", _("Public portal"), "portal:home", order=90))
    register_menu_entry(
        MenuEntry("feedback", _("Public feedback"), "portal:moderation", any_of=(Action.FEEDBACK_MODERATE,), order=91)
    )
