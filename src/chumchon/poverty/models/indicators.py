"""Versioned indicator sets (ชุดตัวชี้วัด จปฐ.) and their mapping onto TPMAP's five dimensions.

The mapping and the weights are data a national admin may edit (Action.INDICATOR_SET_EDIT); they are
loaded from ``poverty/indicators_data/*.json`` by ``indicator_sets_load``. Weights are exact: a
dimension weight is a fraction ``weight_num/weight_den`` (the dimension weights of a set sum to 1) and
an indicator's integer ``weight`` is its share *within* its dimension. ``IndicatorSet.integer_weights``
turns them into integers over one common denominator W, so an Alkire–Foster score compares to k
without floating point (``c·k_den ≥ k_num·W``).
"""

from __future__ import annotations

import math
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _


class DimensionCode(models.TextChoices):
    """TPMAP's five dimensions (มิติ)."""

    HEALTH = "health", _("Health")
    LIVING = "living", _("Living conditions")
    EDUCATION = "education", _("Education")
    INCOME = "income", _("Income")
    ACCESS = "access", _("Access to public services")


DIMENSION_ORDER: tuple[str, ...] = tuple(DimensionCode.values)


class IndicatorLevel(models.TextChoices):
    HOUSEHOLD = "household", _("Household")
    PERSON = "person", _("Person")


class IndicatorSet(models.Model):
    """A versioned set of survey indicators, e.g. จปฐ. 2566–2570 (38 indicators)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    year_from_be = models.PositiveIntegerField(_("first year (B.E.)"))
    year_to_be = models.PositiveIntegerField(_("last year (B.E.)"))
    # Alkire–Foster poverty cutoff k as an exact fraction (default 1/3).
    k_num = models.PositiveIntegerField(_("poverty cutoff k (numerator)"), default=1)
    k_den = models.PositiveIntegerField(_("poverty cutoff k (denominator)"), default=3)
    source = models.TextField(_("source"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["year_from_be", "code"]
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        constraints = [
            models.CheckConstraint(name="indicatorset_k_in_0_1", condition=models.Q(k_den__gt=0)),
        ]

    def __str__(self) -> str:
        return self.name_th

    @property
    def k(self) -> Fraction:
        return Fraction(self.k_num, self.k_den)

    def integer_weights(self) -> tuple[dict[str, int], int]:
        """``({indicator code: integer weight}, W)`` with w_j/W the exact AF weight of indicator j.

        Indicators without a dimension are not part of the measure. w_j = w_dim · weight_j / Σ weight
        in the dimension; W is the least common multiple of the denominators.
        """
        dims = {d.pk: d for d in self.dimensions.all()}
        indicators = [i for i in self.indicators.all() if i.dimension_id is not None and i.weight > 0]
        within: dict[int, int] = {}
        for ind in indicators:
            dim_id = int(ind.dimension_id or 0)
            within[dim_id] = within.get(dim_id, 0) + ind.weight
        fractions: dict[str, Fraction] = {}
        for ind in indicators:
            dim_id = int(ind.dimension_id or 0)
            fractions[ind.code] = dims[dim_id].weight * Fraction(ind.weight, within[dim_id])
        if not fractions:
            return {}, 1
        total = sum(fractions.values(), Fraction(0))
        # Normalise in case the dimension weights of the indicators in use do not sum to 1.
        fractions = {code: f / total for code, f in fractions.items()}
        big_w = math.lcm(*(f.denominator for f in fractions.values()))
        return {code: int(f * big_w) for code, f in fractions.items()}, big_w


class Dimension(models.Model):
    """One of the five dimensions within a set, with its exact Alkire–Foster weight."""

    indicator_set = models.ForeignKey(
        IndicatorSet, verbose_name=_("indicator set"), on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.CharField(_("dimension"), max_length=16, choices=DimensionCode.choices)
    weight_num = models.PositiveIntegerField(_("weight (numerator)"), default=1)
    weight_den = models.PositiveIntegerField(_("weight (denominator)"), default=5)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["indicator_set", "order"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "code"], name="dimension_unique_per_set"),
            models.CheckConstraint(name="dimension_weight_den_positive", condition=models.Q(weight_den__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} ({self.weight_num}/{self.weight_den})"

    @property
    def weight(self) -> Fraction:
        return Fraction(self.weight_num, self.weight_den)


class Indicator(models.Model):
    """One survey indicator (ตัวชี้วัด) with its level, dimension, weight and threshold."""

    indicator_set = models.ForeignKey(
        IndicatorSet, verbose_name=_("indicator set"), on_delete=models.CASCADE, related_name="indicators"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    # Also the Parquet column name of the indicator in the survey store (e.g. "i22").
    code = models.CharField(_("code"), max_length=16)
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    group_th = models.CharField(_("survey category"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=IndicatorLevel.choices)
    dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("TPMAP dimension"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        help_text=_("Empty: the indicator is collected but not part of the five-dimension measure."),
    )
    weight = models.PositiveIntegerField(_("weight within dimension"), default=1)
    threshold_text = models.CharField(_("threshold"), max_length=300, blank=True)
    threshold_value = models.DecimalField(
        _("numeric threshold"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    threshold_unit = models.CharField(_("threshold unit"), max_length=64, blank=True)
    eligibility = models.CharField(_("who is assessed"), max_length=200, blank=True)
    verify = models.BooleanField(_("to verify"), default=False, help_text=_("Text or threshold not yet confirmed."))
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["indicator_set", "number"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "number"], name="indicator_number_unique_per_set"),
            models.UniqueConstraint(fields=["indicator_set", "code"], name="indicator_code_unique_per_set"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name_th}"
