"""Helpers the API modules share: turning codes and ids in a request body into objects, with the
bilingual 400 a caller gets for one that does not exist. Not a router (nothing here is mounted)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404

from chumchon.areas.models import Area
from chumchon.areas.selectors import AreaNotFound, area_resolve_code
from chumchon.core.bilingual import bilingual


def area_from_body(code: str, *, field: str = "area_code") -> Area:
    """The area a request body names; an unknown code is a 400 naming the field."""
    try:
        return area_resolve_code(code) if "\x00" not in code else area_resolve_code("")
    except AreaNotFound as exc:
        raise ValidationError({field: [str(exc)]}) from exc


def not_found_unless(obj: Any) -> Any:
    if obj is None:
        raise Http404
    return obj


def missing(field: str, th: str, en: str) -> ValidationError:
    return ValidationError({field: [bilingual(th, en)]})


def clean_text(value: str) -> str:
    """A query-string filter: NUL never matches stored text (PostgreSQL cannot hold it)."""
    return "" if "\x00" in value else value.strip()
