"""The search page: one box over organisations, plans, plan items and projects, ranked, highlighted."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from chumchon.core.pagination import paginate
from chumchon.search import selectors
from chumchon.search.models import DocKind

PER_PAGE = 20


@login_required
def index(request: HttpRequest) -> HttpResponse:
    kinds = selectors.kinds_for(request.user)
    if not kinds:
        raise Http404("ไม่พบหน้านี้ / Not found")
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    kind = kind if kind in kinds else ""
    page = ranked = None
    if q:
        ranked = selectors.search(request.user, q, kinds=[kind] if kind else ())
        page = paginate(request, ranked, per_page=PER_PAGE)
    return render(
        request,
        "search/index.html",
        {
            "q": q,
            "kind": kind,
            "kinds": [(k, DocKind(k).label) for k in kinds],
            "page": page,
            # A very common word: only its newest matches were ranked (the page says so).
            "capped": ranked is not None and ranked.capped,
            "candidates": ranked.candidates if ranked is not None else selectors.CANDIDATES,
            "query_string": urlencode({"q": q, "kind": kind}),
        },
    )
