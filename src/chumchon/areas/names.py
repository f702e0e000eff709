"""Tolerant name matching for areas: "ต.คลองนา", "ตำบล คลองนา" and "คลองนา" are the same name."""

from __future__ import annotations

import re
import unicodedata

# Level words people type before a name; the dotted short forms need their dot, since "อ" alone
# also starts names such as อ่างทอง.
_LEVEL_WORD = re.compile(r"^(?:จังหวัด|อำเภอ|กิ่งอำเภอ|เขต|ตำบล|แขวง|หมู่บ้าน|ชุมชน)")
_SHORT_FORM = re.compile(r"^(?:จ|อ|ต|ม)\.")
_MARKS = re.compile(r"[\s.'’\-]")


def normalize_name(text: str) -> str:
    """One comparable form: NFC, lower case, no level prefix, no spaces, dots or hyphens."""
    value = unicodedata.normalize("NFC", text).strip().lower()
    value = _SHORT_FORM.sub("", value).strip()
    value = _LEVEL_WORD.sub("", value)
    return _MARKS.sub("", value)
