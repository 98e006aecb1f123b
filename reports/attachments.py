"""Checking an uploaded attachment: only PDF, DOCX and XLSX, by name and by content."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
# What each kind must contain: PDF by its signature, Office files by their main part.
OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def check_attachment(upload) -> None:
    """Raise ValidationError with the reason when the file is not an allowed attachment."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ("pdf", *OFFICE_PARTS):
        raise ValidationError(_("Only PDF, Word (.docx) and Excel (.xlsx) files can be attached."))
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","), "limit": 10}
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if extension == "pdf":
        valid = head.startswith(b"%PDF-")
    else:
        try:
            with zipfile.ZipFile(upload) as archive:
                valid = OFFICE_PARTS[extension] in archive.namelist()
        except zipfile.BadZipFile:
            valid = False
        upload.seek(0)
    if not valid:
        raise ValidationError(
            _("“%(name)s” is not a real %(kind)s file; it may be damaged or renamed.")
            % {"name": name, "kind": extension.upper()}
        )
