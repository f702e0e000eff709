"""Requests carrying NUL characters are refused before they reach a view.

PostgreSQL text cannot hold NUL (0x00), so a query string such as ``?kind=%00`` would otherwise fail
deep in the database as a server error (found by the API's Schemathesis test). Django's forms
already refuse NUL in what they validate; this guards the URL path and the query string of every
request: the API answers 422 in its error format (a documented code), pages answer 400.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

MESSAGE = "คำขอมีอักขระ NUL ซึ่งใช้ไม่ได้ / The request contains a NUL character, which is not allowed"


def has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists())


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=422)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
