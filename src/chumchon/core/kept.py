"""Answers kept between requests per data version (ค่าที่เก็บไว้ตามรุ่นของข้อมูล).

Every signed-in page asks the same few questions before its own work: who the user is and what they may
do (their role assignments), which provinces lie in each region and cluster, whether the user sees any
background job. ``kept(key, apps, compute)`` answers from this process's copy when the data versions of
``apps`` (``core.dataversion``; ``*`` always included) are the ones this request read, and computes and
keeps the answer otherwise. The versions come with the session's read (``core.sessions``): a kept answer
costs no statement. A request that has not read them (no session: an anonymous visitor) computes every
answer, as before — reading the versions for it would cost the statement the answer saves.

Why it is never stale: every committed write of an app's tables moves its version before the writing
request answers, and each request reads the versions afresh (they are never kept between requests), so
the first request after a write — in any worker — finds a different version and computes again. The
versions are read before the answer is computed, so an answer kept under a version is never older than
it. While the request's own transaction holds uncommitted writes (``dataversion.dirty``) nothing is
served or kept, and outside a request (commands, jobs, tests calling selectors) ``compute()`` runs every
time. An app whose version was never written (read as "0", e.g. just after a test database is flushed)
keeps nothing. ``MAX_SECONDS`` bounds a copy's age however quiet the data (writes made outside Django are
not seen by the versions).

Kept answers are shared by the requests of one process: callers keep immutable values or hand out copies.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from chumchon.core import dataversion

T = TypeVar("T")

MAX_ENTRIES = 4096  # per process: ~one per active user and question
MAX_SECONDS = 300.0

_kept: OrderedDict[Hashable, tuple[tuple[str, ...], float, Any]] = OrderedDict()
_lock = threading.Lock()


def kept(key: Hashable, apps: Iterable[str], compute: Callable[[], T]) -> T:
    """``compute()``, kept in this process while the data versions of ``apps`` stay the same."""
    current = dataversion.known_request_versions()
    if current is None or dataversion.dirty():
        return compute()
    labels = sorted({dataversion.EVERY, *apps})
    version = tuple(current.get(label, "") for label in labels)
    if "" in version:  # an app never written since its versions were (re)made: nothing to key by
        return compute()
    now = time.monotonic()
    with _lock:
        entry = _kept.get(key)
        if entry is not None and entry[0] == version and now - entry[1] <= MAX_SECONDS:
            _kept.move_to_end(key)
            return entry[2]  # type: ignore[no-any-return]
    value = compute()
    if dataversion.dirty():  # compute() wrote: what it read is not committed yet
        return value
    with _lock:
        _kept[key] = (version, now, value)
        _kept.move_to_end(key)
        while len(_kept) > MAX_ENTRIES:
            _kept.popitem(last=False)
    return value


def forget_local() -> None:
    """Drop every answer this process keeps (tests)."""
    with _lock:
        _kept.clear()
