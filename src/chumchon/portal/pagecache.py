"""The public page cache: an anonymous public page is rendered once per (path, language, data version).

Public pages are the same for every anonymous visitor in a language, so the whole response (bytes,
content type, download name) is kept in Django's ``pages`` cache (``settings.CACHES``: a table of the
main database by default, so every worker on every app server shares the copies) under the request's
full path and language. Each copy carries the **data version** it was rendered under; the version is
the row ``portal.public`` of core's ``DataVersion`` (core.dataversion), which ``bump()`` replaces (one ``UPDATE``, shared with the written apps' versions after a commit) whenever the public figures may have changed (after the
engine's recomputes, after any save in an app whose data the portal shows, after a project, programme or
feedback is deleted — wired in ``portal.registrations``; the lower apps never import the portal). A copy
of another version is a miss; a copy is also dropped after ``settings.PUBLIC_CACHE_SECONDS`` however
quiet the data, so a change no signal saw (a bulk write) shows within that bound.

HTTP: every cached answer carries ``ETag`` (a hash of its bytes), ``Last-Modified`` (when the data
version last changed), ``Cache-Control: public, max-age=PUBLIC_MAX_AGE`` and ``Vary: Cookie`` (the
language comes from a cookie); a conditional GET that matches answers 304 without a body, so nginx or a
browser can keep the page and revalidate cheaply.

Nothing personal is ever cached or served from the cache: a request carrying a session cookie (every
logged-in user has one), a pending message, or an ``Authorization`` header is answered by the view
itself, marked ``Cache-Control: private, no-cache``, and never stored. The anonymous copy is rendered
with ``request.public_copy`` set, which makes ``base.html`` leave out the CSRF token (the language
switch of a public copy posts to a token-free endpoint, see ``chumchon.urls``); a response that sets a
cookie or still holds a token is never stored.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from chumchon.core import dataversion
from chumchon.core.models import DataVersion
from chumchon.portal.disclosure import min_count

KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
MAX_QUERY = 256  # longer query strings are answered but not stored (they are not links the portal makes)


def _pages() -> Any:
    return caches["pages"]


# The public data version is one row of core's data versions (core.dataversion), so its bump after a
# commit is the same single UPDATE as the versions of the apps the transaction wrote.
PUBLIC_VERSION = "portal.public"


def version() -> str:
    """The current data version (created on first use)."""
    current = DataVersion.objects.filter(app=PUBLIC_VERSION).values_list("version", flat=True).first()
    if current is None:
        current = dataversion.bump([PUBLIC_VERSION])
    return str(current)


def changed_at(data_version: str) -> float:
    """When the data version was made (seconds since the epoch): the pages' ``Last-Modified``."""
    try:
        return float(data_version.split(":", 1)[0])
    except ValueError:
        return time.time()


def bump() -> str:
    """A new data version now: every cached public page becomes a miss."""
    return dataversion.bump([PUBLIC_VERSION])


def _bumped(app_labels: list[str]) -> None:
    if PUBLIC_VERSION in app_labels:
        forget_local()


dataversion.register_bump_listener(_bumped)

_MIGRATING = False  # between pre_migrate and post_migrate the cache table may not exist yet: no bumps


def bump_on_commit(using: str | None = None) -> None:
    """Bump once the current transaction commits (at once outside one); one bump per transaction."""
    if _MIGRATING:
        return
    dataversion.bump_on_commit([PUBLIC_VERSION], using)


def personal(request: HttpRequest) -> bool:
    """Whether the answer may hold something of this visitor (a logged-in menu, a message)."""
    cookies = request.COOKIES  # a cookie deleted by the server comes back empty from some clients
    return bool(
        cookies.get(settings.SESSION_COOKIE_NAME)
        or cookies.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))
        or "HTTP_AUTHORIZATION" in request.META
    )


def _key(request: HttpRequest) -> str:
    # The disclosure threshold is a setting, not data: a copy made under another threshold is another page.
    raw = f"{request.get_full_path()}|{get_language() or ''}|{min_count()}"
    return "portal:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _storable(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or getattr(response, "streaming", False) or response.cookies:
        return False
    return b"csrfmiddlewaretoken" not in response.content  # type: ignore[attr-defined]


def _entry(response: HttpResponse, data_version: str) -> dict[str, Any]:
    content = bytes(response.content)
    return {
        "version": data_version,
        # Kept gzipped (a province's projects JSON is ~1.2 MB, ~10× less compressed): less to move out of
        # the cache table on every hit, and sent as it is to every client that accepts gzip.
        "gzip": gzip.compress(content, compresslevel=6, mtime=0),
        "headers": {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers},
        "etag": '"' + hashlib.sha256(content).hexdigest()[:32] + '"',
    }


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def _from_entry(entry: dict[str, Any], request: HttpRequest) -> tuple[HttpResponse, str]:
    """The response for this client, and its ETag (the gzipped bytes are another representation)."""
    if _accepts_gzip(request):
        response = HttpResponse(entry["gzip"])
        response.headers["Content-Encoding"] = "gzip"
        etag = entry["etag"][:-1] + '-gz"'
    else:
        # A process's own copies keep the plain bytes too once asked for them (see _remember).
        plain = entry.get("plain")
        if plain is None:
            plain = gzip.decompress(entry["gzip"])
            if entry.get("local"):
                with _lock:
                    entry["plain"] = plain
                    if entry["local"] in _local:
                        _sizes[entry["local"]] = _size(entry)
        response = HttpResponse(plain)
        etag = entry["etag"]
    for name, value in entry["headers"].items():
        response.headers[name] = value
    return response, etag


