"""Admin for the area tree and its groupings, scoped and audited through ScopedModelAdmin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import Area, CodiRegion, LocalGovernment, ProvincialCluster
from chumchon.areas.names import normalize_name
from chumchon.audit.scoped_admin import ScopedModelAdmin


class GroupingAdmin(ScopedModelAdmin):
    """CODI regions and provincial clusters: seen where any of their provinces is in scope."""

    scope_code_field = "provinces__code"
    list_display = ("code", "name_th", "name_en", "province_count")
    search_fields = ("code", "name_th", "name_en")

    def scope_queryset(self, queryset: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        return super().scope_queryset(queryset, request).distinct()

    @admin.display(description=_("provinces"))
    def province_count(self, obj: Any) -> int:
        return obj.provinces.count()


@admin.register(CodiRegion)
class CodiRegionAdmin(GroupingAdmin):
    pass


@admin.register(ProvincialCluster)
class ProvincialClusterAdmin(GroupingAdmin):
    pass


@admin.register(Area)
class AreaAdmin(ScopedModelAdmin):
    scope_code_field = "code"
    list_display = ("code", "name_th", "name_en", "level", "parent", "codi_region", "cluster")
    list_filter = ("level", "codi_region", "cluster")
    search_fields = ("code", "name_th", "name_en", "search_name", "search_name_en")
    raw_id_fields = ("parent",)
    list_select_related = ("parent", "codi_region", "cluster")
    fields = ("code", "level", "parent", "name_th", "name_en", "codi_region", "cluster")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A code places a row in the tree; changing it would move everything under it.
        return ("code", "level", "parent") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Area, form: ModelForm, change: bool) -> None:
        obj.search_name = normalize_name(obj.name_th)
        obj.search_name_en = normalize_name(obj.name_en)
        super().save_model(request, obj, form, change)


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(ScopedModelAdmin):
    scope_code_field = "province__code"
    list_display = ("code", "name_th", "kind", "province")
    list_filter = ("kind", "province")
    search_fields = ("code", "name_th", "name_en", "tambons__code", "tambons__name_th")
    raw_id_fields = ("province", "tambons")
    list_select_related = ("province",)
