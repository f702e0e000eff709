"""Meetings (การประชุม): for now only the resolutions (มติ) that other apps cite as their authority.

A full meetings module (agenda, attendance, minutes) comes later; a resolution already carries
what an audit needs: which body decided, on which day, under which number, and what it said.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.core.thai import format_date_be


class Resolution(models.Model):
    """A resolution of a body's meeting — มติที่ประชุม (e.g. คณะอนุกรรมการภาค ครั้งที่ 2/2565)."""

    body = models.ForeignKey(
        "organizations.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="resolutions"
    )
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

    def __str__(self) -> str:
        return f"{self.body} ครั้งที่ {self.number} ({format_date_be(self.meeting_date, short=True)})"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.body.scope_codes
