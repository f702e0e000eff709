"""Strategy catalogues, tags on plan items, tag-suggestion decisions and duplicate flags (issue 11).

A catalogue (``StrategyCatalogue``) is one edition of one national or CODI frame: the 20-year National
Strategy, the master plans, the 13th NESDP milestones, the SDGs, BCG, CODI's plans. It is loaded from a
data file in the repo that cites its sources (``plans/strategy/catalogues/*.json``); a changed file is
a new catalogue (a new version) and the old one stays, no longer current, so tags made against it keep
pointing at the entries they were made with.

An item's tag (``ItemTag``) names one entry. A suggestion accepted or rejected is kept
(``TagSuggestion``) — who, when, with what score — so the model's usefulness can be measured and a
rejected tag is not offered again.

A duplicate flag (``DuplicateFlag``) pairs two items of one tambon from different plans that look like
the same work; it is open until someone merges them (one item absorbs the other) or says they differ.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scheme(models.TextChoices):
    NS = "ns", _("20-year National Strategy")
    MP = "mp", _("Master plans under the National Strategy")
    NESDP = "nesdp", _("13th National Economic and Social Development Plan")
    SDG = "sdg", _("Sustainable Development Goals")
    BCG = "bcg", _("BCG economy model")
    CODI = "codi", _("CODI plans and programmes")


class StrategyCatalogue(models.Model):
    scheme = models.CharField(_("scheme"), max_length=8, choices=Scheme.choices, db_index=True)
    edition = models.CharField(_("edition"), max_length=400)
    name_th = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    digest = models.CharField(_("content hash"), max_length=64)
    current = models.BooleanField(_("current"), default=True)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)

    class Meta:
        ordering = ["scheme", "-loaded_at", "-id"]
        verbose_name = _("strategy catalogue")
        verbose_name_plural = _("strategy catalogues")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "digest"], name="strategy_catalogue_scheme_digest_unique"),
            models.UniqueConstraint(
                fields=["scheme"], condition=Q(current=True), name="strategy_catalogue_one_current_per_scheme"
            ),
        ]

    def __str__(self) -> str:
        return self.name_th


class StrategyEntry(models.Model):
    catalogue = models.ForeignKey(
        StrategyCatalogue, verbose_name=_("catalogue"), on_delete=models.PROTECT, related_name="entries"
    )
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    parent_code = models.CharField(_("parent code"), max_length=40, blank=True)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    name_th = models.CharField(_("name (Thai)"), max_length=400)
    name_en = models.CharField(_("name (English)"), max_length=400)
    verified = models.BooleanField(_("wording verified"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["catalogue", "position", "id"]
        verbose_name = _("strategy entry")
        verbose_name_plural = _("strategy entries")
        constraints = [models.UniqueConstraint(fields=["catalogue", "code"], name="strategy_entry_code_unique")]

    def __str__(self) -> str:
        return self.name_th

    @property
    def scheme(self) -> str:
        return self.catalogue.scheme


class TagOrigin(models.TextChoices):
    MANUAL = "manual", _("Chosen by hand")
    SUGGESTION = "suggestion", _("Accepted suggestion")
    MERGE = "merge", _("Carried over from a merged item")


class ItemTag(models.Model):
    item = models.ForeignKey(
        "plans.PlanItem", verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="tags"
    )
    entry = models.ForeignKey(
        StrategyEntry, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="item_tags"
    )
    origin = models.CharField(_("origin"), max_length=16, choices=TagOrigin.choices, default=TagOrigin.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tagged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tagged at"), default=timezone.now)

    class Meta:
        ordering = ["item", "entry__catalogue__scheme", "entry__position"]
        verbose_name = _("strategy tag")
        verbose_name_plural = _("strategy tags")
        constraints = [models.UniqueConstraint(fields=["item", "entry"], name="item_tag_unique")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.entry.code}"


class TagSuggestion(models.Model):
    """A suggested tag someone accepted or rejected (the decision is what is kept)."""

    item = models.ForeignKey(
        "plans.PlanItem", verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="tag_suggestions"
    )
    entry = models.ForeignKey(StrategyEntry, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(_("score"))
    accepted = models.BooleanField(_("accepted"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["item", "-decided_at"]
        verbose_name = _("tag suggestion")
        verbose_name_plural = _("tag suggestions")
        constraints = [models.UniqueConstraint(fields=["item", "entry"], name="tag_suggestion_unique")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.entry_id} {'+' if self.accepted else '-'}"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To look at")
    MERGED = "merged", _("Merged")
    DIFFERENT = "different", _("Not the same work")


class DuplicateFlag(models.Model):
    area = models.ForeignKey("areas.Area", verbose_name=_("tambon"), on_delete=models.PROTECT, related_name="+")
    first = models.ForeignKey("plans.PlanItem", verbose_name=_("item"), on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(
        "plans.PlanItem", verbose_name=_("other item"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("likeness"))
    status = models.CharField(
        _("status"), max_length=16, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN, db_index=True
    )
    kept = models.ForeignKey(
        "plans.PlanItem",
        verbose_name=_("item kept"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_flag_pair_unique"),
            models.CheckConstraint(name="duplicate_flag_ordered_pair", condition=Q(first__lt=F("second"))),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id}"

    @property
    def area_code(self) -> str:
        return self.area.code
