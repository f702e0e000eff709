"""Audit trail pages (บันทึกการตรวจสอบ): a filtered list and one event's before/after."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from chumchon.audit import selectors
from chumchon.audit.models import AuditAction
from chumchon.core import access as permissions
from chumchon.core.access import Action

PAGE_SIZE = 50


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    allowed = permissions.can_anywhere(user, Action.AUDIT_VIEW)
    g = request.GET
    filters = selectors.AuditFilters(
        model_label=g.get("type", "").strip(),
        action=g.get("action", "").strip(),
        actor=g.get("actor", "").strip(),
        area=g.get("area", "").strip() if g.get("area", "").strip().isdigit() else "",
        date_from=_date(g.get("from", "")),
        date_to=_date(g.get("to", "")),
        personal_only=g.get("personal") == "1",
    )
    events = selectors.audit_events(user, filters)
    page = Paginator(events, PAGE_SIZE).get_page(g.get("page"))
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/index.html",
        {
            "allowed": allowed,
            "page": page,
            "filters": filters,
            "record_types": selectors.record_types(),
            "actions": AuditAction.choices,
            "query": query.urlencode(),
            "is_national": permissions.is_national(user, Action.AUDIT_VIEW),
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.audit_event_get(pk)
    if event is None:
        raise Http404("ไม่พบข้อมูล / Not found")
    permissions.require_read(request.user, Action.AUDIT_VIEW, event)
    return render(
        request,
        "audit/detail.html",
        {
            "event": event,
            "record_type": selectors.record_type_label(event.model_label),
            "rows": selectors.change_rows(event),
            "history": selectors.object_history(request.user, event.model_label, event.object_pk)[:20]
            if event.object_pk
            else [],
        },
    )
