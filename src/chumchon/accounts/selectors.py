"""Reads about users and their scopes."""

from __future__ import annotations

from typing import Any

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area


def user_home_areas(user: Any) -> list[Area]:
    """The top areas a user may view: one per granted prefix (nation users get the provinces)."""
    prefixes = permissions.grants_for(user).prefixes(Action.AREA_VIEW)
    if "" in prefixes:
        return list(Area.objects.filter(level="province").order_by("code"))
    return list(Area.objects.filter(code__in=prefixes).order_by("code"))
