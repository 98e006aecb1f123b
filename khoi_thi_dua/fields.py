"""Form fields for numbers typed the way the active language writes them."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from khoi_thi_dua.numbers import NumberFormatError, format_number, parse_number


class LocalizedDecimalField(forms.DecimalField):
    """A decimal input that accepts "4.637,3" in Vietnamese and "4,637.3" in English.

    Rendered as a text input (a browser's number input would reject the comma) with a
    decimal keypad on phones; a bound form shows back exactly what the user typed.
    """

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", False)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        # DecimalField would add min/max/step attributes meant for <input type=number>.
        attrs = forms.Field.widget_attrs(self, widget)
        attrs.setdefault("inputmode", "decimal")
        attrs.setdefault("autocomplete", "off")
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_number(str(value))
        except NumberFormatError as exc:
            raise ValidationError(str(exc), code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return format_number(Decimal(str(value)), self.decimal_places)
        return value
