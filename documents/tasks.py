"""Rendering documents in the background, safe to run twice, never left half done.

A render claims its row with a conditional UPDATE (QUEUED → RENDERING), so a message delivered
twice renders once. A row still RENDERING after the hard time limit belongs to a worker that
died: the next delivery, or recover_stale_documents, takes it over. Sooner than that, the row is
taken over by the same message delivered again (its worker process was killed: acks_late and
reject_on_worker_lost put it back in the queue), and by a worker that starts again under the
node name that was rendering it (adopt_orphans, at worker start).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, OperationalError, transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.models import Document, DocumentPart
from documents.registry import ascii_slug, get_kind
from documents.rendering import (
    FontsMissing,
    merge_pdfs,
    render_html,
    render_part_html,
    render_pdf,
)

logger = logging.getLogger(__name__)

MAX_RETRIES = 3  # transient failures: retried after 10, 20, 40 s, then FAILED
RETRY_BACKOFF = 10
MAX_ATTEMPTS = 4  # renders started for one request, counting takeovers after a worker died
# A QUEUED row this old has probably lost its message (broker restarted without its data).
LOST_MESSAGE_AFTER = timedelta(minutes=15)


def _transient_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError, OperationalError]
    try:  # object storage that does not answer is as transient as a full disk
        from botocore.exceptions import ConnectionError as BotoConnectionError
        from botocore.exceptions import ReadTimeoutError

        errors += [BotoConnectionError, ReadTimeoutError]
    except ImportError:  # pragma: no cover - botocore comes with django-storages[s3]
        pass
    return tuple(errors)


TRANSIENT_ERRORS = _transient_errors()


def retry_countdown(retries: int) -> int:
    """Seconds before retry number retries + 1: 10, 20, 40."""
    return RETRY_BACKOFF * 2**retries


def _stale_before():
    return timezone.now() - timedelta(seconds=settings.DOCUMENTS_RENDER_TIME_LIMIT)


def _abandoned() -> Q:
    """A document or part still RENDERING after the hard time limit: its worker died."""
    return Q(
        Q(started_at__isnull=True) | Q(started_at__lt=_stale_before()),
        status=Document.Status.RENDERING,
    )


def _claimable(task_id: str = "") -> Q:
    """What a render may take: a queued or abandoned row, or one RENDERING under this very task
    id, which is taken over at once: the same message is only delivered again once the process
    that was running it is gone (acks_late)."""
    claimable = Q(status=Document.Status.QUEUED) | _abandoned()
    if task_id:
        claimable |= Q(status=Document.Status.RENDERING, task_id=task_id)
    return claimable


def claim(document_id: int, task_id: str = "", worker: str = "") -> int | None:
    """Take the document for rendering. Returns this attempt's number, or None when the row is
    gone, finished, or being rendered by a live worker (see _claimable). For a row taken over
    from the same message, the caller checks first that it has not used up its attempts
    (_give_up_after_worker_deaths)."""
    claimed = (
        Document.objects.filter(_claimable(task_id), pk=document_id).update(
            status=Document.Status.RENDERING,
            started_at=timezone.now(),
            finished_at=None,
            progress=10,
            error="",
            attempts=F("attempts") + 1,
            task_id=task_id[:255],
            worker=worker[:255],
        )
        == 1
    )
    if not claimed:
        return None
    return Document.objects.filter(pk=document_id).values_list("attempts", flat=True).first()


def _worker_deaths_reason(attempts: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "The document could not be produced: the worker stopped %(count)s times "
            "while making it. Please tell the administrators."
        ) % {"count": attempts}


def _give_up_after_worker_deaths(document_id: int, task_id: str) -> bool:
    """The message of a render whose worker died MAX_ATTEMPTS times (a document that kills its
    worker every time, out of memory say): FAILED with the reason, rather than another try."""
    if not task_id:
        return False
    hopeless = Document.objects.filter(
        pk=document_id,
        status=Document.Status.RENDERING,
        task_id=task_id,
        attempts__gte=MAX_ATTEMPTS,
    )
    attempts = hopeless.values_list("attempts", flat=True).first()
    if attempts is None:
        return False
    failed = hopeless.filter(attempts=attempts).update(
        status=Document.Status.FAILED,
        error=_worker_deaths_reason(attempts),
        finished_at=timezone.now(),
    )
    if failed:
        logger.error("Document %s failed: its worker died %s times", document_id, attempts)
    return bool(failed)


def _mine(document_id: int, attempt: int):
    """The row, as long as this attempt still owns it (a takeover bumps the attempt number)."""
    return Document.objects.filter(
        pk=document_id, status=Document.Status.RENDERING, attempts=attempt
    )


def _fail(document_id: int, attempt: int, reason: str) -> None:
    try:
        _mine(document_id, attempt).update(
            status=Document.Status.FAILED, error=reason, finished_at=timezone.now()
        )
    except DatabaseError:
        # The database itself is away: the row stays RENDERING and recover_stale_documents
        # deals with it once the hard time limit has passed.
        logger.exception("Could not record the failure of document %s", document_id)


def _failure_reason(exc: BaseException) -> str:
    if isinstance(exc, TemplateDoesNotExist):
        return _("The document template “%(template)s” was not found.") % {"template": exc}
    if isinstance(exc, TemplateSyntaxError):
        return _("The document template has an error: %(error)s") % {"error": exc}
    if isinstance(exc, FontsMissing):
        return str(exc)
    return _(
        "An unexpected error stopped the document (%(error)s). "
        "It has been logged for the administrators."
    ) % {"error": f"{type(exc).__name__}: {exc}"[:300]}


def _render(document_id: int, attempt: int) -> str:
    document = Document.objects.get(pk=document_id)
    definition = get_kind(document.kind)  # an unknown kind fails here, with its own reason
    if definition.part_template:
        return _dispatch_parts(document, attempt)
    html = render_html(document)
    _mine(document_id, attempt).update(progress=40)
    pdf = render_pdf(html)
    _mine(document_id, attempt).update(progress=90)
    name = _file_name(document)
    document.file.save(name, ContentFile(pdf.content), save=False)
    finished = _mine(document_id, attempt).update(
        status=Document.Status.READY,
        progress=100,
        file=document.file.name,
        size=len(pdf.content),
        page_count=pdf.page_count,
        finished_at=timezone.now(),
        error="",
    )
    if not finished:
        # Another worker took the document over meanwhile; its file is the one that counts.
        document.file.storage.delete(document.file.name)
    return "ready"


def _file_name(document: Document, suffix: str = "") -> str:
    return (
        f"{ascii_slug(document.title)[:80]}-v{document.version}-"
        f"{document.content_hash[:12]}{suffix}.pdf"
    )


def _dispatch_parts(document: Document, attempt: int) -> str:
    """A document in parts: one task per part, so that the workers render them side by side;
    the part that finishes last merges them (_after_part). Parts already rendered by an
    earlier attempt are kept; failed or abandoned ones are queued again."""
    count = 1 + len(document.payload.get("sections", []))
    parts = DocumentPart.objects.filter(document_id=document.pk)
    DocumentPart.objects.bulk_create(
        [DocumentPart(document_id=document.pk, index=index) for index in range(count)],
        ignore_conflicts=True,
    )
    parts.filter(status=Document.Status.FAILED).update(
        status=Document.Status.QUEUED, error="", attempts=0
    )
    parts.filter(_abandoned()).update(status=Document.Status.QUEUED)
    waiting = list(
        parts.filter(status=Document.Status.QUEUED)
        .order_by("index")
        .values_list("index", flat=True)
    )
    if not waiting:
        _after_part(document.pk)
        return (
            "ready" if Document.objects.filter(pk=document.pk, status="ready").exists() else "parts"
        )
    for index in waiting:
        render_document_part.delay(document.pk, index)
    return "parts"


def _fail_parts(document_id: int, index: int, reason: str) -> None:
    try:
        DocumentPart.objects.filter(document_id=document_id, index=index).update(
            status=Document.Status.FAILED, error=reason, finished_at=timezone.now()
        )
        Document.objects.filter(pk=document_id, status=Document.Status.RENDERING).update(
            status=Document.Status.FAILED,
            error=_("Part %(number)s of the document could not be produced: %(reason)s")
            % {"number": index + 1, "reason": reason},
            finished_at=timezone.now(),
        )
    except DatabaseError:
        logger.exception("Could not record the failure of document %s", document_id)


def _after_part(document_id: int) -> None:
    """Progress after a part; when every part is ready, the merged PDF (under the row lock,
    so that two parts finishing together merge once)."""
    with transaction.atomic():
        document = (
            Document.objects.select_for_update()
            .filter(pk=document_id, status=Document.Status.RENDERING)
            .first()
        )
        if document is None:
            return
        parts = list(DocumentPart.objects.filter(document_id=document_id).order_by("index"))
        ready = [part for part in parts if part.status == Document.Status.READY]
        if len(ready) < len(parts):
            Document.objects.filter(pk=document_id).update(
                progress=10 + 80 * len(ready) // max(len(parts), 1)
            )
            return
        contents = []
        for part in parts:
            with part.file.open("rb") as handle:
                contents.append(handle.read())
        merged = merge_pdfs(contents)
        document.file.save(_file_name(document), ContentFile(merged.content), save=False)
        Document.objects.filter(pk=document_id).update(
            status=Document.Status.READY,
            progress=100,
            file=document.file.name,
            size=len(merged.content),
            page_count=merged.page_count,
            finished_at=timezone.now(),
            error="",
        )
    # The merged file is the version; the parts' files are not needed any more.
    for part in parts:
        if part.file:
            part.file.storage.delete(part.file.name)
    DocumentPart.objects.filter(document_id=document_id).update(file="")


@shared_task(
    bind=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.DOCUMENTS_RENDER_TIME_LIMIT,
    acks_late=True,
    reject_on_worker_lost=True,
)
def render_document_part(self, document_id: int, index: int) -> str:
    """Render one part of a document in parts (see _dispatch_parts)."""
    task_id = self.request.id or ""
    part_rows = DocumentPart.objects.filter(document_id=document_id, index=index)
    if task_id:
        # The same message again: the process rendering this part died (see _claimable).
        mine_before = part_rows.filter(status=Document.Status.RENDERING, task_id=task_id)
        if mine_before.filter(attempts__gte=MAX_ATTEMPTS).exists():
            _fail_parts(document_id, index, _worker_deaths_reason(MAX_ATTEMPTS))
            return "failed"
    claimed = part_rows.filter(_claimable(task_id)).update(
        status=Document.Status.RENDERING,
        started_at=timezone.now(),
        finished_at=None,
        attempts=F("attempts") + 1,
        task_id=task_id[:255],
    )
    if not claimed:
        return "not claimed"
    with translation.override(settings.LANGUAGE_CODE):
        try:
            document = Document.objects.get(pk=document_id)
            pdf = render_pdf(render_part_html(document, index))
            part = part_rows.get()
            part.file.save(
                _file_name(document, f"-part{index:03d}"), ContentFile(pdf.content), save=False
            )
            part_rows.filter(status=Document.Status.RENDERING).update(
                status=Document.Status.READY,
                file=part.file.name,
                page_count=pdf.page_count,
                finished_at=timezone.now(),
            )
        except SoftTimeLimitExceeded:
            _fail_parts(
                document_id,
                index,
                _("Producing it took too long (more than %(seconds)s seconds).")
                % {"seconds": settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT},
            )
            return "failed"
        except TRANSIENT_ERRORS as exc:
            retries = self.request.retries or 0
            if self.request.called_directly or retries >= self.max_retries:
                logger.exception("Part %s of document %s failed", index, document_id)
                _fail_parts(document_id, index, f"{type(exc).__name__}: {exc}"[:300])
                return "failed"
            part_rows.update(status=Document.Status.QUEUED)
            if self.request.is_eager:
                return self.apply(args=[document_id, index], retries=retries + 1).get()
            raise self.retry(exc=exc, countdown=retry_countdown(retries)) from exc
        except Exception as exc:
            logger.exception("Part %s of document %s failed", index, document_id)
            _fail_parts(document_id, index, _failure_reason(exc))
            return "failed"
        _after_part(document_id)
    return "ready"


@shared_task(
    bind=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.DOCUMENTS_RENDER_TIME_LIMIT,
    acks_late=True,
    reject_on_worker_lost=True,
)
def render_document(self, document_id: int) -> str:
    """Render one document's PDF from its stored payload and keep it in the file storage."""
    task_id = self.request.id or ""
    if _give_up_after_worker_deaths(document_id, task_id):
        return "failed"
    attempt = claim(document_id, task_id, self.request.hostname or "")
    if attempt is None:
        gone = not Document.objects.filter(pk=document_id).exists()
        return "gone" if gone else "not claimed"
    # Failure reasons are stored in the portal's first language.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            outcome = _render(document_id, attempt)
        except SoftTimeLimitExceeded:
            _fail(
                document_id,
                attempt,
                _(
                    "Producing the document took too long (more than %(seconds)s seconds). "
                    "Please try again later."
                )
                % {"seconds": settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT},
            )
            return "failed"
        except LookupError:
            kind = Document.objects.filter(pk=document_id).values_list("kind", flat=True).first()
            _fail(
                document_id,
                attempt,
                _("The portal cannot produce documents of the kind “%(kind)s”.") % {"kind": kind},
            )
            return "failed"
        except TRANSIENT_ERRORS as exc:
            retries = self.request.retries or 0
            if self.request.called_directly or retries >= self.max_retries:
                logger.exception("Document %s failed after %s attempts", document_id, attempt)
                _fail(
                    document_id,
                    attempt,
                    _(
                        "The document could not be produced because the file storage or the "
                        "database did not answer (%(error)s). Please try again later."
                    )
                    % {"error": f"{type(exc).__name__}: {exc}"[:300]},
                )
                return "failed"
            logger.warning("Document %s: %r; retrying", document_id, exc)
            # Back in the queue, so that the retry can claim it.
            _mine(document_id, attempt).update(status=Document.Status.QUEUED, progress=0)
            if self.request.is_eager:
                # No broker (a developer machine): retry at once in this process. Celery's own
                # eager retry would raise out of the page that asked for the document.
                return self.apply(args=[document_id], retries=retries + 1).get()
            raise self.retry(exc=exc, countdown=retry_countdown(retries)) from exc
        except Exception as exc:
            logger.exception("Document %s failed", document_id)
            _fail(document_id, attempt, _failure_reason(exc))
            return "failed"
    return outcome


