"""Template context every page gets from accounts: the main menu, decided by the menu registry."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from chumchon.accounts.menu import menu_for


def main_menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"main_menu": SimpleLazyObject(lambda: menu_for(user, request.path))}
