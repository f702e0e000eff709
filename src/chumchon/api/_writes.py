"""Shared by the write endpoints of plans, projects, budgets and meetings (not a router).

A refusal by a service is a ``ValidationError`` with a bilingual message: a wrong input answers 400,
a refusal because of the object's current state or a concurrent change (already answered, locked,
not in a status that allows it, not enough money left) answers 409; ``PermissionDenied`` answers 403
(``main``). The rules stay in the services: these endpoints only translate.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.http import Http404
from ninja.errors import HttpError

from chumchon.api.schemas import WRITE_ERRORS, ErrorOut
from chumchon.areas import selectors as area_selectors
from chumchon.areas.models import Area
from chumchon.core.bilingual import bilingual

# Error codes (of the apps' ``error_codes``) that describe the object's state, not the request.
CONFLICT_CODES = frozenset(
    {
        "wrong_state",
        "locked",
        "already_answered",
        "already_proposed",
        "duplicate_version",
        "allocation_locked",
        "already_adopted",
        "insufficient_funds",
        "over_disbursement",
        "overlapping_term",
    }
)
CHANGE_ERRORS: dict[int, Any] = {**WRITE_ERRORS, 409: ErrorOut}


@contextmanager
def service_errors() -> Iterator[None]:
    """Run a service call: state conflicts become 409; other refusals keep their 400/403."""
    try:
        yield
    except ValidationError as exc:
        if getattr(exc, "code", None) in CONFLICT_CODES:
            raise HttpError(409, " ".join(str(m) for m in exc.messages)) from exc
        raise


def choice_pattern(choices: type[TextChoices]) -> str:
    """A regular expression accepting exactly the values of ``choices`` (documented in the schema)."""
    return "^(" + "|".join(str(v) for v in choices.values) + ")$"


def area_or_400(code: str | None) -> Area | None:
    """The area of a DOPA code given in a request body; an unknown code is a 400 with the reason."""
    if not code:
        return None
    area = area_selectors.area_get(code)
    if area is None:
        raise ValidationError(bilingual(f"ไม่พบพื้นที่รหัส {code}", f"No area has the code {code}"))
    return area


def found(obj: Any) -> Any:
    """``obj``, or 404 when it is None (a missing or unreadable object named in a body or path)."""
    if obj is None:
        raise Http404
    return obj


def nothing_matches(*texts: str) -> bool:
    """Stored text never holds NUL (PostgreSQL cannot), so a filter holding one matches nothing."""
    return any("\x00" in t for t in texts)
