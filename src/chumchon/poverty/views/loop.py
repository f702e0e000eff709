"""Closing the loop: was the deprivation of assisted households resolved by the next round?"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.poverty.selectors import loop as loop_selectors
from chumchon.poverty.selectors import results as results_selectors
from chumchon.poverty.views.common import area_or_404, breadcrumb


@login_required
def loop(request: HttpRequest, code: str) -> HttpResponse:
    area = area_or_404(code)
    permissions.require_read(request.user, Action.LOGBOOK_VIEW, area)
    prev_round = results_selectors.round_get(request.GET.get("round")) if request.GET.get("round") else None
    if prev_round is None:
        # The latest round that has a next round.
        prev_round = next(
            (r for r in results_selectors.rounds_ready().order_by("-year_be") if results_selectors.next_round(r)), None
        )
    next_round = results_selectors.next_round(prev_round) if prev_round else None
    match = "district" if request.GET.get("match") == "district" else "tambon"
    report = (
        loop_selectors.loop_closure(prev_round=prev_round, next_round=next_round, prefix=area.code, match=match)
        if prev_round and next_round
        else None
    )
    return render(
        request,
        "poverty/loop.html",
        {"area": area, "breadcrumb": breadcrumb(area), "report": report, "match": match},
    )
