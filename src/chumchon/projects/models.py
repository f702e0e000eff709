"""Projects (โครงการ): a community body's proposal, its budget, approval, money and progress.

A project is proposed by an eligible community body for one area (usually a tambon) under a
budget programme, screened by the provincial working group, approved by the body with authority
(the cluster working group; the Baan Mankong subcommittee for housing — seed 000), then signed,
disbursed in tranches and reported on "upstream, midstream, downstream" until closure. Every
change of status is one ``ProjectEvent`` row (the timeline); the money itself lives in the
budgets ledger.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENED = "screened", _("Screened by the provincial working group")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# States in which the proposal may still be edited by its proposer.
EDITABLE_STATUSES = frozenset({ProjectStatus.DRAFT, ProjectStatus.RETURNED})
# States in which the programme's money is committed to the project.
FUNDED_STATUSES = frozenset({ProjectStatus.APPROVED, ProjectStatus.AGREEMENT_SIGNED, ProjectStatus.IN_PROGRESS})


class Project(models.Model):
    """A community project — โครงการ."""

    programme = models.ForeignKey(
        "budgets.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="projects")
    proposer = models.ForeignKey(
        "organizations.Body", verbose_name=_("proposing body"), on_delete=models.PROTECT, related_name="projects"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The project's money in the budgets ledger (a generic reference on the ledger's side: the
    # ledger knows nothing of projects). ``LedgerEntry.objects.filter(project=…)`` works through
    # the query name; deleting a project that has entries is refused (``projects.apps``).
    ledger_entries = GenericRelation(
        "budgets.LedgerEntry",
        content_type_field="holder_type",
        object_id_field="holder_id",
        related_query_name="project",
    )
    # Weight of this project within its parent's roll-up (sub-projects only).
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2, default=Decimal(1))
    title_th = models.CharField(_("Thai title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    target_households = models.PositiveIntegerField(_("target households"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT, db_index=True
    )
    requested_amount = models.DecimalField(_("requested amount"), default=Decimal(0), **MONEY)
    approved_amount = models.DecimalField(_("approved amount"), null=True, blank=True, **MONEY)
    disbursed_amount = models.DecimalField(_("disbursed amount"), default=Decimal(0), **MONEY)
    spent_amount = models.DecimalField(_("reported spending"), default=Decimal(0), **MONEY)
    progress_pct = models.DecimalField(
        _("reported progress (%)"), max_digits=5, decimal_places=2, default=Decimal(0), validators=PERCENT
    )
    # The plan item the project carries out (plans stand below projects); its page shows this project.
    plan_item = models.ForeignKey(
        "plans.PlanItem",
        verbose_name=_("plan item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    is_housing = models.BooleanField(_("housing (Baan Mankong)"), default=False, db_index=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    report_interval_days = models.PositiveIntegerField(_("report every (days)"), default=90)
    next_report_due = models.DateField(_("next report due"), null=True, blank=True, db_index=True)
    agreement_number = models.CharField(_("agreement number"), max_length=64, blank=True)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    approval_resolution = models.ForeignKey(
        "meetings.Resolution",
        verbose_name=_("approval resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_projects",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            models.Index(fields=["status", "area"], name="projects_pr_status_430dbd_idx"),
            models.Index(fields=["programme", "status"], name="project_programme_status_idx"),
            # Overdue reports: the running projects whose report date has passed (few of many).
            models.Index(fields=["status", "next_report_due"], name="project_status_due_idx"),
            # The list's order: a broad scope's newest projects are read in this order (selectors.project_list
            # with newest_walk). Partial on a condition always true, so that only queries naming it use the
            # index: with it, SQLite would read every other project query in the default order through it.
            # The area is in it so that the walk tests the scope from the index and reads only the page's
            # project rows, not every row it passes (a region's newest 50 lie among the country's newest
            # ~2,200 on the national data set: 7.8–9.0 ms → 4.5 ms for the page's query, bench/RESULTS.md).
            models.Index(
                fields=["created_at", "id", "area"],
                name="project_newest_area_idx",
                condition=models.Q(created_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(name="project_requested_not_negative", condition=models.Q(requested_amount__gte=0)),
            models.CheckConstraint(
                name="project_approved_not_negative",
                condition=models.Q(approved_amount__isnull=True) | models.Q(approved_amount__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.title_th

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.area.code,)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_report_overdue(self) -> bool:
        return (
            self.status in (ProjectStatus.AGREEMENT_SIGNED, ProjectStatus.IN_PROGRESS)
            and self.next_report_due is not None
            and self.next_report_due < timezone.localdate()
        )


class Activity(models.Model):
    """An activity of a project — กิจกรรม; its weighted progress rolls up to the project."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("activity"), max_length=300)
    weight = models.DecimalField(
        _("weight"), max_digits=8, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(Decimal(0))]
    )
    progress_pct = models.DecimalField(
        _("progress (%)"), max_digits=5, decimal_places=2, default=Decimal(0), validators=PERCENT
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    """One line of the project budget — รายการงบประมาณ. Locked once the project is approved."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    item = models.CharField(_("item"), max_length=300)
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal(0))], **MONEY)
    locked = models.BooleanField(_("locked"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.item


class CoFundingSource(models.TextChoices):
    """Money from outside the programme (seeds 000, 001)."""

    OWN = "own", _("Own contribution (สมทบของชุมชน)")
    LOCAL_GOVERNMENT = "local_government", _("Local government (อปท.)")
    PARTNER_AGENCY = "partner_agency", _("Partner agency (หน่วยงานภาคี)")
    PRIVATE_SECTOR = "private_sector", _("Private sector (ภาคเอกชน)")
    ENERGY_FUND = "energy_fund", _("Energy fund (กองทุนพลังงาน)")
    OTHER = "other", _("Other (อื่น ๆ)")


class CoFunding(models.Model):
    """Co-funding from another source — งบประมาณสมทบจากแหล่งอื่น."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="co_funding")
    source = models.CharField(_("source"), max_length=20, choices=CoFundingSource.choices)
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal(0))], **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("co-funding")
        verbose_name_plural = _("co-funding")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


