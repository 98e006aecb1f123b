"""Master data kept in both languages (indicator names, award types): pick the reader's."""

from django.utils.translation import get_language


def in_active_language(vietnamese: str, english: str) -> str:
    """The English text when English is active and has one, otherwise the Vietnamese."""
    if english and (get_language() or "vi").startswith("en"):
        return english
    return vietnamese
