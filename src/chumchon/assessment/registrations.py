"""What assessment plugs into the registries of the apps below it (called from ``ready()``)."""

from __future__ import annotations


def register() -> None:
    pass
