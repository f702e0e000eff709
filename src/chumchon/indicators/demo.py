"""Demo step placeholder."""

from __future__ import annotations

from typing import Any


def generate(ctx: Any) -> None:
    pass
