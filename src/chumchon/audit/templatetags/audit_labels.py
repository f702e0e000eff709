"""Record types by name in the audit trail (never ``app.model``)."""

from __future__ import annotations

from django import template

from chumchon.audit.selectors import record_type_label

register = template.Library()


@register.filter
def record_type(model_label: str) -> str:
    return record_type_label(model_label)
