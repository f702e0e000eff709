"""Plans (แผน): village → tambon → district → province plans, their items, versions and upward links.

A plan is owned by a body (the integrated tambon committee for the One Plan tambon plan, a local
government for its five-year local development plan, a tambon community council for its tambon and
issue-based plans …), covers an area (or a cluster or region) and a period of Buddhist Era years, and
keeps every version: its adoption and each numbered amendment ("เพิ่มเติม ครั้งที่ 11/2565"), who
adopted it and by which resolution. A plan item is what the plan will do: its problem, objective,
target group, the poverty dimension it addresses (its target-household count is read from the
latest survey round, never typed), activities, indicators, estimated budget per fiscal year, budget
source and responsible body.

An item is proposed upward to a higher plan (``PlanProposal``); the receiver accepts it as is (a new
item of its own covering it), merges it into one of its items, or declines with a reason. The
higher item that covers a lower one is ``PlanProposal.covering_item``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import AreaScoped
from chumchon.poverty.models import DimensionCode

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class PlanLevel(models.TextChoices):
    VILLAGE = "village", _("Village or community")
    TAMBON = "tambon", _("Tambon")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")
    CLUSTER = "cluster", _("Provincial cluster")
    REGION = "region", _("Region")


# Upward order: a proposal goes from a lower level to a higher one.
LEVEL_RANK: dict[str, int] = {
    PlanLevel.VILLAGE: 0,
    PlanLevel.TAMBON: 1,
    PlanLevel.DISTRICT: 2,
    PlanLevel.PROVINCE: 3,
    PlanLevel.CLUSTER: 4,
    PlanLevel.REGION: 5,
}


class PlanKind(models.TextChoices):
    VILLAGE = "village", _("Village or community plan (แผนชุมชน)")
    ONE_PLAN_TAMBON = "one_plan_tambon", _("One Plan tambon development plan (แผนพัฒนาตำบล)")
    LOCAL_GOVERNMENT = "local_government", _("Local development plan, five years (แผนพัฒนาท้องถิ่น)")
    COUNCIL_TAMBON = "council_tambon", _("Community council tambon plan (แผนพัฒนาตำบลของสภาองค์กรชุมชน)")
    ISSUE_BASED = "issue_based", _("Issue-based plan (แผนเฉพาะประเด็น)")
    DISTRICT = "district", _("District development plan (แผนพัฒนาอำเภอ)")
    PROVINCIAL = "provincial", _("Provincial development plan (แผนพัฒนาจังหวัด)")
    PEOPLES_PROVINCIAL = "peoples_provincial", _("Provincial plan of the people's sector (แผนภาคประชาชนระดับจังหวัด)")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    ENDED = "ended", _("Ended")


class Plan(AreaScoped):
    """A development plan — แผนพัฒนา. Its scope (area, cluster or region) is where it applies."""

    title = models.CharField(_("title"), max_length=300)
    level = models.CharField(_("level"), max_length=16, choices=PlanLevel.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=PlanKind.choices, db_index=True)
    owner = models.ForeignKey(
        "organizations.Body", verbose_name=_("owning body"), on_delete=models.PROTECT, related_name="plans"
    )
    # A local government's five-year plan names the อปท. whose plan it is (the owner is the body that
    # keeps it in the system).
    local_government = models.ForeignKey(
        "areas.LocalGovernment",
        verbose_name=_("local government"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    start_year_be = models.PositiveSmallIntegerField(_("first year (B.E.)"))
    end_year_be = models.PositiveSmallIntegerField(_("last year (B.E.)"))
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-start_year_be", "title", "id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(name="plan_period_ordered", condition=Q(end_year_be__gte=models.F("start_year_be"))),
            models.CheckConstraint(name="plan_period_be", condition=Q(start_year_be__gte=2400)),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year_be}–{self.end_year_be})"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year_be, self.end_year_be + 1))

    @property
    def area_code(self) -> str:
        return self.area.code if self.area is not None else ""


class VersionKind(models.TextChoices):
    ADOPTION = "adoption", _("Adoption (ประกาศใช้)")
    ADDITION = "addition", _("Addition (เพิ่มเติม)")
    CHANGE = "change", _("Change (เปลี่ยนแปลง)")
    REVIEW = "review", _("Review (ทบทวน)")


class PlanVersion(models.Model):
    """The adoption of a plan or one numbered amendment ("เพิ่มเติม ครั้งที่ 11/2565").

    ``sequence`` orders a plan's versions (1 = the first recorded); ``number``/``year_be`` are the
    amendment's own numbering within its year. ``items`` is the plan's items as they stood after this
    version; ``changes`` lists what this version added, changed or removed.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions")
    sequence = models.PositiveSmallIntegerField(_("sequence"))
    kind = models.CharField(_("kind"), max_length=16, choices=VersionKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    year_be = models.PositiveSmallIntegerField(_("year (B.E.)"))
    adopted_on = models.DateField(_("adopted on"))
    adopted_by = models.ForeignKey(
        "organizations.Body",
        verbose_name=_("adopted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_plan_versions",
    )
    resolution = models.ForeignKey(
        "meetings.Resolution",
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_versions",
    )
    resolution_text = models.TextField(_("resolution (text)"), blank=True)
    note = models.TextField(_("note"), blank=True)
    items = models.JSONField(_("items after this version"), default=list, blank=True)
    changes = models.JSONField(_("changes in this version"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["plan", "sequence"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "sequence"], name="plan_version_sequence_unique"),
            models.UniqueConstraint(
                fields=["plan", "kind", "number", "year_be"],
                condition=~Q(kind="adoption"),
                name="plan_version_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.label_th}"

    @property
    def label_th(self) -> str:
        if self.kind == VersionKind.ADOPTION:
            return f"ประกาศใช้ {self.year_be}"
        word = {"addition": "เพิ่มเติม", "change": "เปลี่ยนแปลง", "review": "ทบทวน"}[self.kind]
        return f"{word} ครั้งที่ {self.number}/{self.year_be}"


class BudgetSource(models.TextChoices):
    COMMUNITY = "community", _("The community itself")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")
    CODI = "codi", _("CODI")
    OTHER_AGENCY = "other_agency", _("Other agency")
    PRIVATE = "private", _("Private sector")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")
    MERGED = "merged", _("Merged into another item")


class PlanItem(models.Model):
    """One item of a plan (โครงการ/กิจกรรมในแผน)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("problem"), blank=True)
    objective = models.TextField(_("objective"), blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    # The area the item works in (defaults to the plan's): its target households are counted here.
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dimension = models.CharField(
        _("poverty dimension addressed"), max_length=16, choices=DimensionCode.choices, blank=True
    )
    # Survey indicator codes the item addresses (poverty.Indicator.code of the latest round's set).
    indicator_codes = models.JSONField(_("survey indicators addressed"), default=list, blank=True)
    activities = models.TextField(_("activities"), blank=True, help_text=_("One activity a line."))
    budget_source = models.CharField(
        _("budget source"), max_length=20, choices=BudgetSource.choices, default=BudgetSource.COMMUNITY
    )
    responsible_body = models.ForeignKey(
        "organizations.Body",
        verbose_name=_("responsible body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_plan_items",
    )
    responsible_text = models.CharField(_("responsible (as written)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PLANNED, db_index=True
    )
    # Set when the One Plan consolidated this item into another (plans.strategy duplicate merge).
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="absorbed"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["plan", "number", "id"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_item_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.plan.scope_codes

    @property
    def area_code(self) -> str:
        if self.area is not None:
            return self.area.code
        return self.plan.area_code

    def activity_lines(self) -> list[str]:
        return [line.strip() for line in self.activities.splitlines() if line.strip()]


class ItemBudget(models.Model):
    """The estimated budget of an item in one fiscal year (B.E.) — งบประมาณประมาณการรายปี."""

    item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="budgets")
    fiscal_year_be = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    amount = models.DecimalField(_("amount (baht)"), **MONEY)

    class Meta:
        ordering = ["item", "fiscal_year_be"]
        verbose_name = _("estimated budget")
        verbose_name_plural = _("estimated budgets")
        constraints = [
            models.UniqueConstraint(fields=["item", "fiscal_year_be"], name="plan_item_budget_year_unique"),
            models.CheckConstraint(name="plan_item_budget_not_negative", condition=Q(amount__gte=Decimal(0))),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.fiscal_year_be}: {self.amount}"


class ItemIndicator(models.Model):
    """An indicator of an item with its baseline and a target per year — ตัวชี้วัด ค่าฐาน ค่าเป้าหมาย."""

    item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, null=True, blank=True)
    # {"2566": "10", "2567": "20"}: the target per B.E. year (Decimal as text).
    targets = models.JSONField(_("targets by year"), default=dict, blank=True)

    class Meta:
        ordering = ["item", "id"]
        verbose_name = _("item indicator")
        verbose_name_plural = _("item indicators")

    def __str__(self) -> str:
        return self.name


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted as is")
    MERGED = "merged", _("Merged into an item")
    DECLINED = "declined", _("Declined")


ANSWERED = frozenset({ProposalStatus.ACCEPTED, ProposalStatus.MERGED, ProposalStatus.DECLINED})


class PlanProposal(models.Model):
    """An item proposed upward to a higher plan, and the receiver's answer — การเสนอรายการขึ้นสู่แผนระดับสูง.

    Accepted as is: the receiver's plan gets a new item (``covering_item``) copied from the proposal.
    Merged: ``covering_item`` is the receiver's existing item that now covers it. Declined: ``reason``.
    """

    item = models.ForeignKey(
        PlanItem, verbose_name=_("proposed item"), on_delete=models.CASCADE, related_name="proposals"
    )
    to_plan = models.ForeignKey(
        Plan, verbose_name=_("proposed to plan"), on_delete=models.CASCADE, related_name="proposals_received"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PENDING, db_index=True
    )
    note = models.TextField(_("note from the proposer"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    covering_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("covered by item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="covers",
    )
    reason = models.TextField(_("reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # When the proposing side noted the answer (it leaves their worklist then).
    answer_noted_at = models.DateTimeField(_("answer noted at"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("upward proposal")
        verbose_name_plural = _("upward proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "to_plan"], condition=~Q(status="declined"), name="plan_proposal_open_unique"
            ),
            models.CheckConstraint(
                name="plan_proposal_answer_consistent",
                condition=Q(status="pending", answered_at__isnull=True)
                | Q(status="declined", covering_item__isnull=True, answered_at__isnull=False)
                | Q(status__in=["accepted", "merged"], covering_item__isnull=False, answered_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.to_plan_id} ({self.status})"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.to_plan.scope_codes


EVENT_LABELS: dict[str, Any] = {
    "create": _("Plan created"),
    "item_add": _("Item added"),
    "item_change": _("Item changed"),
    "version": _("Version recorded"),
    "propose": _("Item proposed upward"),
    "proposal_in": _("Proposal received"),
    "accepted": _("Proposal accepted as is"),
    "merged": _("Proposal merged into an item"),
    "declined": _("Proposal declined"),
    "answer_accepted": _("Our proposal was accepted"),
    "answer_merged": _("Our proposal was merged"),
    "answer_declined": _("Our proposal was declined"),
    "import": _("Items imported from a file"),
    "item_tag": _("Item tagged with a strategy"),
    "item_absorb": _("A duplicate item was merged into this item"),
    "item_merged": _("Item merged into the same work on another plan"),
}


class PlanEvent(models.Model):
    """One entry of a plan's history — ลำดับเหตุการณ์ของแผน (written only through ``plans.events``)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="events")
    item = models.ForeignKey(
        PlanItem, verbose_name=_("plan item"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=32)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.action}"

    @property
    def action_label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))


class TambonCharter(models.Model):
    """A tambon charter (ธรรมนูญตำบล): a document with its rules, attached to the community council."""

    body = models.ForeignKey(
        "organizations.Body", verbose_name=_("community council"), on_delete=models.PROTECT, related_name="charters"
    )
    title = models.CharField(_("title"), max_length=300)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    resolution = models.ForeignKey(
        "meetings.Resolution",
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="charters",
    )
    document = models.FileField(_("document"), upload_to="plans/charters/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("tambon charter")
        verbose_name_plural = _("tambon charters")

    def __str__(self) -> str:
        return self.title

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.body.scope_codes


class CharterRule(models.Model):
    """One rule of a tambon charter (ข้อ)."""

    charter = models.ForeignKey(
        TambonCharter, verbose_name=_("charter"), on_delete=models.CASCADE, related_name="rules"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("rule"))

    class Meta:
        ordering = ["charter", "number"]
        verbose_name = _("charter rule")
        verbose_name_plural = _("charter rules")
        constraints = [models.UniqueConstraint(fields=["charter", "number"], name="charter_rule_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:40]}"


# Proposals to the governor and agencies live in their own module (plans.governor).
from chumchon.plans.governor.models import GovernorProposal, GovernorProposalEvent  # noqa: E402,F401

# Strategy catalogues, tags and duplicate flags live in their own module (plans.strategy).
from chumchon.plans.strategy.models import (  # noqa: E402,F401
    DuplicateFlag,
    ItemTag,
    StrategyCatalogue,
    StrategyEntry,
    TagSuggestion,
)
