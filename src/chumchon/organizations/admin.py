"""Admin for bodies, scoped by the body's own scope and audited through ScopedModelAdmin."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.admin import ScopedModelAdmin
from chumchon.organizations.models import Body


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
