"""Thai 13-digit national ID numbers (เลขประจำตัวประชาชน): check digit and masking (PDPA)."""

from __future__ import annotations

import re

from chumchon.core.thai import arabic_digits

_NON_DIGITS = re.compile(r"[\s-]")
# A national ID written in running text: 13 digits, optionally grouped by spaces or dashes.
_ID_IN_TEXT = re.compile(r"(?<![0-9])[0-9](?:[\s-]?[0-9]){12}(?![0-9])")


class NationalIdError(ValueError):
    """An invalid national ID, with a bilingual message and a code: ``national_id_not_digits``,
    ``national_id_length`` (not 13 digits) or ``national_id_check_digit``."""

    def __init__(self, code: str, message_th: str, message_en: str) -> None:
        super().__init__(f"{message_th} / {message_en}")
        self.code = code
        self.message_th = message_th
        self.message_en = message_en


def clean_national_id(value: str) -> str:
    """Strip spaces and dashes, read Thai digits; return 13 digits or raise ``NationalIdError``."""
    digits = _NON_DIGITS.sub("", arabic_digits(str(value)))
    if not re.fullmatch(r"[0-9]+", digits):
        raise NationalIdError(
            "national_id_not_digits",
            f"เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก: {value!r}",
            f"a national ID must be 13 digits: {value!r}",
        )
    if len(digits) != 13:
        raise NationalIdError(
            "national_id_length",
            f"เลขประจำตัวประชาชนต้องมี 13 หลัก แต่มี {len(digits)} หลัก: {value!r}",
            f"a national ID must have 13 digits, not {len(digits)} digits: {value!r}",
        )
    if check_digit(digits[:12]) != int(digits[12]):
        raise NationalIdError(
            "national_id_check_digit",
            f"เลขตรวจสอบ (หลักสุดท้าย) ของเลขประจำตัวประชาชนไม่ถูกต้อง: {value!r}",
            f"national ID check digit is wrong: {value!r}",
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


def mask_national_ids_in_text(text: str) -> str:
    """Every 13-digit number in ``text`` (Thai digits too), masked like ``mask_national_id``."""
    return _ID_IN_TEXT.sub(lambda m: mask_national_id(m.group(0)), arabic_digits(text)) if text else text


def format_national_id(value: str) -> str:
    d = _NON_DIGITS.sub("", str(value))
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}" if len(d) == 13 else d
