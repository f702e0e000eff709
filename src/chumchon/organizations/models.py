"""Bodies (องค์กร/คณะ): community councils, welfare funds, committees, agencies.

A body serves a scope (nation, CODI region, provincial cluster or an area subtree). Committees have
terms that end and can be extended by resolution (seed 000).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.models import RoleAssignment
from chumchon.areas.models import AreaScoped
from chumchon.areas.summaries import SummarisedQuerySet


class BodyQuerySet(SummarisedQuerySet):
    """Bulk writes of bodies refresh the area pages' kept "bodies" and "welfare" figures (areas.summaries)."""

    summary_sources = ("bodies", "welfare")
    summary_code = "area__code"


class FundYearQuerySet(SummarisedQuerySet):
    summary_sources = ("welfare",)
    summary_code = "fund__area__code"


class BenefitQuerySet(SummarisedQuerySet):
    summary_sources = ("welfare",)
    summary_code = "fund_year__fund__area__code"


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
    NETWORK = "network", _("Community network (เครือข่ายองค์กรชุมชน)")
    COOPERATIVE = "cooperative", _("Cooperative (สหกรณ์)")


# The kinds the organisation registry (ทะเบียนองค์กร) holds: the community movement's own organisations,
# as opposed to committees, offices and partners (which are bodies too, but registered elsewhere).
REGISTRY_KINDS = (
    BodyKind.TAMBON_COMMUNITY_COUNCIL,
    BodyKind.DISTRICT_COMMUNITY_COUNCIL,
    BodyKind.PROVINCIAL_COMMUNITY_COUNCIL,
    BodyKind.WELFARE_FUND,
    BodyKind.CON_CENTRE,
    BodyKind.NETWORK,
    BodyKind.COOPERATIVE,
    BodyKind.HOUSING_COOPERATIVE,
    BodyKind.COMMUNITY_ORGANISATION,
)
COUNCIL_KINDS = frozenset(
    {
        BodyKind.TAMBON_COMMUNITY_COUNCIL,
        BodyKind.DISTRICT_COMMUNITY_COUNCIL,
        BodyKind.PROVINCIAL_COMMUNITY_COUNCIL,
    }
)


class BodyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    DISSOLVED = "dissolved", _("Dissolved")


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
    # The registry (issue 12): status, registration, membership of a council, contacts.
    # Columns added after the first release carry a database default, so that app servers still running
    # the previous release (a rolling deploy, docs/deploy.md) can keep inserting bodies.
    status = models.CharField(
        _("status"), max_length=16, choices=BodyStatus.choices, default=BodyStatus.ACTIVE, db_default=BodyStatus.ACTIVE
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    member_of = models.ForeignKey(
        "self",
        verbose_name=_("member of (community council)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_organisations",
    )
    address = models.CharField(_("address"), max_length=500, blank=True, db_default="")
    phone = models.CharField(_("telephone"), max_length=64, blank=True, db_default="")
    email = models.EmailField(_("e-mail"), blank=True, db_default="")

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name_th

    def clean(self) -> None:
        super().clean()
        if self.member_of_id is not None:
            council = self.member_of
            if council is None or council.kind not in COUNCIL_KINDS:
                raise ValidationError(
                    {"member_of": "ต้องเป็นสภาองค์กรชุมชน / A body can be a member only of a community council"}
                )
            if council.pk == self.pk:
                raise ValidationError({"member_of": "องค์กรเป็นสมาชิกของตนเองไม่ได้ / A body cannot be its own member"})


class LeaderPosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    TREASURER = "treasurer", _("Treasurer")
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Committee member")


class BodyLeader(models.Model):
    """A leader or contact person of a registered organisation — ผู้นำ/ผู้ประสานงานขององค์กร.

    Personal data (PDPA): the national ID is stored in full but shown masked unless the viewer holds
    PERSON_VIEW_ID over the body; showing it in clear is audited, and audit rows keep it masked.
    """

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="leaders")
    position = models.CharField(_("position"), max_length=16, choices=LeaderPosition.choices)
    name = models.CharField(_("name"), max_length=200)
    national_id = models.CharField(_("national ID"), max_length=13, blank=True)
    phone = models.CharField(_("telephone"), max_length=64, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["body", "position", "name", "id"]
        verbose_name = _("leader or contact")
        verbose_name_plural = _("leaders and contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_position_display()})"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.body.scope_codes


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


# --- Community welfare funds (กองทุนสวัสดิการชุมชน) — seed 001 "ระบบข้อมูลกลางของกองทุนสวัสดิการชุมชน".


class BenefitKind(models.TextChoices):
    BIRTH = "birth", _("Birth")
    ILLNESS = "illness", _("Illness")
    ELDERLY = "elderly", _("Elderly")
    DEATH = "death", _("Death")
    EDUCATION = "education", _("Education")
    DISASTER = "disaster", _("Disaster")
    OTHER = "other", _("Other")


MONEY = {"max_digits": 16, "decimal_places": 2, "default": 0}


class WelfareFundYear(models.Model):
    """One fund's figures for one year (B.E. calendar year) — ข้อมูลรายปีของกองทุนสวัสดิการชุมชน.

    ``opening_balance`` is entered for a fund's first recorded year only; every later year opens
    with the previous year's closing balance (``organizations.welfare``).
    """

    fund = models.ForeignKey(Body, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="welfare_years")
    year = models.PositiveIntegerField(_("year (B.E.)"))
    members_under_18 = models.PositiveIntegerField(_("members under 18"), default=0)
    members_18_59 = models.PositiveIntegerField(_("members aged 18–59"), default=0)
    members_60_plus = models.PositiveIntegerField(_("members aged 60 and over"), default=0)
    opening_balance = models.DecimalField(_("opening balance (baht)"), **MONEY)  # type: ignore[arg-type]
    contributions = models.DecimalField(_("members' contributions (baht)"), **MONEY)  # type: ignore[arg-type]
    matching_local = models.DecimalField(_("matching from local government (baht)"), **MONEY)  # type: ignore[arg-type]
    matching_national = models.DecimalField(_("matching from national government (baht)"), **MONEY)  # type: ignore[arg-type]
    other_income = models.DecimalField(_("other income (baht)"), **MONEY)  # type: ignore[arg-type]
    admin_expense = models.DecimalField(_("administration (baht)"), **MONEY)  # type: ignore[arg-type]

    objects = FundYearQuerySet.as_manager()

    class Meta:
        ordering = ["fund", "year"]
        verbose_name = _("welfare fund year")
        verbose_name_plural = _("welfare fund years")
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="welfare_fund_year_unique"),
            models.CheckConstraint(
                name="welfare_fund_year_money_not_negative",
                condition=models.Q(
                    opening_balance__gte=0,
                    contributions__gte=0,
                    matching_local__gte=0,
                    matching_national__gte=0,
                    other_income__gte=0,
                    admin_expense__gte=0,
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} · {self.year}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.fund.scope_codes

    @property
    def members(self) -> int:
        return self.members_under_18 + self.members_18_59 + self.members_60_plus


class WelfareBenefit(models.Model):
    """Benefits paid by a fund in a year, of one kind — สวัสดิการที่จ่าย (one row per recorded payment batch)."""

    fund_year = models.ForeignKey(
        WelfareFundYear, verbose_name=_("fund year"), on_delete=models.CASCADE, related_name="benefits"
    )
    kind = models.CharField(_("benefit"), max_length=16, choices=BenefitKind.choices)
    amount = models.DecimalField(_("amount (baht)"), max_digits=16, decimal_places=2)
    recipients = models.PositiveIntegerField(_("recipients"), default=1)
    paid_on = models.DateField(_("paid on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = BenefitQuerySet.as_manager()

    class Meta:
        ordering = ["fund_year", "paid_on", "id"]
        verbose_name = _("welfare benefit paid")
        verbose_name_plural = _("welfare benefits paid")
        constraints = [
            models.CheckConstraint(name="welfare_benefit_amount_positive", condition=models.Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        return self.fund_year.fund.scope_codes
