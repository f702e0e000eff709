"""The admin, scoped and audited like every other entry point (ผู้ดูแลระบบ).

This module sits in audit (above core, below areas) because every admin save goes through
``audit.services``; permission answers come from ``core.access`` (the seam accounts' permission
module registers into), so any app from areas up can build its admin on it.

``ScopedModelAdmin`` is the base for every app's admin classes:

* the change list and every object lookup are narrowed to the user's scope through
  ``access.scoped`` (``scope_code_field``) or ``access.scoped_by_scope``
  (``scope_by_scope = True`` for ``AreaScoped`` models such as bodies and role assignments);
* view/add/change/delete answers come from the permission module, using the actions the model
  registered in ``accounts.permissions.ADMIN_ACTIONS`` (``register_admin_actions``), asked
  through ``access.admin_actions``;
* saves and deletes go through ``audit.services`` so an admin edit leaves the same audit row as a
  service call.

An object outside the user's scope looks missing (404) on a read and is refused (403) on a write;
nothing is written in either case. Example::

    @admin.register(Body)
    class BodyAdmin(ScopedModelAdmin):
        scope_by_scope = True

    @admin.register(Project)
    class ProjectAdmin(ScopedModelAdmin):
        scope_code_field = "area__code"
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import Http404, HttpRequest

from chumchon.audit.services import Actor, audited_create, audited_delete, audited_update
from chumchon.core import access as permissions

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def admin_actions_for(model: type[models.Model]) -> tuple[str, str] | None:
    """(view action, change action) registered for ``model``, or None (then only superusers pass)."""
    return permissions.admin_actions(model._meta.label_lower)


# Foreign-key choices narrowed to the user's write scope, by related model label ("areas.area").
# Apps register how their model is narrowed (areas: by code; organizations: by the body's scope)
# from their AppConfig.ready(); a model not registered here is offered whole.
ChoiceNarrower = Callable[[QuerySet[Any], Any, str], QuerySet[Any]]
FOREIGN_KEY_NARROWERS: dict[str, ChoiceNarrower] = {}


def register_choice_narrower(model_label: str, narrow: ChoiceNarrower) -> None:
    """``narrow(queryset, user, change_action)`` returns the rows the user may pick."""
    FOREIGN_KEY_NARROWERS[model_label.lower()] = narrow


def _field_values(obj: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key}


def audited_save_instance(obj: models.Model, *, actor: Actor, change: bool) -> models.Model:
    """Save a form-built instance through the audit services (create or update of changed fields)."""
    model = type(obj)
    if change and obj.pk is not None:
        original = model._default_manager.get(pk=obj.pk)
        changes = {k: v for k, v in _field_values(obj).items() if getattr(original, k) != v}
        audited_update(original, actor=actor, **changes)
        return obj
    fields = _field_values(obj)
    if obj.pk is not None:  # explicit primary key (e.g. a code)
        fields[model._meta.pk.attname] = obj.pk
    created = audited_create(model, actor=actor, **fields)
    obj.pk = created.pk
    obj._state.adding = False
    obj._state.db = created._state.db
    return obj


class ScopedAdminMixin:
    """Shared by ``ScopedModelAdmin`` and ``ScopedInline``: scope, permission and audit plumbing."""

    model: type[models.Model]
    # Path from the model to the DOPA code that places a row in the tree ("" = national rows).
    scope_code_field: str = "area__code"
    # AreaScoped rows (nation / region / cluster / area): use permissions.scoped_by_scope.
    scope_by_scope: bool = False

    def scope_actions(self) -> tuple[str, str] | None:
        return admin_actions_for(self.model)

    def scope_queryset(self, queryset: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
        user = request.user
        if user.is_superuser:
            return queryset
        actions = self.scope_actions()
        if actions is None:
            return queryset.none()
        view_action, change_action = actions
        if self.scope_by_scope:
            narrowed = permissions.scoped_by_scope(queryset, user, view_action)
            if change_action != view_action:
                narrowed = narrowed | permissions.scoped_by_scope(queryset, user, change_action)
            return narrowed
        narrowed = permissions.scoped(queryset, user, view_action, self.scope_code_field)
        if change_action != view_action:
            narrowed = narrowed | permissions.scoped(queryset, user, change_action, self.scope_code_field)
        return narrowed

    def _allowed(self, request: HttpRequest, which: int, obj: Any = None) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser:
            return True
        actions = self.scope_actions()
        if actions is None:
            return False
        action = actions[which]
        if obj is None:
            return permissions.can_anywhere(user, action)
        return permissions.can(user, action, obj)

    def scoped_view(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, 0, obj) or self._allowed(request, 1, obj)

    def scoped_change(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, 1, obj)

    def require_change(self, request: HttpRequest, obj: Any) -> None:
        """Refuse (403) a write to ``obj`` unless the user may change it where it is."""
        actions = self.scope_actions()
        if request.user.is_superuser:
            return
        if actions is None:
            raise PermissionDenied("คุณไม่มีสิทธิ์แก้ไขข้อมูลนี้ / You are not allowed to change this record.")
        permissions.require_write(request.user, actions[1], obj)

    def narrow_foreign_key(self, db_field: models.ForeignKey, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        """Offer only areas and bodies inside the user's write scope (validation then rejects others)."""
        user = request.user
        actions = self.scope_actions()
        if user.is_superuser or actions is None or "queryset" in kwargs:
            return
        related = db_field.related_model
        if not isinstance(related, type):
            return
        narrow = FOREIGN_KEY_NARROWERS.get(related._meta.label_lower)
        if narrow is not None:
            kwargs["queryset"] = narrow(related._default_manager.all(), user, actions[1])


