"""API tokens in the admin: list and revoke (keys are never shown; they are made on "My account")."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chumchon.accounts import permissions
from chumchon.accounts.admin import ScopedModelAdmin
from chumchon.accounts.permissions import Action
from chumchon.api.models import ApiToken

permissions.register_admin_actions("api.apitoken", Action.USER_MANAGE, Action.USER_MANAGE)


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    search_fields = ("name", "user__username", "prefix")
    fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "created_at", "last_used_at")

    def get_queryset(self, request: HttpRequest) -> Any:
        qs = admin.ModelAdmin.get_queryset(self, request).select_related("user")
        if request.user.is_superuser or "" in permissions.grants_for(request.user).prefixes(Action.USER_MANAGE):
            return qs
        from chumchon.accounts.models import RoleAssignment

        visible = permissions.scoped_by_scope(RoleAssignment.objects.all(), request.user, Action.USER_MANAGE)
        return qs.filter(user_id__in=visible.values("user_id"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # keys are made by their owner, who must see the key once
