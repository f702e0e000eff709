"""Authentication backend that routes Django's ``has_perm`` through our permission module.

The admin asks ``user.has_perm("app.change_model", obj)``; with no object it asks whether the user
may do that anywhere. Model permissions map onto our actions in ``ADMIN_ACTIONS``.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth.backends import ModelBackend

from chumchon.accounts import permissions
from chumchon.accounts.models import RoleAssignment
from chumchon.core.kept import kept


class ScopedPermissionBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        """The signed-in user of a request, read together with their role assignments.

        Every signed-in page needs both (the menu and every scoped query ask for the user's grants), so
        they come in one query — the assignments with their user and area joined — instead of two: one
        round trip less per request, which is what a request costs most on PostgreSQL (bench/RESULTS.md
        "The signed-in floor on PostgreSQL"). A user with no assignment is read on its own (and has no grants to read).

        What was read is kept between requests while the accounts' and areas' data versions stay the same
        (``core.kept``: any committed write of a user, a role assignment or an area moves them, so a changed
        role or a deactivated user is seen by the next request in every worker); each request gets its own
        copies, and its grants are computed afresh (the assignments' dates are today's).
        """
        read = kept(("accounts.user", str(user_id)), ("accounts", "areas"), lambda: self._read_user(user_id))
        if read is None:
            return None
        user = copy.copy(read[0])
        rows = [copy.copy(row) for row in read[1]]
        for row in rows:
            row.user = user  # one user object, not one per row
        if user.is_active:
            permissions.remember_grants(user, rows)
            permissions.remember_all_assignments(user, rows)
        return user

    def _read_user(self, user_id: Any) -> tuple[Any, tuple[Any, ...]] | None:
        try:
            rows = list(
                RoleAssignment.objects.filter(user_id=user_id).select_related("user", "area", "region", "cluster")
            )
        except (TypeError, ValueError):  # a malformed id in the session: no user, as ModelBackend does
            return None
        if rows:
            user = rows[0].user
            if not self.user_can_authenticate(user):
                return None
        else:
            alone = super().get_user(user_id)
            if alone is None:
                return None
            user = alone
        for row in rows:
            row.user = user
        return user, tuple(rows)

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
