"""การประเมินจังหวัดจัดการตนเอง — the self-managing-province assessment (issue 13, item 4).

* ``Criterion``: the ten criteria as data (loaded from ``criteria.py`` by migration 0002, source cited).
* ``Assessment``: one province, one fiscal year (B.E.), one *track*: the self-managing track and the
  "integrated province" track (จังหวัดบูรณาการ, seed 003: "แยกการดำเนินงานเกี่ยวกับจังหวัดจัดการตนเอง กับ
  จังหวัดบูรณาการ") are kept apart — each has its own assessments, rankings, selections and certificates.
  Status: draft → submitted → reviewed (by the cluster's working group; Bangkok, outside every cluster, by
  its CODI regional subcommittee) or returned → (edited) → submitted again.
* ``CriterionScore``: the level (0–4) the province gives itself per criterion, the level the system
  proposed with its reasons *as they stood when the score was saved*, and the reviewer's level.
* ``Evidence``: an uploaded document or a link to a record of the system (plan, meeting, resolution,
  project, governor proposal, indicator) for one criterion score.
* ``PilotSelection`` + ``PilotEntry``: a proposal of N pilot provinces (at least one per official
  provincial cluster, Bangkok its own group, highest readiness first, ties by the stated rule), adopted
  by a resolution (``meetings.decisions`` kind ``pilot_selection``).
* ``Certification``: a province's certified status on a track — pilot (from an adopted selection) or
  expansion (ขยายผล, certified on its own by a resolution).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import Area, AreaScoped
from chumchon.assessment.criteria import MAX_LEVEL
from chumchon.core.uploads import UploadPurpose, UploadValidator

LEVEL_VALIDATORS = [MinValueValidator(0), MaxValueValidator(MAX_LEVEL)]


class Track(models.TextChoices):
    SELF_MANAGING = "self_managing", _("Self-managing province")
    INTEGRATED = "integrated", _("Integrated province")


class Criterion(models.Model):
    """One of the ten criteria of a self-managing province (seed 002), with its source."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title_th = models.TextField(_("Thai title"))
    title_en = models.TextField(_("English title"))
    evidence_th = models.TextField(_("evidence the system looks at (Thai)"), blank=True)
    evidence_en = models.TextField(_("evidence the system looks at (English)"), blank=True)
    source = models.TextField(_("source"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        english = (get_language() or "th").startswith("en")
        return self.title_en if english else self.title_th

    @property
    def evidence(self) -> str:
        english = (get_language() or "th").startswith("en")
        return self.evidence_en if english else self.evidence_th


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting the cluster's review")
    RETURNED = "returned", _("Returned for changes")
    REVIEWED = "reviewed", _("Reviewed")


class Assessment(models.Model):
    """A province's assessment for one fiscal year on one track — การประเมินตนเองของจังหวัด."""

    province = models.ForeignKey(Area, verbose_name=_("province"), on_delete=models.PROTECT, related_name="assessments")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    track = models.CharField(_("track"), max_length=16, choices=Track.choices, default=Track.SELF_MANAGING)
    status = models.CharField(
        _("status"), max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by_body = models.ForeignKey(
        "organizations.Body",
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    # The readiness score (0–100) of the reviewed levels, written at review (the ranking reads it).
    readiness = models.DecimalField(_("readiness (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-fiscal_year", "province__code"]
        verbose_name = _("self-managing province assessment")
        verbose_name_plural = _("self-managing province assessments")
        constraints = [
            models.UniqueConstraint(fields=["province", "fiscal_year", "track"], name="assessment_one_per_year_track"),
            models.CheckConstraint(
                name="assessment_reviewed_has_readiness",
                condition=~Q(status="reviewed") | Q(readiness__isnull=False, reviewed_at__isnull=False),
            ),
            models.CheckConstraint(
                name="assessment_readiness_range",
                condition=Q(readiness__isnull=True) | Q(readiness__gte=0, readiness__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province.name_th} {self.fiscal_year} ({self.get_track_display()})"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.province.code,)

    @property
    def editable(self) -> bool:
        return self.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)


class CriterionScore(models.Model):
    """The level of one criterion in one assessment: the province's own, the proposal, the reviewer's."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True, validators=LEVEL_VALIDATORS)
    note = models.TextField(_("explanation"), blank=True)
    # What the system proposed when the level was saved, and why (None: the system holds no evidence).
    proposed_level = models.PositiveSmallIntegerField(
        _("proposed level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    proposed_reasons = models.JSONField(_("reasons for the proposal"), default=list, blank=True)
    reviewed_level = models.PositiveSmallIntegerField(
        _("reviewed level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    review_note = models.TextField(_("reviewer's note"), blank=True)

    class Meta:
        ordering = ["criterion__number"]
        verbose_name = _("criterion level")
        verbose_name_plural = _("criterion levels")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(
                name="score_levels_in_range",
                condition=(Q(level__isnull=True) | Q(level__lte=MAX_LEVEL))
                & (Q(proposed_level__isnull=True) | Q(proposed_level__lte=MAX_LEVEL))
                & (Q(reviewed_level__isnull=True) | Q(reviewed_level__lte=MAX_LEVEL)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.criterion.number}: {self.level}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.assessment.scope_codes


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PLAN = "plan", _("Plan")
    PLAN_ITEM = "plan_item", _("Plan item")
    MEETING = "meeting", _("Meeting or assembly")
    RESOLUTION = "resolution", _("Resolution")
    PROJECT = "project", _("Project")
    GOVERNOR_PROPOSAL = "governor_proposal", _("Proposal to the governor")
    BODY = "body", _("Organisation")
    INDICATOR = "indicator", _("Indicator")
    LINK = "link", _("Web page")


class Evidence(models.Model):
    """Evidence for one criterion level: a document, a record of the system, or a web page."""

    score = models.ForeignKey(
        CriterionScore, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind of evidence"), max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    document = models.FileField(
        _("document"),
        upload_to="assessment/evidence/%Y/",
        blank=True,
        validators=[UploadValidator(UploadPurpose.ATTACHMENT)],
    )
    object_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    url = models.URLField(_("web address"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                name="evidence_kind_has_its_target",
                condition=(Q(kind="document") & ~Q(document=""))
                | (Q(kind="link") & ~Q(url=""))
                | (~Q(kind__in=["document", "link"]) & Q(object_id__isnull=False)),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.score.scope_codes


class SelectionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted by resolution")


class PilotSelection(AreaScoped):
    """A proposal of N pilot provinces for a fiscal year and track, over the nation or a CODI region."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    assessed_year = models.PositiveSmallIntegerField(_("assessments of fiscal year (B.E.)"))
    track = models.CharField(_("track"), max_length=16, choices=Track.choices, default=Track.SELF_MANAGING)
    size = models.PositiveSmallIntegerField(_("number of pilot provinces"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"), max_length=16, choices=SelectionStatus.choices, default=SelectionStatus.PROPOSED
    )
    # The groups (cluster codes; "BKK" for Bangkok) that had no reviewed assessment to choose from.
    uncovered_groups = models.JSONField(_("groups without a reviewed assessment"), default=list, blank=True)
    resolution = models.ForeignKey(
        "meetings.Resolution",
        verbose_name=_("adopted by resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)

    class Meta:
        ordering = ["-fiscal_year", "-created_at", "-id"]
        verbose_name = _("pilot selection")
        verbose_name_plural = _("pilot selections")
        constraints = [
            models.CheckConstraint(
                name="selection_adopted_has_resolution",
                condition=Q(status="proposed", resolution__isnull=True)
                | Q(status="adopted", resolution__isnull=False, adopted_at__isnull=False),
            ),
            models.CheckConstraint(name="selection_size_positive", condition=Q(size__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.get_track_display()} {self.fiscal_year} ({self.scope_label()})"


class PilotEntry(models.Model):
    """One ranked province of a pilot selection, chosen or not, and why."""

    selection = models.ForeignKey(
        PilotSelection, verbose_name=_("pilot selection"), on_delete=models.CASCADE, related_name="entries"
    )
    assessment = models.ForeignKey(Assessment, verbose_name=_("assessment"), on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Area, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    group_code = models.CharField(_("group"), max_length=16)  # the cluster's code, or "BKK"
    rank = models.PositiveSmallIntegerField(_("rank"))
    readiness = models.DecimalField(_("readiness (%)"), max_digits=5, decimal_places=1)
    selected = models.BooleanField(_("selected"), default=False)
    reason_th = models.TextField(_("reason (Thai)"), blank=True)
    reason_en = models.TextField(_("reason (English)"), blank=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("ranked province")
        verbose_name_plural = _("ranked provinces")
        constraints = [
            models.UniqueConstraint(fields=["selection", "province"], name="pilot_entry_once"),
            models.UniqueConstraint(fields=["selection", "rank"], name="pilot_entry_rank_once"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.province_id}"

    @property
    def reason(self) -> str:
        english = (get_language() or "th").startswith("en")
        return self.reason_en if english else self.reason_th


class CertifiedStatus(models.TextChoices):
    PILOT = "pilot", _("Pilot province")
    EXPANSION = "expansion", _("Expansion province")


class Certification(models.Model):
    """A province's certified status on a track from a fiscal year — การรับรองสถานภาพ."""

    province = models.ForeignKey(Area, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    track = models.CharField(_("track"), max_length=16, choices=Track.choices, default=Track.SELF_MANAGING)
    fiscal_year = models.PositiveSmallIntegerField(_("from fiscal year (B.E.)"))
    status = models.CharField(_("certified as"), max_length=16, choices=CertifiedStatus.choices)
    selection = models.ForeignKey(
        PilotSelection,
        verbose_name=_("pilot selection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certifications",
    )
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.ForeignKey(
        "meetings.Resolution", verbose_name=_("resolution"), on_delete=models.PROTECT, related_name="+"
    )
    certified_on = models.DateField(_("certified on"))
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-fiscal_year", "province__code"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.UniqueConstraint(fields=["province", "track", "fiscal_year"], name="certification_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.province.name_th}: {self.get_status_display()} {self.fiscal_year}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.province.code,)


READINESS_PLACES = Decimal("0.1")
