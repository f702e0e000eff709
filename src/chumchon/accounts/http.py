"""The signed-in user of a request, typed as our ``User`` for services (``actor: User``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from chumchon.accounts.models import User


def acting_user(request: HttpRequest) -> User:
    """For views and API endpoints that require a signed-in user; an anonymous request gets 403."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("ต้องเข้าสู่ระบบ / You must be logged in.")
    return user
