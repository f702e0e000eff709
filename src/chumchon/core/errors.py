"""Refusals that are conflicts with a record's current state, declared by the app that owns the code.

Services refuse with ``ValidationError(message, code=...)``. Most refusals say the request itself is
wrong: an interface answers them as bad input (HTTP 400). Some say the record's current state does not
allow the step — already answered, locked, closed, not enough money left — which HTTP calls a conflict
(409, RFC 9110 §15.5.10: the request could succeed after the state changes). Each app lists its conflict
codes in its ``error_codes`` module with :func:`declare_conflicts`, so every interface (the API's one
exception handler today) answers them the same way without a list of its own.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError

_CONFLICTS: set[str] = set()


def declare_conflicts(*codes: StrEnum) -> None:
    """Declare ``codes`` (members of an app's error-code enum) as conflicts with a record's state."""
    _CONFLICTS.update(str(code) for code in codes)


def is_conflict(error: ValidationError) -> bool:
    """True when ``error`` carries one declared conflict code (a single error, not a form's dict)."""
    code = getattr(error, "code", None)
    return code is not None and str(code) in _CONFLICTS


def conflict_codes() -> frozenset[str]:
    return frozenset(_CONFLICTS)
