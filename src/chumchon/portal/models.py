"""Public feedback on a project or a figure: sent by anyone, shown only once the area's staff approve it.

Nothing personal is asked for or kept: no name, no contact. For rate limiting a keyed hash of the
sender's address (``client_hash``) is stored, never the address; it is never shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Not published")


class FeedbackTopic(models.TextChoices):
    PROJECT = "project", _("A project")
    FIGURE = "figure", _("A figure on an area page")


class Feedback(models.Model):
    topic = models.CharField(_("about"), max_length=16, choices=FeedbackTopic.choices)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="public_feedback",
    )
    # The public page the feedback is about (TH, R5, C08 or a DOPA code) and the DOPA code that decides
    # who moderates it ("" = national staff).
    place_key = models.CharField(_("page"), max_length=16)
    area_code = models.CharField(_("area code"), max_length=8, blank=True, db_index=True)
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.PENDING, db_index=True
    )
    client_hash = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    reply = models.TextField(_("reply from the area's staff"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("public feedback")
        verbose_name_plural = _("public feedback")

    def __str__(self) -> str:
        return f"{self.get_topic_display()} {self.place_key} ({self.get_status_display()})"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.area_code,)


class PublishedRoundFigures(models.Model):
    """One survey round's published poverty figures after disclosure control, materialised.

    Suppressing a round's whole published tree (``portal.figures.build``) costs seconds at national size, so
    it runs once per computation of the round — by the first process that needs it after the engine has
    (re)computed the round — and is kept here for every other worker and every restart. ``computed_at`` is
    the round's ``computed_at`` the figures were built from and ``min_count`` the threshold they were
    suppressed at: a row that matches neither is stale and is rebuilt. ``payload`` is compact JSON (values
    and hidden cells per measure, AF parts per place), read and written only by ``portal.figures``.
    """

    survey_round = models.OneToOneField(
        "poverty.SurveyRound", on_delete=models.CASCADE, related_name="published_figures", primary_key=True
    )
    computed_at = models.DateTimeField(null=True)
    min_count = models.PositiveIntegerField()
    built_at = models.DateTimeField(default=timezone.now)
    build_seconds = models.FloatField(default=0)
    payload = models.TextField()

    class Meta:
        verbose_name = _("published figures of a survey round")
        verbose_name_plural = _("published figures of survey rounds")

    def __str__(self) -> str:
        return f"{self.survey_round_id} @ {self.computed_at}"


class PublicDataVersion(models.Model):
    """No longer read or written: the public data's version is now the ``portal.public`` row of core's
    ``DataVersion`` (``portal.pagecache``). The table stays for one release so that app servers still running
    the previous release during a rolling deploy find it; a later release drops it with a migration.
    """

    RECREATED_BY_THE_APP = True  # not archived by backups (``core.backup``): any new value is as good

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("public data version")
        verbose_name_plural = _("public data version")

    def __str__(self) -> str:
        return self.version
