"""Area pages (thin: permission check, selector, template)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.areas import selectors


@login_required
def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = selectors.area_get(code)
    if area is None:
        raise Http404("ไม่พบพื้นที่ / Area not found")
    permissions.require_read(request.user, Action.AREA_VIEW, area)
    return render(request, "areas/area_detail.html", {"area": area, "children": selectors.area_children(area)})
