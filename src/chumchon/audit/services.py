"""Audited writes. Every app's services create, update and delete through these helpers.

Each helper runs inside the caller's transaction and writes its audit row in the same
transaction, so a rolled-back change leaves no audit row and an audited change is never lost.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from chumchon.audit.middleware import current_ip
from chumchon.audit.models import AuditAction, AuditEvent

M = TypeVar("M", bound=models.Model)
# Whoever acted: a signed-in user, the request's user as it comes, or None for the system.
Actor = AbstractBaseUser | AnonymousUser | None


def _jsonable(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys by id), JSON-ready."""
    return {f.attname: _jsonable(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


# Never copy secrets into the trail: only the fact that they changed.
SECRET_FIELDS = frozenset({"password", "token_hash", "key"})
REDACTED = "••••••"


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that differ; secret fields are redacted."""
    result: dict[str, list[Any]] = {}
    for k in sorted(set(before) | set(after)):
        old, new = before.get(k), after.get(k)
        if old == new:
            continue
        if k in SECRET_FIELDS:
            old, new = (REDACTED if old else old), (REDACTED if new else new)
        result[k] = [old, new]
    return result


def area_code_of(obj: Any) -> str:
    codes: tuple[str, ...] = tuple(getattr(obj, "scope_codes", None) or ())
    return codes[0] if len(codes) == 1 else ""


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    model_label: str = "",
    object_pk: str = "",
    changes: dict[str, Any] | None = None,
    area_code: str | None = None,
    personal_data: bool = False,
    note: str = "",
) -> AuditEvent:
    """Write one audit row. ``actor`` may be None for system jobs."""
    # The swappable user model is accounts.User; audit (below accounts) knows it as a user model.
    signed_in: Any = actor if getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        actor=signed_in,
        action=action,
        model_label=obj._meta.label_lower if obj is not None else model_label,
        object_pk=str(obj.pk) if obj is not None else object_pk,
        object_repr=str(obj)[:300] if obj is not None else "",
        area_code=area_code if area_code is not None else area_code_of(obj),
        changes=_jsonable(changes or {}),
        personal_data=personal_data,
        note=note,
        ip_address=current_ip.get(),
    )


@transaction.atomic
def audited_create(model: type[M], *, actor: Actor, note: str = "", **fields: Any) -> M:
    obj = model(**fields)
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=obj, changes=diff({}, snapshot(obj)), note=note)
    return obj


@transaction.atomic
def audited_update(obj: M, *, actor: Actor, note: str = "", **changes: Any) -> M:
    """Apply ``changes`` to ``obj``, validate, save, and record before/after of what changed."""
    before = snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    delta = diff(before, snapshot(obj))
    if delta:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=obj, changes=delta, note=note)
    return obj


@transaction.atomic
def audited_delete(obj: models.Model, *, actor: Actor, note: str = "") -> None:
    before = snapshot(obj)
    label, pk, text, area = obj._meta.label_lower, str(obj.pk), str(obj)[:300], area_code_of(obj)
    obj.delete()
    event = audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        model_label=label,
        object_pk=pk,
        changes=diff(before, {}),
        area_code=area,
        note=note,
    )
    AuditEvent.objects.filter(pk=event.pk).update(object_repr=text)
