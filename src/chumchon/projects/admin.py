"""Admin for projects: read-only and scoped. Every change goes through the services (life cycle,
ledger, timeline), so the admin only lets staff look things up."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chumchon.accounts.admin import ScopedModelAdmin
from chumchon.accounts.permissions import Action, register_admin_actions
from chumchon.projects.models import ProgressReport, Project, ProjectEvent

register_admin_actions("projects.project", Action.PROJECT_VIEW, Action.USER_MANAGE)
register_admin_actions("projects.projectevent", Action.PROJECT_VIEW, Action.USER_MANAGE)
register_admin_actions("projects.progressreport", Action.PROJECT_VIEW, Action.USER_MANAGE)


class ReadOnlyScopedAdmin(ScopedModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyScopedAdmin):
    scope_code_field = "area__code"
    list_display = ("title_th", "programme", "area", "proposer", "status", "requested_amount", "approved_amount")
    list_filter = ("status", "is_housing", "programme")
    search_fields = ("title_th", "title_en", "area__code", "area__name_th", "proposer__name_th")
    list_select_related = ("programme", "area", "proposer")


@admin.register(ProjectEvent)
class ProjectEventAdmin(ReadOnlyScopedAdmin):
    scope_code_field = "project__area__code"
    list_display = ("project", "at", "actor", "action", "from_status", "to_status")
    list_filter = ("action", "to_status")
    list_select_related = ("project", "actor")


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyScopedAdmin):
    scope_code_field = "project__area__code"
    list_display = ("project", "reported_on", "progress_pct", "spent_amount", "is_final")
    list_select_related = ("project",)
