"""Disaster relief raised through welfare funds and networks — การระดมความช่วยเหลือผู้ประสบภัย (seed 002:
welfare-fund networks raised 250,000 baht for the Narathiwat explosion victims without waiting for the state).

A campaign answers an event in an area; bodies (welfare funds, networks, councils…) pledge and transfer
money to it; households helped are recorded, and where a household is a survey household with a Logbook
case the help is also recorded on that case (through poverty's services).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import Area
from chumchon.organizations.models import Body
from chumchon.poverty.models import AssistanceRecord, Case


class EventKind(models.TextChoices):
    FLOOD = "flood", _("Flood")
    STORM = "storm", _("Storm")
    FIRE = "fire", _("Fire")
    DROUGHT = "drought", _("Drought")
    EXPLOSION = "explosion", _("Explosion or violence")
    EPIDEMIC = "epidemic", _("Epidemic")
    OTHER = "other", _("Other disaster")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("Raising help")
    CLOSED = "closed", _("Closed")


class Campaign(models.Model):
    """A relief campaign for an event in an area — การระดมทุนช่วยเหลือผู้ประสบภัย."""

    title = models.CharField(_("title"), max_length=300)
    event_kind = models.CharField(_("kind of event"), max_length=16, choices=EventKind.choices)
    event_on = models.DateField(_("date of the event"))
    area = models.ForeignKey(Area, verbose_name=_("area affected"), on_delete=models.PROTECT, related_name="+")
    organiser = models.ForeignKey(
        Body, verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="relief_campaigns"
    )
    target_amount = models.DecimalField(_("target (baht)"), max_digits=16, decimal_places=2, default=0)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-event_on", "-id"]
        verbose_name = _("relief campaign")
        verbose_name_plural = _("relief campaigns")
        constraints = [
            models.CheckConstraint(name="relief_target_not_negative", condition=models.Q(target_amount__gte=0)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.area.code,)


class ContributionKind(models.TextChoices):
    PLEDGE = "pledge", _("Pledge")
    TRANSFER = "transfer", _("Transfer")


class Contribution(models.Model):
    """Money a body pledges or transfers to a campaign — เงินที่องค์กรสมทบ (Decimal baht)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="contributions"
    )
    source = models.ForeignKey(
        Body, verbose_name=_("from"), on_delete=models.PROTECT, related_name="relief_contributions"
    )
    kind = models.CharField(_("pledge or transfer"), max_length=16, choices=ContributionKind.choices)
    amount = models.DecimalField(_("amount (baht)"), max_digits=16, decimal_places=2)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("relief contribution")
        verbose_name_plural = _("relief contributions")
        constraints = [
            models.CheckConstraint(name="relief_contribution_positive", condition=models.Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.source} · {self.get_kind_display()} {self.amount}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.campaign.scope_codes


class HouseholdHelped(models.Model):
    """A household helped by a campaign — ครัวเรือนที่ได้รับความช่วยเหลือ.

    ``case`` links a survey household's Logbook case; the help is then also an assistance record on
    it (``assistance``), written through poverty's services.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="households"
    )
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("household"), max_length=200)  # house number, village, head's name
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)
    given_on = models.DateField(_("date"))
    description = models.CharField(_("what was given"), max_length=300)
    case = models.ForeignKey(
        Case, verbose_name=_("Logbook case"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assistance = models.OneToOneField(
        AssistanceRecord,
        verbose_name=_("Logbook assistance record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name = _("household helped")
        verbose_name_plural = _("households helped")
        constraints = [
            models.CheckConstraint(name="relief_household_amount_not_negative", condition=models.Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.area.code,)
