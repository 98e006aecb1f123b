"""Form fields for numbers typed the way the active language writes them."""

from decimal import Decimal

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khoi_thi_dua.numbers import NumberFormatError, format_number, parse_number


class NumberBoundValidator:
    """A lower or upper bound whose message shows the bound the way the reader writes numbers
    (Django's own message would print "100.000000")."""

    def __init__(self, bound: Decimal, lower: bool):
        self.bound, self.lower = bound, lower

    def __call__(self, value) -> None:
        if value is None:
            return
        if (self.lower and value < self.bound) or (not self.lower and value > self.bound):
            message = (
                _("Enter a value of at least %(limit)s.")
                if self.lower
                else _("Enter a value of at most %(limit)s.")
            )
            raise ValidationError(
                message % {"limit": format_number(self.bound)},
                code="min_value" if self.lower else "max_value",
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, NumberBoundValidator) and (self.bound, self.lower) == (
            other.bound,
            other.lower,
        )


class LocalizedDecimalField(forms.DecimalField):
    """A decimal input that accepts "4.637,3" in Vietnamese and "4,637.3" in English.

    Rendered as a text input (a browser's number input would reject the comma) with a
    decimal keypad on phones; a bound form shows back exactly what the user typed.
    """

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", False)
        super().__init__(*args, **kwargs)
        self.validators = [
            v
            for v in self.validators
            if not isinstance(v, (validators.MinValueValidator, validators.MaxValueValidator))
        ]
        if self.min_value is not None:
            self.validators.append(NumberBoundValidator(Decimal(self.min_value), lower=True))
        if self.max_value is not None:
            self.validators.append(NumberBoundValidator(Decimal(self.max_value), lower=False))

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


def row_id(text: str) -> int:
    """A row's id as a form or a link sends it, or 0 (no row) for anything else, including other
    scripts' digits ("²" passes str.isdigit) and numbers too large for the database."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else 0


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows by id that refuses, before asking the database, an id no row
    can have: SQLite cannot compare a number beyond 64 bits at all (a server error)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip().lstrip("+-")
            if text.isascii() and text.isdigit() and int(text) >= 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
