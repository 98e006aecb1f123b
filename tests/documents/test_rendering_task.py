"""The render task: claimed once, stored through the storage API, never left RENDERING."""

from datetime import timedelta
from pathlib import Path

import pytest
from celery.exceptions import Retry, SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.utils import timezone, translation
from django.utils.translation import gettext

from documents import registry, rendering
from documents import tasks as document_tasks
from documents.models import Document
from documents.services import request_document
from documents.tasks import recover_stale_documents, render_document
from tests.documents.kinds import BROKEN, ROSTER, roster_kind


@pytest.fixture
def queued(roster, django_capture_on_commit_callbacks, world, bloc_leader):
    """A roster document requested but not sent to a worker yet."""
    with django_capture_on_commit_callbacks(execute=False):
        document = request_document(ROSTER, world.bloc_x, bloc_leader)
    assert document.status == Document.Status.QUEUED
    return document


def test_the_same_task_delivered_twice_renders_once(queued, renders):
    assert render_document(queued.pk) == "ready"
    assert render_document(queued.pk) == "not claimed"
    queued.refresh_from_db()
    assert queued.status == Document.Status.READY
    assert queued.attempts == 1
    assert len(renders) == 1


def test_a_task_for_a_deleted_document_does_nothing(queued, renders):
    Document.objects.filter(pk=queued.pk).delete()
    assert render_document(queued.pk) == "gone"
    assert renders == []


