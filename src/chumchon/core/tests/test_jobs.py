"""Background jobs: queued in the database, run by the real worker, progress and a clear final status."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from chumchon.core import jobs
from chumchon.core.jobs import Progress, register_job, run_queued_jobs, start_job
from chumchon.core.models import Job, JobStatus


@register_job("tests.count")
def _count_job(*, progress: Progress, n: int) -> dict[str, Any]:
    progress.set_total(n)
    for i in range(n):
        progress.advance(1, message=f"item {i + 1}")
    return {"counted": n}


@register_job("tests.explode")
def _explode_job(*, progress: Progress) -> dict[str, Any]:
    progress.set_total(4)
    progress.advance(1)
    raise ValueError("ไฟล์เสีย / the file is broken")


@register_job("tests.crash")
def _crash_job(*, progress: Progress) -> dict[str, Any]:
    return {"x": 1 / 0}


@pytest.mark.django_db(transaction=True)
def test_worker_runs_a_queued_job_to_success() -> None:
    from django_tasks_db.models import DBTaskResult

    job = start_job("tests.count", params={"n": 7})
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_queued_jobs()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total) == (7, 7)
    assert job.percent == 100
    assert job.result == {"counted": 7}
    assert job.started_at is not None and job.finished_at is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@register_job("tests.in_transaction")
def _in_transaction_job(*, progress: Any) -> dict[str, Any]:
    """All writes in one transaction, like most imports: progress must still show outside it."""
    progress.min_interval = 0
    job = Job.objects.get(kind="tests.in_transaction")
    with transaction.atomic():
        progress.set_total(8)
        progress.advance(2, message="ครึ่งทาง / halfway")
        seen = _as_seen_by_another_process(job.pk)
    return {"seen": list(seen)}


def _as_seen_by_another_process(job_id: int) -> tuple[int, int, str]:
    if connection.vendor == "postgresql":
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT done, total, message FROM core_job WHERE id = %s", [job_id])
                done, total, message = cursor.fetchone()
        finally:
            other.close()
        return done, total, message
    # SQLite: the web process reads the row (unchanged until the commit) plus the worker's side file.
    job = jobs.with_live_progress(Job.objects.get(pk=job_id))
    return job.done, job.total, job.message


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_job_transaction_is_open() -> None:
    job = start_job("tests.in_transaction")
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result == {"seen": [2, 8, "ครึ่งทาง / halfway"]}
    assert (job.done, job.total) == (8, 8)
    assert not jobs._progress_file(job.pk).exists()  # cleaned up


@pytest.mark.django_db(transaction=True)
def test_failing_job_is_marked_failed_with_a_readable_message() -> None:
    job = start_job("tests.explode")
    crash = start_job("tests.crash")
    run_queued_jobs()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "ไฟล์เสีย / the file is broken"
    assert "ValueError" in job.error
    assert (job.done, job.total) == (1, 4)
    assert job.percent == 25

    crash.refresh_from_db()
    assert crash.status == JobStatus.FAILED
    assert crash.message.startswith("งานล้มเหลว / The job failed")
    assert "ZeroDivisionError" in crash.message


def test_unknown_kind_is_refused_before_anything_is_queued(db: Any) -> None:
    with pytest.raises(LookupError, match="unknown job kind"):
        start_job("tests.nope")
    assert not Job.objects.exists()


def test_a_job_runs_only_once(db: Any) -> None:
    job = Job.objects.create(kind="tests.count", params={"n": 2})
    jobs.execute_job(job)
    Job.objects.filter(pk=job.pk).update(result={"kept": True})
    again = jobs.execute_job(Job.objects.get(pk=job.pk))
    assert again.status == JobStatus.SUCCEEDED
    assert again.result == {"kept": True}


def test_immediate_backend_runs_the_job_when_the_transaction_commits(
    db: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # django-tasks drops its backends when TASKS changes (setting_changed), and again on restore.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job("tests.count", params={"n": 3})
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"counted": 3}


def test_job_page_is_404_for_another_users_job_out_of_scope(make_user: Any, client: Client) -> None:
    owner = make_user("tambon_council_secretary", area="240104")
    other = make_user("tambon_council_secretary", area="240105")
    regional = make_user("codi_regional_staff", region="R5")
    job = Job.objects.create(kind="tests.count", created_by=owner, area_code="240104")
    url = reverse("core:job_detail", args=[job.pk])

    client.force_login(owner)
    assert client.get(url).status_code == 200
    client.force_login(other)
    response = client.get(url)
    assert response.status_code == 404
    client.force_login(regional)  # 24 lies in R5: in scope
    assert client.get(url).status_code == 200
    national_job = Job.objects.create(kind="areas.load", created_by=None, area_code="")
    assert client.get(reverse("core:job_detail", args=[national_job.pk])).status_code == 404


def test_progress_partial_renders_the_percent(make_user: Any, client: Client) -> None:
    user = make_user("tambon_council_secretary", area="240104")
    job = Job.objects.create(
        kind="tests.count", created_by=user, status=JobStatus.RUNNING, done=30, total=120, message="row 30"
    )
    client.force_login(user)
    response = client.get(reverse("core:job_detail", args=[job.pk]), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # the partial only
    assert 'value="25"' in html and "25%" in html
    assert "(30/120)" in html
    assert 'hx-trigger="every 1s"' in html  # still polling

    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, message="ไฟล์เสีย / broken file", error="Traceback…")
    html = client.get(reverse("core:job_detail", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in html  # finished: polling stops
    assert "ไฟล์เสีย / broken file" in html
    assert "Traceback" not in html  # technical details are for administrators


def test_job_list_shows_own_jobs_and_national_admins_see_all(make_user: Any, client: Client) -> None:
    alice = make_user("tambon_council_secretary", area="240104")
    bob = make_user("tambon_council_secretary", area="240105")
    admin = make_user("national_admin", nation=True)
    mine = Job.objects.create(kind="tests.count", created_by=alice, area_code="240104")
    theirs = Job.objects.create(kind="tests.count", created_by=bob, area_code="240105")

    client.force_login(alice)
    html = client.get(reverse("core:job_list")).content.decode()
    assert reverse("core:job_detail", args=[mine.pk]) in html
    assert reverse("core:job_detail", args=[theirs.pk]) not in html
    assert "reload-areas" not in html

    client.force_login(admin)
    html = client.get(reverse("core:job_list")).content.decode()
    assert reverse("core:job_detail", args=[mine.pk]) in html
    assert reverse("core:job_detail", args=[theirs.pk]) in html
    assert "reload-areas" in html
    detail = client.get(reverse("core:job_detail", args=[mine.pk])).content.decode()
    assert reverse("core:job_list") in detail


def test_only_national_admins_may_reload_the_area_registry(
    make_user: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    from chumchon.areas.models import Area
    from chumchon.audit.models import AuditEvent

    client.force_login(make_user("codi_regional_staff", region="R5"))
    assert client.post(reverse("areas:reload")).status_code == 403
    assert not Job.objects.exists()

    admin = make_user("national_admin", nation=True)
    client.force_login(admin)
    assert client.get(reverse("areas:reload")).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("areas:reload"))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert (job.kind, job.created_by, job.status) == ("areas.load", admin, JobStatus.QUEUED)
    assert AuditEvent.objects.filter(model_label="core.job", object_pk=str(job.pk), actor=admin).exists()

    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get().args_kwargs == {"args": [job.pk], "kwargs": {}}
    Area.objects.filter(code="240104").update(name_en="Changed")
    # The worker itself closes "old" connections, which would end this test's transaction on
    # PostgreSQL; the transactional tests above drive it. Here: what the worker's task calls.
    jobs.execute_job(job)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.total == 77 + 928 + 7436 and job.done == job.total
    assert job.result["updated"]["subdistrict"] == 1
    assert Area.objects.get(code="240104").name_en == "Khlong Na"


def _dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_died_is_failed_with_a_clear_message() -> None:
    import os
    import socket

    from django.core.management import call_command

    host = socket.gethostname()
    orphan = Job.objects.create(kind="tests.count", status=JobStatus.RUNNING, worker=f"{host}:{_dead_pid()}")
    alive = Job.objects.create(kind="tests.count", status=JobStatus.RUNNING, worker=f"{host}:{os.getpid()}")
    elsewhere = Job.objects.create(kind="tests.count", status=JobStatus.RUNNING, worker="another-machine:1")
    finished = Job.objects.create(kind="tests.count", status=JobStatus.SUCCEEDED, worker=f"{host}:{_dead_pid()}")

    call_command("jobs_check", verbosity=0)

    orphan.refresh_from_db()
    assert orphan.status == JobStatus.FAILED and orphan.finished_at is not None
    assert "worker process running it ended" in orphan.message and " / " in orphan.message
    for job in (alive, elsewhere):  # alive here, or on a machine whose processes we cannot see
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING and job.finished_at is None
    finished.refresh_from_db()
    assert finished.status == JobStatus.SUCCEEDED
    assert jobs.jobs_fail_orphaned() == 0  # nothing left to fail


@pytest.mark.django_db(transaction=True)
def test_a_worker_records_itself_and_fails_orphans_before_its_next_job() -> None:
    import socket

    orphan = Job.objects.create(
        kind="tests.count", status=JobStatus.RUNNING, worker=f"{socket.gethostname()}:{_dead_pid()}"
    )
    job = Job.objects.create(kind="tests.count", params={"n": 2})
    jobs.execute_job(job)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.worker == jobs.this_worker()
    orphan.refresh_from_db()
    assert orphan.status == JobStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_a_job_not_heard_from_for_too_long_is_failed_from_any_machine(settings: Any) -> None:
    """A worker's whole machine can stop: no process check reaches it, its silence does."""
    import datetime as dt

    from django.utils import timezone

    settings.JOB_STALE_SECONDS = 600
    now = timezone.now()
    long_ago, lately = now - dt.timedelta(seconds=601), now - dt.timedelta(seconds=30)
    silent = Job.objects.create(
        kind="tests.count",
        status=JobStatus.RUNNING,
        worker="stopped-machine:7",
        started_at=long_ago,
        heartbeat_at=long_ago,
    )
    never_beat = Job.objects.create(
        kind="tests.count", status=JobStatus.RUNNING, worker="old-worker:8", started_at=long_ago, heartbeat_at=None
    )
    beating = Job.objects.create(
        kind="tests.count", status=JobStatus.RUNNING, worker="busy-machine:9", started_at=long_ago, heartbeat_at=lately
    )
    queued = Job.objects.create(kind="tests.count", status=JobStatus.QUEUED, started_at=None)

    assert jobs.jobs_fail_orphaned() == 2

    for job in (silent, never_beat):
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED and job.finished_at is not None
        assert "not been heard from" in job.message and "ไม่ได้รับสัญญาณ" in job.message
    beating.refresh_from_db()
    queued.refresh_from_db()
    assert beating.status == JobStatus.RUNNING and queued.status == JobStatus.QUEUED


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_stamps_the_running_job_and_stops() -> None:
    import datetime as dt
    import time

    from django.utils import timezone

    old = timezone.now() - dt.timedelta(hours=1)
    job = Job.objects.create(kind="tests.count", status=JobStatus.RUNNING, worker=jobs.this_worker(), heartbeat_at=old)
    other = Job.objects.create(kind="tests.count", status=JobStatus.RUNNING, worker="elsewhere:1", heartbeat_at=old)
    beat = jobs.Heartbeat(job.pk, jobs.this_worker(), interval=0.02)
    beat.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.heartbeat_at and job.heartbeat_at > old:
            break
        time.sleep(0.02)
    beat.stop()
    assert job.heartbeat_at is not None and job.heartbeat_at > old
    assert not beat._thread.is_alive()
    other.refresh_from_db()
    assert other.heartbeat_at == old  # only the job this worker holds


