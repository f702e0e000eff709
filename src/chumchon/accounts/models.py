"""Users and their roles (ผู้ใช้และบทบาท).

A user holds roles; each role assignment carries an area scope (the body a role is held in is
recorded by organizations, which lies above accounts). What a role may do is decided in one place:
``chumchon.accounts.permissions``. API tokens let scripts act as a user.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import AreaScoped


class User(AbstractUser):
    """A person who signs in — ผู้ใช้งาน."""

    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # The daily e-mail of what awaits the user (``chumchon digest``); each user may turn it off on /accounts/me.
    daily_digest = models.BooleanField(
        _("daily e-mail digest"),
        default=True,
        help_text=_("Send me one e-mail a day listing what is waiting for me."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def scope_codes(self) -> tuple[str, ...]:
        """The codes this user works in (union of current role scopes), so managing a user is scoped.

        A user without a current role has no codes and is therefore managed by national users only.
        """
        codes: dict[str, None] = {}
        for assignment in self.roles.select_related("area").all():
            if assignment.is_current():
                codes.update(dict.fromkeys(assignment.scope_codes))
        return tuple(codes)


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator (ผู้ดูแลระบบระดับประเทศ)")
    CODI_REGIONAL_STAFF = "codi_regional_staff", _("CODI regional staff (เจ้าหน้าที่ พอช. ภาค)")
    REGIONAL_SUBCOMMITTEE_MEMBER = "regional_subcommittee", _("CODI regional subcommittee member (อนุกรรมการภาค)")
    CLUSTER_WORKING_GROUP_MEMBER = "cluster_working_group", _("Cluster working group member (คณะทำงานกลุ่มจังหวัด)")
    BAAN_MANKONG_SUBCOMMITTEE_MEMBER = (
        "baan_mankong_subcommittee",
        _("Baan Mankong subcommittee member (อนุกรรมการบ้านมั่นคง)"),
    )
    PROJECT_REVIEW_GROUP_MEMBER = (
        "project_review_group",
        _("Regional project-review working group member (คณะทำงานพิจารณาโครงการภาค)"),
    )
    PROVINCIAL_WORKING_GROUP_MEMBER = "provincial_working_group", _("Provincial working group member (คณะทำงานจังหวัด)")
    CDD_PROVINCIAL_OFFICER = "cdd_provincial_officer", _("CDD provincial officer (พัฒนาการจังหวัด)")
    CDD_DISTRICT_OFFICER = "cdd_district_officer", _("CDD district officer (พัฒนากรอำเภอ)")
    TAMBON_COUNCIL_SECRETARY = (
        "tambon_council_secretary",
        _("Tambon community council secretary (เลขานุการสภาองค์กรชุมชนตำบล)"),
    )
    TAMBON_COUNCIL_MEMBER = "tambon_council_member", _("Tambon community council member (สมาชิกสภาองค์กรชุมชนตำบล)")
    WELFARE_FUND_COMMITTEE = "welfare_fund_committee", _("Welfare fund committee member (กรรมการกองทุนสวัสดิการชุมชน)")
    PARTNER_AGENCY_STAFF = "partner_agency", _("Partner agency staff (เจ้าหน้าที่หน่วยงานภาคี)")


class RoleAssignment(AreaScoped):
    """A user's role over a scope — บทบาทของผู้ใช้ พร้อมขอบเขตพื้นที่."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    # The body a role is held in is recorded by organizations (BodyRoleAssignment): it lies above.
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope_label()}"

    def is_current(self, today: object | None = None) -> bool:
        day = today or timezone.localdate()
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)  # type: ignore[operator]


# --- API tokens (โทเค็น API): long-lived keys for scripts that act as one user --------------------
# Only a SHA-256 digest of the key is stored; the key itself is shown once, when it is made.
# The model moved here from the api app; its table keeps its name (no row moved).

TOKEN_PREFIX_LENGTH = 8


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A key that authenticates API calls as its user — กุญแจสำหรับเรียกใช้ API แทนผู้ใช้."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key prefix"), max_length=TOKEN_PREFIX_LENGTH, db_index=True)
    token_hash = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        db_table = "api_apitoken"  # made by the api app's first migration; the table stayed put
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: object | None = None) -> bool:
        moment = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or moment < self.expires_at  # type: ignore[operator]

    @property
    def scope_codes(self) -> tuple[str, ...]:
        """A token is managed where its user is."""
        return self.user.scope_codes
