"""``get_FOO_display()`` that looks the value up instead of translating every choice on each call.

Django's ``Model._get_FIELD_display`` builds ``dict(make_hashable(field.flatchoices))`` on every call; with
lazily translated labels that hashes — and so translates — each label of the field every time. A page that
draws 50 local governments' kinds or a body list's kinds did that hundreds of times per request (~1 ms of
an area page's CPU). ``ChoiceLabels`` keeps each field's value → label map once per process (the labels stay
lazy: the active language still picks the text on every call) and answers exactly as Django does, an unknown
value included.

Models take it as their first base (``class Area(ChoiceLabels, models.Model)``): Django binds
``get_FOO_display`` to the class's ``_get_FIELD_display`` when the field is added to the class.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_LABELS = "_chumchon_choice_labels"


def choice_labels(field: Field) -> dict[Any, Any]:
    """The field's choices as {value: label} (labels still lazy), built once per field."""
    labels = field.__dict__.get(_LABELS)
    if labels is None:
        # dict(make_hashable(flatchoices)) without hashing the labels: the same keys, the last one wins
        labels = {make_hashable(value): label for value, label in field.flatchoices}
        setattr(field, _LABELS, labels)
    return labels


class ChoiceLabels:
    """Model mixin: ``get_FOO_display()`` from ``choice_labels`` (see the module docstring)."""

    def _get_FIELD_display(self, field: Field) -> Any:
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(make_hashable(value), value), strings_only=True)
