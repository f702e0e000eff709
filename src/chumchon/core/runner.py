"""Running a recorded job in a worker: claim it, run it with a heartbeat, record the outcome,
and fail the jobs whose worker is gone."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import threading
import traceback

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import Q
from django.utils import timezone

from chumchon.core.bilingual import is_bilingual
from chumchon.core.job_kinds import job_function
from chumchon.core.models import Job, JobStatus
from chumchon.core.progress import JobProgress, _progress_file

logger = logging.getLogger(__name__)


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
