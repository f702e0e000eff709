"""Kept page fragments (ส่วนของหน้าที่เก็บไว้): a signed-in page's costly part rendered once per data version.

A view names its fragment and the apps whose data it shows::

    fragment = Fragment(request, "projects.index", apps=("projects", "budgets", ...))
    if not fragment.hit:
        context.update(the costly context)
    return render(request, "…", {**context, "fragment": fragment})

and its template wraps the costly part in ``{% load fragments %}{% fragment fragment "content" %} …
{% endfragment %}`` (several named parts may share one fragment: all are served or none). On a hit the
tag writes the kept HTML and the view skipped its queries; on a miss the tag renders its body and keeps it.

The key holds everything that scopes the fragment: the fragment's name, the **signed-in user's id** (so
one user's scoped figures are never served to another, whatever their roles), the language, the full
path with its query string (page, filters), today's date (overdue flags, role assignments' dates) and
whatever ``vary`` the view adds. The kept copy carries the data versions (``core.dataversion``) of the
apps it reads — ``apps=None`` means every app — and is a miss once any of them moved; it is also dropped
after ``settings.FRAGMENT_CACHE_SECONDS``. A fragment is neither served nor kept while the request's
own transaction holds uncommitted writes, nor when its HTML holds a CSRF token (a form that posts), nor
for an anonymous visitor (the portal has its own page cache).

Copies are kept per process (an LRU bounded in bytes): a hit costs one small query (the versions, once a
request) and no pickling; each worker renders a fragment once per version.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from chumchon.core import dataversion

MAX_BYTES = 32 * 1024 * 1024  # per process

_kept: OrderedDict[Hashable, tuple[str, float, dict[str, str]]] = OrderedDict()
_sizes: dict[Hashable, int] = {}
_lock = threading.Lock()


def _seconds() -> float:
    return float(getattr(settings, "FRAGMENT_CACHE_SECONDS", 300))


def current_versions() -> dict[str, str]:
    """Every app's data version, read once per request (again after this process bumped one)."""
    return dataversion.request_versions()


def forget_local() -> None:
    """Drop every fragment this process keeps."""
    with _lock:
        _kept.clear()
        _sizes.clear()


class Fragment:
    """One view's kept fragment for this request (see the module docstring)."""

    def __init__(
        self,
        request: HttpRequest,
        name: str,
        *,
        apps: Iterable[str] | None = None,
        vary: tuple[Hashable, ...] = (),
        parts: tuple[str, ...] = ("content",),
    ) -> None:
        user = getattr(request, "user", None)
        self.parts = parts
        self.rendered: dict[str, str] = {}
        self.enabled = (
            _seconds() > 0
            and user is not None
            and bool(getattr(user, "is_authenticated", False))
            and request.method in ("GET", "HEAD")
            and not dataversion.dirty()
        )
        self.key: Hashable = (
            name,
            getattr(user, "pk", None),
            get_language() or "",
            request.get_full_path(),
            timezone.localdate().isoformat(),
            vary,
        )
        self.version = dataversion.versions(apps, current_versions()) if self.enabled else ""
        self.kept: dict[str, str] | None = self._lookup() if self.enabled else None

    @property
    def hit(self) -> bool:
        return self.kept is not None

    def _lookup(self) -> dict[str, str] | None:
        now = time.monotonic()
        with _lock:
            entry = _kept.get(self.key)
            if entry is None:
                return None
            version, at, parts = entry
            if version != self.version or now - at > _seconds() or any(p not in parts for p in self.parts):
                return None
            _kept.move_to_end(self.key)
            return parts

    def part(self, name: str) -> SafeString | None:
        """The kept HTML of one part (None on a miss)."""
        if self.kept is None or name not in self.kept:
            return None
        return mark_safe(self.kept[name])

    def keep(self, name: str, html: str) -> None:
        """Keep one rendered part; the copy is stored once every part of the fragment has been rendered."""
        if not self.enabled or self.kept is not None:
            return
        if "csrfmiddlewaretoken" in html or "X-CSRFToken" in html or dataversion.dirty():
            self.enabled = False
            return
        self.rendered[name] = str(html)
        if any(p not in self.rendered for p in self.parts):
            return
        size = sum(len(v) for v in self.rendered.values()) * 2
        with _lock:
            _kept[self.key] = (self.version, time.monotonic(), dict(self.rendered))
            _kept.move_to_end(self.key)
            _sizes[self.key] = size
            while len(_kept) > 1 and sum(_sizes.values()) > MAX_BYTES:
                old, _ = _kept.popitem(last=False)
                _sizes.pop(old, None)


def render_part(fragment: Fragment | None, name: str, render: Any) -> SafeString:
    """The kept HTML of ``name``, or ``render()``'s (then kept): what the template tag does."""
    if fragment is None:
        return mark_safe(render())
    kept = fragment.part(name)
    if kept is not None:
        return kept
    html = render()
    fragment.keep(name, html)
    return mark_safe(html)
