"""Survey imports (การนำเข้าข้อมูลสำรวจ): one uploaded household file (and person file) per record.

An import is all or nothing: every row is checked, and either every row is written to the store or
none is and a row-by-row error report (Thai and English) is kept for download. The content hash
makes re-importing the same files a no-op.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.poverty.models.rounds import SurveyRound


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded, waiting for confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Imported")
    FAILED = "failed", _("Refused: errors in the file")
    UNCHANGED = "unchanged", _("Unchanged: the same file was already imported")


class SurveyImport(models.Model):
    """One import of survey files into a round, for a whole area or one subdistrict."""

    survey_round = models.ForeignKey(
        SurveyRound, verbose_name=_("survey round"), on_delete=models.PROTECT, related_name="imports"
    )
    # The area the file may cover (a tambon import replaces that tambon only); "" = the nation.
    area_code = models.CharField(_("area"), max_length=8, blank=True, db_index=True)
    replace_tambon = models.BooleanField(_("replace one subdistrict"), default=False)
    household_file = models.FileField(_("household file"), upload_to="poverty/imports/%Y/%m/")
    household_filename = models.CharField(_("household file name"), max_length=300)
    person_file = models.FileField(_("person file"), upload_to="poverty/imports/%Y/%m/", blank=True)
    person_filename = models.CharField(_("person file name"), max_length=300, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True)
    # {"households": {target: source header}, "persons": {...}} and what was detected on upload.
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    detected = models.JSONField(_("detected format"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED, db_index=True
    )
    household_count = models.PositiveIntegerField(_("households"), default=0)
    person_count = models.PositiveIntegerField(_("persons"), default=0)
    tambon_count = models.PositiveIntegerField(_("subdistricts"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    error_report = models.FileField(_("error report"), upload_to="poverty/import-errors/%Y/%m/", blank=True)
    message = models.TextField(_("message"), blank=True)
    job = models.ForeignKey(
        "core.Job", verbose_name=_("job"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey import")
        verbose_name_plural = _("survey imports")

    def __str__(self) -> str:
        return f"{self.household_filename} → {self.survey_round_id} ({self.status})"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.area_code,)