def _public_headers(response: HttpResponseBase, etag: str, data_version: str) -> None:
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(changed_at(data_version))
    response.headers["Cache-Control"] = f"public, max-age={settings.PUBLIC_MAX_AGE}"
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))


# Each process also keeps the last LOCAL_ENTRIES copies it served and re-reads the data version from the
# shared cache at most every PUBLIC_CACHE_LOCAL_SECONDS (1 s): a hit then costs no query at all. Another
# server's change thus reaches this process within that second — well inside the max-age browsers and
# proxies are given. 0 turns it off (the test suite does: its database rolls back under the process).
LOCAL_BYTES = 48 * 1024 * 1024  # per process
_local: OrderedDict[str, dict[str, Any]] = OrderedDict()
_sizes: dict[str, int] = {}
_known: tuple[str, float] | None = None  # (data version, when it was read)
_lock = threading.Lock()


def _local_seconds() -> float:
    return float(getattr(settings, "PUBLIC_CACHE_LOCAL_SECONDS", 0))


def _lookup(key: str) -> tuple[str, dict[str, Any] | None]:
    """The current data version and the copy kept under ``key`` (None when there is none)."""
    global _known
    recheck = _local_seconds()
    now = time.monotonic()
    with _lock:
        known = _known
        if recheck > 0 and known is not None and now - known[1] < recheck:
            entry = _local.get(key)
            if entry is not None and entry.get("version") == known[0]:
                _local.move_to_end(key)
                return known[0], entry
    data_version = version()
    entry = _pages().get(key)
    with _lock:
        _known = (data_version, now)
    if entry is not None and entry.get("version") == data_version:
        _remember(key, entry)
    return data_version, entry


def _size(entry: dict[str, Any]) -> int:
    return len(entry["gzip"]) + len(entry.get("plain") or b"")


def _remember(key: str, entry: dict[str, Any]) -> None:
    if _local_seconds() <= 0:
        return
    entry = {**entry, "local": key}  # this process's own dict (it may add the plain bytes)
    with _lock:
        _local[key] = entry
        _local.move_to_end(key)
        _sizes[key] = _size(entry)
        while len(_local) > 1 and sum(_sizes.values()) > LOCAL_BYTES:
            old, _ = _local.popitem(last=False)
            _sizes.pop(old, None)


def forget_local() -> None:
    """Drop this process's copies and its note of the data version."""
    global _known
    with _lock:
        _local.clear()
        _sizes.clear()
        _known = None


def public_cache(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Serve ``view``'s anonymous GET answers from the shared page cache (see the module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD") or personal(request):
            response = view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                response.headers["Cache-Control"] = "private, no-cache"
                patch_vary_headers(response, ("Cookie",))
            return response
        key = _key(request)
        data_version, entry = _lookup(key)
        if entry is not None and entry.get("version") == data_version and "gzip" in entry:
            response, etag = _from_entry(entry, request)
            response.headers["X-Page-Cache"] = "hit"
        else:
            request.public_copy = True  # type: ignore[attr-defined]  # base.html: no CSRF token in it
            rendered = view(request, *args, **kwargs)
            if not _storable(rendered) or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY:
                if rendered.status_code == 200:
                    rendered.headers["Cache-Control"] = f"public, max-age={settings.PUBLIC_MAX_AGE}"
                    patch_vary_headers(rendered, ("Cookie",))
                return rendered
            entry = _entry(rendered, data_version)  # type: ignore[arg-type]
            _pages().set(key, entry)
            _remember(key, entry)
            response, etag = _from_entry(entry, request)
            response.headers["X-Page-Cache"] = "miss"
        _public_headers(response, etag, data_version)
        conditional = get_conditional_response(
            request, etag=etag, last_modified=int(changed_at(data_version)), response=response
        )
        return conditional if conditional is not None else response

    return wrapper


# --- What marks the cached pages stale (connected in portal.registrations) -----------------------------

# Apps whose rows the public pages show, directly or summed: a save in any of them bumps the version.
PUBLIC_APPS = frozenset(
    {
        "areas",
        "organizations",
        "meetings",
        "indicators",
        "poverty",
        "capital",
        "relief",
        "plans",
        "budgets",
        "projects",
        "assessment",
        "portal",
    }
)


def on_save(sender: type[Model], instance: Any, using: str | None = None, **kwargs: Any) -> None:
    if sender._meta.app_label not in PUBLIC_APPS:
        return
    if sender._meta.label == "portal.Feedback" and instance.status == "pending":
        return  # a new message waits for moderation and is shown nowhere; a flood of them must not clear the pages
    bump_on_commit(using)


def on_delete(sender: type[Model], instance: Any, using: str | None = None, **kwargs: Any) -> None:
    bump_on_commit(using)


def after_recompute(survey_round: Any) -> None:
    bump_on_commit()


def after_restore(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """A restore replaced the data under the cached pages (its transaction has committed): a new version now."""
    bump()


def migration_starts(**kwargs: Any) -> None:
    global _MIGRATING
    _MIGRATING = True


def create_cache_table(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``chumchon migrate`` creates the database page cache's table too (createcachetable is idempotent);
    the data may have changed under the migrations, so the version moves on."""
    global _MIGRATING
    call_command("createcachetable", database=using, verbosity=0)
    _MIGRATING = False
    bump()
