"""Forms of the indicators pages (input only; the rules live in services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.areas.forms import AreaField
from chumchon.areas.models import AreaLevel
from chumchon.core.uploads import UploadPurpose, UploadValidator
from chumchon.indicators.models import Indicator
from chumchon.indicators.services import DEFINITION_FIELDS


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = list(DEFINITION_FIELDS)
        help_texts = {
            "formula": _(
                "For an indicator computed from the data: measures from the list below joined by + − × ÷ and numbers. "
                "For a share: the numerator."
            ),
            "denominator": _("For a share only: the formula of the denominator."),
            "weight_formula": _("For a weighted average only: the formula of the weight."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TargetForm(forms.Form):
    unit = forms.ChoiceField(label=_("Area"))
    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2500, max_value=2700)
    value = forms.DecimalField(label=_("Target"), max_digits=18, decimal_places=2)

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel or CSV file"),
        validators=[UploadValidator(UploadPurpose.TABLE_IMPORT)],
        help_text=_(
            "Columns: area code, indicator (its Thai or English name), fiscal year (B.E.), value, and for shares "
            "and weighted averages the denominator or weight."
        ),
    )


class UnitForm(forms.Form):
    code = AreaField(
        label=_("Area"),
        levels=[AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT],
        help_text=_("A province, district or tambon by name"),
    )
    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2500, max_value=2700)