def _requeue_or_fail(rendering, now):
    """Rows of `rendering` whose render was abandoned: back to QUEUED and sent again, or FAILED
    after MAX_ATTEMPTS. Each change is conditional on the row being unchanged since it was
    read. Yields ("requeued" | "failed", document id)."""
    for document_id, attempts in rendering.values_list("pk", "attempts"):
        unchanged = rendering.filter(pk=document_id, attempts=attempts)
        if attempts >= MAX_ATTEMPTS:
            reason = _worker_deaths_reason(attempts)
            if unchanged.update(status=Document.Status.FAILED, error=reason, finished_at=now):
                logger.error("Document %s failed after %s attempts", document_id, attempts)
                yield "failed", document_id
        elif unchanged.update(status=Document.Status.QUEUED, progress=0):
            logger.warning("Document %s was left rendering; queued again", document_id)
            render_document.delay(document_id)
            yield "requeued", document_id


def adopt_orphans(worker: str, booted_at) -> dict[str, int]:
    """At a worker's start: the documents that a worker of the same node name was rendering
    before this one started were left by an earlier run of it that was killed (node names are
    unique among running workers), so they are queued again (or failed, after MAX_ATTEMPTS)
    without waiting for the hard time limit."""
    orphans = Document.objects.filter(
        status=Document.Status.RENDERING, worker=worker, started_at__lt=booted_at
    )
    counts = {"requeued": 0, "failed": 0}
    for outcome, _document_id in _requeue_or_fail(orphans, timezone.now()):
        counts[outcome] += 1
    return counts


