"""Long jobs: one function body, run from the CLI with a progress bar or queued for a worker.

An app registers a job with ``@register_job("areas.load")``; the function takes keyword
parameters plus ``progress`` and returns a JSON-able result. ``start_job`` records a ``Job`` row and
enqueues it on the task backend (the database queue: workers are ``chumchon worker``);
``run_job_here`` runs it in this process with a terminal progress bar.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from chumchon.core.bilingual import is_bilingual
from chumchon.core.models import Job, JobStatus


class Progress(Protocol):
    def set_total(self, total: int) -> None: ...
    def advance(self, n: int = 1, message: str = "") -> None: ...


logger = logging.getLogger(__name__)

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
    from django.conf import settings

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


def start_job(kind: str, *, params: dict[str, Any] | None = None, actor: Any = None, area_code: str = "") -> Job:
    """Record a job and queue it for a worker once the caller's transaction commits. Returns at once.

    No special path is needed for the ImmediateBackend (``CHUMCHON_TASK_BACKEND=
    django_tasks.backends.immediate.ImmediateBackend``): its ``enqueue`` runs the task on the spot,
    so the job has finished when the request's transaction commits.
    """
    job_function(kind)  # fail now, not in the worker, for an unknown kind
    job = Job.objects.create(
        kind=kind, params=params or {}, created_by=actor if getattr(actor, "pk", None) else None, area_code=area_code
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from chumchon.core.tasks import run_job

    try:
        run_job.enqueue(job_id)
    except Exception as exc:  # a queue that cannot take the job must not leave it "queued" for ever
        logger.exception("could not queue job %s", job_id)
        Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED,
            message=f"ส่งงานเข้าคิวไม่ได้ / The job could not be queued: {exc}"[:500],
            error=traceback.format_exc(limit=5),
            finished_at=timezone.now(),
        )


def failure_message(exc: BaseException) -> str:
    """A message a person can read: our errors are already bilingual; others get a bilingual lead-in."""
    text = str(exc).strip()
    if is_bilingual(text):  # our convention: "ข้อความไทย / English message"
        return text[:500]
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return f"งานล้มเหลว / The job failed — {detail}"[:500]


def execute_job(job: Job) -> Job:
    """Run a recorded job to completion in this process; used by the worker task.

    A job runs once: a second delivery of the same task (a worker restarted mid-run) finds it no
    longer queued and leaves it alone. Any exception marks the job failed with a readable message;
    the traceback is kept for administrators. While it runs, a heartbeat thread tells other
    machines this worker still has it; the outcome is written only if the job is still ours (a job
    declared orphaned meanwhile stays failed rather than silently coming back).
    """
    jobs_fail_orphaned()
    me = this_worker()
    now = timezone.now()
    claimed = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, worker=me
    )
    job.refresh_from_db()
    if not claimed:
        return job
    progress = JobProgress(job)
    heartbeat = Heartbeat(job.pk, me)
    heartbeat.start()
    try:
        fn = job_function(job.kind)
        result = fn(progress=progress, **job.params)
        result = json.loads(json.dumps(result or {}, cls=DjangoJSONEncoder))
    except Exception as exc:
        logger.warning("job %s (%s) failed: %s", job.pk, job.kind, exc)
        job.status = JobStatus.FAILED
        job.message = failure_message(exc)
        job.error = traceback.format_exc(limit=8)
    else:
        job.status = JobStatus.SUCCEEDED
        job.result = result
        job.done = max(job.done, job.total)
    finally:
        heartbeat.stop()
        progress.close()
    job.finished_at = timezone.now()
    fields = ["status", "result", "done", "total", "message", "error", "finished_at"]
    if not Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, worker=me).update(
        **{f: getattr(job, f) for f in fields}
    ):
        logger.warning("job %s finished here but had been declared orphaned; its outcome is not recorded", job.pk)
        job.refresh_from_db()
    return job


class Heartbeat:
    """A daemon thread that stamps ``Job.heartbeat_at`` every ``JOB_HEARTBEAT_SECONDS`` while the
    job runs, on its own database connection (the job's transaction may hold the main one)."""

    def __init__(self, job_id: int, worker: str, interval: float | None = None) -> None:
        self.job_id, self.worker = job_id, worker
        self.interval = interval if interval is not None else settings.JOB_HEARTBEAT_SECONDS
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"job-{job_id}-heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=60)

    def _run(self) -> None:
        try:
            while not self._stopped.wait(self.interval):
                try:
                    Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING, worker=self.worker).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # a locked or briefly unreachable database: try again next beat
                    logger.warning("job %s: heartbeat not written", self.job_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only


ORPHANED_MESSAGE = (
    "งานหยุดกลางคันเพราะตัวประมวลผลงานหยุดทำงาน โปรดสั่งใหม่ / "
    "The job stopped: the worker process running it ended. Please start it again."
)


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


STALE_MESSAGE = (
    "งานหยุดกลางคันเพราะไม่ได้รับสัญญาณจากตัวประมวลผลงานนานเกินกำหนด (เครื่องอาจหยุดทำงาน) โปรดสั่งใหม่ / "
    "The job stopped: its worker has not been heard from for too long (its machine may have stopped). "
    "Please start it again."
)


def jobs_fail_orphaned() -> int:
    """Fail the running jobs whose worker is gone; returns how many.

    A worker killed mid-job (out of memory, a restart, a power cut) would otherwise leave its job
    "running" for ever. Two checks: a worker process on this machine that no longer exists (exact,
    at once), and a job on any machine whose heartbeat is older than ``JOB_STALE_SECONDS`` (its
    machine stopped). Every worker calls this before it takes a job, ``chumchon serve`` at start,
    and ``chumchon jobs-check`` on demand (e.g. from cron).
    """
    host = socket.gethostname()
    failed = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING, worker__startswith=f"{host}:").only("pk", "worker"):
        pid = job.worker.rpartition(":")[2]
        if pid.isdigit() and not _alive(int(pid)):
            failed += _fail_orphan(job, ORPHANED_MESSAGE)
    cutoff = timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS)
    silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    for job in Job.objects.filter(silent, status=JobStatus.RUNNING).only("pk", "worker"):
        failed += _fail_orphan(job, STALE_MESSAGE)
    return failed


