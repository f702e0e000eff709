"""Users and their roles (ผู้ใช้และบทบาท).

A user holds roles; each role assignment is in a body (optional for staff roles) and carries an
area scope. What a role may do is decided in one place: ``chumchon.accounts.permissions``.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import AreaScoped


class User(AbstractUser):
    """A person who signs in — ผู้ใช้งาน."""

    phone = models.CharField(_("phone"), max_length=32, blank=True)

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
    """A user's role in a body over a scope — บทบาทของผู้ใช้ในองค์กร พร้อมขอบเขตพื้นที่."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    body = models.ForeignKey(
        "organizations.Body",
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
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
