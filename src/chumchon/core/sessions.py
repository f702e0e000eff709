"""Database sessions read together with the data versions (เซสชันกับรุ่นของข้อมูลในคำสั่งเดียว).

``SESSION_ENGINE = "chumchon.core.sessions"``: Django's database sessions, except that the one statement
that reads a request's session also reads every app's data version (``core.dataversion``), appended to it
with ``UNION ALL``, and leaves them in the request's memo. What a signed-in page keeps between requests
(``core.kept``: the user and their grants, the provinces' groupings, the menu's "sees any job") is keyed
by those versions, so it costs no statement of its own to know whether the kept answer still holds.

The session itself is read from the database on every request exactly as before: a log-out (the row
deleted) or an expired session is seen by the next request in every worker. Outside a request (no memo)
the plain read is made.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.utils import timezone

from chumchon.core import dataversion, request_memo


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        model = self.model
        connection = connections[router.db_for_read(model)]
        if not request_memo.in_request() or connection.alias != DEFAULT_DB_ALIAS:  # the versions live in default
            return super()._get_session_from_db()  # type: ignore[misc]  # not in django-stubs
        quote = connection.ops.quote_name
        key = self.session_key
        if key is None:
            return None
        versions_sql, versions_params = dataversion.versions_statement(connection)
        # The session's row is the one whose first column is NULL (every app label is a non-empty string).
        sql = (
            f"SELECT NULL, {quote('session_data')} FROM {quote(model._meta.db_table)}"
            f" WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s UNION ALL {versions_sql}"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, now, *versions_params])
            rows = cursor.fetchall()
        versions = {str(app): str(version) for app, version in rows if app is not None}
        request_memo.keep(dataversion.request_versions_key(), versions)
        data = next((version for app, version in rows if app is None), None)
        if data is None:
            self._session_key = None
            return None
        return model(session_key=key, session_data=data)
