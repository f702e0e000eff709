"""Long jobs: one function body, run from the CLI with a progress bar or queued for a worker.

An app registers a job with ``@register_job("areas.load")``; the function takes keyword
parameters plus ``progress`` and returns a JSON-able result. ``start_job`` records a ``Job`` row and
enqueues it on the task backend (the database queue: workers are ``chumchon worker``);
``run_job_here`` runs it in this process with a terminal progress bar.
"""

from __future__ import annotations

import logging
import signal
import traceback
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chumchon.core import access
from chumchon.core.access import Action
from chumchon.core.dopa import prefix_q
from chumchon.core.job_kinds import JobFunction, job_function, job_kind_label, register_job
from chumchon.core.models import Job, JobStatus
from chumchon.core.progress import (
    JobProgress,
    Progress,
    SilentProgress,
    TerminalProgress,
    _progress_file,
    command_progress,
    with_live_progress,
)
from chumchon.core.runner import (
    ORPHANED_MESSAGE,
    STALE_MESSAGE,
    Heartbeat,
    execute_job,
    failure_message,
    jobs_fail_orphaned,
    this_worker,
)
from chumchon.core.tasks import run_job

# The modules this façade gathers: job_kinds (the registry), progress (writers), runner (the
# worker side), tasks (the queue entry point). jobs -> tasks -> runner -> job_kinds/progress: no loop.
__all__ = [
    "ORPHANED_MESSAGE",
    "STALE_MESSAGE",
    "Heartbeat",
    "JobFunction",
    "JobProgress",
    "Progress",
    "SilentProgress",
    "TerminalProgress",
    "_progress_file",
    "command_progress",
    "execute_job",
    "failure_message",
    "job_function",
    "job_get_for_user",
    "job_kind_label",
    "jobs_fail_orphaned",
    "jobs_visible_to",
    "register_job",
    "run_job_here",
    "run_queued_jobs",
    "start_job",
    "this_worker",
    "with_live_progress",
]

logger = logging.getLogger(__name__)


def start_job(
    kind: str, *, params: dict[str, Any] | None = None, actor: AbstractBaseUser | None = None, area_code: str = ""
) -> Job:
    """Record a job and queue it for a worker once the caller's transaction commits. Returns at once.

    No special path is needed for the ImmediateBackend (``CHUMCHON_TASK_BACKEND=
    django_tasks.backends.immediate.ImmediateBackend``): its ``enqueue`` runs the task on the spot,
    so the job has finished when the request's transaction commits.
    """
    job_function(kind)  # fail now, not in the worker, for an unknown kind
    creator: Any = actor if getattr(actor, "pk", None) else None  # the swappable user model (accounts.User)
    job = Job.objects.create(kind=kind, params=params or {}, created_by=creator, area_code=area_code)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
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


def run_job_here(kind: str, *, params: dict[str, Any] | None = None, show_progress: bool = True) -> dict[str, Any]:
    """Run a job synchronously in this process with a terminal progress bar (for the CLI)."""
    fn = job_function(kind)
    with command_progress(kind, quiet=not show_progress) as progress:
        return fn(progress=progress, **(params or {}))


def run_queued_jobs(*, max_tasks: int | None = None) -> None:
    """Run what is waiting in the database queue, then return (``chumchon worker --batch``).

    For tests, and for an embedded installation that prefers a cron line to a resident worker.
    """
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


def jobs_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Job]:
    """The jobs a user may see: their own, and those in their area scope (national admins: all).

    Who holds JOB_VIEW where is the permission module's answer, asked through ``core.access``.
    """
    prefixes = access.prefixes_for(user, Action.JOB_VIEW)
    jobs = Job.objects.select_related("created_by")
    if "" in prefixes:
        return jobs
    mine = Q(created_by=user) if getattr(user, "pk", None) else Q(pk__in=[])
    if prefixes:
        # A national job (area_code "") is not "under" a provincial prefix.
        mine |= prefix_q(prefixes, "area_code") & ~Q(area_code="")
    return jobs.filter(mine)


def job_get_for_user(*, job_id: int, user: AbstractBaseUser | AnonymousUser) -> Job:
    """One job, or 404 when it does not exist or lies outside the user's scope."""
    job = Job.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        raise Http404("ไม่พบงาน / Job not found")
    if job.created_by_id != user.pk:
        access.require_read(user, Action.JOB_VIEW, job)
    return with_live_progress(job)
