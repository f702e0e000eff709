"""The audit trail in the admin: read-only and narrowed to the reader's scope."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chumchon.audit.models import AuditEvent
from chumchon.audit.scoped_admin import ScopedModelAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedModelAdmin):
    scope_code_field = "area_code"
    list_display = ("at", "actor", "action", "model_label", "object_repr", "area_code", "personal_data")
    list_filter = ("action", "personal_data", "model_label")
    search_fields = ("object_repr", "object_pk", "actor__username", "area_code")
    date_hierarchy = "at"

    # The trail is written only by audit.services; nobody edits or deletes it.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
