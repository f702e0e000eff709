from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Do not write names, ID numbers, addresses or telephone numbers: approved messages are published."),
    )
    # Left empty by people; robots fill every field.
    website = forms.CharField(label=_("Leave this empty"), required=False)


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("publish", _("Publish")), ("reject", _("Do not publish"))]
    )
    reply = forms.CharField(
        label=_("Reply (published with the message)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
