"""The registry of job kinds: ``@register_job("areas.load")`` and the look-up of a kind's function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy

JobFunction = Callable[..., dict[str, Any]]
_REGISTRY: dict[str, JobFunction] = {}
_LABELS: dict[str, Any] = {
    # Recorded by ``chumchon demo`` (a Job row that is never queued, so no function is registered).
    "core.demo": gettext_lazy("Generate the demo data"),
}


def register_job(kind: str, label: Any = None) -> Callable[[JobFunction], JobFunction]:
    """``label``: what people read for the kind (a lazy gettext string); the kind code is for machines."""

    def decorate(fn: JobFunction) -> JobFunction:
        _REGISTRY[kind] = fn
        if label is not None:
            _LABELS[kind] = label
        return fn

    return decorate


def job_kind_label(kind: str) -> str:
    """The readable name of a job kind; a kind registered without one reads "Background job"."""
    if kind not in _LABELS and kind not in _REGISTRY:
        _discover()
    label = _LABELS.get(kind)
    if label is None:
        from django.utils.translation import gettext

        return gettext("Background job")
    return str(label)


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
