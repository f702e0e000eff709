"""What accounts plugs into the registries of the apps below it (called from ``AccountsConfig.ready()``)."""

from __future__ import annotations

from chumchon.accounts.demo import credentials_report, demo_user_add
from chumchon.accounts.permissions import PermissionPolicy
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
