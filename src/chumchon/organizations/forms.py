"""Forms for bodies: input shapes only; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import Area, CodiRegion, ProvincialCluster, ScopeKind
from chumchon.areas.selectors import AreaNotFound, area_resolve_code
from chumchon.core.dates import ThaiDateField
from chumchon.organizations.models import Body, BodyKind


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    name_th = forms.CharField(label=_("Thai name"), max_length=300)
    name_en = forms.CharField(label=_("English name"), max_length=300, required=False)
    scope_kind = forms.ChoiceField(label=_("Scope"), choices=ScopeKind.choices, initial=ScopeKind.AREA)
    area_code = forms.CharField(
        label=_("Area code (DOPA)"), max_length=8, required=False, help_text=_("e.g. 240104 for a tambon")
    )
    region = forms.ModelChoiceField(label=_("CODI region"), queryset=CodiRegion.objects.all(), required=False)
    cluster = forms.ModelChoiceField(
        label=_("Provincial cluster"), queryset=ProvincialCluster.objects.all(), required=False
    )
    registration_number = forms.CharField(label=_("Registration number"), max_length=64, required=False)
    founded_on = ThaiDateField(label=_("Founded on"), required=False)
    term_ends_on = ThaiDateField(label=_("Term ends on"), required=False)
    member_count = forms.IntegerField(label=_("Members"), min_value=0, initial=0, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def clean_area_code(self) -> Area | None:
        code = (self.cleaned_data.get("area_code") or "").strip()
        if not code:
            return None
        try:
            return area_resolve_code(code)
        except AreaNotFound as exc:
            raise forms.ValidationError(str(exc)) from exc

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["area"] = data.pop("area_code")
        data["member_count"] = data.get("member_count") or 0
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
            "is_active": body.is_active,
        }


class TermExtensionForm(forms.Form):
    new_end = ThaiDateField(label=_("New end of term"))
    resolution_note = forms.CharField(
        label=_("Resolution"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. meeting 3/2565 resolved to extend the term by 3 months"),
    )
