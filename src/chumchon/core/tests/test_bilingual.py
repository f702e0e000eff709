"""The one bilingual-message helper: every app's "ไทย / English" errors have the same shape."""

from __future__ import annotations

import re
from pathlib import Path

import chumchon
from chumchon.core import jobs, tabular
from chumchon.core.bilingual import bilingual, is_bilingual, split_bilingual


def test_bilingual_round_trip() -> None:
    text = bilingual("ไม่พบไฟล์", "File not found")
    assert text == "ไม่พบไฟล์ / File not found"
    assert is_bilingual(text) and split_bilingual(text) == ("ไม่พบไฟล์", "File not found")
    assert not is_bilingual("English only") and split_bilingual("English only") == ("English only", "English only")


def test_no_app_defines_its_own_bilingual_helper() -> None:
    """A function joining a Thai and an English argument with " / " is the core helper's job."""
    root = Path(chumchon.__file__).resolve().parent
    joiner = re.compile(r'return f"\{[\w.]+\} / \{[\w.]+\}"')
    own = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if "tests" not in path.parts and path.name != "bilingual.py" and joiner.search(path.read_text(encoding="utf-8"))
    ]
    assert not own, f"use chumchon.core.bilingual.bilingual instead of a local helper in {own}"


def test_errors_built_by_core_are_bilingual() -> None:
    assert str(tabular.TabularError("x", "ไทย", "English")) == "ไทย / English"
    assert jobs.failure_message(ValueError(bilingual("ไทย", "English"))) == "ไทย / English"
    assert jobs.failure_message(ValueError("plain")).startswith("งานล้มเหลว / The job failed")
