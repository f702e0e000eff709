"""Reading a service's transaction decorator: is it durable (an entry point) or nestable?"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.transaction import Atomic


def atomic_of(fn: Callable[..., Any]) -> Atomic | None:
    """The Atomic a ``transaction.atomic(...)``-decorated function enters (held in its closure)."""
    for cell in getattr(fn, "__closure__", None) or ():
        if isinstance(cell.cell_contents, Atomic):
            return cell.cell_contents
    return None


def is_durable(fn: Callable[..., Any]) -> bool:
    atomic = atomic_of(fn)
    return atomic is not None and atomic.durable
