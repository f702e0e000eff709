"""Bodies (องค์กร/คณะ): community councils, welfare funds, committees, agencies.

A body serves a scope (nation, CODI region, provincial cluster or an area subtree). Committees have
terms that end and can be extended by resolution (seed 000).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import RoleAssignment
from chumchon.areas.models import AreaScoped


class BodyKind(models.TextChoices):
    TAMBON_COMMUNITY_COUNCIL = "tambon_council", _("Tambon community council (สภาองค์กรชุมชนตำบล)")
    DISTRICT_COMMUNITY_COUNCIL = "district_council", _("District community council (สภาองค์กรชุมชนระดับอำเภอ)")
    PROVINCIAL_COMMUNITY_COUNCIL = "provincial_council", _("Provincial community council (สภาองค์กรชุมชนระดับจังหวัด)")
    WELFARE_FUND = "welfare_fund", _("Community welfare fund (กองทุนสวัสดิการชุมชน)")
    CON_CENTRE = "con_centre", _("Community organisation network centre (ศอช.)")
    COMMUNITY_ORGANISATION = "community_org", _("Community organisation (องค์กรชุมชน)")
    HOUSING_COOPERATIVE = "housing_coop", _("Housing cooperative / Baan Mankong group (สหกรณ์เคหสถาน)")
    CODI_REGIONAL_SUBCOMMITTEE = "codi_regional_subcommittee", _("CODI regional subcommittee (คณะอนุกรรมการภาค)")
    CLUSTER_WORKING_GROUP = "cluster_working_group", _("Provincial-cluster working group (คณะทำงานกลุ่มจังหวัด)")
    PROVINCIAL_WORKING_GROUP = "provincial_working_group", _("Provincial working group (คณะทำงานจังหวัด)")
    PROJECT_REVIEW_WORKING_GROUP = "project_review_group", _("Project review working group (คณะทำงานพิจารณาโครงการ)")
    BAAN_MANKONG_SUBCOMMITTEE = "baan_mankong_subcommittee", _("Baan Mankong subcommittee (คณะอนุกรรมการบ้านมั่นคง)")
    TAMBON_INTEGRATED_COMMITTEE = "kbt", _("Integrated tambon administration committee (ก.บ.ต.)")
    CODI_OFFICE = "codi_office", _("CODI office (สำนักงาน พอช.)")
    CDD_OFFICE = "cdd_office", _("Community Development office (สำนักงานพัฒนาชุมชน)")
    PARTNER_AGENCY = "partner_agency", _("Partner agency (หน่วยงานภาคี)")
    PRIVATE_PARTNER = "private_partner", _("Private partner (ภาคเอกชน)")


COMMITTEE_KINDS = frozenset(
    {
        BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
        BodyKind.CLUSTER_WORKING_GROUP,
        BodyKind.PROVINCIAL_WORKING_GROUP,
        BodyKind.PROJECT_REVIEW_WORKING_GROUP,
        BodyKind.BAAN_MANKONG_SUBCOMMITTEE,
        BodyKind.TAMBON_INTEGRATED_COMMITTEE,
    }
)


class Body(AreaScoped):
    """A community body, committee or agency — องค์กร/คณะกรรมการ/หน่วยงาน."""

    kind = models.CharField(_("kind"), max_length=40, choices=BodyKind.choices, db_index=True)
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    member_count = models.PositiveIntegerField(_("members"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name_th


class BodyRoleAssignment(models.Model):
    """The body a role assignment is held in — บทบาทนี้ดำรงในองค์กรใด.

    The link belongs to organizations (above accounts): accounts keeps users and their scoped roles;
    this says in which body a role is held. Committee membership (issue 12) will create assignments
    together with this link.
    """

    assignment = models.OneToOneField(
        RoleAssignment, verbose_name=_("role assignment"), on_delete=models.CASCADE, related_name="body_link"
    )
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="role_links")

    class Meta:
        verbose_name = _("role held in a body")
        verbose_name_plural = _("roles held in bodies")

    def __str__(self) -> str:
        return f"{self.assignment} · {self.body}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.assignment.scope_codes
