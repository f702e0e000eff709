"""Forms of the budget pages (validation of input only; rules live in services)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.budgets.models import IndicatorAggregation, ProgrammeIndicator
from chumchon.core.dates import ThaiDateField
from chumchon.organizations.models import Body


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Scenario name"), max_length=200)
    scope_code = forms.CharField(label=_("Region or cluster code"), max_length=16, initial="R5")
    scope_kind = forms.ChoiceField(
        label=_("Scope"), choices=[("region", _("CODI region")), ("cluster", _("Provincial cluster"))]
    )
    total = forms.DecimalField(
        label=_("Amount to allocate (baht)"), max_digits=14, decimal_places=0, min_value=Decimal(0)
    )
    base = forms.DecimalField(
        label=_("Weight: equal share"), max_digits=6, decimal_places=3, initial=Decimal("0.3"), min_value=0
    )
    population = forms.DecimalField(
        label=_("Weight: households"), max_digits=6, decimal_places=3, initial=Decimal("0.3"), min_value=0
    )
    tambons = forms.DecimalField(
        label=_("Weight: number of tambons"), max_digits=6, decimal_places=3, initial=Decimal("0.2"), min_value=0
    )
    poor = forms.DecimalField(
        label=_("Weight: target poor households"), max_digits=6, decimal_places=3, initial=Decimal("0.2"), min_value=0
    )
    intensity = forms.DecimalField(
        label=_("Weight: poverty intensity (M0)"), max_digits=6, decimal_places=3, initial=Decimal(0), min_value=0
    )
    absorption = forms.DecimalField(
        label=_("Weight: past absorption"), max_digits=6, decimal_places=3, initial=Decimal(0), min_value=0
    )
    floor = forms.IntegerField(label=_("Floor per province (baht)"), min_value=0, initial=0)
    cap = forms.IntegerField(label=_("Cap per province (baht)"), min_value=0, required=False)
    down_to_tambon = forms.BooleanField(label=_("Also split each province among its tambons"), required=False)

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "base": str(d["base"]),
            "weights": {k: str(d[k]) for k in ("population", "tambons", "poor", "intensity", "absorption") if d[k]},
            "floor": d["floor"] or 0,
            "cap": d["cap"],
            "down_to": "tambon" if d["down_to_tambon"] else "province",
        }


class AdoptForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Adopting body"), queryset=Body.objects.none())
    meeting_date = ThaiDateField(label=_("Meeting date"))
    number = forms.CharField(label=_("Meeting/resolution number"), max_length=32, initial="1/2565")
    text = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, bodies: list[Body] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["body"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Body.objects.filter(pk__in=[b.pk for b in bodies or []])


class ReallocateForm(forms.Form):
    """Move uncommitted money between two provinces of a programme, by a committee's resolution."""

    from_province = forms.ChoiceField(label=_("From province"))
    to_province = forms.ChoiceField(label=_("To province"))
    amount = forms.DecimalField(label=_("Amount (baht)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    body = forms.ModelChoiceField(label=_("Deciding body"), queryset=Body.objects.none())
    meeting_date = ThaiDateField(label=_("Meeting date"))
    number = forms.CharField(label=_("Meeting/resolution number"), max_length=32)
    text = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self,
        *args: Any,
        provinces: list[tuple[str, str]] | None = None,
        bodies: list[Body] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *(provinces or [])]
        for name in ("from_province", "to_province"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
        field = self.fields["body"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Body.objects.filter(pk__in=[b.pk for b in bodies or []])


class ProgrammeIndicatorForm(forms.Form):
    """Add a programme indicator, or update the one with the same code.

    Only carries the input: ``services.programme_indicator_set`` checks the code, the name, the
    aggregation and the target (a positive number) and gives the bilingual reason when it refuses,
    so the fields here are not required and the target stays text until the service reads it.
    """

    code = forms.CharField(
        label=_("Programme indicator code"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 32, "required": True, "autocomplete": "off"}),
    )
    name_th = forms.CharField(
        label=_("Indicator name in Thai"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 300, "required": True}),
    )
    name_en = forms.CharField(
        label=_("Indicator name in English (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 300}),
    )
    unit = forms.CharField(
        label=_("Unit of the indicator"), required=False, widget=forms.TextInput(attrs={"maxlength": 64})
    )
    target = forms.CharField(
        label=_("Programme target value"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "required": True}),
    )
    aggregation = forms.CharField(
        label=_("How project values roll up"),
        required=False,
        initial=IndicatorAggregation.SUM,
        widget=forms.Select(choices=IndicatorAggregation.choices),
    )

    @classmethod
    def initial_for(cls, indicator: ProgrammeIndicator) -> dict[str, Any]:
        """The form filled in with an existing indicator (the "edit" link)."""
        return {
            "code": indicator.code,
            "name_th": indicator.name_th,
            "name_en": indicator.name_en,
            "unit": indicator.unit,
            "target": format(indicator.target.normalize(), "f"),
            "aggregation": indicator.aggregation,
        }
