"""Forms for projects (thin: input shapes only; rules live in services)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.areas.forms import AreaField
from chumchon.areas.models import AreaLevel
from chumchon.core.dates import ThaiDateField
from chumchon.core.forms import FastSelect
from chumchon.core.uploads import UploadPurpose, UploadValidator
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import Body
from chumchon.projects.models import CoFundingSource, ProjectStatus


class ProjectFilterForm(forms.Form):
    fy = forms.TypedChoiceField(label=_("Fiscal year"), required=False, coerce=int, empty_value=None, widget=FastSelect)
    programme = forms.TypedChoiceField(
        label=_("Programme"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ProjectStatus.choices],
        widget=FastSelect,
    )
    area = AreaField(
        label=_("Area"),
        required=False,
        levels=[AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT],
        help_text=_("A province, district or tambon by name"),
    )
    overdue = forms.BooleanField(label=_("Overdue reports only"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, fiscal_years: list[int], programmes: list[tuple[str, str]], **kwargs: Any) -> None:
        """``programmes``: each programme's (id, label) (``selectors.filter_choices``)."""
        super().__init__(*args, **kwargs)
        self.fields["fy"].choices = [("", _("All years")), *[(fy, str(fy)) for fy in fiscal_years]]  # type: ignore[attr-defined]
        self.fields["programme"].choices = [("", _("All programmes")), *programmes]  # type: ignore[attr-defined]


