"""Reads of the audit trail, always narrowed to the reader's scope (AUDIT_VIEW).

An event carries the DOPA code of the record it concerns; national events (``area_code == ""``)
are visible only to national readers, because the prefix filter never matches an empty code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

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


# Record types that are no model (a target list viewed, a demo run): higher apps name them here
# from their registrations.py, e.g. RECORD_TYPE_LABELS["poverty.targetlist"] = _("target list").
RECORD_TYPE_LABELS: dict[str, Any] = {}


def register_record_type(model_label: str, label: Any) -> None:
    RECORD_TYPE_LABELS[model_label] = label


def record_type_label(model_label: str) -> str:
    """``"areas.area"`` → the model's verbose name ("พื้นที่"); a registered name for a record type
    that is no model; "Other record" (never the raw label) when nothing names it."""
    if model_label in RECORD_TYPE_LABELS:
        return str(RECORD_TYPE_LABELS[model_label])
    try:
        return str(apps.get_model(model_label)._meta.verbose_name)
    except (LookupError, ValueError):
        return gettext("Other record") if model_label else "—"


def display_value(field: Any, value: Any) -> Any:
    """A recorded value as people read it: a choice's label, ใช่/ไม่ใช่ for yes/no, lists joined."""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field is not None and getattr(field, "choices", None) and not isinstance(value, list | dict):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, list):
        return ", ".join(str(display_value(field, v)) for v in value)
    return value


AreaLabels = Callable[[Collection[str]], dict[str, str]]
_AREA_LABELS: list[AreaLabels] = []


def register_area_labels(labels: AreaLabels) -> None:
    """How the trail names the areas of its events (areas registers it: audit sits below areas)."""
    _AREA_LABELS[:] = [labels]


def area_labels(codes: Collection[str]) -> dict[str, str]:
    """{DOPA code: the area's name as people write it} for ``codes``; a code unknown stays as it is."""
    wanted = {c for c in codes if c}
    named = _AREA_LABELS[0](wanted) if _AREA_LABELS and wanted else {}
    return {code: named.get(code, code) for code in wanted}


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
        fields = {f.attname: f for f in model._meta.concrete_fields}
    except (LookupError, ValueError):
        fields = {}
    rows: list[ChangeRow] = []
    for name, pair in sorted((event.changes or {}).items()):
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        field = fields.get(name)
        label = str(field.verbose_name) if field is not None else name.replace("_", " ")
        before = None if before is None else display_value(field, before)
        after = None if after is None else display_value(field, after)
        rows.append(ChangeRow(name, label, before, after))
    return rows


def object_history(user: Viewer, model_label: str, object_pk: str) -> QuerySet[AuditEvent]:
    """Every event about one record that the user may read."""
    return audit_events(user).filter(model_label=model_label, object_pk=object_pk)
