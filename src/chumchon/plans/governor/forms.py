"""Forms of the governor-proposal pages: parse input only; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.core.dates import ThaiDateField
from chumchon.organizations.models import Body
from chumchon.plans.governor.models import GovernorStatus, RecipientKind, ReplyOutcome
from chumchon.plans.models import PlanItem

BLANK = [("", "—")]


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.title} · {obj.number}. {obj.title}"


class OneItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.title} · {obj.number}. {obj.title}"


class RegisterFilterForm(forms.Form):
    province = forms.ChoiceField(label=_("Province"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=BLANK + list(GovernorStatus.choices), required=False)
    recipient = forms.ChoiceField(label=_("Recipient"), choices=BLANK + list(RecipientKind.choices), required=False)
    year = forms.ChoiceField(label=_("Year (B.E.)"), required=False)

    def __init__(self, *args: Any, provinces: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [(p.code, p.name_th) for p in provinces]  # type: ignore[attr-defined]
        self.fields["year"].choices = BLANK + [(str(y), str(y)) for y in years]  # type: ignore[attr-defined]


class BodyChoiceForm(forms.Form):
    proposing_body = forms.ModelChoiceField(label=_("Proposing body"), queryset=Body.objects.none())

    def __init__(self, *args: Any, bodies: list[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposing_body"].queryset = Body.objects.filter(pk__in=[b.pk for b in bodies])  # type: ignore[attr-defined]


class ProposalForm(forms.Form):
    proposing_body = forms.ModelChoiceField(
        label=_("Proposing body"), queryset=Body.objects.none(), widget=forms.HiddenInput
    )
    title = forms.CharField(label=_("Title of the proposal"), max_length=300)
    summary = forms.CharField(label=_("What is proposed"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    items = ItemChoiceField(
        label=_("Plan items it carries"), queryset=PlanItem.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    recipient_kind = forms.ChoiceField(label=_("Recipient"), choices=RecipientKind.choices)
    recipient_name = forms.CharField(
        label=_("Recipient's name"),
        max_length=300,
        help_text=_("For example: ผู้ว่าราชการจังหวัดฉะเชิงเทรา, or the agency's name."),
    )
    secretariat = forms.ModelChoiceField(label=_("Follow-up secretariat"), queryset=Body.objects.none(), required=False)
    recorded_on = ThaiDateField(
        label=_("Date of the proposal"),
        required=False,
        help_text=_("The date of the body's resolution to propose it; blank: today."),
    )

    def __init__(self, *args: Any, body: Body, items: Any, secretariats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposing_body"].queryset = Body.objects.filter(pk=body.pk)  # type: ignore[attr-defined]
        self.fields["items"].queryset = items  # type: ignore[attr-defined]
        self.fields["secretariat"].queryset = secretariats  # type: ignore[attr-defined]


class SendForm(forms.Form):
    sent_on = ThaiDateField(label=_("Sent on"))
    secretariat = forms.ModelChoiceField(label=_("Follow-up secretariat"), queryset=Body.objects.none())
    reply_due_on = ThaiDateField(
        label=_("Reply due on"), required=False, help_text=_("After this date the proposal is overdue.")
    )

    def __init__(self, *args: Any, secretariats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["secretariat"].queryset = secretariats  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    replied_on = ThaiDateField(label=_("Replied on"))
    outcome = forms.ChoiceField(label=_("Reply"), choices=ReplyOutcome.choices)
    text = forms.CharField(label=_("What the reply says"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class IncludeForm(forms.Form):
    included_on = ThaiDateField(label=_("Included on"))
    item = OneItemChoiceField(
        label=_("The plan item that took it in"), queryset=PlanItem.objects.none(), required=False
    )
    text = forms.CharField(
        label=_("Or: the plan and item outside the system"),
        max_length=500,
        required=False,
        help_text=_("For example: แผนพัฒนาจังหวัด พ.ศ. 2566–2570 โครงการที่ 12"),
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
