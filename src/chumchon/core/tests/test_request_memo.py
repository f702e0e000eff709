"""core.request_memo: answers remembered within one request only, never outside one or across requests."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from chumchon.core import request_memo


def test_remembered_once_per_request_and_forgotten_after() -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    def view(request: HttpRequest) -> HttpResponse:
        first = request_memo.remembered("k", compute)
        again = request_memo.remembered("k", compute)
        request_memo.forget("k")
        third = request_memo.remembered("k", compute)
        return HttpResponse(f"{first},{again},{third}")

    middleware = request_memo.RequestMemoMiddleware(view)
    assert middleware(RequestFactory().get("/")).content == b"1,1,2"
    # The next request starts empty: computed anew.
    assert middleware(RequestFactory().get("/")).content == b"3,3,4"
    # Outside a request nothing is remembered.
    assert request_memo.remembered("k", compute) == 5
    assert request_memo.remembered("k", compute) == 6
    request_memo.forget()  # a no-op outside a request


def test_the_middleware_is_installed_before_everything_that_reads_scopes() -> None:
    names = settings.MIDDLEWARE
    memo = names.index("chumchon.core.request_memo.RequestMemoMiddleware")
    assert memo < names.index("django.contrib.auth.middleware.AuthenticationMiddleware")