@shared_task
def send_pending_tasks() -> dict[str, int]:
    """Every minute (CELERY_BEAT_SCHEDULE) and at each worker's start: the jobs that waited in
    the outbox while the broker was unreachable are sent (documents.dispatch)."""
    from documents.dispatch import send_pending

    return send_pending()


@shared_task
def recover_stale_documents() -> dict[str, int]:
    """Every few minutes (CELERY_BEAT_SCHEDULE): documents whose worker died are queued again,
    or failed after MAX_ATTEMPTS; documents whose message was lost are sent again."""
    now = timezone.now()
    counts = {"requeued": 0, "failed": 0, "resent": 0}
    requeued = []
    stale = Document.objects.filter(_abandoned())
    for outcome, document_id in _requeue_or_fail(stale, now):
        counts[outcome] += 1
        if outcome == "requeued":
            requeued.append(document_id)
    lost = Document.objects.filter(
        status=Document.Status.QUEUED, requested_at__lt=now - LOST_MESSAGE_AFTER
    ).filter(Q(started_at__isnull=True) | Q(started_at__lt=now - LOST_MESSAGE_AFTER))
    for document_id in lost.exclude(pk__in=requeued).values_list("pk", flat=True):
        counts["resent"] += 1
        logger.warning("Document %s has waited too long; sent to the workers again", document_id)
        render_document.delay(document_id)
    return counts
