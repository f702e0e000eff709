"""Django's PostgreSQL backend, with the per-request health check spared while a connection is busy.

With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before the first query of every request, so that a
connection broken while it waited (the server restarted, a network cut) is replaced instead of failing the
request. On a busy worker that is one round trip more per request for a connection that answered
milliseconds ago — and a round trip is what a request costs most on PostgreSQL here (bench/RESULTS.md, "The
signed-in floor on PostgreSQL"). ``RecentUseHealthCheck`` skips the check when the connection's previous
request used it without a database error less than ``HEALTH_CHECK_GRACE_SECONDS`` ago; an idle connection
is checked exactly as before.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.db.backends.postgresql import base

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper as _Wrapper
else:
    _Wrapper = object

HEALTH_CHECK_GRACE_SECONDS = 1.0


class RecentUseHealthCheck(_Wrapper):
    """Mixin for a Django database wrapper (works with any backend; used with PostgreSQL)."""

    health_check_grace_seconds = HEALTH_CHECK_GRACE_SECONDS
    _used_fine_at: float | None = None
    health_check_enabled: bool  # Django's own attributes (not in its type stubs)
    health_check_done: bool

    def close_if_unusable_or_obsolete(self) -> None:
        # Called at the start and at the end of every request. ``health_check_done`` is true here only
        # when this request opened a cursor (so it used the connection); no error since means it worked.
        if self.connection is not None and self.health_check_done and not self.errors_occurred:
            self._used_fine_at = time.monotonic()
        super().close_if_unusable_or_obsolete()

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self._used_fine_at is not None
            and time.monotonic() - self._used_fine_at < self.health_check_grace_seconds
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def close(self) -> None:
        self._used_fine_at = None
        super().close()


class DatabaseWrapper(RecentUseHealthCheck, base.DatabaseWrapper):
    pass
