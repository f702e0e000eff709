"""Audit trail pages (บันทึกการตรวจสอบ): a filtered list and one event's before/after."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from chumchon.audit import selectors
from chumchon.audit.forms import AuditFilterForm
from chumchon.audit.models import AuditEvent
from chumchon.core import access as permissions
from chumchon.core.access import Action

PAGE_SIZE = 50


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    allowed = permissions.can_anywhere(user, Action.AUDIT_VIEW)
    form = AuditFilterForm(request.GET)
    filters = form.filters()
    events = selectors.audit_events(user, filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/index.html",
        {
            "allowed": allowed,
            "page": page,
            "form": form,
            "rows": _with_area_names(page),
            "query": query.urlencode(),
            "is_national": permissions.is_national(user, Action.AUDIT_VIEW),
        },
    )


def _with_area_names(events: Iterable[AuditEvent]) -> list[tuple[AuditEvent, str]]:
    events = list(events)
    names = selectors.area_labels({e.area_code for e in events})
    return [(e, names.get(e.area_code, "")) for e in events]


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
            "area_name": selectors.area_labels({event.area_code}).get(event.area_code, ""),
            "rows": selectors.change_rows(event),
            "history": selectors.object_history(request.user, event.model_label, event.object_pk)[:20]
            if event.object_pk
            else [],
        },
    )
