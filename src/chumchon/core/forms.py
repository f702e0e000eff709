"""What every form page does with a service's refusal: show it on the form, keep what was typed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError


def add_service_error(form: forms.Form, exc: ValidationError | PermissionDenied) -> None:
    """Put a service's refusal (bilingual validation messages, or a permission refusal) on ``form``."""
    messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    for message in messages:
        form.add_error(None, str(message))
