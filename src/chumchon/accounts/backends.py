"""Authentication backend that routes Django's ``has_perm`` through our permission module.

The admin asks ``user.has_perm("app.change_model", obj)``; with no object it asks whether the user
may do that anywhere. Model permissions map onto our actions in ``ADMIN_ACTIONS``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from chumchon.accounts import permissions


class ScopedPermissionBackend(ModelBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not user_obj.is_active:
            return False
        if user_obj.is_superuser:
            return True
        action = permissions.admin_action_for(perm)
        if action is None:
            return False
        if obj is None:
            return permissions.can_anywhere(user_obj, action)
        return permissions.can(user_obj, action, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return bool(user_obj.is_active and (user_obj.is_superuser or user_obj.is_staff))
