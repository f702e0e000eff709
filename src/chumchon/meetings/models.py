"""Meetings (การประชุม): committees and their terms, meetings, resolutions, and dated delegations.

* ``Membership`` — a person holds a position (chair, vice-chair, secretary, member) on a committee
  (an ``organizations.Body`` of a committee kind), representing someone, from a start date to an end
  date. Membership on a date is the ONE source of who sits on a body: the role assignment that gives
  a member the body's powers is made and ended with it (``role_assignment``).
* ``TermExtension`` — a committee's term extended by a resolution, with the explicit new end date.
* ``Meeting`` — numbered per body and fiscal year ("ครั้งที่ 2/2565"), with its agenda items, attendance
  and minutes; quorum: more than half of the members sitting on the meeting date.
* ``Resolution`` — a resolution of a meeting (or, with its minutes attached, of a meeting held outside
  the system: ``is_external``); ``ResolutionLink`` ties it to the records it decides (generic: a
  registry of decision kinds, ``meetings.decisions``).
* ``Delegation`` — a power delegated by a resolution from one body to another, up to an amount, for a
  fiscal year or a date range, in a region, cluster or province; a rule source of ``meetings.authority``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import RoleAssignment
from chumchon.areas.models import AreaScoped
from chumchon.core.thai import format_date_be


class Position(models.TextChoices):
    CHAIR = "chair", _("Chair (ประธาน)")
    VICE_CHAIR = "vice_chair", _("Vice-chair (รองประธาน)")
    SECRETARY = "secretary", _("Secretary (เลขานุการ)")
    MEMBER = "member", _("Member (กรรมการ)")


class Represents(models.TextChoices):
    MOVEMENT = "movement", _("Community movement (ขบวนองค์กรชุมชน)")
    AGENCY = "agency", _("Agency (หน่วยงาน)")
    EXPERT = "expert", _("Expert (ผู้ทรงคุณวุฒิ)")


class Membership(models.Model):
    """A seat held on a committee for a term — กรรมการ/อนุกรรมการ/คณะทำงาน ตำแหน่ง วาระ."""

    body = models.ForeignKey(
        "organizations.Body", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_memberships",
    )
    person_name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=16, choices=Position.choices, default=Position.MEMBER)
    represents = models.CharField(_("represents"), max_length=16, choices=Represents.choices)
    represents_text = models.CharField(_("on behalf of"), max_length=300, blank=True)
    starts_on = models.DateField(_("term starts on"))
    ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    role_assignment = models.OneToOneField(
        RoleAssignment,
        verbose_name=_("role assignment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership",
    )

    class Meta:
        ordering = ["body", "position", "person_name", "starts_on"]
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        indexes = [models.Index(fields=["body", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_name} · {self.get_position_display()} · {self.body}"

    def sits_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.body.scope_codes


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary meeting")
    ANNUAL_ASSEMBLY = "annual_assembly", _("Annual provincial assembly")  # สมัชชาจังหวัด


class Meeting(models.Model):
    """A numbered meeting of a committee — การประชุม ครั้งที่ n/ปีงบประมาณ; an annual provincial
    assembly (สมัชชาจังหวัด) is a meeting of that kind."""

    body = models.ForeignKey(
        "organizations.Body", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="meetings"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    sequence = models.PositiveSmallIntegerField(_("meeting number"))
    kind = models.CharField(
        _("kind of meeting"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.ORDINARY
    )
    held_on = models.DateField(_("meeting date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)
    minutes = models.FileField(_("minutes"), upload_to="meetings/minutes/%Y/", blank=True)
    minutes_recorded = models.BooleanField(_("attendance recorded"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["body", "fiscal_year", "sequence"], name="meeting_number_per_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.body} ครั้งที่ {self.number} ({format_date_be(self.held_on, short=True)})"

    @property
    def number(self) -> str:
        return f"{self.sequence}/{self.fiscal_year}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.body.scope_codes


class AgendaItem(models.Model):
    """An item of a meeting's agenda — ระเบียบวาระ."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("item"))
    title = models.CharField(_("agenda item"), max_length=500)

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Attendance(models.Model):
    """Who of the members sitting on the meeting date attended — การเข้าประชุม."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="attendance"
    )
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_once_per_member")]

    def __str__(self) -> str:
        return f"{self.membership.person_name} · {self.meeting}"


class Resolution(models.Model):
    """A resolution of a body's meeting — มติที่ประชุม (e.g. คณะอนุกรรมการภาค ครั้งที่ 2/2565).

    Recorded at a meeting in the system (``meeting``), or — with the minutes attached — of a meeting
    held outside it (``is_external``). Older rows (before meetings were recorded) have neither.
    """

    body = models.ForeignKey(
        "organizations.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="resolutions"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    is_external = models.BooleanField(_("meeting held outside the system"), default=False)
    minutes = models.FileField(_("minutes"), upload_to="meetings/minutes/%Y/", blank=True)
    meeting_date = models.DateField(_("meeting date"))
    number = models.CharField(_("meeting/resolution number"), max_length=32)  # "2/2565"
    text = models.TextField(_("resolution"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-meeting_date", "-id"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        indexes = [models.Index(fields=["body", "meeting_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_external=False) | Q(meeting__isnull=True), name="external_resolution_has_no_meeting"
            )
        ]

    def __str__(self) -> str:
        external = " (นอกระบบ)" if self.is_external else ""
        return f"{self.body} ครั้งที่ {self.number} ({format_date_be(self.meeting_date, short=True)}){external}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.body.scope_codes


class ResolutionLink(models.Model):
    """What a resolution decides: one record of a registered decision kind (``meetings.decisions``)."""

    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="links"
    )
    kind = models.CharField(_("decision"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("record"))

    class Meta:
        verbose_name = _("decision of a resolution")
        verbose_name_plural = _("decisions of resolutions")
        indexes = [models.Index(fields=["kind", "object_id"])]
        constraints = [models.UniqueConstraint(fields=["resolution", "kind", "object_id"], name="resolution_link_once")]

    def __str__(self) -> str:
        return f"{self.resolution} → {self.kind} {self.object_id}"


class TermExtension(models.Model):
    """A committee's term extended by a resolution, with explicit dates — ขยายวาระตามมติ."""

    body = models.ForeignKey(
        "organizations.Body", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="term_extensions"
    )
    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.PROTECT, related_name="term_extensions"
    )
    previous_end = models.DateField(_("term ended on"))
    new_start = models.DateField(_("extension starts on"))
    new_end = models.DateField(_("extended to"))

    class Meta:
        ordering = ["body", "new_end"]
        verbose_name = _("term extension")
        verbose_name_plural = _("term extensions")

    def __str__(self) -> str:
        return f"{self.body}: {format_date_be(self.new_start, short=True)}–{format_date_be(self.new_end, short=True)}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.body.scope_codes


class DelegatedPower(models.TextChoices):
    APPROVE_ORDINARY = "approve_ordinary", _("Approve ordinary projects")
    APPROVE_HOUSING = "approve_housing", _("Approve housing (Baan Mankong) projects")
    ADOPT_ALLOCATION = "adopt_allocation", _("Adopt an allocation")


class Delegation(AreaScoped):
    """A power delegated by a resolution — การมอบอำนาจตามมติ (scope: a region, cluster or province)."""

    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.PROTECT, related_name="delegations"
    )
    power = models.CharField(_("power"), max_length=20, choices=DelegatedPower.choices)
    from_body = models.ForeignKey(
        "organizations.Body", verbose_name=_("delegated by"), on_delete=models.PROTECT, related_name="delegations_made"
    )
    to_body = models.ForeignKey(
        "organizations.Body", verbose_name=_("delegated to"), on_delete=models.PROTECT, related_name="delegations_held"
    )
    max_amount = models.DecimalField(_("up to amount (baht)"), max_digits=14, decimal_places=2, null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "-valid_from", "-id"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__isnull=False) | Q(valid_from__isnull=False), name="delegation_has_a_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_power_display()}: {self.from_body} → {self.to_body}"
