"""Reads about users and their scopes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import attrgetter

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from chumchon.accounts import permissions
from chumchon.accounts.models import RoleAssignment, User
from chumchon.accounts.permissions import Action
from chumchon.accounts.roles import role_body_labels
from chumchon.areas.models import Area


def user_home_areas(user: AbstractBaseUser | AnonymousUser) -> list[Area]:
    """The top areas a user may view: one per granted prefix (nation users get the provinces)."""
    prefixes = permissions.grants_for(user).prefixes(Action.AREA_VIEW)
    if "" in prefixes:
        # Sorted here, not by the database: asked for the provinces in code order, SQLite walks the code index
        # over every area (~17,000 at national volume, 1.7 ms) rather than read the 77 provinces through the
        # level index and sort them (0.1 ms).
        return sorted(Area.objects.filter(level="province").order_by(), key=attrgetter("code"))
    return list(Area.objects.filter(code__in=prefixes).order_by("code"))


@dataclass(frozen=True)
class RoleRow:
    """One of a user's role assignments, ready for display."""

    role: str
    scope_kind: str
    scope: str
    body: str
    starts_on: dt.date
    ends_on: dt.date | None
    current: bool
    area_code: str


def user_role_rows(user: User) -> list[RoleRow]:
    """A user's role assignments, current ones first, with translated labels.

    The body each role is held in comes from the registry in ``accounts.roles`` (organizations). The signed-in
    user's assignments were read with the user (``permissions.held_all_assignments``): not read again.
    """
    assignments = permissions.held_all_assignments(user)
    if assignments is None:
        assignments = list(RoleAssignment.objects.filter(user=user).select_related("area", "region", "cluster"))
    assignments.sort(key=attrgetter("pk"))  # ties below keep the order they were made in
    bodies = role_body_labels(assignments)
    rows = [
        RoleRow(
            role=a.get_role_display(),
            scope_kind=a.get_scope_kind_display(),
            scope=a.scope_label(),
            body=bodies.get(a.pk, ""),
            starts_on=a.starts_on,
            ends_on=a.ends_on,
            current=a.is_current(),
            area_code=a.area.code if a.area is not None and a.scope_kind == "area" else "",
        )
        for a in assignments
    ]
    return sorted(rows, key=lambda r: (not r.current, r.role))
