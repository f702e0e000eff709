"""Progress of a long job: the protocol job functions write to, and its three writers
(the Job row, a terminal bar, nothing)."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from chumchon.core.models import Job, JobStatus


class Progress(Protocol):
    def set_total(self, total: int) -> None: ...
    def advance(self, n: int = 1, message: str = "") -> None: ...


class JobProgress:
    """Writes progress to the Job row, at most a few times a second, visible while the job runs.

    Job functions often do their writes in one transaction (all or nothing); progress written on
    that same connection would stay invisible until the commit. So inside a transaction progress
    goes out of band: on PostgreSQL through a second, autocommitting connection; on SQLite (one
    writer at a time) to a small file beside the database, which ``with_live_progress`` reads.
    """

    def __init__(self, job: Job, min_interval: float = 0.5) -> None:
        self.job = job
        self.min_interval = min_interval
        self._last = 0.0
        self._side: Any = None

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
        if not (force or now - self._last >= self.min_interval):
            return
        self._last = now
        values = {"done": self.job.done, "total": self.job.total, "message": self.job.message}
        connection = connections[DEFAULT_DB_ALIAS]
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job.pk).update(**values)
        elif connection.vendor == "postgresql":
            if self._side is None:
                self._side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self._side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Job._meta.db_table} SET done = %s, total = %s, message = %s WHERE id = %s",
                    [values["done"], values["total"], values["message"], self.job.pk],
                )
        else:
            path = _progress_file(self.job.pk)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".tmp")
            partial.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
            os.replace(partial, path)

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None
        _progress_file(self.job.pk).unlink(missing_ok=True)


def _progress_file(job_id: int) -> Path:
    return Path(settings.DATA_DIR) / "job-progress" / f"{job_id}.json"


def with_live_progress(job: Job) -> Job:
    """A running job with the progress its worker wrote out of band (see ``JobProgress``)."""
    if job.status == JobStatus.RUNNING:
        try:
            values = json.loads(_progress_file(job.pk).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return job
        job.done, job.total, job.message = int(values["done"]), int(values["total"]), str(values["message"])
    return job


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


@contextmanager
def command_progress(description: str, *, quiet: bool = False) -> Iterator[Progress]:
    """A progress bar for a command's body (nothing when ``quiet``), closed however the body ends."""
    if quiet:
        yield SilentProgress()
        return
    bar = TerminalProgress(description)
    try:
        yield bar
    finally:
        bar.close()
