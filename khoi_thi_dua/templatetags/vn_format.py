"""Template filters built into every template: numbers in the active language's notation."""

from decimal import Decimal, InvalidOperation

from django import template

from khoi_thi_dua.numbers import format_number

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    """{{ value|vn_number:2 }} → "1.234.567,89" in Vietnamese, "1,234,567.89" in English."""
    if value is None or value == "":
        return ""
    try:
        places = None if decimals in (None, "") else int(decimals)
        return format_number(Decimal(str(value)), places)
    except (InvalidOperation, ValueError):
        return value
