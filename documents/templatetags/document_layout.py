"""Template helpers for PDF documents: the embedded font and the Vietnamese date line."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from documents.rendering import FONT_STACK, font_face_css

register = template.Library()


@register.simple_tag
def document_font_faces() -> str:
    """The @font-face rules of the document font, for the base template's <style>."""
    return mark_safe(font_face_css())  # file paths only, no user data


@register.simple_tag
def document_font_stack() -> str:
    return mark_safe(FONT_STACK)  # a constant


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@register.filter
def vn_date_line(value) -> str:
    """date(2020, 1, 6) or "2020-01-06" → "ngày 06 tháng 01 năm 2020".

    Decree 30/2020/NĐ-CP (Appendix I, 5.b): a day below 10 and the months 1 and 2 take a
    leading zero, so that no digit can be added in front later ("ngày 05 tháng 3 năm 2026").
    The words stay Vietnamese whatever the reader's language: this is the document's text.
    """
    day = _as_date(value)
    if day is None:
        return ""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