@register_job("tests.declared_orphan")
def _declared_orphan_job(*, progress: Progress) -> dict[str, Any]:
    """Finishes normally, but meanwhile another machine has declared it orphaned."""
    from chumchon.core.jobs import STALE_MESSAGE

    Job.objects.filter(kind="tests.declared_orphan", status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED, message=STALE_MESSAGE
    )
    return {"finished": True}


@pytest.mark.django_db(transaction=True)
def test_a_job_declared_orphaned_is_not_silently_brought_back() -> None:
    job = Job.objects.create(kind="tests.declared_orphan")
    jobs.execute_job(job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "not been heard from" in job.message
    assert job.result == {}
    assert job.heartbeat_at is not None and job.heartbeat_at >= job.started_at


def test_a_job_started_by_the_system_has_a_page_and_a_readable_kind(make_user: Any, client: Client) -> None:
    """Issue 9: /jobs/<id>/ was a 500 for a job with no creator; the kind showed as a raw code."""
    admin = make_user("national_admin", nation=True)
    job = Job.objects.create(kind="areas.load", created_by=None, area_code="", status=JobStatus.SUCCEEDED)
    client.force_login(admin)
    response = client.get(reverse("core:job_detail", args=[job.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "areas.load" not in html
    listing = client.get(reverse("core:job_list")).content.decode()
    assert "areas.load" not in listing
    assert jobs.job_kind_label("areas.load") in listing
