"""Forms for poverty targeting (input shape only; rules live in services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.areas.forms import AreaField
from chumchon.areas.models import AreaLevel
from chumchon.core.dates import ThaiDateField
from chumchon.core.uploads import UploadPurpose, UploadValidator
from chumchon.organizations.models import Body
from chumchon.poverty.models import AdditionKind, AdditionReason, CaseStatus, DimensionCode, HelpKind, SurveyRound


class UploadForm(forms.Form):
    survey_round = forms.ModelChoiceField(label=_("Survey round"), queryset=SurveyRound.objects.all())
    area_code = AreaField(
        label=_("Area"),
        levels=[AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT],
        required=False,
        help_text=_("The province, district or tambon the files cover, by name or DOPA code."),
    )
    replace_tambon = forms.BooleanField(label=_("Replace this one subdistrict only"), required=False)
    household_file = forms.FileField(
        label=_("Household file (CSV, Excel or Parquet)"), validators=[UploadValidator(UploadPurpose.SURVEY_DATA)]
    )
    person_file = forms.FileField(
        label=_("Person file (CSV, Excel or Parquet)"), validators=[UploadValidator(UploadPurpose.SURVEY_DATA)]
    )


class AdditionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AdditionKind.choices)
    reason = forms.ChoiceField(label=_("Reason"), choices=AdditionReason.choices)
    full_name = forms.CharField(label=_("Name"), max_length=200)
    house_no = forms.CharField(label=_("House number"), max_length=64, required=False)
    village_code = forms.CharField(label=_("Village code"), max_length=8, required=False)
    national_id = forms.CharField(label=_("National ID"), max_length=17, required=False)
    birth_date = ThaiDateField(label=_("Date of birth"), required=False)
    member_count = forms.IntegerField(label=_("Household members"), min_value=1, max_value=99, initial=1)
    survey_household_id = forms.CharField(label=_("Survey household id (for a person)"), max_length=64, required=False)
    dimensions = forms.MultipleChoiceField(
        label=_("Deprived dimensions"),
        choices=DimensionCode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    elderly = forms.BooleanField(label=_("Elderly (60+)"), required=False)
    disabled = forms.BooleanField(label=_("Disabled"), required=False)
    chronically_ill = forms.BooleanField(label=_("Chronically ill"), required=False)
    bedridden = forms.BooleanField(label=_("Bedridden"), required=False)
    child = forms.BooleanField(label=_("Child (0–5)"), required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecisionForm(forms.Form):
    verified = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Verify")), ("0", _("Do not verify"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CaseOpenForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=DimensionCode.choices)
    comment = forms.CharField(label=_("Comment"), required=False)
    # A person case: the member's reference in the household (never the national ID); empty = the household.
    member = forms.IntegerField(required=False, min_value=1, max_value=999)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    comment = forms.CharField(label=_("Comment or reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssistanceForm(forms.Form):
    description = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    help_kind = forms.ChoiceField(label=_("Type of help"), choices=HelpKind.choices)
    amount = forms.DecimalField(
        label=_("Amount (baht)"), max_digits=14, decimal_places=2, min_value=0, initial=0, required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Acting agency or organisation"), queryset=Body.objects.none(), required=False
    )
    agency_name = forms.CharField(label=_("or another agency (name)"), max_length=300, required=False)
    given_on = ThaiDateField(label=_("Date"))
    follow_up_on = ThaiDateField(label=_("Follow-up date"), required=False)
    evidence = forms.FileField(
        label=_("Evidence (photo, PDF)"), required=False, validators=[UploadValidator(UploadPurpose.EVIDENCE)]
    )

    def __init__(self, *args: object, agencies: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class IndicatorTextsForm(forms.Form):
    """A national administrator's correction of an indicator's texts (the service validates)."""

    name_th = forms.CharField(label=_("Thai name"), max_length=300)
    name_en = forms.CharField(label=_("English name"), max_length=300, required=False)
    source_note = forms.CharField(
        label=_("Source of the confirmed text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the text was confirmed: the CDD manual, page and date, or a link."),
    )


class DuplicateResolveForm(forms.Form):
    """A provincial officer's decision on a cross-area duplicate (the choices name the two areas)."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, first_label: str = "", second_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)
        decision.choices = [
            ("first", _("Same person, lives in %(area)s") % {"area": first_label}),
            ("second", _("Same person, lives in %(area)s") % {"area": second_label}),
            ("different", _("Different people (for example an ID typed wrong): both are counted")),
        ]
