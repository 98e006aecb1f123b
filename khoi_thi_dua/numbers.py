"""Reading and writing numbers the way the active language writes them.

Vietnamese: "1.234.567,89" (dot groups thousands, comma marks decimals).
English:    "1,234,567.89".
"""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, translation
from django.utils.translation import gettext as _

# Separators people type for thousands besides the locale's own: spaces of any kind.
_SPACES = re.compile(r"[\s\u00a0\u202f]")


class NumberFormatError(ValueError):
    """The text is not a number in the active language's notation; str() says why."""


def _separators() -> tuple[str, str]:
    return _separators_of(translation.get_language())


@functools.cache
def _separators_of(language: str | None) -> tuple[str, str]:
    # Looked up once per language: a consolidated page formats a thousand numbers.
    return (
        formats.get_format("DECIMAL_SEPARATOR", language),
        formats.get_format("THOUSAND_SEPARATOR", language),
    )


def _check_grouping(integer_part: str, thousand: str) -> str:
    groups = integer_part.split(thousand)
    head, tail = groups[0], groups[1:]
    if not head or len(head) > 3 or any(len(g) != 3 for g in tail):
        raise NumberFormatError(
            _("Thousands must be grouped by three digits, for example %(example)s.")
            % {"example": format_number(Decimal("1234567"), 0)}
        )
    return "".join(groups)


def parse_number(text: str) -> Decimal:
    """Parse a number typed in the active language's notation.

    Vietnamese "4.637,3" → 4637.3 and "1.277" → 1277. A single dot that cannot be a
    thousands separator ("1.5") is read as a decimal point, as people also type that.
    """
    value = _SPACES.sub("", text or "")
    if not value:
        raise NumberFormatError(_("Enter a number."))
    sign = ""
    if value[0] in "+-−":
        sign = "-" if value[0] in "-−" else ""
        value = value[1:]
    decimal_sep, thousand = _separators()
    if value.count(decimal_sep) > 1:
        raise NumberFormatError(
            _("Use “%(sep)s” only once, to mark the decimals.") % {"sep": decimal_sep}
        )
    if decimal_sep in value:
        integer_part, fraction = value.split(decimal_sep)
    else:
        integer_part, fraction = value, ""
        # "1.5" in Vietnamese: not a valid grouping, so the dot must be a decimal point.
        if thousand == "." and value.count(".") == 1 and len(value.split(".")[1]) != 3:
            integer_part, fraction = value.split(".")
    if thousand in integer_part:
        integer_part = _check_grouping(integer_part, thousand)
    if not integer_part:
        integer_part = "0"
    if not integer_part.isdigit() or (fraction and not fraction.isdigit()):
        raise NumberFormatError(
            _("“%(text)s” is not a number. Write it like %(example)s.")
            % {"text": text.strip(), "example": format_number(Decimal("1234567.89"), 2)}
        )
    try:
        # No fraction typed, no decimal places: "1.277" is 1277, not 1277.0.
        return Decimal(f"{sign}{integer_part}.{fraction}" if fraction else f"{sign}{integer_part}")
    except InvalidOperation:  # pragma: no cover - guarded by the digit checks above
        raise NumberFormatError(_("Enter a number.")) from None


def format_number(value, decimals: int | None = None) -> str:
    """Format with the active language's separators, thousands always grouped."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    else:
        number = number.normalize()
    if number.is_zero():
        number = number.copy_abs()  # never "-0"
    decimal_sep, thousand = _separators()
    # Python groups with "," and marks decimals with "."; then the language's own marks.
    grouped = f"{number:,f}"
    return grouped.translate({ord(","): thousand, ord("."): decimal_sep})


def at_precision(value: Decimal | None, decimals: int) -> Decimal | None:
    """A bound stored with more decimals (the catalogue keeps six) at a field's own precision."""
    return None if value is None else value.quantize(Decimal(1).scaleb(-decimals))


def plain_number(value: Decimal | None) -> str:
    """A decimal as plain digits for a JSON snapshot ("4637.3", never "4.6373E+3"); None → ""."""
    return format(value.normalize(), "f") if value is not None else ""
