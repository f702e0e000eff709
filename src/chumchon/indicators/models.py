"""Indicators (ตัวชี้วัด): definitions stored as formulas, targets per unit and fiscal year, values per
area and fiscal year with revisions, and the level-by-level approval of a unit's values.

A **unit** is where figures stand in the tree, written as one string: ``""`` the nation,
``"region:R5"`` a CODI region, ``"cluster:C08"`` a provincial cluster, or a DOPA area code (province
``"24"``, district ``"2401"``, tambon ``"240104"``). Values are stored only at an indicator's own level
(tambon or province); every unit above is rolled up on read (``indicators.rollup``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    FORMULA = "formula", _("Computed from the data")
    REPORTED = "reported", _("Reported (entered)")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average of the areas")
    WEIGHTED = "weighted", _("Weighted average")
    LATEST = "latest", _("Latest value (carried forward), summed")
    SHARE = "share", _("Share (numerator over denominator)")


class IndicatorLevel(models.TextChoices):
    SUBDISTRICT = "subdistrict", _("Tambon")
    PROVINCE = "province", _("Province")


class TargetRule(models.TextChoices):
    SPLIT = "split", _("Split among the tambons below")
    INHERIT = "inherit", _("The same target for every area below")


class Indicator(models.Model):
    """An indicator — ตัวชี้วัด. ``formula`` (for ``share``: the numerator) and ``denominator`` /
    ``weight_formula`` are expressions over registered measures (``indicators.formula``)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    level = models.CharField(
        _("level"), max_length=16, choices=IndicatorLevel.choices, default=IndicatorLevel.SUBDISTRICT
    )
    kind = models.CharField(_("kind"), max_length=16, choices=IndicatorKind.choices, default=IndicatorKind.REPORTED)
    formula = models.CharField(_("formula"), max_length=500, blank=True)
    denominator = models.CharField(_("denominator formula"), max_length=500, blank=True)
    weight_formula = models.CharField(_("weight formula"), max_length=500, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=16, choices=Aggregation.choices, default=Aggregation.SUM
    )
    target_rule = models.CharField(
        _("target rule"), max_length=16, choices=TargetRule.choices, default=TargetRule.SPLIT
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                name="indicator_formula_when_computed",
                condition=~models.Q(kind="formula") | ~models.Q(formula=""),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        english = (get_language() or "th").startswith("en")
        return self.name_en if english and self.name_en else self.name_th

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return ("",)

    @property
    def is_computed(self) -> bool:
        return self.kind == IndicatorKind.FORMULA


class IndicatorTarget(models.Model):
    """A target of one indicator for one unit and fiscal year — ค่าเป้าหมาย."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.CharField(_("area"), max_length=24, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=2)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        ordering = ["indicator", "fiscal_year", "unit"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "fiscal_year"], name="indicator_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit or '—'} {self.fiscal_year}: {self.value}"


class ValueSource(models.TextChoices):
    COMPUTED = "computed", _("From the data")
    MANUAL = "manual", _("Typed in")


class IndicatorValue(models.Model):
    """One value of an indicator for an area and fiscal year, at one revision — ค่าตัวชี้วัด.

    Only the highest revision counts. An approved (``frozen``) row is never changed: a later change
    in the data, or a new entry after un-approval, makes the next revision.
    ``weight`` is the denominator of a share or the weight of a weighted average.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    area_code = models.CharField(_("area code"), max_length=8)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    revision = models.PositiveIntegerField(_("revision"), default=1)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    weight = models.DecimalField(_("weight or denominator"), max_digits=18, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=ValueSource.choices)
    frozen = models.BooleanField(_("approved (frozen)"), default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        ordering = ["indicator", "area_code", "fiscal_year", "revision"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "fiscal_year", "revision"], name="indicator_value_revision_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "area_code"], name="indicator_value_year_area"),
            models.Index(fields=["area_code"], name="indicator_value_area_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_code} {self.fiscal_year} r{self.revision}: {self.value}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.area_code,)


class ApprovalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


class UnitLevel(models.TextChoices):
    SUBDISTRICT = "subdistrict", _("Tambon")
    PROVINCE = "province", _("Province")
    CLUSTER = "cluster", _("Provincial cluster")
    REGION = "region", _("CODI region")


class PeriodApproval(models.Model):
    """The approval of one unit's values for one fiscal year (DHIS2's data approval) — การรับรองค่าตัวชี้วัด.

    ``snapshot``: the unit's figures as they stood when approved ({indicator id: "value"}), so an
    approved roll-up stays what was approved even when a figure below changes later.
    """

    unit = models.CharField(_("area"), max_length=24)
    level = models.CharField(_("level"), max_length=16, choices=UnitLevel.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    state = models.CharField(_("status"), max_length=16, choices=ApprovalState.choices, default=ApprovalState.DRAFT)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    snapshot = models.JSONField(_("approved figures"), default=dict, blank=True)
    # Whether anyone typed a value here (what "values to submit" lists; computed ones need no submission).
    has_manual_values = models.BooleanField(_("has typed values"), default=False)

    class Meta:
        ordering = ["fiscal_year", "unit"]
        verbose_name = _("indicator approval")
        verbose_name_plural = _("indicator approvals")
        constraints = [models.UniqueConstraint(fields=["unit", "fiscal_year"], name="indicator_approval_unique")]

    def __str__(self) -> str:
        return f"{self.unit} {self.fiscal_year}: {self.state}"


class ApprovalEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for correction")
    UNAPPROVED = "unapproved", _("Approval withdrawn")
    REVISED = "revised", _("New revision from the data")


class ApprovalEvent(models.Model):
    """The history of a unit's approval (written only through ``indicators.events``)."""

    unit = models.CharField(_("area"), max_length=24, db_index=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    kind = models.CharField(_("event"), max_length=16, choices=ApprovalEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("indicator approval event")
        verbose_name_plural = _("indicator approval events")

    def __str__(self) -> str:
        return f"{self.unit} {self.fiscal_year} {self.kind}"