class ScopedObjectAdminMixin(ScopedAdminMixin):
    """Object lookups, permission answers and audited saves for a top-level ModelAdmin."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scope_queryset(super().get_queryset(request), request)  # type: ignore[misc]

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        if obj is not None:
            return obj
        # Outside scope or missing. Reads: not found (existence not disclosed). Writes: refused.
        if request.method not in SAFE_METHODS:
            unscoped = self.model._default_manager.all()
            field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
            try:
                exists = unscoped.filter(**{field.name: field.to_python(object_id)}).exists()  # type: ignore[union-attr]
            except Exception:  # malformed id: treat as missing
                exists = False
            if exists:
                raise PermissionDenied("คุณไม่มีสิทธิ์แก้ไขข้อมูลนี้ / You are not allowed to change this record.")
        raise Http404("ไม่พบข้อมูล / Not found")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.scoped_view(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.scoped_change(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.scoped_change(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.scoped_change(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self.narrow_foreign_key(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if change:
            original = type(obj)._default_manager.get(pk=obj.pk)
            self.require_change(request, original)
        self.require_change(request, obj)
        audited_save_instance(obj, actor=request.user, change=change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.require_change(request, obj)
        audited_delete(obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: Any, change: bool) -> None:
        """Inline rows are audited one by one, like the parent."""
        if not isinstance(formset, BaseInlineFormSet):
            formset.save()
            return
        instances = formset.save(commit=False)
        inline_admin = _inline_for(self, formset.model)
        for obj in formset.deleted_objects:
            (inline_admin or self).require_change(request, obj)
            audited_delete(obj, actor=request.user)
        for obj in instances:
            is_change = obj.pk is not None and not obj._state.adding
            (inline_admin or self).require_change(request, obj)
            audited_save_instance(obj, actor=request.user, change=is_change)
        formset.save_m2m()


class ScopedModelAdmin(ScopedObjectAdminMixin, admin.ModelAdmin):
    """A ModelAdmin whose rows, permissions and saves all go through the permission and audit modules."""


def _inline_for(parent: Any, model: type[models.Model]) -> ScopedAdminMixin | None:
    for inline_class in parent.inlines:
        if inline_class.model is model and issubclass(inline_class, ScopedAdminMixin):
            return inline_class(parent.model, parent.admin_site)  # type: ignore[call-arg]
    return None


class ScopedInline(ScopedAdminMixin, admin.TabularInline):
    """An inline whose rows are narrowed and permission-checked like a ScopedModelAdmin."""

    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scope_queryset(super().get_queryset(request), request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.scoped_view(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.scoped_change(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.scoped_change(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.scoped_change(request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self.narrow_foreign_key(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
