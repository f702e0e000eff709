"""Tolerant name matching for areas: "ต.คลองนา", "ตำบล คลองนา" and "คลองนา" are the same name.

English works the same way: "Tambon Khlong Na", "Khlong Na Subdistrict" and "khlong na" all become
"khlongna".
"""

from __future__ import annotations

import re
import unicodedata

# Level words people type before a name; the dotted short forms need their dot, since "อ" alone
# also starts names such as อ่างทอง.
_LEVEL_WORD = re.compile(r"^(?:จังหวัด|อำเภอ|กิ่งอำเภอ|เขต|ตำบล|แขวง|หมู่บ้าน|ชุมชน)")
_SHORT_FORM = re.compile(r"^(?:จ|อ|ต|ม)\.")
_EN_PREFIX = re.compile(r"^(?:changwat|amphoe|king amphoe|khet|tambon|khwaeng|province of)\s+")
_EN_SUFFIX = re.compile(r"\s+(?:province|district|sub-?district)$")
_MARKS = re.compile(r"[\s.'’\-]")

# Everyday names for Bangkok (กรุงเทพฯ, กทม.) → the registry's.
ALIASES = {"กรุงเทพฯ": "กรุงเทพมหานคร", "กรุงเทพ": "กรุงเทพมหานคร", "กทม": "กรุงเทพมหานคร"}


def normalize_name(text: str) -> str:
    """One comparable form: NFC, lower case, no level prefix, no spaces, dots or hyphens."""
    value = unicodedata.normalize("NFC", text).strip().lower()
    value = _SHORT_FORM.sub("", value).strip()
    value = _LEVEL_WORD.sub("", value)
    value = _EN_SUFFIX.sub("", _EN_PREFIX.sub("", value.strip()))
    value = _MARKS.sub("", value)
    return ALIASES.get(value, ALIASES.get(value.rstrip("ฯ"), value))
