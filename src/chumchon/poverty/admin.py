"""Poverty models in the admin, scoped and audited like everything else.

Indicator sets, their dimensions and indicators and the survey rounds are national (editable with
INDICATOR_SET_EDIT over the nation). Results are materialised by the engine and Logbook rows change
only through services (status rules, events), so those are read-only here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from chumchon.accounts import permissions
from chumchon.accounts.admin import ScopedModelAdmin
from chumchon.accounts.permissions import Action
from chumchon.poverty.models import (
    AreaPovertyResult,
    AssistanceRecord,
    Case,
    CaseEvent,
    Dimension,
    FieldAddition,
    Indicator,
    IndicatorSet,
    SurveyImport,
    SurveyRound,
)

for label in ("indicatorset", "dimension", "indicator", "surveyround"):
    permissions.register_admin_actions(f"poverty.{label}", Action.PERSON_VIEW, Action.INDICATOR_SET_EDIT)
permissions.register_admin_actions("poverty.areapovertyresult", Action.PERSON_VIEW, Action.INDICATOR_SET_EDIT)
for label in ("case", "caseevent", "assistancerecord"):
    permissions.register_admin_actions(f"poverty.{label}", Action.LOGBOOK_VIEW, Action.LOGBOOK_EDIT)
permissions.register_admin_actions("poverty.fieldaddition", Action.PERSON_VIEW, Action.PERSON_EDIT)
permissions.register_admin_actions("poverty.surveyimport", Action.SURVEY_IMPORT, Action.SURVEY_IMPORT)


class NationalAdmin(ScopedModelAdmin):
    """Rows that belong to the nation: visible and editable only with the action over the nation ("")."""

    def scope_queryset(self, queryset: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        if request.user.is_superuser:
            return queryset
        actions = self.scope_actions()
        if actions and any(permissions.can(request.user, a, "") for a in actions):
            return queryset
        return queryset.none()

    def _allowed(self, request: HttpRequest, which: int, obj: Any = None) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        actions = self.scope_actions()
        return bool(user.is_superuser or (actions and permissions.can(user, actions[which], "")))

    def require_change(self, request: HttpRequest, obj: Any) -> None:
        actions = self.scope_actions()
        if not request.user.is_superuser:
            permissions.require_write(request.user, actions[1] if actions else Action.USER_MANAGE, "")


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IndicatorSet)
class IndicatorSetAdmin(NationalAdmin):
    list_display = ("code", "name_th", "year_from_be", "year_to_be", "k_num", "k_den")


@admin.register(Dimension)
class DimensionAdmin(NationalAdmin):
    list_display = ("indicator_set", "code", "weight_num", "weight_den", "order")
    list_filter = ("indicator_set",)


@admin.register(Indicator)
class IndicatorAdmin(NationalAdmin):
    list_display = ("indicator_set", "number", "code", "name_th", "level", "dimension", "weight", "verify")
    list_filter = ("indicator_set", "level", "verify")
    search_fields = ("name_th", "name_en", "code")


@admin.register(SurveyRound)
class SurveyRoundAdmin(NationalAdmin):
    list_display = ("code", "name", "year_be", "indicator_set", "status", "household_count", "person_count")
    readonly_fields = ("status", "household_count", "person_count", "computed_at", "content_hash")


@admin.register(AreaPovertyResult)
class AreaPovertyResultAdmin(ReadOnlyMixin, ScopedModelAdmin):
    scope_code_field = "area_code"
    list_display = ("survey_round", "level", "area_code", "group_code", "households", "target_poor_households")
    list_filter = ("survey_round", "level")
    search_fields = ("area_code",)


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, ScopedModelAdmin):
    list_display = ("id", "survey_round", "area", "household_id", "dimension", "status", "updated_at")
    list_filter = ("survey_round", "dimension", "status")
    search_fields = ("household_id", "area__code")


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyMixin, ScopedModelAdmin):
    scope_code_field = "case__area__code"
    list_display = ("case", "kind", "at", "actor", "from_status", "to_status")


@admin.register(AssistanceRecord)
class AssistanceRecordAdmin(ReadOnlyMixin, ScopedModelAdmin):
    scope_code_field = "case__area__code"
    list_display = ("case", "given_on", "help_kind", "amount", "agency", "agency_name")
    list_filter = ("help_kind",)


@admin.register(FieldAddition)
class FieldAdditionAdmin(ReadOnlyMixin, ScopedModelAdmin):
    list_display = ("id", "area", "kind", "reason", "status", "created_by", "decided_by")
    list_filter = ("status", "kind", "reason")
    exclude = ("national_id",)  # personal data: never in an admin list or form


@admin.register(SurveyImport)
class SurveyImportAdmin(ReadOnlyMixin, ScopedModelAdmin):
    scope_code_field = "area_code"
    list_display = ("id", "survey_round", "area_code", "household_filename", "status", "household_count", "error_count")
    list_filter = ("status", "survey_round")
