"""Conflict codes: declared by the apps that own them, answered alike by every API module."""

from __future__ import annotations

import importlib
from enum import StrEnum
from pathlib import Path

from django.core.exceptions import ValidationError

from chumchon.core.errors import conflict_codes, is_conflict

SRC = Path(__file__).resolve().parents[2]


def _error_code_enums() -> list[type[StrEnum]]:
    enums = []
    for path in sorted(SRC.glob("**/error_codes.py")):
        module = importlib.import_module(".".join(path.relative_to(SRC.parent).with_suffix("").parts))
        enums += [
            v for v in vars(module).values() if isinstance(v, type) and issubclass(v, StrEnum) and v is not StrEnum
        ]
    return enums


def test_every_conflict_is_a_code_some_app_owns() -> None:
    owned = {str(member) for enum in _error_code_enums() for member in enum}
    declared = conflict_codes()
    assert {"insufficient_funds", "already_answered", "already_retired", "case_closed", "not_draft"} <= declared
    assert declared <= owned


def test_is_conflict_reads_the_single_error_code_only() -> None:
    assert is_conflict(ValidationError("x", code="insufficient_funds"))
    assert not is_conflict(ValidationError("x", code="bad_amount"))
    assert not is_conflict(ValidationError("x"))
    # A form's errors by field are bad input, whatever codes they hold.
    assert not is_conflict(ValidationError({"amount": ValidationError("x", code="insufficient_funds")}))
