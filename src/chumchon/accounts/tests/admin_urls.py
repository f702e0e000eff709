"""A test-only admin site exposing areas and bodies through ScopedModelAdmin, independent of the apps' own admins."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from chumchon.accounts.admin import RoleAssignmentAdmin, ScopedModelAdmin, UserAdmin
from chumchon.accounts.models import RoleAssignment, User
from chumchon.areas.models import Area
from chumchon.organizations.models import Body


class AreaTestAdmin(ScopedModelAdmin):
    scope_code_field = "code"
    fields = ("name_th", "name_en")
    search_fields = ("name_th",)


class BodyTestAdmin(ScopedModelAdmin):
    scope_by_scope = True
    fields = ("name_th", "member_count")


site = admin.AdminSite(name="scopedtest")
site.register(Area, AreaTestAdmin)
site.register(Body, BodyTestAdmin)
site.register(User, UserAdmin)
site.register(RoleAssignment, RoleAssignmentAdmin)

urlpatterns = [
    path("scoped-admin/", site.urls),
    path("", include("chumchon.urls")),
]