class ProjectIndicator(models.Model):
    """A target and indicator of the project — ตัวชี้วัดโครงการ (before/during/after, seed 001)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="indicators")
    # The code of the programme indicator (budgets.ProgrammeIndicator) this one reports to; blank = own.
    code = models.CharField(_("programme indicator code"), max_length=32, blank=True, db_index=True)
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    latest_value = models.DecimalField(_("latest value"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("project indicator")
        verbose_name_plural = _("project indicators")

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    """A document attached to a project — เอกสารแนบ."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="projects/attachments/%Y/")
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.caption or self.file.name


class ProjectEvent(models.Model):
    """One entry of the project's timeline — ลำดับเหตุการณ์ของโครงการ."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=20, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ProjectStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    amount = models.DecimalField(_("amount"), null=True, blank=True, **MONEY)
    resolution = models.ForeignKey(
        "meetings.Resolution",
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_events",
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("project event")
        verbose_name_plural = _("project events")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_status} → {self.to_status}"


class Tranche(models.Model):
    """A disbursed tranche (งวดเงิน); the ledger entry itself is in the budgets app."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveIntegerField(_("tranche"))
    amount = models.DecimalField(_("amount"), **MONEY)
    disbursed_on = models.DateField(_("disbursed on"), default=timezone.localdate)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="tranche_number_unique")]

    def __str__(self) -> str:
        return f"{self.project_id} #{self.number}"


