"""Forms for recorded community capital: input shapes only; the rules live in models and services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import Area, AreaLevel
from chumchon.capital.models import CapitalCategory, CapitalEntry, CapitalKind, SourceKind, category_of
from chumchon.core.dates import ThaiDateField
from chumchon.core.templatetags.thai import localized_name


def kind_choices() -> list[tuple[Any, Any]]:
    """The kinds grouped by category (an <optgroup> per profile section)."""
    groups: list[tuple[Any, Any]] = []
    for category, label in CapitalCategory.choices:
        groups.append((label, [(k, lbl) for k, lbl in CapitalKind.choices if category_of(k) == category]))
    return groups


class EntryForm(forms.Form):
    area = forms.ChoiceField(label=_("Tambon or village/community"))
    kind = forms.ChoiceField(label=_("Kind of capital"), choices=kind_choices)
    name = forms.CharField(label=_("Name"), max_length=300, help_text=_("e.g. Khlong Na community forest"))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    quantity = forms.DecimalField(label=_("Quantity"), required=False, max_digits=14, decimal_places=2)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False, help_text=_("e.g. rai, members, places"))
    source_kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices)
    source_name = forms.CharField(
        label=_("Source name"),
        max_length=300,
        required=False,
        help_text=_("The agency, the forum (e.g. village forum 1/2567) or the register"),
    )
    as_of = ThaiDateField(label=_("Date of the data"))

    def __init__(self, *args: Any, profile_area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tambon = profile_area if profile_area.level == AreaLevel.SUBDISTRICT else profile_area.parent
        options = [tambon, *Area.objects.filter(parent=tambon).order_by("code")] if tambon is not None else []
        self._areas = {a.code: a for a in options}
        field = self.fields["area"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(a.code, f"{localized_name(a)} ({a.code})") for a in options]
        if not self.is_bound and "area" not in self.initial:
            self.initial["area"] = profile_area.code

    def clean_area(self) -> Area:
        return self._areas[self.cleaned_data["area"]]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for key in ("description", "unit", "source_name"):
            data[key] = data.get(key) or ""
        return data

    @staticmethod
    def initial_for(entry: CapitalEntry) -> dict[str, Any]:
        return {
            "area": entry.area.code,
            "kind": entry.kind,
            "name": entry.name,
            "description": entry.description,
            "quantity": entry.quantity,
            "unit": entry.unit,
            "source_kind": entry.source_kind,
            "source_name": entry.source_name,
            "as_of": entry.as_of,
        }


class RetireForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for retiring"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. the group has disbanded; recorded twice"),
    )


class AreaCodeForm(forms.Form):
    code = forms.CharField(label=_("Tambon or village code (DOPA)"), max_length=8, help_text=_("e.g. 240104"))
