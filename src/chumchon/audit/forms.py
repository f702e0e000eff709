"""The audit trail's filter (ตัวกรองบันทึกการตรวจสอบ): record type, action, user, area, dates, personal data.

Audit sits below areas, so it cannot build the area-by-name field itself: areas registers a field factory
here (``register_area_field``) whose field cleans a typed name, address or code to an area's DOPA code.
Until one is registered (and in the audit app's own tests) the field takes a code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from chumchon.audit import selectors
from chumchon.audit.models import AuditAction
from chumchon.core.dates import ThaiDateField

AreaFieldFactory = Callable[[], forms.Field]
_AREA_FIELD: list[AreaFieldFactory] = []


def register_area_field(factory: AreaFieldFactory) -> None:
    """The field the filter uses for its area: its ``clean`` returns a DOPA code, or "" when empty."""
    _AREA_FIELD[:] = [factory]


def _area_field() -> forms.Field:
    if _AREA_FIELD:
        return _AREA_FIELD[0]()
    return forms.CharField(validators=[RegexValidator(r"^\d{2,8}$", _("Enter an area code (digits)."))])


class AuditFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Record type"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditAction.choices]
    )
    actor = forms.CharField(label=_("User"), required=False, max_length=150)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *selectors.record_types()]  # type: ignore[attr-defined]
        area = _area_field()
        area.label, area.required = _("Area"), False
        self.fields["area"] = area
        # "from" and "to" are the query's names (kept for links already shared); Python cannot name
        # class attributes so.
        self.fields["from"] = ThaiDateField(label=_("From"), required=False)
        self.fields["to"] = ThaiDateField(label=_("To"), required=False)
        self.fields["personal"] = forms.BooleanField(label=_("Personal data only"), required=False)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"audit-{name}")

    def filters(self) -> selectors.AuditFilters:
        """The filters of the fields that are valid (an invalid one is shown with its error and ignored)."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return selectors.AuditFilters(
            model_label=data.get("type") or "",
            action=data.get("action") or "",
            actor=(data.get("actor") or "").strip(),
            area=data.get("area") or "",
            date_from=data.get("from"),
            date_to=data.get("to"),
            personal_only=bool(data.get("personal")),
        )
