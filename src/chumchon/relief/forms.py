"""Forms for relief: input shapes only; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.areas.selectors import AreaNotFound, area_resolve_code
from chumchon.core.dates import ThaiDateField
from chumchon.organizations.models import Body
from chumchon.poverty.models import Case
from chumchon.relief.models import ContributionKind, EventKind


def _area(code: str) -> Any:
    try:
        return area_resolve_code(code.strip())
    except AreaNotFound as exc:
        raise forms.ValidationError(str(exc)) from exc


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Body) -> str:
        return obj.name_th


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    event_kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    event_on = ThaiDateField(label=_("Date of the event"))
    area_code = forms.CharField(
        label=_("Area affected (DOPA code)"), max_length=8, help_text=_("e.g. 960101 for a tambon")
    )
    organiser = BodyChoiceField(label=_("Organised by"), queryset=Body.objects.none())
    target_amount = forms.DecimalField(
        label=_("Target (baht)"), min_value=0, max_digits=16, decimal_places=2, required=False
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, organisers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisers is not None:
            self.fields["organiser"].queryset = organisers  # type: ignore[attr-defined]

    def clean_area_code(self) -> Any:
        return _area(self.cleaned_data["area_code"])

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["area"] = data.pop("area_code")
        data["target_amount"] = data.get("target_amount") or 0
        return data


class ContributionForm(forms.Form):
    source = BodyChoiceField(label=_("From"), queryset=Body.objects.none())
    kind = forms.ChoiceField(label=_("Pledge or transfer"), choices=ContributionKind.choices)
    amount = forms.DecimalField(label=_("Amount (baht)"), min_value=0, max_digits=16, decimal_places=2)
    on = ThaiDateField(label=_("Date"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, sources: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sources is not None:
            self.fields["source"].queryset = sources  # type: ignore[attr-defined]


class HouseholdForm(forms.Form):
    case = forms.IntegerField(
        label=_("Logbook case number"),
        required=False,
        min_value=1,
        help_text=_("For a survey household with a Logbook case: the help is recorded on the case too"),
    )
    area_code = forms.CharField(label=_("Area (DOPA code)"), max_length=8, required=False)
    label = forms.CharField(label=_("Household (house number, village, head)"), max_length=200, required=False)
    amount = forms.DecimalField(label=_("Amount (baht)"), min_value=0, max_digits=14, decimal_places=2)
    given_on = ThaiDateField(label=_("Date"))
    description = forms.CharField(label=_("What was given"), max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        case_pk = data.get("case")
        data["case"] = None
        if case_pk:
            case = Case.objects.select_related("area").filter(pk=case_pk).first()
            if case is None:
                self.add_error("case", _("No Logbook case has this number."))
            data["case"] = case
        code = (data.get("area_code") or "").strip()
        data["area_code"] = None
        if code:
            try:
                data["area_code"] = _area(code)
            except forms.ValidationError as exc:
                self.add_error("area_code", exc)
        elif not case_pk:
            self.add_error("area_code", _("Give the area, or the household's Logbook case."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["area"] = data.pop("area_code")
        return data
