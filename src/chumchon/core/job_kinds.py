"""The registry of job kinds: ``@register_job("areas.load")`` and the look-up of a kind's function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JobFunction = Callable[..., dict[str, Any]]
_REGISTRY: dict[str, JobFunction] = {}


def register_job(kind: str) -> Callable[[JobFunction], JobFunction]:
    def decorate(fn: JobFunction) -> JobFunction:
        _REGISTRY[kind] = fn
        return fn

    return decorate


def job_function(kind: str) -> JobFunction:
    if kind not in _REGISTRY:
        _discover()
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise LookupError(f"ไม่รู้จักงานชนิด {kind!r} / unknown job kind {kind!r}") from None


def _discover() -> None:
    """Import every app's ``jobs`` and ``services`` modules, where ``@register_job`` lives.

    A worker process never loads the URLconf, so nothing else would import them.
    """
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("jobs", "services")