class ProgressReport(models.Model):
    """A progress report — รายงานความก้าวหน้า: % progress, money spent, indicator values, photos."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="progress_reports"
    )
    reported_on = models.DateField(_("reporting date"), default=timezone.localdate)
    period = models.CharField(_("period"), max_length=64, blank=True)
    progress_pct = models.DecimalField(_("progress (%)"), max_digits=5, decimal_places=2, validators=PERCENT)
    spent_amount = models.DecimalField(_("spent to date"), validators=[MinValueValidator(Decimal(0))], **MONEY)
    narrative = models.TextField(_("narrative"), blank=True)
    indicator_values = models.JSONField(_("indicator values"), default=dict, blank=True)  # {indicator id: value}
    due_on = models.DateField(_("due on"), null=True, blank=True)
    is_final = models.BooleanField(_("final report"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["reported_on", "id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.project_id} {self.reported_on}"

    @property
    def was_late(self) -> bool:
        return self.due_on is not None and self.reported_on > self.due_on


class ReportPhoto(models.Model):
    """A photo attached to a progress report — ภาพประกอบรายงาน."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to="projects/photos/%Y/")
    caption = models.CharField(_("caption"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class ProjectTally(models.Model):
    """Counts and money of the projects per (province, programme, status), kept by the database.

    A materialised roll-up for the pages that sum a whole scope (the project list of a regional or
    national user, a province's page): a region's ~13,000 projects are ~3,000 rows here, and narrow.
    Triggers on ``projects_project`` (``projects/tally.py``, created by migration 0005) add a project's
    figures to its row and take them off again in the same statement's transaction, so every write
    path — services, imports, bulk loads, the demo — keeps it; ``chumchon rebuild-project-tallies``
    rebuilds it from the projects (a test checks both give the same figures).

    Money is in satang and the progress weight in satang × hundredths of a per cent (whole numbers:
    sums stay exact on SQLite). ``approved`` counts approved amounts above 0; ``disbursed``, ``spent``
    and ``weighted`` only projects with such an amount (the roll-up's "funded" rule; which statuses
    count as approved is applied when reading). ``to_disburse`` counts the projects with an approved
    amount of which less has been disbursed, and the ``to_disburse_*`` columns hold their figures.
    """

    province = models.CharField(_("province code"), max_length=2)
    programme = models.ForeignKey(
        "budgets.Programme",
        verbose_name=_("programme"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=24)
    projects = models.BigIntegerField(_("projects"), default=0)
    requested = models.BigIntegerField(_("requested (satang)"), default=0)
    approved = models.BigIntegerField(_("approved (satang)"), default=0)
    disbursed = models.BigIntegerField(_("disbursed (satang)"), default=0)
    spent = models.BigIntegerField(_("spent (satang)"), default=0)
    weighted = models.BigIntegerField(_("approved × progress"), default=0)
    # Projects with an approved amount not yet paid out in full (the worklist's "tranche to disburse").
    to_disburse = models.BigIntegerField(_("projects with money to disburse"), default=0)
    # The money of those projects (the same figures as above, over them only): the totals of the project list
    # as the worklist's "tranche to disburse" link shows it, a good share of a region's projects.
    to_disburse_requested = models.BigIntegerField(_("requested of those (satang)"), default=0)
    to_disburse_approved = models.BigIntegerField(_("approved of those (satang)"), default=0)
    to_disburse_disbursed = models.BigIntegerField(_("disbursed of those (satang)"), default=0)
    to_disburse_spent = models.BigIntegerField(_("spent of those (satang)"), default=0)
    to_disburse_weighted = models.BigIntegerField(_("approved × progress of those"), default=0)

    # core.backup: not archived; the triggers rebuild it as the projects are restored.
    REBUILT_BY_DATABASE = True

    class Meta:
        verbose_name = _("project tally")
        verbose_name_plural = _("project tallies")
        constraints = [
            models.UniqueConstraint(fields=["province", "programme", "status"], name="project_tally_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.programme_id} {self.status}: {self.projects}"


def refuse_deleting_funded_project(sender: type[models.Model], instance: Project, **kwargs: Any) -> None:
    """The ledger is append-only: a project with ledger entries is never deleted (connected in apps.py).

    ``LedgerEntry`` refers to its holder generically, which the database cannot protect, and a
    ``GenericRelation`` would otherwise cascade the delete to the entries.
    """
    if instance.pk is not None and instance.ledger_entries.exists():
        raise models.ProtectedError(
            "โครงการนี้มีรายการในบัญชีคุมงบประมาณ ลบไม่ได้ / This project has ledger entries and cannot be deleted.",
            set(instance.ledger_entries.all()),
        )


class KeptProgress(models.Model):
    """The rolled-up progress (ความก้าวหน้ารวม) of a project with activities or sub-projects, kept.

    Such a project's progress is the weighted mean of its activities and sub-projects, not its reported %
    (``selectors.progress_map``); the project list and the roll-ups of a whole scope read it from here
    instead of reading every such project's activities and sub-projects on each view. Projects with neither
    have no row (their rolled-up % is their reported one). Database triggers leave a ``ProgressMark`` for
    each project a write may have changed (``projects/kept_progress.py``); the writer settles them once its
    transaction has committed (``kept_progress.settle``), and a reader that still finds marks computes those
    projects itself (``kept_progress.pending``, read-only), so a read never sees a stale value nor writes.
    """

    project_id = models.BigIntegerField(_("project"), primary_key=True)  # no constraint: a raw delete may go first
    rolled_pct = models.DecimalField(_("rolled-up progress (%)"), max_digits=5, decimal_places=2)

    # core.backup: not archived; rebuilt after a restore (``kept_progress.rebuild``, on ``data_restored``).
    REBUILT_BY_DATABASE = True

    class Meta:
        verbose_name = _("kept rolled-up progress")
        verbose_name_plural = _("kept rolled-up progress")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.rolled_pct}"


class ProgressMark(models.Model):
    """A project whose rolled-up progress a write may have changed (left by the triggers of
    ``projects/kept_progress.py``; ``settle`` recomputes it and removes the marks it read)."""

    project_id = models.BigIntegerField(_("project"))

    # core.backup: not archived; a restore's inserts leave their own marks, and it is rebuilt after.
    REBUILT_BY_DATABASE = True

    class Meta:
        verbose_name = _("progress mark")
        verbose_name_plural = _("progress marks")

    def __str__(self) -> str:
        return str(self.project_id)
