"""Audit trail (บันทึกการตรวจสอบ): who did what to which record, when, with before/after values."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    VIEW = "view", _("Viewed personal data")
    EXPORT = "export", _("Exported")
    TRANSITION = "transition", _("Changed status")
    IMPORT = "import", _("Imported")


class AuditEvent(models.Model):
    """One audited act — เหตุการณ์ที่บันทึกไว้เพื่อการตรวจสอบ."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices, db_index=True)
    model_label = models.CharField(_("record type"), max_length=100, db_index=True)
    object_pk = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    # The area the record belongs to ("" = national), so scoped users browse their own area's trail.
    area_code = models.CharField(_("area code"), max_length=8, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)  # {field: [before, after]}
    personal_data = models.BooleanField(_("personal data"), default=False, db_index=True)
    note = models.TextField(_("note"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["model_label", "object_pk"]),
            models.Index(fields=["area_code"], name="audit_area_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model_label}#{self.object_pk}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return (self.area_code,)
