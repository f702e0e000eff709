"""Forms of the plans pages: parse input only; the rules live in services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.areas.forms import AreaField
from chumchon.areas.models import AreaLevel
from chumchon.core.dates import ThaiDateField
from chumchon.core.uploads import UploadPurpose, UploadValidator
from chumchon.organizations.models import Body
from chumchon.plans.models import BudgetSource, ItemStatus, PlanItem, PlanKind, PlanLevel, VersionKind
from chumchon.poverty.models import DimensionCode

BLANK = [("", "—")]


class PlanFilterForm(forms.Form):
    area = AreaField(
        label=_("Area"),
        required=False,
        levels=[AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT],
        help_text=_("A province, district or tambon by name"),
    )
    level = forms.ChoiceField(label=_("Level"), choices=BLANK + list(PlanLevel.choices), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=BLANK + list(PlanKind.choices), required=False)


GROUPING_LEVELS: dict[str, str] = {PlanLevel.CLUSTER: "cluster", PlanLevel.REGION: "region"}


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"))
    level = forms.ChoiceField(label=_("Level"))
    owner = forms.ModelChoiceField(label=_("Owning body"), queryset=Body.objects.none())
    area_code = AreaField(
        label=_("Area"),
        levels=[AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT, AreaLevel.VILLAGE],
        required=False,
        help_text=_(
            "The village, tambon, district or province by name. Not needed for cluster and region plans: "
            "they cover the owning body's cluster or region."
        ),
    )
    start_year_be = forms.IntegerField(label=_("First year (B.E.)"), min_value=2400, max_value=2700)
    end_year_be = forms.IntegerField(label=_("Last year (B.E.)"), min_value=2400, max_value=2700)

    def __init__(self, *args: Any, kinds: list[str], bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(PlanKind.choices)
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds]  # type: ignore[attr-defined]
        self.fields["owner"].queryset = bodies  # type: ignore[attr-defined]
        # Cluster and region plans only where the user has a body of that scope to own them.
        scopes = set(bodies.values_list("scope_kind", flat=True))
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            c for c in PlanLevel.choices if c[0] not in GROUPING_LEVELS or GROUPING_LEVELS[c[0]] in scopes
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level, owner = data.get("level"), data.get("owner")
        if level in GROUPING_LEVELS:
            data["area_code"] = None
            if owner is not None and owner.scope_kind != GROUPING_LEVELS[level]:
                self.add_error("owner", _("A cluster or region plan is owned by a body of that cluster or region."))
        elif level and data.get("area_code") is None and "area_code" not in self.errors:
            self.add_error("area_code", _("Give the area of the plan."))
        return data


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    problem = forms.CharField(label=_("Problem"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    objective = forms.CharField(label=_("Objective"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    target_group = forms.CharField(label=_("Target group"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    area_code = AreaField(
        label=_("Area (blank: the plan's area)"),
        levels=[AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT, AreaLevel.VILLAGE],
        required=False,
    )
    dimension = forms.ChoiceField(
        label=_("Poverty dimension addressed"), choices=BLANK + list(DimensionCode.choices), required=False
    )
    activities = forms.CharField(
        label=_("Activities (one a line)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    budget_source = forms.ChoiceField(label=_("Budget source"), choices=BudgetSource.choices)
    responsible_text = forms.CharField(label=_("Responsible body"), max_length=300, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices, initial=ItemStatus.PLANNED)
    indicator_name = forms.CharField(label=_("Indicator"), max_length=300, required=False)
    indicator_unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    indicator_baseline = forms.DecimalField(label=_("Baseline"), max_digits=16, decimal_places=2, required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        for y in years:
            self.fields[f"budget_{y}"] = forms.DecimalField(
                label=_("Estimated budget, fiscal year %(year)s (baht)") % {"year": y},
                max_digits=14,
                decimal_places=2,
                min_value=Decimal(0),
                required=False,
            )
        for y in years:
            self.fields[f"target_{y}"] = forms.DecimalField(
                label=_("Indicator target, %(year)s") % {"year": y}, max_digits=16, decimal_places=2, required=False
            )

    def budgets(self) -> dict[int, Decimal]:
        return {
            y: self.cleaned_data[f"budget_{y}"] for y in self.years if self.cleaned_data.get(f"budget_{y}") is not None
        }

    def targets(self) -> dict[int, Decimal]:
        return {
            y: self.cleaned_data[f"target_{y}"] for y in self.years if self.cleaned_data.get(f"target_{y}") is not None
        }


class ProposeForm(forms.Form):
    to_plan = forms.TypedChoiceField(label=_("Propose to the plan"), coerce=int)
    note = forms.CharField(
        label=_("Note to the receiving plan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, plans: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_plan"].choices = [(p.pk, f"{p} · {p.owner}") for p in plans]  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    ANSWERS = [
        ("accept", _("Accept as is (a new item of this plan covers it)")),
        ("merge", _("Merge into an item of this plan")),
        ("decline", _("Decline")),
    ]
    answer = forms.ChoiceField(label=_("Answer"), choices=ANSWERS, widget=forms.RadioSelect)
    into_item = forms.ModelChoiceField(label=_("Merge into item"), queryset=PlanItem.objects.none(), required=False)
    reason = forms.CharField(
        label=_("Reason (required when declining)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into_item"].queryset = items  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "merge" and not data.get("into_item"):
            self.add_error("into_item", _("Choose the item it merges into."))
        if data.get("answer") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for declining."))
        return data


class VersionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=VersionKind.choices)
    number = forms.IntegerField(label=_("Number (blank: the next in its year)"), min_value=1, required=False)
    year_be = forms.IntegerField(label=_("Year (B.E.; blank: the year adopted)"), min_value=2400, required=False)
    adopted_on = ThaiDateField(label=_("Adopted on"))
    resolution_text = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel or CSV file of the plan's items"), validators=[UploadValidator(UploadPurpose.TABLE_IMPORT)]
    )


RULES_HELP = _("One rule a line, in order: the first line is rule 1.")


class CharterForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Community council"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Title of the charter"), max_length=300, required=False)
    adopted_on = ThaiDateField(label=_("Adopted on"), required=False)
    document = forms.FileField(
        label=_("Document of the charter (PDF, picture or office file)"),
        required=False,
        validators=[UploadValidator(UploadPurpose.ATTACHMENT)],
    )
    rules = forms.CharField(
        label=_("Rules of the charter"), widget=forms.Textarea(attrs={"rows": 8}), required=False, help_text=RULES_HELP
    )

    def __init__(self, *args: Any, bodies: list[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(pk__in=[b.pk for b in bodies])  # type: ignore[attr-defined]
        if len(bodies) == 1:
            self.fields["body"].initial = bodies[0].pk

    def rule_lines(self) -> list[str]:
        return (self.cleaned_data.get("rules") or "").splitlines()


class CharterRulesForm(forms.Form):
    rules = forms.CharField(
        label=_("Rules of the charter"), widget=forms.Textarea(attrs={"rows": 12}), required=False, help_text=RULES_HELP
    )

    def rule_lines(self) -> list[str]:
        return (self.cleaned_data.get("rules") or "").splitlines()
