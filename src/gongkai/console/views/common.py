"""Small helpers shared by console views."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form


def apply_validation_error(form: Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the field it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for msg in errors:
                form.add_error(target, msg)
    else:
        for msg in exc.messages:
            form.add_error(None, msg)
