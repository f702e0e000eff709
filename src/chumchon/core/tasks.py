"""Task-queue entry points: thin wrappers that call the job runner."""

from __future__ import annotations

from django_tasks import task

from chumchon.core.models import Job
from chumchon.core.runner import execute_job


@task()
def run_job(job_id: int) -> str:
    job = execute_job(Job.objects.get(pk=job_id))
    return job.status
