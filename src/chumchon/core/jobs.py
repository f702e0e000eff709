"""Long jobs: one function body, run from the CLI with a progress bar or queued for a worker.

An app registers a job with ``@register_job("areas.load")``; the function takes keyword
parameters plus ``progress`` and returns a JSON-able result. ``start_job`` records a ``Job`` row and
enqueues it on the task backend (the database queue: workers are ``chumchon worker``);
``run_job_here`` runs it in this process with a terminal progress bar.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from django.utils import timezone

from chumchon.core.models import Job, JobStatus


class Progress(Protocol):
    def set_total(self, total: int) -> None: ...
    def advance(self, n: int = 1, message: str = "") -> None: ...


JobFunction = Callable[..., dict[str, Any]]
_REGISTRY: dict[str, JobFunction] = {}


def register_job(kind: str) -> Callable[[JobFunction], JobFunction]:
    def decorate(fn: JobFunction) -> JobFunction:
        _REGISTRY[kind] = fn
        return fn

    return decorate


def job_function(kind: str) -> JobFunction:
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise LookupError(f"ไม่รู้จักงานชนิด {kind!r} / unknown job kind {kind!r}") from None


class JobProgress:
    """Writes progress to the Job row, at most a few times a second."""

    def __init__(self, job: Job, min_interval: float = 0.5) -> None:
        self.job = job
        self.min_interval = min_interval
        self._last = 0.0

    def set_total(self, total: int) -> None:
        self.job.total = total
        self._flush(force=True)

    def advance(self, n: int = 1, message: str = "") -> None:
        self.job.done += n
        if message:
            self.job.message = message[:500]
        self._flush()

    def _flush(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= self.min_interval:
            Job.objects.filter(pk=self.job.pk).update(
                done=self.job.done, total=self.job.total, message=self.job.message
            )
            self._last = now


class TerminalProgress:
    """A tqdm progress bar for the command line."""

    def __init__(self, description: str) -> None:
        from tqdm import tqdm

        self.bar = tqdm(desc=description, unit="", dynamic_ncols=True)

    def set_total(self, total: int) -> None:
        self.bar.reset(total=total)

    def advance(self, n: int = 1, message: str = "") -> None:
        if message:
            self.bar.set_postfix_str(message, refresh=False)
        self.bar.update(n)

    def close(self) -> None:
        self.bar.close()


class SilentProgress:
    def set_total(self, total: int) -> None:
        pass

    def advance(self, n: int = 1, message: str = "") -> None:
        pass


def start_job(kind: str, *, params: dict[str, Any] | None = None, actor: Any = None, area_code: str = "") -> Job:
    """Record a job and queue it for a worker. Returns at once."""
    from chumchon.core.tasks import run_job

    job_function(kind)  # fail now, not in the worker, for an unknown kind
    job = Job.objects.create(
        kind=kind, params=params or {}, created_by=actor if getattr(actor, "pk", None) else None, area_code=area_code
    )
    from django.db import transaction

    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def execute_job(job: Job) -> Job:
    """Run a recorded job to completion in this process; used by the worker task."""
    fn = job_function(job.kind)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    job.refresh_from_db()
    try:
        result = fn(progress=JobProgress(job), **job.params)
    except Exception as exc:
        job.status = JobStatus.FAILED
        job.error = f"{exc}\n\n{traceback.format_exc(limit=5)}"
        job.message = str(exc)[:500]
    else:
        job.status = JobStatus.SUCCEEDED
        job.result = result or {}
        job.done = max(job.done, job.total)
    job.finished_at = timezone.now()
    job.save()
    return job


def run_job_here(kind: str, *, params: dict[str, Any] | None = None, show_progress: bool = True) -> dict[str, Any]:
    """Run a job synchronously in this process with a terminal progress bar (for the CLI)."""
    fn = job_function(kind)
    progress: Any = TerminalProgress(kind) if show_progress else SilentProgress()
    try:
        return fn(progress=progress, **(params or {}))
    finally:
        if show_progress:
            progress.close()
