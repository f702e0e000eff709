"""Forms for bodies: input shapes only; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.areas.forms import AreaField
from chumchon.areas.models import AreaLevel, CodiRegion, ProvincialCluster, ScopeKind
from chumchon.core.dates import ThaiDateField
from chumchon.core.uploads import UploadPurpose, UploadValidator
from chumchon.organizations.models import COUNCIL_KINDS, BenefitKind, Body, BodyKind, BodyStatus, LeaderPosition


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    name_th = forms.CharField(label=_("Thai name"), max_length=300)
    name_en = forms.CharField(label=_("English name"), max_length=300, required=False)
    scope_kind = forms.ChoiceField(label=_("Scope"), choices=ScopeKind.choices, initial=ScopeKind.AREA)
    area_code = AreaField(
        label=_("Area"),
        levels=[AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT, AreaLevel.VILLAGE],
        required=False,
        help_text=_("Its name, e.g. ต.คลองนา อ.เมืองฉะเชิงเทรา (a DOPA code works too)"),
    )
    region = forms.ModelChoiceField(label=_("CODI region"), queryset=CodiRegion.objects.all(), required=False)
    cluster = forms.ModelChoiceField(
        label=_("Provincial cluster"), queryset=ProvincialCluster.objects.all(), required=False
    )
    registration_number = forms.CharField(label=_("Registration number"), max_length=64, required=False)
    founded_on = ThaiDateField(label=_("Founded on"), required=False)
    term_ends_on = ThaiDateField(label=_("Term ends on"), required=False)
    member_count = forms.IntegerField(label=_("Members"), min_value=0, initial=0, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=BodyStatus.choices, initial=BodyStatus.ACTIVE, required=False)
    registered_on = ThaiDateField(label=_("Registered on"), required=False)
    member_of = forms.CharField(
        label=_("Member of (council's registration number)"),
        max_length=64,
        required=False,
        help_text=_("For a community organisation that is a member of a community council"),
    )
    address = forms.CharField(label=_("Address"), max_length=500, required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=64, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean_member_of(self) -> Body | None:
        number = (self.cleaned_data.get("member_of") or "").strip()
        if not number:
            return None
        council = Body.objects.filter(kind__in=COUNCIL_KINDS, registration_number=number).first()
        if council is None:
            raise forms.ValidationError(_("No community council has this registration number."))
        return council

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["area"] = data.pop("area_code")
        data["member_count"] = data.get("member_count") or 0
        data.pop("is_active", None)  # follows the status
        if not data.get("status"):
            data.pop("status", None)  # unchanged (a new body starts active)
        return data

    @classmethod
    def initial_for(cls, body: Body) -> dict[str, Any]:
        return {
            "kind": body.kind,
            "name_th": body.name_th,
            "name_en": body.name_en,
            "scope_kind": body.scope_kind,
            "area_code": body.area.code if body.area else "",
            "region": body.region,
            "cluster": body.cluster,
            "registration_number": body.registration_number,
            "founded_on": body.founded_on,
            "term_ends_on": body.term_ends_on,
            "member_count": body.member_count,
            "status": body.status,
            "registered_on": body.registered_on,
            "member_of": body.member_of.registration_number if body.member_of else "",
            "address": body.address,
            "phone": body.phone,
            "email": body.email,
        }


class LeaderForm(forms.Form):
    position = forms.ChoiceField(label=_("Position"), choices=LeaderPosition.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    national_id = forms.CharField(label=_("National ID (13 digits)"), max_length=17, required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=64, required=False)
    since = ThaiDateField(label=_("Since"), required=False)
    until = ThaiDateField(label=_("Until"), required=False)


class RegistryImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"), validators=[UploadValidator(UploadPurpose.TABLE_IMPORT)])


MONEY_KW: dict[str, Any] = {"min_value": 0, "max_digits": 16, "decimal_places": 2, "required": False, "initial": 0}


class WelfareYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year (B.E.)"), min_value=2500, max_value=2700)
    members_under_18 = forms.IntegerField(label=_("Members under 18"), min_value=0, required=False, initial=0)
    members_18_59 = forms.IntegerField(label=_("Members aged 18–59"), min_value=0, required=False, initial=0)
    members_60_plus = forms.IntegerField(label=_("Members aged 60 and over"), min_value=0, required=False, initial=0)
    opening_balance = forms.DecimalField(
        label=_("Opening balance (baht)"), help_text=_("Only for the first year recorded"), **MONEY_KW
    )
    contributions = forms.DecimalField(label=_("Members' contributions (baht)"), **MONEY_KW)
    matching_local = forms.DecimalField(label=_("Matching from local government (baht)"), **MONEY_KW)
    matching_national = forms.DecimalField(label=_("Matching from national government (baht)"), **MONEY_KW)
    other_income = forms.DecimalField(label=_("Other income (baht)"), **MONEY_KW)
    admin_expense = forms.DecimalField(
        label=_("Administration (baht)"), help_text=_("At most 20 % of the year's receipts"), **MONEY_KW
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {k: (v if v is not None else 0) for k, v in self.cleaned_data.items()}


class WelfareBenefitForm(forms.Form):
    year = forms.IntegerField(label=_("Year (B.E.)"), min_value=2500, max_value=2700)
    kind = forms.ChoiceField(label=_("Benefit"), choices=BenefitKind.choices)
    amount = forms.DecimalField(label=_("Amount (baht)"), min_value=0, max_digits=16, decimal_places=2)
    recipients = forms.IntegerField(label=_("Recipients"), min_value=1, initial=1)
    paid_on = ThaiDateField(label=_("Paid on"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
