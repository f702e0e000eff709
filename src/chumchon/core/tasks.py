"""Task-queue entry points: thin wrappers that call the job runner."""

from __future__ import annotations

from django_tasks import task

from chumchon.core.jobs import execute_job
from chumchon.core.models import Job


@task()
def run_job(job_id: int) -> str:
    job = execute_job(Job.objects.get(pk=job_id))
    return job.status
