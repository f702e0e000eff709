"""Admin for reports: schedules are set here (scoped; every save audited by ``ScopedModelAdmin``);
generated reports are read-only (a report is never edited, a newer one is made from the data)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chumchon.accounts.admin import ScopedModelAdmin
from chumchon.accounts.permissions import Action, register_admin_actions
from chumchon.reports.models import GeneratedReport, ReportSchedule

register_admin_actions("reports.reportschedule", Action.AREA_VIEW, Action.REPORT_GENERATE)
register_admin_actions("reports.generatedreport", Action.AREA_VIEW, Action.USER_MANAGE)


@admin.register(ReportSchedule)
class ReportScheduleAdmin(ScopedModelAdmin):
    scope_code_field = "area__code"
    list_display = ("kind", "area", "is_public", "every_days", "next_run_on", "is_active")
    list_filter = ("kind", "is_public", "is_active")
    raw_id_fields = ("area",)
    exclude = ("created_by",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(GeneratedReport)
class GeneratedReportAdmin(ScopedModelAdmin):
    scope_code_field = "area__code"
    list_display = ("title", "kind", "area", "is_public", "data_as_of", "created_by")
    list_filter = ("kind", "is_public")
    list_select_related = ("area", "created_by")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
