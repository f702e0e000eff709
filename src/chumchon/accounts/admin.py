"""Users and their roles in the admin (ผู้ใช้งานและบทบาท), scoped and audited.

The scoped admin classes live in ``chumchon.audit.scoped_admin``; they are re-exported here for
the apps above accounts that import them from this module.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from chumchon.accounts import permissions
from chumchon.accounts.models import ApiToken, RoleAssignment, User
from chumchon.accounts.permissions import Action
from chumchon.accounts.roles import role_body_labels
from chumchon.audit.models import AuditAction
from chumchon.audit.scoped_admin import (
    ScopedAdminMixin,
    ScopedInline,
    ScopedModelAdmin,
    ScopedObjectAdminMixin,
    admin_actions_for,
    audited_save_instance,
)
from chumchon.audit.services import audit_record, diff

__all__ = [
    "ApiTokenAdmin",
    "RoleAssignmentAdmin",
    "RoleAssignmentInline",
    "ScopedAdminMixin",
    "ScopedInline",
    "ScopedModelAdmin",
    "ScopedObjectAdminMixin",
    "UserAdmin",
    "admin_actions_for",
    "audited_save_instance",
]


# --- Users and roles -------------------------------------------------------------------------

# Inlines that apps above accounts add to a role assignment's admin page from their admin module.
ROLE_ASSIGNMENT_INLINES: list[type[admin.options.InlineModelAdmin[Any, Any]]] = []


class RoleAssignmentInline(ScopedInline):
    model = RoleAssignment
    scope_by_scope = True
    fk_name = "user"
    fields = ("role", "scope_kind", "region", "cluster", "area", "starts_on", "ends_on")
    raw_id_fields = ("area",)
    verbose_name = _("role assignment")
    verbose_name_plural = _("roles and scopes")


@admin.register(User)
class UserAdmin(ScopedObjectAdminMixin, DjangoUserAdmin):
    """Users (ผู้ใช้งาน). A scoped manager sees the users holding a role inside their scope."""

    inlines = [RoleAssignmentInline]
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "roles__role")
    search_fields = ("username", "first_name", "last_name", "email", "phone")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def scope_queryset(self, queryset: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        user = request.user
        if user.is_superuser:
            return queryset
        actions = self.scope_actions()
        if actions is None:
            return queryset.none()
        prefixes = permissions.grants_for(user).prefixes(actions[0])
        if "" in prefixes:
            return queryset
        visible = permissions.scoped_by_scope(RoleAssignment.objects.all(), user, actions[0]).values("user_id")
        return queryset.filter(pk__in=visible).distinct()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Only a superuser may hand out superuser or staff rights.
        if request.user.is_superuser:
            return ("last_login", "date_joined")
        return ("last_login", "date_joined", "is_superuser", "is_staff")

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if change:
            self.require_change(request, type(obj)._default_manager.get(pk=obj.pk))
        elif not self.scoped_change(request):
            raise PermissionDenied("คุณไม่มีสิทธิ์เพิ่มผู้ใช้ / You are not allowed to add users.")
        audited_save_instance(obj, actor=request.user, change=change)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Django's "change password" page (scoped by get_object/has_change_permission), audited:
        who set whose password and when; the hash itself is redacted."""
        user = self.get_object(request, unquote(id))
        before = user.password if user is not None else ""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and user is not None:
            user.refresh_from_db(fields=["password"])
            if user.password != before:
                audit_record(
                    actor=request.user,
                    action=AuditAction.UPDATE,
                    obj=user,
                    changes=diff({"password": before}, {"password": user.password}),
                    note="password set in the admin",
                )
        return response


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedModelAdmin):
    """Role assignments (บทบาทและขอบเขต)."""

    scope_by_scope = True
    list_display = ("user", "role", "held_in", "scope_kind", "scope_display", "starts_on", "ends_on")
    list_filter = ("role", "scope_kind")
    search_fields = ("user__username", "user__first_name", "user__last_name", "area__name_th")
    raw_id_fields = ("user", "area")
    fieldsets = (
        (None, {"fields": ("user", "role")}),
        (_("Scope"), {"fields": ("scope_kind", "region", "cluster", "area")}),
        (_("Term"), {"fields": ("starts_on", "ends_on")}),
    )

    @admin.display(description=_("scope"))
    def scope_display(self, obj: RoleAssignment) -> str:
        return obj.scope_label()

    @admin.display(description=_("body"))
    def held_in(self, obj: RoleAssignment) -> str:
        return role_body_labels([obj]).get(obj.pk, "—")

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> Any:
        # Apps above accounts add their inlines here (organizations: the body a role is held in).
        return [*super().get_inlines(request, obj), *ROLE_ASSIGNMENT_INLINES]


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedModelAdmin):
    """API tokens: list and revoke (keys are never shown; they are made on "My account")."""

    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    search_fields = ("name", "user__username", "prefix")
    fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "created_at", "last_used_at")

    def get_queryset(self, request: HttpRequest) -> Any:
        qs = admin.ModelAdmin.get_queryset(self, request).select_related("user")
        if request.user.is_superuser or "" in permissions.grants_for(request.user).prefixes(Action.USER_MANAGE):
            return qs
        visible = permissions.scoped_by_scope(RoleAssignment.objects.all(), request.user, Action.USER_MANAGE)
        return qs.filter(user_id__in=visible.values("user_id"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # keys are made by their owner, who must see the key once
