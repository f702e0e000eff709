"""Proposals to the governor and agencies (ข้อเสนอต่อผู้ว่าราชการจังหวัด/หน่วยงาน), seed 003.

A tambon community council or a provincial people's-sector network sends a proposal carrying one
or more of its plan items to the governor of its province or to an agency. A follow-up secretariat
(เลขาการติดตามงาน, a body) follows it until it is answered and, best, included in a plan
("บรรจุในแผน": an item of the provincial or agency plan, or a text for plans outside the system).

The status is never stored: it is derived from the dates (``status_of`` and the matching
``status_q`` for querysets), so a proposal becomes overdue on its own when its reply is late.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecipientKind(models.TextChoices):
    GOVERNOR = "governor", _("The provincial governor")
    AGENCY = "agency", _("An agency")


class ReplyOutcome(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("Acknowledged, under consideration")
    ACCEPTED = "accepted", _("Accepted, to be acted on")
    DECLINED = "declined", _("Declined")


class GovernorStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    AWAITING = "awaiting", _("Awaiting a reply")
    OVERDUE = "overdue", _("Reply overdue")
    ANSWERED = "answered", _("Answered")
    INCLUDED = "included", _("Included in a plan")
    DECLINED = "declined", _("Declined")


class GovernorProposal(models.Model):
    """A proposal to the governor or an agency, followed by a secretariat until acted on."""

    # The province whose register lists it, and the proposing body's area (its scope).
    province = models.ForeignKey("areas.Area", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    year_be = models.PositiveSmallIntegerField(_("year (B.E.)"), db_index=True)
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("what is proposed"), blank=True)
    proposing_body = models.ForeignKey(
        "organizations.Body",
        verbose_name=_("proposing body"),
        on_delete=models.PROTECT,
        related_name="governor_proposals",
    )
    items = models.ManyToManyField(
        "plans.PlanItem", verbose_name=_("plan items carried"), related_name="governor_proposals"
    )
    recipient_kind = models.CharField(_("recipient"), max_length=16, choices=RecipientKind.choices)
    recipient_name = models.CharField(_("recipient's name"), max_length=300)
    secretariat = models.ForeignKey(
        "organizations.Body",
        verbose_name=_("follow-up secretariat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_governor_proposals",
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    reply_due_on = models.DateField(_("reply due on"), null=True, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_outcome = models.CharField(_("reply"), max_length=16, choices=ReplyOutcome.choices, blank=True)
    reply_text = models.TextField(_("what the reply says"), blank=True)
    included_on = models.DateField(_("included on"), null=True, blank=True)
    included_item = models.ForeignKey(
        "plans.PlanItem",
        verbose_name=_("included as the plan item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="included_governor_proposals",
    )
    included_text = models.CharField(_("included in (plan outside the system)"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year_be", "-number", "-id"]
        verbose_name = _("proposal to the governor or an agency")
        verbose_name_plural = _("proposals to the governor and agencies")
        constraints = [
            models.UniqueConstraint(fields=["province", "year_be", "number"], name="governor_proposal_number_unique"),
            models.CheckConstraint(
                name="governor_proposal_dates_ordered",
                condition=(Q(sent_on__isnull=False) | Q(replied_on__isnull=True, included_on__isnull=True))
                & (Q(reply_due_on__isnull=True) | Q(sent_on__isnull=True) | Q(reply_due_on__gte=models.F("sent_on")))
                & (Q(replied_on__isnull=True) | Q(replied_on__gte=models.F("sent_on")))
                & (Q(included_on__isnull=True) | Q(included_on__gte=models.F("sent_on"))),
            ),
            models.CheckConstraint(
                name="governor_proposal_reply_consistent",
                condition=Q(replied_on__isnull=True, reply_outcome="")
                | Q(replied_on__isnull=False) & ~Q(reply_outcome=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        return f"{self.number}/{self.year_be}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.area.code,)

    @property
    def area_code(self) -> str:
        return self.area.code

    @property
    def is_included(self) -> bool:
        return self.included_on is not None

    def status_on(self, today: dt.date) -> str:
        return status_of(self, today)

    @property
    def status(self) -> str:
        return status_of(self, timezone.localdate())

    @property
    def status_label(self) -> str:
        return str(GovernorStatus(self.status).label)

    def days_overdue(self, today: dt.date | None = None) -> int:
        today = today or timezone.localdate()
        if status_of(self, today) != GovernorStatus.OVERDUE or self.reply_due_on is None:
            return 0
        return (today - self.reply_due_on).days


def status_of(p: GovernorProposal, today: dt.date) -> str:
    """Draft, sent (no reply date set), awaiting a reply, overdue, answered, included or declined."""
    if p.sent_on is None:
        return GovernorStatus.DRAFT
    if p.included_on is not None:
        return GovernorStatus.INCLUDED
    if p.replied_on is not None:
        return GovernorStatus.DECLINED if p.reply_outcome == ReplyOutcome.DECLINED else GovernorStatus.ANSWERED
    if p.reply_due_on is None:
        return GovernorStatus.SENT
    return GovernorStatus.OVERDUE if p.reply_due_on < today else GovernorStatus.AWAITING


def status_q(status: str, today: dt.date) -> Q:
    """The queryset filter matching ``status_of(p, today) == status`` (the two are tested together)."""
    sent = Q(sent_on__isnull=False)
    open_ = sent & Q(included_on__isnull=True)
    unanswered = open_ & Q(replied_on__isnull=True)
    match status:
        case GovernorStatus.DRAFT:
            return Q(sent_on__isnull=True)
        case GovernorStatus.INCLUDED:
            return sent & Q(included_on__isnull=False)
        case GovernorStatus.DECLINED:
            return open_ & Q(replied_on__isnull=False, reply_outcome=ReplyOutcome.DECLINED)
        case GovernorStatus.ANSWERED:
            return open_ & Q(replied_on__isnull=False) & ~Q(reply_outcome=ReplyOutcome.DECLINED)
        case GovernorStatus.SENT:
            return unanswered & Q(reply_due_on__isnull=True)
        case GovernorStatus.AWAITING:
            return unanswered & Q(reply_due_on__gte=today)
        case GovernorStatus.OVERDUE:
            return unanswered & Q(reply_due_on__lt=today)
    raise ValueError(status)


EVENT_LABELS = {
    "create": _("Proposal recorded"),
    "send": _("Sent"),
    "reply": _("Reply received"),
    "include": _("Included in a plan"),
}


class GovernorProposalEvent(models.Model):
    """One entry of a proposal's timeline (written only through ``plans.governor.events``)."""

    proposal = models.ForeignKey(
        GovernorProposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    on = models.DateField(_("date"))
    action = models.CharField(_("action"), max_length=16)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["on", "at", "id"]
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.action}"

    @property
    def action_label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))