def test_a_ready_document_is_stored_through_the_default_storage(queued):
    render_document(queued.pk)
    queued.refresh_from_db()
    assert queued.file.name.startswith(f"documents/{timezone.now():%Y}/")
    assert queued.file.name.endswith(f"-v1-{queued.content_hash[:12]}.pdf")
    assert default_storage.exists(queued.file.name)
    with default_storage.open(queued.file.name, "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert queued.size == len(content)
    assert queued.page_count == 1
    assert queued.progress == 100
    assert queued.started_at <= queued.finished_at


def test_progress_is_written_while_rendering(queued, monkeypatch):
    seen = []
    real = document_tasks.render_pdf

    def watching(html):
        seen.append(Document.objects.get(pk=queued.pk).progress)
        return real(html)

    monkeypatch.setattr(document_tasks, "render_pdf", watching)
    render_document(queued.pk)
    assert seen == [40]
    assert Document.objects.get(pk=queued.pk).progress == 100


def test_a_template_error_fails_with_a_reason_and_never_stays_rendering(ask, world, bloc_leader):
    registry.register(roster_kind(kind=BROKEN, template="documents_tests/broken.html"))
    try:
        document = ask(world.bloc_x, bloc_leader, kind=BROKEN)
    finally:
        registry.unregister(BROKEN)
    assert document.status == Document.Status.FAILED
    with translation.override(settings.LANGUAGE_CODE):
        reason = gettext("The document template has an error: %(error)s")
    assert document.error.startswith(reason.split("%(error)s")[0])
    assert "if" in document.error  # Django's own words about the broken {% if %}
    assert document.finished_at is not None
    assert not document.file


def test_a_missing_template_fails_with_its_name(ask, world, bloc_leader):
    registry.register(roster_kind(kind=BROKEN, template="documents_tests/missing.html"))
    try:
        document = ask(world.bloc_x, bloc_leader, kind=BROKEN)
    finally:
        registry.unregister(BROKEN)
    assert document.status == Document.Status.FAILED
    assert "documents_tests/missing.html" in document.error


def test_an_unexpected_error_fails_with_a_readable_reason(queued, monkeypatch):
    def explode(html):
        raise ValueError("bảng quá rộng")

    monkeypatch.setattr(document_tasks, "render_pdf", explode)
    assert render_document(queued.pk) == "failed"
    queued.refresh_from_db()
    assert queued.status == Document.Status.FAILED
    assert "ValueError: bảng quá rộng" in queued.error


def test_an_unregistered_kind_fails_with_a_reason(queued):
    registry.unregister(ROSTER)
    assert render_document(queued.pk) == "failed"
    queued.refresh_from_db()
    assert queued.status == Document.Status.FAILED
    assert ROSTER in queued.error


def test_running_out_of_time_fails_with_took_too_long(queued, monkeypatch):
    def slow(html):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(document_tasks, "render_pdf", slow)
    render_document(queued.pk)
    queued.refresh_from_db()
    assert queued.status == Document.Status.FAILED
    with translation.override(settings.LANGUAGE_CODE):
        reason = gettext(
            "Producing the document took too long (more than %(seconds)s seconds). "
            "Please try again later."
        ) % {"seconds": settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT}
    assert queued.error == reason
    assert str(settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT) in queued.error


def test_missing_font_files_fail_with_a_reason(queued, monkeypatch, tmp_path):
    monkeypatch.setattr(rendering, "FONT_SOURCE_DIR", tmp_path / "no-fonts")
    render_document(queued.pk)
    queued.refresh_from_db()
    assert queued.status == Document.Status.FAILED
    assert "Tinos" in queued.error and "npm ci" in queued.error


def test_a_transient_error_is_retried(queued, monkeypatch):
    real = document_tasks.render_pdf
    failures = [OSError("đĩa đầy")]

    def flaky(html):
        if failures:
            raise failures.pop()
        return real(html)

    monkeypatch.setattr(document_tasks, "render_pdf", flaky)
    render_document.apply(args=[queued.pk])
    queued.refresh_from_db()
    assert queued.status == Document.Status.READY
    assert queued.attempts == 2


def test_a_transient_error_that_persists_fails_after_the_retries(queued, monkeypatch):
    def broken_disk(html):
        raise OSError("không ghi được")

    monkeypatch.setattr(document_tasks, "render_pdf", broken_disk)
    render_document.apply(args=[queued.pk])
    queued.refresh_from_db()
    assert queued.status == Document.Status.FAILED
    assert "OSError: không ghi được" in queued.error
    assert queued.attempts == document_tasks.MAX_RETRIES + 1


@pytest.mark.parametrize(("retries", "countdown"), [(0, 10), (1, 20), (2, 40)])
def test_a_worker_retries_with_exponential_backoff(queued, monkeypatch, retries, countdown):
    """On a worker (not eager) the row goes back to QUEUED and Celery retries after a delay."""
    requested = []

    def database_away(html):
        raise OperationalError("máy chủ cơ sở dữ liệu không trả lời")

    def fake_retry(exc=None, countdown=None, **kwargs):
        requested.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(document_tasks, "render_pdf", database_away)
    monkeypatch.setattr(render_document, "retry", fake_retry)
    render_document.push_request(id="t", retries=retries, is_eager=False, called_directly=False)
    try:
        with pytest.raises(Retry):
            render_document.run(queued.pk)
    finally:
        render_document.pop_request()
    queued.refresh_from_db()
    assert queued.status == Document.Status.QUEUED
    assert requested == [countdown]


def test_a_document_left_rendering_by_a_dead_worker_is_taken_over(queued, renders):
    long_ago = timezone.now() - timedelta(seconds=settings.DOCUMENTS_RENDER_TIME_LIMIT + 1)
    Document.objects.filter(pk=queued.pk).update(
        status=Document.Status.RENDERING, started_at=long_ago, attempts=1, progress=40
    )
    assert render_document(queued.pk) == "ready"
    queued.refresh_from_db()
    assert queued.status == Document.Status.READY
    assert queued.attempts == 2
    assert len(renders) == 1


def test_a_document_being_rendered_by_a_live_worker_is_left_alone(queued, renders):
    Document.objects.filter(pk=queued.pk).update(
        status=Document.Status.RENDERING, started_at=timezone.now(), attempts=1
    )
    assert render_document(queued.pk) == "not claimed"
    assert renders == []


def test_a_worker_that_lost_its_claim_keeps_nothing(queued, monkeypatch):
    """A worker that was too slow and taken over must not overwrite the new owner's row."""
    real = document_tasks.render_pdf

    def taken_over_meanwhile(html):
        result = real(html)
        Document.objects.filter(pk=queued.pk).update(attempts=99)
        return result

    monkeypatch.setattr(document_tasks, "render_pdf", taken_over_meanwhile)
    render_document(queued.pk)
    queued.refresh_from_db()
    assert queued.status == Document.Status.RENDERING
    assert not queued.file
    assert not list(Path(default_storage.path("documents")).rglob("*.pdf"))


def test_recovery_requeues_stale_documents_and_fails_hopeless_ones(
    queued, renders, roster, world, ministry, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(seconds=settings.DOCUMENTS_RENDER_TIME_LIMIT + 60)
    Document.objects.filter(pk=queued.pk).update(
        status=Document.Status.RENDERING, started_at=long_ago, attempts=1
    )
    with django_capture_on_commit_callbacks(execute=False):
        hopeless = request_document(ROSTER, world.bloc_y, ministry)
    Document.objects.filter(pk=hopeless.pk).update(
        status=Document.Status.RENDERING,
        started_at=long_ago,
        attempts=document_tasks.MAX_ATTEMPTS,
    )

    counts = recover_stale_documents()

    assert counts == {"requeued": 1, "failed": 1, "resent": 0}
    queued.refresh_from_db()
    hopeless.refresh_from_db()
    assert queued.status == Document.Status.READY  # re-sent and rendered (eagerly here)
    assert hopeless.status == Document.Status.FAILED
    assert "4" in hopeless.error
    assert len(renders) == 1


def test_recovery_resends_documents_whose_message_was_lost(queued, renders):
    Document.objects.filter(pk=queued.pk).update(
        requested_at=timezone.now() - document_tasks.LOST_MESSAGE_AFTER - timedelta(minutes=1)
    )
    assert recover_stale_documents() == {"requeued": 0, "failed": 0, "resent": 1}
    queued.refresh_from_db()
    assert queued.status == Document.Status.READY


def test_recovery_is_scheduled_every_five_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["documents-recover-stale"]
    assert entry["task"] == "documents.tasks.recover_stale_documents"
    assert entry["schedule"] == 300


def test_the_task_has_time_limits_and_is_acknowledged_late():
    assert render_document.soft_time_limit == settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT == 120
    assert render_document.time_limit == settings.DOCUMENTS_RENDER_TIME_LIMIT == 180
    assert render_document.acks_late and render_document.reject_on_worker_lost