def _fail_orphan(job: Job, message: str) -> int:
    done = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, worker=job.worker).update(
        status=JobStatus.FAILED, message=message, finished_at=timezone.now()
    )
    if done:
        logger.warning("job %s failed as orphaned (worker %s)", job.pk, job.worker)
        _progress_file(job.pk).unlink(missing_ok=True)
    return done


def run_job_here(kind: str, *, params: dict[str, Any] | None = None, show_progress: bool = True) -> dict[str, Any]:
    """Run a job synchronously in this process with a terminal progress bar (for the CLI)."""
    fn = job_function(kind)
    with command_progress(kind, quiet=not show_progress) as progress:
        return fn(progress=progress, **(params or {}))


def run_queued_jobs(*, max_tasks: int | None = None) -> None:
    """Run what is waiting in the database queue, then return (``chumchon worker --batch``).

    For tests, and for an embedded installation that prefers a cron line to a resident worker.
    """
    from django.core.management import call_command

    options: dict[str, Any] = {"batch": True, "interval": 0, "startup_delay": False, "reload": False, "verbosity": 0}
    if max_tasks is not None:
        options["max_tasks"] = max_tasks
    # The worker installs its own SIGINT/SIGTERM handlers; give the caller's back when it returns.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", **options)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def areas_reload_start(*, actor: Any) -> Job:
    """Queue a reload of the national area registry. National administrators only (403 otherwise)."""
    from chumchon.accounts import permissions
    from chumchon.accounts.permissions import Action
    from chumchon.audit.models import AuditAction
    from chumchon.audit.services import audit_record

    permissions.require_write(actor, Action.AREA_EDIT, "")  # "" is the whole nation
    with transaction.atomic():
        job = start_job("areas.load", actor=actor)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=job, note="areas.load")
    return job


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    """The jobs a user may see: their own, and those in their area scope (national admins: all)."""
    from chumchon.accounts import permissions
    from chumchon.accounts.permissions import Action
    from chumchon.areas.selectors import prefix_q

    prefixes = permissions.grants_for(user).prefixes(Action.JOB_VIEW)
    jobs = Job.objects.select_related("created_by")
    if "" in prefixes:
        return jobs
    mine = Q(created_by=user) if getattr(user, "pk", None) else Q(pk__in=[])
    if prefixes:
        # A national job (area_code "") is not "under" a provincial prefix.
        mine |= prefix_q(prefixes, "area_code") & ~Q(area_code="")
    return jobs.filter(mine)


def job_get_for_user(*, job_id: int, user: Any) -> Job:
    """One job, or 404 when it does not exist or lies outside the user's scope."""
    from django.http import Http404

    job = Job.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        raise Http404("ไม่พบงาน / Job not found")
    if job.created_by_id != user.pk:
        from chumchon.accounts import permissions
        from chumchon.accounts.permissions import Action

        permissions.require_read(user, Action.JOB_VIEW, job)
    return with_live_progress(job)
