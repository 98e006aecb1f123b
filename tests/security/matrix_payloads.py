"""POST bodies for the matrix: what the page's own form would send, built from the portal's
form classes (so a field added to a form does not silently turn a check into a refused
request), with one field changed so that an accepted request shows in the database."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.security.matrix_world import PDF_BYTES


def _encode(bound_field):
    value = bound_field.value()
    field = bound_field.field
    widget = field.widget
    if isinstance(field, forms.BooleanField):
        return "on" if value else None
    if isinstance(value, list | tuple | set) or isinstance(field, forms.MultipleChoiceField):
        return [str(getattr(item, "pk", item)) for item in value or ()]
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return str(value.pk)
    formatted = widget.format_value(value)
    if isinstance(formatted, list):  # a select's one choice
        formatted = formatted[0] if formatted else ""
    return "" if formatted is None else str(formatted)


def form_data(*forms_or_formsets, **changes) -> dict:
    """The POST body of unbound forms and formsets as shown (their initial values), in the
    portal's language, then `changes` (field name -> value) applied."""
    data = {}
    with translation.override("vi"):
        for item in forms_or_formsets:
            parts = [item]
            if isinstance(item, forms.BaseFormSet):
                parts = [item.management_form, *item.forms]
            for form in parts:
                for bound_field in form:
                    encoded = _encode(bound_field)
                    if encoded is not None:
                        data[bound_field.html_name] = encoded
    data.update(changes)
    return data


def pdf_upload(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def vi_date(value) -> str:
    return value.strftime("%d/%m/%Y")
