"""People the survey missed and newly vulnerable people (กลุ่มคนตกหล่นและกลุ่มเปราะบาง), seed 004.

Field teams add a household or a person outside the survey with a reason; a *second* user verifies
or rejects the addition. Only verified additions count in target lists and area figures, where they
are shown apart as "added by field teams".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.poverty.models.indicators import DimensionCode
from chumchon.poverty.models.rounds import SurveyRound


class AdditionKind(models.TextChoices):
    HOUSEHOLD = "household", _("Household")
    PERSON = "person", _("Person")


class AdditionReason(models.TextChoices):
    NOT_SURVEYED = "not_surveyed", _("Not surveyed")
    MOVED_IN = "moved_in", _("Moved in")
    NEWLY_VULNERABLE = "newly_vulnerable", _("Newly vulnerable")


class AdditionStatus(models.TextChoices):
    PENDING = "pending", _("Pending verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not verified")


class VulnerableGroup(models.TextChoices):
    """Vulnerable groups filtered on in target lists (their flags on additions share these names)."""

    ELDERLY = "elderly", _("Elderly (60+)")
    DISABLED = "disabled", _("Disabled")
    CHRONICALLY_ILL = "chronically_ill", _("Chronically ill")
    BEDRIDDEN = "bedridden", _("Bedridden")
    CHILD = "child", _("Children (0–5)")


class FieldAddition(models.Model):
    """A household or person added by a field team outside the survey — เพิ่มโดยทีมภาคสนาม."""

    survey_round = models.ForeignKey(
        SurveyRound, verbose_name=_("survey round"), on_delete=models.PROTECT, related_name="field_additions"
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("subdistrict"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "subdistrict"},
    )
    village_code = models.CharField(_("village code"), max_length=8, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AdditionKind.choices)
    reason = models.CharField(_("reason"), max_length=32, choices=AdditionReason.choices)
    # A person may join a surveyed household (its survey id) or a household added here.
    survey_household_id = models.CharField(_("survey household id"), max_length=64, blank=True)
    household = models.ForeignKey(
        "self",
        verbose_name=_("added household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="added_members",
        limit_choices_to={"kind": AdditionKind.HOUSEHOLD},
    )
    house_no = models.CharField(_("house number"), max_length=64, blank=True)
    full_name = models.CharField(_("name"), max_length=200)
    national_id = models.CharField(_("national ID"), max_length=13, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    member_count = models.PositiveSmallIntegerField(_("household members"), default=1)
    elderly = models.BooleanField(_("elderly (60+)"), default=False)
    disabled = models.BooleanField(_("disabled"), default=False)
    chronically_ill = models.BooleanField(_("chronically ill"), default=False)
    bedridden = models.BooleanField(_("bedridden"), default=False)
    child = models.BooleanField(_("child (0–5)"), default=False)
    # Dimension codes in which the field team found the household or person deprived.
    dimensions = models.JSONField(_("deprived dimensions"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=AdditionStatus.choices, default=AdditionStatus.PENDING, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified or rejected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("verified or rejected"), null=True, blank=True)
    decision_note = models.TextField(_("verification note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("addition by a field team")
        verbose_name_plural = _("additions by field teams")
        indexes = [models.Index(fields=["survey_round", "status"], name="fieldadd_round_status")]
        constraints = [
            models.CheckConstraint(
                name="fieldadd_decider_is_not_creator",
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("created_by")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.house_no} ({self.area_id})"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.area.code,)

    @property
    def vulnerable_groups(self) -> list[str]:
        return [g for g in VulnerableGroup.values if getattr(self, g)]

    @property
    def ref(self) -> str:
        """The id shown in target lists and used by Logbook cases: ``A<pk>``."""
        return f"A{self.pk}"

    def dimension_labels(self) -> list[str]:
        labels = dict(DimensionCode.choices)
        return [str(labels.get(d, d)) for d in self.dimensions]
