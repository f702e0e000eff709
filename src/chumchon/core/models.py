"""Background jobs with progress (งานเบื้องหลัง): imports, recomputes, report generation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """One run of a long job; its progress is what the UI and the CLI show."""

    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    area_code = models.CharField(_("area code"), max_length=8, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # "host:pid" of the worker process that claimed the job: a job whose worker died is found and failed.
    worker = models.CharField(_("worker process"), max_length=200, blank=True)
    # Refreshed by the worker while the job runs: a job not heard from for long (its machine stopped,
    # say) is failed from any machine (``jobs.jobs_fail_orphaned``).
    heartbeat_at = models.DateTimeField(_("last heard from the worker"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def kind_label(self) -> str:
        from chumchon.core.job_kinds import job_kind_label  # same app; job_kinds imports no model

        return job_kind_label(self.kind)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.area_code,)


class DataVersion(models.Model):
    """The data version of one app's tables (``core.dataversion``): replaced after every committed write.

    One row per app label (and ``*`` for writes that name no table: schema changes, TRUNCATE). A page
    fragment kept by ``core.fragments`` carries the versions of the apps it reads and is a miss once any of
    them moved. Rows are made on an app's first write; a missing row reads as version "0"."""

    RECREATED_BY_THE_APP = True  # core.backup: written after every migrate and write, never archived

    app = models.CharField(max_length=64, primary_key=True)
    version = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.app}: {self.version}"
