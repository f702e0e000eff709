"""How API callers prove who they are: the browser session (with CSRF on writes) or a bearer token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from chumchon.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cc_…`` — a key made on the "My account" page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


# Token first: a script with a key needs no cookie; a browser falls back to its session, whose
# writes must carry the CSRF token (SessionAuth checks it).
API_AUTH = [TokenAuth(), SessionAuth(csrf=True)]
