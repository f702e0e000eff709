"""/api/audit — the audit trail (บันทึกการตรวจสอบ): who read or changed what, when, in the caller's scope.

Read-only, as the page: the same selectors and the same ``AUDIT_VIEW`` permission (events outside the
caller's areas are not listed; one outside answers 404). Field changes come as the page shows them.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from chumchon.api._writes import PathId, choice_pattern
from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS, BoundedPagination, ErrorOut
from chumchon.audit import selectors
from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.core import access
from chumchon.core.access import Action
from chumchon.core.bilingual import bilingual

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor: str | None = Field(None, description="the username, or none for the system")
    action: str
    record_type: str = Field(description="what kind of record, in words")
    object_pk: str
    object_repr: str
    area_code: str
    personal_data: bool
    note: str

    @staticmethod
    def resolve_actor(obj: AuditEvent) -> str | None:
        return obj.actor.get_username() if obj.actor_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_record_type(obj: AuditEvent) -> str:
        return selectors.record_type_label(obj.model_label)


class AuditChangeOut(Schema):
    field: str
    before: str
    after: str


class AuditEventDetailOut(AuditEventOut):
    changes: list[AuditChangeOut]

    @staticmethod
    def resolve_changes(obj: AuditEvent) -> list[dict[str, str]]:
        return [
            {"field": str(r.label), "before": _text(r.before), "after": _text(r.after)}
            for r in selectors.change_rows(obj)
        ]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


ISO_DATE = r"^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise ValidationError(bilingual(f"ไม่มีวันที่ {text}", f"{text} is not a date")) from None


class AuditQuery(Schema):
    model_label: str = Field("", max_length=100, description="record type, e.g. poverty.household")
    action: str = Field("", pattern=f"^$|{choice_pattern(AuditAction)}", description="read, create, update, …")
    actor: str = Field("", max_length=150, description="username")
    area_code: str = Field("", pattern=r"^([0-9]{2}){0,4}$", description="DOPA code prefix")
    date_from: str = Field("", pattern=ISO_DATE, description="from this day (ISO date, CE)")
    date_to: str = Field("", pattern=ISO_DATE, description="up to this day (ISO date, CE)")
    personal_only: bool = Field(False, description="only reads and changes of personal data")


@router.get(
    "", response={200: list[AuditEventOut], 400: ErrorOut, **LIST_ERRORS}, summary="Audit trail / บันทึกการตรวจสอบ"
)
@paginate(BoundedPagination)
def audit_list(request: HttpRequest, filters: Query[AuditQuery]) -> Any:
    if not access.can_anywhere(request.user, Action.AUDIT_VIEW):
        return AuditEvent.objects.none()
    found = selectors.AuditFilters(
        model_label=filters.model_label.strip(),
        action=filters.action,
        actor=filters.actor.strip(),
        area=filters.area_code,
        date_from=_day(filters.date_from),
        date_to=_day(filters.date_to),
        personal_only=filters.personal_only,
    )
    return selectors.audit_events(request.user, found)


@router.get("/{event_id}", response={200: AuditEventDetailOut, **READ_ERRORS}, summary="One event / เหตุการณ์")
def audit_detail(request: HttpRequest, event_id: PathId) -> Any:
    event = selectors.audit_event_get(event_id)
    if event is None:
        raise Http404
    access.require_read(request.user, Action.AUDIT_VIEW, event)
    return event
