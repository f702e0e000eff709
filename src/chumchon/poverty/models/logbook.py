"""The Logbook (ระบบบันทึกการช่วยเหลือ): one case per target household or person and dimension.

A case moves through statuses by service calls only (``poverty.services.case_transition``), each
leaving a ``CaseEvent`` row for the case timeline; help given is an ``AssistanceRecord``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.core.national_id import mask_national_id
from chumchon.poverty.models.indicators import DimensionCode
from chumchon.poverty.models.rounds import SurveyRound
from chumchon.poverty.models.targets import FieldAddition


class CaseStatus(models.TextChoices):
    TARGET = "target", _("Target, not yet helped")
    IN_PROGRESS = "in_progress", _("Help in progress")
    HELPED = "helped", _("Helped")
    SOLVED_BY_HOUSEHOLD = "solved_by_household", _("Solved by the household itself")
    CANNOT_BE_SOLVED = "cannot_be_solved", _("Cannot be solved")
    MOVED = "moved", _("Moved away")
    DECEASED = "deceased", _("Deceased")


# Allowed transitions. Closed outcomes may be reopened (help did not hold); moved and deceased are final.
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.TARGET: frozenset(
        {
            CaseStatus.IN_PROGRESS,
            CaseStatus.SOLVED_BY_HOUSEHOLD,
            CaseStatus.CANNOT_BE_SOLVED,
            CaseStatus.MOVED,
            CaseStatus.DECEASED,
        }
    ),
    CaseStatus.IN_PROGRESS: frozenset(
        {
            CaseStatus.HELPED,
            CaseStatus.SOLVED_BY_HOUSEHOLD,
            CaseStatus.CANNOT_BE_SOLVED,
            CaseStatus.MOVED,
            CaseStatus.DECEASED,
        }
    ),
    CaseStatus.HELPED: frozenset({CaseStatus.IN_PROGRESS}),
    CaseStatus.SOLVED_BY_HOUSEHOLD: frozenset({CaseStatus.IN_PROGRESS}),
    CaseStatus.CANNOT_BE_SOLVED: frozenset({CaseStatus.IN_PROGRESS}),
    CaseStatus.MOVED: frozenset(),
    CaseStatus.DECEASED: frozenset(),
}
# Statuses whose transition needs a written reason.
REASON_REQUIRED = frozenset({CaseStatus.CANNOT_BE_SOLVED})
OPEN_STATUSES = frozenset({CaseStatus.TARGET, CaseStatus.IN_PROGRESS})


class Case(models.Model):
    """One target household or person in one dimension — รายการช่วยเหลือ (Logbook)."""

    survey_round = models.ForeignKey(
        SurveyRound, verbose_name=_("survey round"), on_delete=models.PROTECT, related_name="cases"
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("subdistrict"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "subdistrict"},
    )
    village_code = models.CharField(_("village code"), max_length=8, blank=True)
    # Survey ids (Parquet store), or empty when the case is about a field addition.
    household_id = models.CharField(_("household id"), max_length=64, blank=True, db_index=True)
    person_id = models.CharField(_("person id"), max_length=64, blank=True)
    addition = models.ForeignKey(
        FieldAddition,
        verbose_name=_("addition by a field team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    label = models.CharField(_("household"), max_length=200, blank=True)  # house number and village
    dimension = models.CharField(_("dimension"), max_length=16, choices=DimensionCode.choices)
    # Indicator codes failed when the case was opened: the deprivations the help targets.
    indicators = models.JSONField(_("targeted indicators"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.TARGET, db_index=True
    )
    status_reason = models.TextField(_("reason"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["area__code", "household_id", "dimension", "id"]
        verbose_name = _("Logbook case")
        verbose_name_plural = _("Logbook cases")
        constraints = [
            models.UniqueConstraint(
                fields=["survey_round", "household_id", "person_id", "dimension"],
                condition=models.Q(addition__isnull=True),
                name="case_unique_survey_target_dimension",
            ),
            models.UniqueConstraint(
                fields=["addition", "dimension"],
                condition=models.Q(addition__isnull=False),
                name="case_unique_addition_dimension",
            ),
            models.CheckConstraint(
                name="case_has_a_target",
                condition=~models.Q(household_id="") | models.Q(addition__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_ref} · {self.get_dimension_display()}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.area.code,)

    @property
    def target_ref(self) -> str:
        """The target as shown in labels, audit rows and the admin: a person's national ID masked."""
        if self.addition_id:
            return f"A{self.addition_id}"
        return f"{self.household_id}/{mask_national_id(self.person_id)}" if self.person_id else self.household_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def allowed_next(self) -> list[str]:
        return [s for s in CaseStatus.values if s in CASE_TRANSITIONS[self.status]]


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    TRANSITION = "transition", _("Status changed")
    ASSISTANCE = "assistance", _("Help recorded")


class CaseEvent(models.Model):
    """One entry on a case's timeline: who, when, from → to, comment."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=CaseEventKind.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=24, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=24, choices=CaseStatus.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.from_status}→{self.to_status}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.case.scope_codes


class HelpKind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")
    SERVICE = "service", _("Service or referral")


class AssistanceRecord(models.Model):
    """Help given for a case — บันทึกการให้ความช่วยเหลือ: what, cash or kind, amount, by whom, when."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="assistance")
    description = models.TextField(_("what was done"))
    help_kind = models.CharField(_("type of help"), max_length=16, choices=HelpKind.choices)
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2, default=0)
    agency = models.ForeignKey(
        "organizations.Body",
        verbose_name=_("acting agency or organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency_name = models.CharField(_("acting agency (other)"), max_length=300, blank=True)
    given_on = models.DateField(_("date"))
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="poverty/evidence/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name = _("assistance record")
        verbose_name_plural = _("assistance records")
        constraints = [
            models.CheckConstraint(name="assistance_amount_not_negative", condition=models.Q(amount__gte=0)),
            models.CheckConstraint(
                name="assistance_has_agency",
                condition=models.Q(agency__isnull=False) | ~models.Q(agency_name=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.description[:60]}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.case.scope_codes

    @property
    def agency_label(self) -> str:
        return self.agency.name_th if self.agency_id and self.agency else self.agency_name

    def clean(self) -> None:

        if not self.agency_id and not self.agency_name.strip():
            raise ValidationError({"agency": "เลือกหน่วยงานหรือพิมพ์ชื่อหน่วยงาน / Choose an agency or type its name."})
        if self.follow_up_on and self.given_on and self.follow_up_on < self.given_on:
            raise ValidationError(
                {"follow_up_on": "วันติดตามผลอยู่ก่อนวันที่ช่วยเหลือ / The follow-up date is before the help was given."}
            )
