"""Admin for bodies, scoped by the body's own scope and audited through ScopedModelAdmin."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.admin import ROLE_ASSIGNMENT_INLINES
from chumchon.accounts.permissions import Action, register_admin_actions
from chumchon.audit.scoped_admin import ScopedInline, ScopedModelAdmin
from chumchon.organizations.models import Body, BodyRoleAssignment


@admin.register(Body)
class BodyAdmin(ScopedModelAdmin):
    scope_by_scope = True
    list_display = ("name_th", "kind", "scope_display", "member_count", "term_ends_on", "is_active")
    list_filter = ("kind", "scope_kind", "is_active", "region", "cluster")
    search_fields = ("name_th", "name_en", "registration_number", "area__code", "area__name_th")
    raw_id_fields = ("area",)
    list_select_related = ("area", "region", "cluster")
    fieldsets = (
        (None, {"fields": ("kind", "name_th", "name_en", "registration_number", "is_active")}),
        (_("Scope"), {"fields": ("scope_kind", "region", "cluster", "area")}),
        (_("Members and term"), {"fields": ("member_count", "founded_on", "term_ends_on")}),
    )

    @admin.display(description=_("scope"))
    def scope_display(self, obj: Body) -> str:
        return obj.scope_label()


# The body a role is held in is guarded like the role assignment it belongs to.
register_admin_actions("organizations.bodyroleassignment", Action.USER_MANAGE, Action.USER_MANAGE)


class BodyRoleAssignmentInline(ScopedInline):
    """On a role assignment's admin page: the body the role is held in (organizations owns the link)."""

    model = BodyRoleAssignment
    fk_name = "assignment"
    fields = ("body",)
    raw_id_fields = ("body",)
    max_num = 1
    verbose_name = _("body")
    verbose_name_plural = _("body")

    def get_queryset(self, request: HttpRequest) -> QuerySet[BodyRoleAssignment]:
        # The parent role assignment's page is already narrowed to the user's scope.
        return admin.TabularInline.get_queryset(self, request)


if BodyRoleAssignmentInline not in ROLE_ASSIGNMENT_INLINES:
    ROLE_ASSIGNMENT_INLINES.append(BodyRoleAssignmentInline)
