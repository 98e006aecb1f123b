"""Checking a nomination's attachment: only PDF and Word (.docx), by name, content and size.

The content and size checks are those of report attachments (reports.attachments); a
nomination takes no spreadsheets.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reports.attachments import check_attachment

ALLOWED = ("pdf", "docx")


def check_nomination_attachment(upload) -> None:
    """Raise ValidationError with the reason when the file cannot be attached."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(_("Only PDF and Word (.docx) files can be attached to a nomination."))
    check_attachment(upload)
