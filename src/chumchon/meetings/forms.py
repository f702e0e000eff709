"""Forms of the committee and meeting pages (thin: the services validate)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.core.dates import ThaiDateField
from chumchon.core.uploads import UploadPurpose, UploadValidator
from chumchon.meetings.models import DelegatedPower, MeetingKind, Position, Represents, Resolution
from chumchon.organizations.models import Body


class OnDateForm(forms.Form):
    on = ThaiDateField(label=_("Committee on the date"), required=False)


class MembershipForm(forms.Form):
    person_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    username = forms.CharField(
        label=_("User account (if they have one)"), max_length=150, required=False, help_text=_("Username")
    )
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices, initial=Position.MEMBER)
    represents = forms.ChoiceField(label=_("Represents"), choices=Represents.choices)
    represents_text = forms.CharField(label=_("On behalf of"), max_length=300, required=False)
    starts_on = ThaiDateField(label=_("Term starts on"))
    ends_on = ThaiDateField(label=_("Term ends on"), required=False)


class MembershipEndForm(forms.Form):
    ends_on = ThaiDateField(label=_("Last day of the term"))


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of meeting"), choices=MeetingKind.choices, initial=MeetingKind.ORDINARY, required=False
    )
    held_on = ThaiDateField(label=_("Meeting date"))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(label=_("Online meeting link"), required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("Agenda items (one a line)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(label=_("Members present"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [  # type: ignore[attr-defined]
            (str(m.pk), f"{m.person_name} ({m.get_position_display()})") for m in members
        ]


class ResolutionForm(forms.Form):
    text = forms.CharField(label=_("Resolution text"), widget=forms.Textarea(attrs={"rows": 3}))


class MinutesForm(forms.Form):
    minutes = forms.FileField(label=_("Minutes"), validators=[UploadValidator(UploadPurpose.MINUTES)])


class TermExtensionForm(forms.Form):
    resolution = forms.ModelChoiceField(label=_("Resolution"), queryset=Resolution.objects.none())
    new_end = ThaiDateField(label=_("New end of term"))

    def __init__(self, *args: Any, resolutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = resolutions  # type: ignore[attr-defined]


class DelegationForm(forms.Form):
    power = forms.ChoiceField(label=_("Power"), choices=DelegatedPower.choices)
    to_body = forms.ModelChoiceField(label=_("Delegated to"), queryset=Body.objects.none())
    scope = forms.CharField(
        label=_("Where (a CODI region such as R5, a cluster such as C08, or a province code such as 24)"),
        max_length=12,
    )
    max_amount = forms.DecimalField(
        label=_("Up to (baht)"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2500, max_value=2700, required=False)
    valid_from = ThaiDateField(label=_("Valid from"), required=False)
    valid_until = ThaiDateField(label=_("Valid until"), required=False)

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_body"].queryset = bodies  # type: ignore[attr-defined]
