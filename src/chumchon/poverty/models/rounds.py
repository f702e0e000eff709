"""Survey rounds (รอบการสำรวจ) and the materialised per-area results of the engine.

The survey rows themselves (13 M households, 36 M persons nationally) live in Parquet under
``settings.SURVEY_STORE`` (see ``poverty.store``); the database keeps the round's identity and the
per-area results that pages read (``AreaPovertyResult``), rebuilt by ``poverty.engine``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import Area, AreaLevel
from chumchon.poverty.models.indicators import IndicatorSet


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")
    COMPUTING = "computing", _("Computing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class SurveyRound(models.Model):
    """One immutable survey snapshot, e.g. จปฐ. 2566 (code ``jpt-2566``)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    year_be = models.PositiveIntegerField(_("survey year (B.E.)"))
    # Ages (elderly, children 0–5) are counted at this date; empty = 30 June of the survey year.
    reference_date = models.DateField(_("reference date"), null=True, blank=True)
    indicator_set = models.ForeignKey(
        IndicatorSet, verbose_name=_("indicator set"), on_delete=models.PROTECT, related_name="rounds"
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_rounds",
    )
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    household_count = models.BigIntegerField(_("households"), default=0)
    person_count = models.BigIntegerField(_("persons"), default=0)
    # Directory relative to settings.SURVEY_STORE; "" means the round code.
    store_path = models.CharField(_("store path"), max_length=300, blank=True)
    # SHA-256 of the imported source, so the same file is not imported twice.
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, db_index=True)
    notes = models.TextField(_("notes"), blank=True)
    # What the stored area results were computed with (set by the engine with the rows):
    # {"k": "1/3", "weight_total": W, "weights": {indicator: w}, "dimensions": {indicator: dimension}}.
    # Contributions to M0 are derived from it on read; a tambon-only recompute checks it.
    result_spec = models.JSONField(_("weights of the stored results"), default=dict, blank=True)
    # Token of the village results file beside the round's survey files (``poverty.village_results``);
    # "" = computed before village results left the database: its village rows are AreaPovertyResult rows.
    village_results = models.CharField(_("village results file"), max_length=32, blank=True, default="", db_default="")

    class Meta:
        ordering = ["-year_be", "code"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")

    def __str__(self) -> str:
        return self.name

    @property
    def effective_reference_date(self):  # type: ignore[no-untyped-def]

        return self.reference_date or datetime.date(self.year_be - 543, 6, 30)


class ResultLevel(models.TextChoices):
    VILLAGE = "village", _("Village/community")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")
    CLUSTER = "cluster", _("Provincial cluster")
    REGION = "region", _("CODI region")
    NATION = "nation", _("Nation")


class AreaPovertyResult(models.Model):
    """Materialised poverty figures of one area (or grouping) in one round; rebuilt by the engine.

    Unit of analysis: the household. Alkire–Foster figures are stored exactly as integers —
    ``af_poor_households`` q, ``af_score_sum`` S = Σ c_i over the poor (in units of 1/W) and
    ``af_weight_total`` W — so H = q/n, A = S/(q·W), M0 = S/(n·W); the decimal columns are rounded
    copies for sorting and display. Because they are sums, the parent of any set of areas is the sum
    of its children, exactly.
    """

    # No separate index: the unique (round, level, area_code, group_code) index leads with the round,
    # and every extra index slows the bulk delete+insert of a recompute.
    survey_round = models.ForeignKey(
        SurveyRound,
        verbose_name=_("survey round"),
        on_delete=models.CASCADE,
        related_name="area_results",
        db_index=False,
    )
    level = models.CharField(_("level"), max_length=16, choices=ResultLevel.choices)
    # DOPA code for village..province; "" for cluster, region and nation.
    area_code = models.CharField(_("area code"), max_length=8, blank=True, default="")
    # CODI region code (R1..R5) or provincial cluster code (C01..C18) for those levels, else "".
    group_code = models.CharField(_("grouping code"), max_length=16, blank=True, default="")

    households = models.BigIntegerField(_("households"), default=0)
    persons = models.BigIntegerField(_("persons"), default=0)
    # TPMAP rule (see poverty.engine): deprived in ≥ 1 dimension AND on the verified welfare register.
    target_poor_households = models.BigIntegerField(_("target poor households"), default=0)
    target_poor_persons = models.BigIntegerField(_("target poor persons"), default=0)
    deprived_any_households = models.BigIntegerField(_("households deprived in at least one dimension"), default=0)
    # {dimension code: households deprived in it}; {indicator code: households failing it}.
    deprived_by_dimension = models.JSONField(_("deprived households by dimension"), default=dict)
    deprived_by_indicator = models.JSONField(_("deprived households by indicator"), default=dict)

    # Alkire–Foster, exact.
    af_k_num = models.PositiveIntegerField(_("k (numerator)"), default=1)
    af_k_den = models.PositiveIntegerField(_("k (denominator)"), default=3)
    af_weight_total = models.BigIntegerField(_("weight denominator W"), default=1)
    af_poor_households = models.BigIntegerField(_("multidimensionally poor households (q)"), default=0)
    af_score_sum = models.BigIntegerField(_("sum of scores of the poor (S)"), default=0)
    af_h = models.DecimalField(_("headcount ratio H"), max_digits=16, decimal_places=12, default=0)
    af_a = models.DecimalField(_("intensity A"), max_digits=16, decimal_places=12, default=0)
    af_m0 = models.DecimalField(_("adjusted headcount ratio M0"), max_digits=16, decimal_places=12, default=0)
    # {indicator code: poor households deprived in it} (censored headcounts, counts not ratios).
    censored_by_indicator = models.JSONField(_("censored headcounts by indicator"), default=dict)

    # Persons in vulnerable groups and on the state-welfare-card register.
    elderly = models.BigIntegerField(_("elderly (60+)"), default=0)
    disabled = models.BigIntegerField(_("disabled"), default=0)
    chronically_ill = models.BigIntegerField(_("chronically ill"), default=0)
    bedridden = models.BigIntegerField(_("bedridden"), default=0)
    children_0_5 = models.BigIntegerField(_("children 0–5"), default=0)
    welfare_registered = models.BigIntegerField(_("welfare card registered"), default=0)
    welfare_verified = models.BigIntegerField(_("welfare card verified"), default=0)

    # Change since the round's previous round (null when there is none or the area was absent).
    previous_households = models.BigIntegerField(_("households, previous round"), null=True, blank=True)
    previous_target_poor_households = models.BigIntegerField(
        _("target poor households, previous round"), null=True, blank=True
    )
    previous_af_poor_households = models.BigIntegerField(
        _("poor households (AF), previous round"), null=True, blank=True
    )
    target_poor_households_delta = models.BigIntegerField(_("change in target poor households"), null=True, blank=True)
    af_poor_households_delta = models.BigIntegerField(_("change in poor households (AF)"), null=True, blank=True)

    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        ordering = ["survey_round", "level", "area_code", "group_code"]
        verbose_name = _("area poverty result")
        verbose_name_plural = _("area poverty results")
        constraints = [
            models.UniqueConstraint(
                fields=["survey_round", "level", "area_code", "group_code"], name="povresult_unique_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_round_id} {self.level} {self.area_code or self.group_code or 'TH'}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        """For the permission module: the DOPA code; a region or cluster row occupies its provinces."""
        if self.level in (ResultLevel.REGION, ResultLevel.CLUSTER) and self.group_code:
            field = "codi_region__code" if self.level == ResultLevel.REGION else "cluster__code"
            codes = Area.objects.filter(level=AreaLevel.PROVINCE, **{field: self.group_code}).values_list(
                "code", flat=True
            )
            return tuple(codes) or ("",)
        return (self.area_code,)

    @property
    def k(self) -> Fraction:
        return Fraction(self.af_k_num, self.af_k_den)

    @property
    def h(self) -> Fraction:
        return Fraction(self.af_poor_households, self.households) if self.households else Fraction(0)

    @property
    def a(self) -> Fraction:
        q = self.af_poor_households
        return Fraction(self.af_score_sum, q * self.af_weight_total) if q else Fraction(0)

    @property
    def m0(self) -> Fraction:
        n = self.households
        return Fraction(self.af_score_sum, n * self.af_weight_total) if n else Fraction(0)

    def contributions(self, result_spec: Mapping[str, Any]) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
        """Each indicator's and each dimension's exact share of M0, w_j·cens_j / S, with the weights
        the results were computed with (``SurveyRound.result_spec``); all zero when nobody is poor."""
        weights, dims = result_spec.get("weights", {}), result_spec.get("dimensions", {})
        s = self.af_score_sum
        by_indicator: dict[str, Fraction] = {}
        by_dimension: dict[str, Fraction] = dict.fromkeys(dict.fromkeys(dims.values()), Fraction(0))
        for code, censored in self.censored_by_indicator.items():
            share = Fraction(weights.get(code, 0) * censored, s) if s else Fraction(0)
            by_indicator[code] = share
            if code in dims:
                by_dimension[dims[code]] += share
        return by_indicator, by_dimension
