"""Budgets (งบประมาณ): programmes, approval rules, fair allocation and the money ledger.

Money model (all amounts Decimal baht with satang; never float):

* ``LedgerEntry`` is the append-only history; ``FundBalance`` is one row per (programme, province)
  holding the running sums, updated in the same transaction as the entry and locked with
  ``select_for_update`` by every money write (that lock is what serialises concurrent approvals
  and disbursements on PostgreSQL; SQLite transactions are IMMEDIATE and serialise anyway).
* Signs: ``allocate`` +, ``reallocate`` − on the giving province and + on the receiving one,
  ``commit`` + (a project approved), ``release`` − (its undisbursed part given back on cancel,
  return or closure), ``disburse`` + (a tranche paid), ``refund`` + (money the project paid back).
* Balances: allocated = Σ allocate + Σ reallocate; committed = Σ commit + Σ release;
  disbursed = Σ disburse; refunded = Σ refund. Remaining (free to commit) = allocated − committed.
* Invariants (``budgets.services.ledger_check``): committed ≤ allocated per province; per project
  0 ≤ refunded ≤ disbursed and disbursed − refunded ≤ committed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.budgets.scopes import scope_province_codes
from chumchon.organizations.models import BodyKind

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class ProgrammeKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary programme")
    COUNCIL = "council", _("Community councils")
    WELFARE = "welfare", _("Community welfare funds")
    ECONOMY = "economy", _("Community economy")
    RESILIENCE = "resilience", _("Disaster and resilience")
    SELF_MANAGING = "self_managing", _("Self-managing province")
    HOUSING = "housing", _("Housing (Baan Mankong)")


class Programme(models.Model):
    """A funding programme of one fiscal year — แผนงาน/โครงการพัฒนาสำคัญ (e.g. บ้านมั่นคง 2565)."""

    code = models.CharField(_("code"), max_length=32)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices, default=ProgrammeKind.ORDINARY)
    national_budget = models.DecimalField(_("national budget"), **MONEY, default=ZERO)
    # organizations.BodyKind values that may propose projects under this programme.
    eligible_body_kinds = models.JSONField(_("eligible body kinds"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-fiscal_year", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "code"], name="programme_fy_code_unique")]

    def __str__(self) -> str:
        return self.label(self.name_th, self.fiscal_year)

    @staticmethod
    def label(name_th: str, fiscal_year: int) -> str:
        """A programme's label (``str(programme)``) from its two columns: for lists that read only those."""
        return f"{name_th} ({fiscal_year})"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return ("",)  # programmes are national; their money lives per province in FundBalance

    @property
    def is_housing(self) -> bool:
        return self.kind == ProgrammeKind.HOUSING


class ApprovalRule(models.Model):
    """Which body approves a project of this programme in an amount band — ผู้มีอำนาจอนุมัติตามวงเงิน.

    The band is [min_amount, max_amount] inclusive; a null max_amount has no ceiling. This is data
    only: ``chumchon.meetings.authority`` reads it (through the rule source budgets registers) and
    is the one place that decides who may approve.
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="approval_rules"
    )
    min_amount = models.DecimalField(_("from amount"), **MONEY, default=ZERO)
    max_amount = models.DecimalField(_("up to amount"), **MONEY, null=True, blank=True)
    approver_body_kind = models.CharField(
        _("approving body"), max_length=40, choices=BodyKind.choices, default=BodyKind.CLUSTER_WORKING_GROUP
    )
    approver_role = models.CharField(_("approver role"), max_length=40)  # accounts.models.Role value
    screening_role = models.CharField(_("screening role"), max_length=40, blank=True)
    # A cluster working group decides only for provinces inside its cluster; a province outside
    # all 18 clusters (Bangkok) goes to this body and role instead (over the CODI region).
    outside_cluster_body_kind = models.CharField(
        _("approving body outside the clusters"),
        max_length=40,
        choices=BodyKind.choices,
        default=BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
    )
    outside_cluster_role = models.CharField(
        _("approver role outside the clusters"), max_length=40, default="regional_subcommittee"
    )

    # A rule may hold for a period only and cite the resolution that set it (the shape a dated
    # delegation takes — see chumchon.meetings.authority); empty: always, by standing rule.
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    resolution = models.ForeignKey(
        "meetings.Resolution",
        verbose_name=_("adopting resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["programme", "min_amount"]
        verbose_name = _("approval rule")
        verbose_name_plural = _("approval rules")

    def __str__(self) -> str:
        top = f"{self.max_amount:,.2f}" if self.max_amount is not None else "∞"
        return f"{self.programme.code}: {self.min_amount:,.2f}–{top} → {self.get_approver_body_kind_display()}"


class IndicatorAggregation(models.TextChoices):
    SUM = "sum", _("Sum over projects")
    MEAN = "mean", _("Mean over projects")


class ProgrammeIndicator(models.Model):
    """A programme's indicator and target — ตัวชี้วัดแผนงาน.

    Projects report against it through ``projects.ProjectIndicator.code``: the programme figure is
    the sum (or mean) of their latest values.
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=32)
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    aggregation = models.CharField(
        _("aggregation"), max_length=8, choices=IndicatorAggregation.choices, default=IndicatorAggregation.SUM
    )
    # Its use of the indicators framework (issue 13): a formula indicator over what projects report
    # (``programme_indicator.<pk>``), whose national target for the programme's fiscal year is the
    # framework's target. ``target`` above is kept in step with it (older pages and the API read it).
    indicator = models.OneToOneField(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_indicator",
    )

    class Meta:
        ordering = ["programme", "code"]
        verbose_name = _("programme indicator")
        verbose_name_plural = _("programme indicators")
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="programme_indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.programme.code}/{self.code}: {self.name_th}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return ("",)


class AllocationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft scenario")
    ADOPTED = "adopted", _("Adopted (locked)")


class AllocationLevel(models.TextChoices):
    REGION = "region", _("CODI region")
    CLUSTER = "cluster", _("Provincial cluster")
    PROVINCE = "province", _("Province")
    TAMBON = "tambon", _("Subdistrict")


class Allocation(models.Model):
    """A scenario for splitting a programme's money over a scope — ร่างการจัดสรรงบประมาณ.

    ``scope_kind``/``scope_code``: what is split ("nation"/"", "region"/"R5", "cluster"/"C08").
    ``params`` holds the formula (see ``budgets.allocation.FormulaParams``). Several drafts may
    exist side by side; at most one per scope is adopted, and an adopted one is locked.
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="allocations"
    )
    name = models.CharField(_("scenario name"), max_length=200)
    scope_kind = models.CharField(_("scope"), max_length=16, default="region")
    scope_code = models.CharField(_("scope code"), max_length=16, blank=True)
    total = models.DecimalField(_("amount to allocate"), **MONEY)
    params = models.JSONField(_("formula parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AllocationStatus.choices, default=AllocationStatus.DRAFT
    )
    resolution = models.ForeignKey(
        "meetings.Resolution",
        verbose_name=_("adopting resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "-status", "name"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "scope_kind", "scope_code"],
                condition=models.Q(status="adopted"),
                name="allocation_one_adopted_per_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} · {self.name}"

    @property
    def is_locked(self) -> bool:
        return self.status == AllocationStatus.ADOPTED

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return scope_province_codes(self.scope_kind, self.scope_code) or ("",)


class AllocationLine(models.Model):
    """One area's amount in a scenario, with the formula terms that produced it."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="lines")
    level = models.CharField(_("level"), max_length=16, choices=AllocationLevel.choices)
    code = models.CharField(_("area code"), max_length=16)  # R5 / C08 / 24 / 240104
    parent_code = models.CharField(_("parent code"), max_length=16, blank=True)
    name = models.CharField(_("area"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    # {"base": "…", "population": "…", …, "clamp": "…", "rounding": "…"} as decimal strings (baht)
    terms = models.JSONField(_("terms"), default=dict, blank=True)
    features = models.JSONField(_("inputs"), default=dict, blank=True)

    class Meta:
        ordering = ["allocation", "level", "code"]
        constraints = [models.UniqueConstraint(fields=["allocation", "level", "code"], name="allocation_line_unique")]

    def __str__(self) -> str:
        return f"{self.code}: {self.amount:,.2f}"


class LedgerKind(models.TextChoices):
    ALLOCATE = "allocate", _("Allocated")
    REALLOCATE = "reallocate", _("Reallocated")
    COMMIT = "commit", _("Committed (approved)")
    RELEASE = "release", _("Released")
    DISBURSE = "disburse", _("Disbursed")
    REFUND = "refund", _("Refunded")


class LedgerEntryQuerySet(models.QuerySet["LedgerEntry"]):
    def of_holder(self, holder: models.Model) -> LedgerEntryQuerySet:
        """The entries of one holder (a project, for instance) — the ledger knows it only generically."""
        return self.filter(holder_type=ContentType.objects.get_for_model(holder), holder_id=holder.pk)


class LedgerEntry(models.Model):
    """One movement of money — รายการบัญชีคุมงบประมาณ. Append-only: never updated or deleted."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="ledger")
    province_code = models.CharField(_("province"), max_length=2)
    # What the money is committed to, disbursed to or refunded by (a project, today): a generic
    # reference, so the ledger knows nothing of the apps above it. The holder's side declares a
    # ``GenericRelation`` (``projects.Project.ledger_entries``, query name ``project``) and refuses
    # to be deleted while it has entries (the ledger is append-only).
    holder_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("holder type")
    )
    holder_id = models.PositiveBigIntegerField(_("holder"), null=True, blank=True)
    holder = GenericForeignKey("holder_type", "holder_id")
    kind = models.CharField(_("kind"), max_length=16, choices=LedgerKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    tranche_no = models.PositiveSmallIntegerField(_("tranche"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    resolution = models.ForeignKey(
        "meetings.Resolution", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    allocation = models.ForeignKey(Allocation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            models.Index(fields=["programme", "province_code"]),
            models.Index(fields=["holder_type", "holder_id", "kind"], name="budgets_led_holder_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount:,.2f} ({self.programme.code}/{self.province_code})"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.province_code,)


class FundBalance(models.Model):
    """Running sums per (programme, province), locked by every money write — ยอดคงเหลือ."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="balances")
    province_code = models.CharField(_("province"), max_length=2)
    allocated = models.DecimalField(_("allocated"), **MONEY, default=ZERO)
    committed = models.DecimalField(_("approved (committed)"), **MONEY, default=ZERO)
    disbursed = models.DecimalField(_("disbursed"), **MONEY, default=ZERO)
    refunded = models.DecimalField(_("refunded"), **MONEY, default=ZERO)

    class Meta:
        ordering = ["programme", "province_code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "province_code"], name="fund_balance_unique"),
            # The database itself refuses an overspent province, whatever code path wrote it.
            models.CheckConstraint(
                name="fund_committed_within_allocated", condition=models.Q(committed__lte=models.F("allocated"))
            ),
            models.CheckConstraint(name="fund_committed_not_negative", condition=models.Q(committed__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code}/{self.province_code}"

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.committed

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.province_code,)
