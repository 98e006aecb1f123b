"""The kinds of documents the portal can produce; each app registers its own in ready().

from documents.registry import DocumentKind, register

class PactsConfig(AppConfig):
    def ready(self):
        from pacts import documents
        register(DocumentKind(kind="pact", template="pacts/documents/pact.html",
                              build_payload=documents.build_payload, ...))
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class DocumentKind:
    kind: str  # Document.Kind value
    template: str  # template extending "documents/base_document.html"
    build_payload: Callable[[Any], dict]  # JSON-serialisable snapshot of the subject
    can_view: Callable[[Any, Any], bool]  # (user, subject) -> may see and download its documents
    title: Callable[[Any], str]  # human title, e.g. "Giao ước thi đua năm 2026 — Khối …"
    filename: Callable[[Any, int], str]  # (subject, version) -> "giao-uoc-2026-khoi-x-v2.pdf"
    template_version: str = "1"  # bump when the template changes so the hash changes
    # Optional. The bloc a subject belongs to (the download centre filters by it).
    bloc_of: Callable[[Any], Any] | None = None
    # Optional. A short fingerprint of each subject's current data, for many subjects at once
    # ({subject pk: text}); a version made from other data is flagged "newer data exists".
    data_state_of: Callable[[list], dict] | None = None
    # Optional. A document in parts rendered in parallel: the payload's "sections" list, each
    # rendered with this template (context: doc, section, number), after the cover (template).
    part_template: str | None = None


_kinds: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    """Make a kind available to the pipeline. Registering the same definition again is a no-op
    (ready() may run twice in tests); a different definition under a taken name is a mistake."""
    if not isinstance(kind, DocumentKind):
        raise TypeError("register() takes a DocumentKind.")
    existing = _kinds.get(kind.kind)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"The document kind {kind.kind!r} is already registered.")
    _kinds[kind.kind] = kind


def unregister(kind: str) -> None:
    """Remove a kind (tests that register a kind of their own clean up with this)."""
    _kinds.pop(kind, None)


def get_kind(kind: str) -> DocumentKind:
    try:
        return _kinds[kind]
    except KeyError:
        raise LookupError(f"No document kind {kind!r} is registered.") from None


def registered_kinds() -> list[DocumentKind]:
    return list(_kinds.values())


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_slug(text: str) -> str:
    """ "Đắk Lắk — Khối Tây Nguyên" → "dak-lak-khoi-tay-nguyen": ASCII for file names.

    Django's slugify drops "đ" (it has no decomposition); Vietnamese names need it kept as "d".
    """
    text = str(text).replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