class ProjectForm(forms.Form):
    programme = forms.TypedChoiceField(label=_("Programme"), coerce=int)
    proposer = forms.ModelChoiceField(label=_("Proposing body"), queryset=Body.objects.none())
    area_code = AreaField(
        label=_("Tambon"),
        levels=[AreaLevel.SUBDISTRICT],
        help_text=_("Its name, with the district if several tambons share it, e.g. ต.คลองนา อ.เมืองฉะเชิงเทรา"),
    )
    title_th = forms.CharField(label=_("Thai title"), max_length=300)
    title_en = forms.CharField(label=_("English title"), max_length=300, required=False)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    target_groups = forms.CharField(label=_("Target groups"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    target_households = forms.IntegerField(label=_("Target households"), min_value=0, initial=0)
    starts_on = ThaiDateField(label=_("Starts on"), required=False)
    ends_on = ThaiDateField(label=_("Ends on"), required=False)

    def __init__(self, *args: Any, programmes: list[Any], bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [(p.pk, str(p)) for p in programmes]  # type: ignore[attr-defined]
        self.fields["proposer"].queryset = bodies  # type: ignore[attr-defined]


class SubProjectForm(ProjectForm):
    """The proposal form with the parent fixed: its programme cannot change, plus the weight of the
    sub-project in the parent's progress roll-up."""

    weight = forms.DecimalField(
        label=_("Weight within the parent project"), max_digits=8, decimal_places=2, initial=Decimal(1)
    )
    field_order = ["programme", "weight"]

    def __init__(self, *args: Any, parent: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, programmes=[parent.programme], bodies=bodies, **kwargs)
        programme = self.fields["programme"]
        programme.disabled = True
        programme.initial = parent.programme.pk
        self.initial.setdefault("area_code", parent.area.code)

    def clean_weight(self) -> Decimal:
        weight: Decimal = self.cleaned_data["weight"]
        if weight <= 0:
            raise forms.ValidationError(_("The weight within the parent project must be greater than zero."))
        return weight


class ProjectEditForm(forms.Form):
    title_th = forms.CharField(label=_("Thai title"), max_length=300)
    title_en = forms.CharField(label=_("English title"), max_length=300, required=False)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    target_groups = forms.CharField(label=_("Target groups"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    target_households = forms.IntegerField(label=_("Target households"), min_value=0)
    starts_on = ThaiDateField(label=_("Starts on"), required=False)
    ends_on = ThaiDateField(label=_("Ends on"), required=False)


class BudgetLineForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=300)
    amount = forms.DecimalField(label=_("Amount (baht)"), max_digits=14, decimal_places=2, min_value=0)


class CoFundingForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=CoFundingSource.choices)
    amount = forms.DecimalField(label=_("Amount (baht)"), max_digits=14, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=64, required=False)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=14, decimal_places=2, required=False)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)


class ActivityForm(forms.Form):
    name = forms.CharField(label=_("Activity"), max_length=300)
    weight = forms.DecimalField(label=_("Weight"), max_digits=8, decimal_places=2, min_value=0, initial=1)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReasonsForm(forms.Form):
    comment = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class ResolutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        text = obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"
        return f"{obj} — {text}"


class DecisionForm(forms.Form):
    """Approve or reject: pick the resolution of a quorate meeting of a body with authority, or record
    a resolution of a meeting held outside the system (its minutes attached)."""

    resolution = ResolutionChoiceField(
        label=_("Resolution of the meeting"),
        queryset=Resolution.objects.none(),
        required=False,
        empty_label=_("— a meeting held outside the system: record its resolution below —"),
    )
    body = forms.ModelChoiceField(label=_("Deciding body"), queryset=Body.objects.none(), required=False)
    meeting_date = ThaiDateField(label=_("Meeting date"), required=False)
    number = forms.CharField(label=_("Meeting/resolution number"), max_length=32, required=False)
    text = forms.CharField(label=_("Resolution text"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    minutes = forms.FileField(
        label=_("Minutes of the meeting"), required=False, validators=[UploadValidator(UploadPurpose.MINUTES)]
    )
    approved_amount = forms.DecimalField(
        label=_("Approved amount (baht)"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    comment = forms.CharField(label=_("Comment / reasons"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, bodies: Any, resolutions: Any, approve: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["resolution"].queryset = resolutions  # type: ignore[attr-defined]
        if not approve:
            del self.fields["approved_amount"]
            self.fields["comment"].required = True
            self.fields["comment"].label = _("Reasons")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("resolution"):
            for name in ("body", "meeting_date", "number", "text", "minutes"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        _(
                            "Required for a resolution of a meeting held outside the system (or pick a resolution above)."
                        ),
                    )
        return data


class CloseForm(forms.Form):
    refund_amount = forms.DecimalField(
        label=_("Unspent money refunded (baht)"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SignForm(forms.Form):
    agreement_number = forms.CharField(label=_("Agreement number"), max_length=64)
    signed_on = ThaiDateField(label=_("Signed on"), required=False)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DisburseForm(forms.Form):
    amount = forms.DecimalField(label=_("Tranche amount (baht)"), max_digits=14, decimal_places=2, min_value=0)
    disbursed_on = ThaiDateField(label=_("Disbursed on"), required=False)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleImageField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ProgressReportForm(forms.Form):
    reported_on = ThaiDateField(label=_("Reporting date"), required=False)
    period = forms.CharField(label=_("Period"), max_length=64, required=False)
    progress_pct = forms.DecimalField(
        label=_("Progress (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    spent_amount = forms.DecimalField(label=_("Spent to date (baht)"), max_digits=14, decimal_places=2, min_value=0)
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    photos = MultipleImageField(label=_("Photos"), required=False, validators=[UploadValidator(UploadPurpose.PHOTO)])
    is_final = forms.BooleanField(label=_("Final report"), required=False)

    def __init__(self, *args: Any, indicators: list[Any], activities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for ind in indicators:
            self.fields[f"ind_{ind.pk}"] = forms.DecimalField(
                label=f"{ind.name} ({ind.unit})" if ind.unit else ind.name,
                max_digits=14,
                decimal_places=2,
                required=False,
                initial=ind.latest_value,
            )
        for act in activities:
            self.fields[f"act_{act.pk}"] = forms.DecimalField(
                label=f"{act.name} (%)",
                max_digits=5,
                decimal_places=2,
                min_value=0,
                max_value=100,
                required=False,
                initial=act.progress_pct,
            )

    def indicator_values(self) -> dict[str, Any]:
        return {k[4:]: v for k, v in self.cleaned_data.items() if k.startswith("ind_") and v is not None}

    def activity_progress(self) -> dict[str, Any]:
        return {k[4:]: v for k, v in self.cleaned_data.items() if k.startswith("act_") and v is not None}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"), validators=[UploadValidator(UploadPurpose.TABLE_IMPORT)])
