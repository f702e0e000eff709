"""Reads about users and their scopes."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class RoleRow:
    """One of a user's role assignments, ready for display."""

    role: str
    scope_kind: str
    scope: str
    body: str
    starts_on: Any
    ends_on: Any
    current: bool
    area_code: str


def user_role_rows(user: Any) -> list[RoleRow]:
    """A user's role assignments, current ones first, with translated labels."""
    from chumchon.accounts.models import RoleAssignment

    assignments = RoleAssignment.objects.filter(user=user).select_related("area", "region", "cluster", "body")
    rows = [
        RoleRow(
            role=a.get_role_display(),
            scope_kind=a.get_scope_kind_display(),
            scope=a.scope_label(),
            body=str(a.body) if a.body else "",
            starts_on=a.starts_on,
            ends_on=a.ends_on,
            current=a.is_current(),
            area_code=a.area.code if a.area is not None and a.scope_kind == "area" else "",
        )
        for a in assignments
    ]
    return sorted(rows, key=lambda r: (not r.current, r.role))
