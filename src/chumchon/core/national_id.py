"""Thai 13-digit national ID numbers (เลขประจำตัวประชาชน): check digit and masking (PDPA)."""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"[\s-]")


class NationalIdError(ValueError):
    """An invalid national ID, with a bilingual message."""


def clean_national_id(value: str) -> str:
    """Strip spaces and dashes; return 13 digits or raise ``NationalIdError``."""
    digits = _NON_DIGITS.sub("", str(value))
    if not re.fullmatch(r"[0-9]{13}", digits):
        raise NationalIdError(
            f"เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก: {value!r} / a national ID must be 13 digits: {value!r}"
        )
    if check_digit(digits[:12]) != int(digits[12]):
        raise NationalIdError(
            f"เลขตรวจสอบของเลขประจำตัวประชาชนไม่ถูกต้อง: {value!r} / national ID check digit is wrong: {value!r}"
        )
    return digits


def check_digit(first12: str) -> int:
    """The 13th digit: (11 − Σ d_i·(13−i) mod 11) mod 10."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - total % 11) % 10


def is_valid_national_id(value: str) -> bool:
    try:
        clean_national_id(value)
    except NationalIdError:
        return False
    return True


def mask_national_id(value: str) -> str:
    """Show only the first and the last three digits: ``1-xxxx-xxxxx-12-3``."""
    digits = _NON_DIGITS.sub("", str(value))
    if len(digits) != 13:
        return "x" * len(digits)
    return f"{digits[0]}-xxxx-xxxxx-{digits[10:12]}-{digits[12]}"


def format_national_id(value: str) -> str:
    d = _NON_DIGITS.sub("", str(value))
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}" if len(d) == 13 else d
