"""Reads of the audit trail, always narrowed to the reader's scope (AUDIT_VIEW).

An event carries the DOPA code of the record it concerns; national events (``area_code == ""``)
are visible only to national readers, because the prefix filter never matches an empty code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from chumchon.audit.models import AuditEvent
from chumchon.core import access as permissions
from chumchon.core.access import Action

Viewer = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class AuditFilters:
    model_label: str = ""
    action: str = ""
    actor: str = ""  # username
    area: str = ""  # DOPA code prefix
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    personal_only: bool = False


def audit_events(user: Viewer, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """Events the user may read, newest first, narrowed by ``filters``."""
    f = filters or AuditFilters()
    qs = permissions.scoped(AuditEvent.objects.select_related("actor"), user, Action.AUDIT_VIEW, "area_code")
    if f.model_label:
        qs = qs.filter(model_label=f.model_label)
    if f.action:
        qs = qs.filter(action=f.action)
    if f.actor:
        qs = qs.filter(actor__username=f.actor)
    if f.area:
        qs = qs.filter(area_code__startswith=f.area)
    tz = timezone.get_current_timezone()
    if f.date_from:
        qs = qs.filter(at__gte=dt.datetime.combine(f.date_from, dt.time.min, tzinfo=tz))
    if f.date_to:
        qs = qs.filter(at__lt=dt.datetime.combine(f.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    if f.personal_only:
        qs = qs.filter(personal_data=True)
    return qs.order_by("-at", "-id")


def audit_event_get(pk: int) -> AuditEvent | None:
    return AuditEvent.objects.select_related("actor").filter(pk=pk).first()


def record_type_label(model_label: str) -> str:
    """``"areas.area"`` → the model's verbose name ("พื้นที่"); the label itself if unknown."""
    try:
        return str(apps.get_model(model_label)._meta.verbose_name)
    except (LookupError, ValueError):
        return model_label


def record_types() -> list[tuple[str, str]]:
    """(label, verbose name) of every model that can appear in the trail, sorted by name."""
    seen = {m._meta.label_lower: str(m._meta.verbose_name) for m in apps.get_models()}
    return sorted(seen.items(), key=lambda kv: kv[1])


@dataclass(frozen=True)
class ChangeRow:
    field: str
    label: str
    before: Any
    after: Any


def change_rows(event: AuditEvent) -> list[ChangeRow]:
    """The before/after table of an event, with field names as their verbose names."""
    try:
        model = apps.get_model(event.model_label)
        labels = {f.attname: str(f.verbose_name) for f in model._meta.concrete_fields}
    except (LookupError, ValueError):
        labels = {}
    rows: list[ChangeRow] = []
    for name, pair in sorted((event.changes or {}).items()):
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        rows.append(ChangeRow(name, labels.get(name, name), before, after))
    return rows


def object_history(user: Viewer, model_label: str, object_pk: str) -> QuerySet[AuditEvent]:
    """Every event about one record that the user may read."""
    return audit_events(user).filter(model_label=model_label, object_pk=object_pk)
