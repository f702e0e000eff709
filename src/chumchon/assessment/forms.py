"""Forms of the assessment pages (thin: parse input; the services decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import Area, CodiRegion
from chumchon.assessment.criteria import MAX_LEVEL
from chumchon.assessment.models import EvidenceKind, Track
from chumchon.meetings.models import Resolution

LEVEL_CHOICES = [("", "—")] + [(str(i), str(i)) for i in range(MAX_LEVEL + 1)]


class OpenForm(forms.Form):
    province = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("Province"))
    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2500, max_value=2700)
    track = forms.ChoiceField(choices=Track.choices, label=_("Track"))

    def __init__(self, *args: Any, provinces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]


class ScoreForm(forms.Form):
    level = forms.TypedChoiceField(
        choices=LEVEL_CHOICES, coerce=int, empty_value=None, required=False, label=_("Level")
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Explanation"))


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(choices=EvidenceKind.choices, label=_("Kind of evidence"))
    title = forms.CharField(max_length=300, required=False, label=_("Title"))
    document = forms.FileField(required=False, label=_("Document"))
    record = forms.CharField(required=False, label=_("Record of the system"))  # "kind:id" from the offered list
    url = forms.URLField(required=False, label=_("Web address"), assume_scheme="https")


class ReturnForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("What should be changed"))


class SelectionForm(forms.Form):
    scope_kind = forms.ChoiceField(choices=[("region", _("CODI region")), ("nation", _("Nation"))], label=_("Scope"))
    region = forms.ModelChoiceField(queryset=CodiRegion.objects.all(), required=False, label=_("CODI region"))
    fiscal_year = forms.IntegerField(label=_("Pilots from fiscal year (B.E.)"), min_value=2500, max_value=2700)
    assessed_year = forms.IntegerField(
        label=_("Using the assessments of fiscal year (B.E.)"), min_value=2500, max_value=2700
    )
    size = forms.IntegerField(label=_("Number of pilot provinces"), min_value=1, max_value=77)
    track = forms.ChoiceField(choices=Track.choices, label=_("Track"))


class ResolutionChoiceForm(forms.Form):
    resolution = forms.ModelChoiceField(queryset=Resolution.objects.none(), label=_("Resolution"))

    def __init__(self, *args: Any, resolutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = resolutions  # type: ignore[attr-defined]


class CertifyForm(ResolutionChoiceForm):
    fiscal_year = forms.IntegerField(label=_("Certified from fiscal year (B.E.)"), min_value=2500, max_value=2700)
