"""Bilingual messages: our one convention for errors a service, an import or a job reports.

A message is ``"ข้อความไทย / English message"``: Thai first, then English, joined by ``SEPARATOR``. It is
built once here, so every app writes the same shape and code reading messages back (the job runner, the
importers' per-row error tables) can split them.
"""

from __future__ import annotations

SEPARATOR = " / "


def bilingual(th: str, en: str) -> str:
    """``"ไทย / English"``."""
    return f"{th}{SEPARATOR}{en}"


def is_bilingual(text: str) -> bool:
    return SEPARATOR in text


def split_bilingual(text: str) -> tuple[str, str]:
    """The Thai and English halves of a bilingual message; a message in one language gives it twice."""
    th, sep, en = text.partition(SEPARATOR)
    return (th, en) if sep else (text, text)
