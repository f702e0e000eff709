"""Values computed at most once per web request (ค่าที่คำนวณครั้งเดียวต่อคำขอ).

A page asks the same slow-changing questions many times over: which provinces lie in the user's region
(every role assignment, plan and body scoped to a region), the user's grants, the provinces' groupings.
``remembered(key, compute)`` answers from this request's memo when the answer is already known and
computes it once otherwise. The memo lives only from ``RequestMemoMiddleware``'s start of a request to
its end (a context variable: one per thread, so gunicorn's workers and threads never share one), and
nothing is remembered outside a request (management commands, background jobs, tests that call
selectors directly compute every time, exactly as before). A write that changes a remembered answer in
the middle of a request drops it with ``forget(key)`` (``areas`` does so when an area is saved).

Only answers that are the same for every user may be keyed without the user; per-user answers carry the
user's id in their key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponseBase

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("chumchon_request_memo", default=None)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per request for ``key`` (every time outside a request)."""
    memo = _memo.get()
    if memo is None:
        return compute()
    try:
        return memo[key]  # type: ignore[no-any-return]
    except KeyError:
        value = memo[key] = compute()
        return value


def in_request() -> bool:
    """Whether a request's memo is active (``remembered`` keeps nothing outside one)."""
    return _memo.get() is not None


def known(key: Hashable) -> Any:
    """The answer remembered for ``key`` in this request, or None (never computes)."""
    memo = _memo.get()
    return None if memo is None else memo.get(key)


def keep(key: Hashable, value: Any) -> None:
    """Remember an answer learnt on the way (a statement that read it with something else); nothing
    outside a request."""
    memo = _memo.get()
    if memo is not None:
        memo[key] = value


def forget(key: Hashable | None = None) -> None:
    """Drop one remembered answer (all of them with no key)."""
    memo = _memo.get()
    if memo is None:
        return
    if key is None:
        memo.clear()
    else:
        memo.pop(key, None)


class active:
    """A memo for the duration of a ``with`` block (the middleware's, and a test's)."""

    def __enter__(self) -> dict[Hashable, Any]:
        memo: dict[Hashable, Any] = {}
        self._token = _memo.set(memo)
        return memo

    def __exit__(self, *exc: object) -> None:
        _memo.reset(self._token)


class RequestMemoMiddleware:
    """Give each request a fresh memo and drop it when the response is made."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with active():
            return self.get_response(request)
