"""What the portal plugs into the registries below it (called from ``PortalConfig.ready()``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save, pre_migrate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action, grants_for
from chumchon.accounts.worklist import WorklistItem, register_worklist_provider
from chumchon.budgets.models import Programme
from chumchon.core import prepared
from chumchon.core.backup import data_restored
from chumchon.portal import figures, pagecache, selectors
from chumchon.portal.community import register_community_sections
from chumchon.portal.kpi import register_indicators_section
from chumchon.portal.models import Feedback
from chumchon.portal.moderation import pending_for
from chumchon.poverty.engine import register_after_full_recompute, register_after_recompute
from chumchon.projects.models import Project


def feedback_items(user: Any) -> Iterable[WorklistItem]:
    # Made of the moderation scope alone: built once per process for it (``core.prepared``).
    scope = grants_for(user).prefixes(Action.FEEDBACK_MODERATE)
    count = prepared.count(("portal.feedback_pending", scope), lambda: pending_for(user))
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
    # The cached public pages go stale when their data changes (portal.pagecache).
    register_after_recompute(pagecache.after_recompute)
    post_save.connect(pagecache.on_save, dispatch_uid="portal.pagecache.save")
    # Deletions are watched only for these: a post_delete receiver makes Django load every row a queryset
    # delete removes, so the engine's bulk deletes of result rows stay unwatched (its recomputes bump
    # through register_after_recompute above).
    for model in (Project, Programme, Feedback):
        post_delete.connect(
            pagecache.on_delete, sender=model, dispatch_uid=f"portal.pagecache.delete.{model._meta.label}"
        )
    data_restored.connect(pagecache.after_restore, dispatch_uid="portal.pagecache.restore")
    pre_migrate.connect(
        pagecache.migration_starts, sender=apps.get_app_config("portal"), dispatch_uid="portal.pagecache.migrating"
    )
    post_migrate.connect(
        pagecache.create_cache_table, sender=apps.get_app_config("portal"), dispatch_uid="portal.pagecache.table"
    )
    register_community_sections()
    register_indicators_section()
    register_worklist_provider(feedback_items)
    register_menu_entry(MenuEntry("portal", _("Public portal"), "portal:home", order=90))
    register_menu_entry(
        MenuEntry("feedback", _("Public feedback"), "portal:moderation", any_of=(Action.FEEDBACK_MODERATE,), order=91)
    )
