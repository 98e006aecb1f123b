"""Asking for a document, finding the documents a person may see, and the one access check."""

from __future__ import annotations

import hashlib
import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from documents.dispatch import dispatch
from documents.models import Document
from documents.registry import DocumentKind, get_kind
from documents.tasks import render_document


def canonical_json(payload: dict) -> str:
    """One text for one content: sorted keys, no spaces; Decimals and dates as strings."""
    return json.dumps(
        payload, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def content_hash(kind: DocumentKind, canonical: str) -> str:
    """The template version is hashed with the data: a changed template makes a new version."""
    text = f"{kind.kind}\n{kind.template_version}\n{canonical}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _year_of(payload: dict) -> int:
    year = payload.get("year")
    if isinstance(year, int) and 2000 <= year <= 2100:
        return year
    return timezone.localdate().year


def facets(definition: DocumentKind, subject, payload: dict) -> dict:
    """What the download centre filters and compares a version by: its bloc, its period (H1
    or FY, from the payload's "kind"), when its data was last accepted (the payload's
    "data_as_of") and the fingerprint of the data it was made from."""
    as_of = parse_datetime(payload["data_as_of"]) if payload.get("data_as_of") else None
    return {
        "bloc": definition.bloc_of(subject) if definition.bloc_of else None,
        "period_kind": payload.get("kind") if payload.get("kind") in ("H1", "FY") else "",
        "data_as_of": as_of,
        "data_state": (
            definition.data_state_of([subject]).get(subject.pk, "")
            if definition.data_state_of
            else ""
        )[:200],
    }


def newer_data(documents: list[Document]) -> set[int]:
    """The ids of the documents whose subject's data has changed since they were made: one
    call of the kind's data_state_of for all the documents of a kind."""
    stale = set()
    by_kind: dict[str, list[Document]] = {}
    for document in documents:
        if document.data_state:
            by_kind.setdefault(document.kind, []).append(document)
    for kind, group in by_kind.items():
        try:
            definition = get_kind(kind)
        except LookupError:
            continue
        if not definition.data_state_of:
            continue
        subjects = [d.subject for d in group if d.subject is not None]
        states = definition.data_state_of(subjects)
        stale.update(d.pk for d in group if states.get(d.object_id, "") != d.data_state)
    return stale


def _enqueue(document_id: int) -> None:
    # Through the outbox (documents.dispatch): sent only once the row is committed, so the
    # worker always finds it; if the broker cannot be reached the job waits in the outbox and
    # is sent when the broker is back, and the person who asked still gets the document's page.
    dispatch(render_document, document_id)


def request_document(kind: str, subject, user) -> Document:
    """The document of this kind for the subject's current data, rendered at most once.

    Same data as an existing version → that version (rendered again only if it had failed);
    changed data → the next version, queued for rendering. Earlier versions are kept.
    """
    definition = get_kind(kind)
    content_type = ContentType.objects.get_for_model(subject)
    # Two first requests at once have no row to lock; the unique constraints stop the second,
    # which then finds the first one's row.
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _request(definition, content_type, subject, user)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _request(definition: DocumentKind, content_type, subject, user) -> Document:
    versions = Document.objects.filter(
        content_type=content_type, object_id=subject.pk, kind=definition.kind
    )
    # Requests for the same subject and kind queue up here, so versions are numbered in turn.
    latest = versions.select_for_update().order_by("-version").first()
    canonical = canonical_json(definition.build_payload(subject))
    digest = content_hash(definition, canonical)
    requester = user if getattr(user, "is_authenticated", False) else None

    existing = versions.filter(content_hash=digest).first()
    if existing is not None:
        if existing.status == Document.Status.FAILED:
            existing.status = Document.Status.QUEUED
            existing.progress = 0
            existing.attempts = 0
            existing.error = ""
            existing.started_at = existing.finished_at = None
            existing.requested_by = requester
            existing.requested_at = timezone.now()
            existing.save(
                update_fields=[
                    "status",
                    "progress",
                    "attempts",
                    "error",
                    "started_at",
                    "finished_at",
                    "requested_by",
                    "requested_at",
                ]
            )
            _enqueue(existing.pk)
        return existing

    payload = json.loads(canonical)
    document = Document.objects.create(
        kind=definition.kind,
        content_type=content_type,
        object_id=subject.pk,
        version=(latest.version + 1) if latest else 1,
        content_hash=digest,
        payload=payload,
        title=definition.title(subject)[:500],
        year=_year_of(payload),
        requested_by=requester,
        **facets(definition, subject, payload),
    )
    _enqueue(document.pk)
    return document


def may_view(user, document: Document) -> bool:
    """The registry's rule for the document's kind, applied to its subject."""
    if not getattr(user, "is_authenticated", False):
        return False
    try:
        definition = get_kind(document.kind)
    except LookupError:
        return False
    subject = document.subject
    return subject is not None and bool(definition.can_view(user, subject))


def documents_visible_to(
    user, *, kind: str | None = None, year: int | None = None, latest_only: bool = True
) -> list[Document]:
    """Ready documents the user may download, newest first (the download centre).

    With latest_only, one row per subject and kind: its newest ready version (the document
    page lists the earlier ones). The queries do not grow with the number of documents: one
    for the documents, one per subject type, and what the kinds' can_view rules need, which
    should answer from data cached on the user (blocs.access.roles_for).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    documents = Document.objects.filter(status=Document.Status.READY).defer("payload")
    if kind:
        documents = documents.filter(kind=kind)
    if year:
        documents = documents.filter(year=year)
    documents = list(documents.order_by("-requested_at", "-pk"))
    if latest_only:
        newest: dict[tuple, Document] = {}
        for document in documents:
            key = (document.content_type_id, document.object_id, document.kind)
            if key not in newest or document.version > newest[key].version:
                newest[key] = document
        documents = [d for d in documents if newest[(d.content_type_id, d.object_id, d.kind)] is d]
    # One query per subject type for all the subjects.
    prefetch_related_objects(documents, "subject")
    return [document for document in documents if may_view(user, document)]


def get_document_for_user(request, pk: int) -> Document:
    """The document, if the signed-in person may see it: 404 if unknown, 403 if not theirs.

    Every documents view goes through here, so one rule decides who sees what.
    """
    document = get_object_or_404(
        Document.objects.select_related("content_type", "requested_by"), pk=pk
    )
    try:
        get_kind(document.kind)
    except LookupError:
        raise Http404("unknown document kind") from None
    if document.subject is None:
        raise Http404("the document's subject no longer exists")
    if not may_view(request.user, document):
        raise PermissionDenied
    return document


def requeue_failed(documents) -> int:
    """Queue failed documents again (administration); the others are left alone."""
    count = 0
    with transaction.atomic():
        for document in documents.filter(status=Document.Status.FAILED).select_for_update():
            Document.objects.filter(pk=document.pk).update(
                status=Document.Status.QUEUED,
                progress=0,
                attempts=0,
                error="",
                started_at=None,
                finished_at=None,
            )
            _enqueue(document.pk)
            count += 1
    return count
