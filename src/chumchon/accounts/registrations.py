"""What accounts plugs into the registries of the apps below it (called from ``AccountsConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chumchon.accounts.demo import credentials_report, demo_user_add
from chumchon.accounts.menu import MenuEntry, is_staff, register_menu_entry, sees_any_job
from chumchon.accounts.permissions import Action, PermissionPolicy
from chumchon.accounts.worklist import failed_jobs_items, register_worklist_provider
from chumchon.core import access
from chumchon.core.demo import register_demo_report, register_demo_step, register_demo_user_maker


def register() -> None:
    # The layers below accounts ask permission questions through core.access.
    access.register_policy(PermissionPolicy())
    # The demo: one user per role; ctx.add_user makes users; the demo accounts are printed.
    register_demo_step("chumchon.accounts.demo", order=30)
    register_demo_step("chumchon.accounts.demo:ensure_superuser", order=1000)
    register_demo_user_maker(demo_user_add)
    register_demo_report(credentials_report)
    # Failed jobs (core's) on the worklist; the apps above add their own items.
    register_worklist_provider(failed_jobs_items)
    # The menu entries of accounts and of the apps below it (audit, core's jobs, the admin).
    register_menu_entry(MenuEntry("home", _("My work"), "home", order=0))
    register_menu_entry(MenuEntry("audit", _("Audit trail"), "audit:index", any_of=(Action.AUDIT_VIEW,), order=80))
    register_menu_entry(
        MenuEntry(
            "jobs", _("Background jobs"), "core:job_list", any_of=(Action.JOB_VIEW,), visible=sees_any_job, order=85
        )
    )
    register_menu_entry(MenuEntry("admin", _("Admin"), "admin:index", visible=is_staff, order=90))
