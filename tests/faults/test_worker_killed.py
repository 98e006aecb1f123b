"""A worker killed in the middle of a PDF render: the document is rendered again and finishes, or
fails with a reason after too many deaths; it is never left "being produced".

Two real cases with a real worker (on PostgreSQL, a private Redis, the test roster kind whose
first render pauses: tests/faults/worker_app.py):
- the pool process rendering is killed (SIGKILL, as the out-of-memory killer does): the worker
  puts the message back (acks_late, reject_on_worker_lost), a new pool process gets it again,
  and takes the document over at once because it is the same message (documents.tasks.claim);
- the whole worker is killed: its message stays unacknowledged in Redis (for an hour), and the
  worker started again under the same node name takes the document back when it starts
  (documents.tasks.adopt_orphans).
The rules behind them are also checked in-process (any database).
"""

import os
import signal
import time
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from documents import tasks as document_tasks
from documents.models import Document
from documents.services import request_document
from documents.tasks import adopt_orphans, render_document
from tests.celery_worker import app_sending_to, running_worker, wait_for_document
from tests.documents.kinds import ROSTER
from tests.factories import BlocFactory

S = Document.Status


@pytest.fixture
def marks(tmp_path):
    folder = tmp_path / "marks"
    folder.mkdir()
    return folder


def pausing_worker(folder, redis, database_url, media, marks, concurrency=1):
    folder.mkdir(parents=True, exist_ok=True)
    return running_worker(
        folder,
        app="tests.faults.worker_app",
        concurrency=concurrency,
        broker=redis.url,
        DATABASE_URL=database_url(),
        MEDIA_ROOT=str(media),
        KTD_FAULTS_MARKS=str(marks),
        KTD_FAULTS_PAUSE="60",
    )


def rendering_pid(marks, log_path, timeout: float = 60) -> int:
    """The pid of the process that started the first render (it now pauses)."""
    marker = marks / "first-render.pid"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = marker.read_text().strip() if marker.exists() else ""
        if text:
            return int(text)
        time.sleep(0.05)
    raise AssertionError(f"no render within {timeout} s; worker log:\n" + log_path.read_text())


def assert_rendered(document):
    with default_storage.open(document.file.name, "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-") and len(content) == document.size


@pytest.mark.services
def test_a_pool_process_killed_mid_render_the_message_comes_back_and_the_document_finishes(
    worker_database,
    private_redis,
    migrated_data_kept,
    transactional_db,
    django_db_serialized_rollback,
    roster,
    media,
    marks,
    tmp_path,
    world,
    bloc_leader,
):
    private_redis.start()
    with pausing_worker(
        tmp_path, private_redis, worker_database, media, marks, concurrency=2
    ) as worker:
        with app_sending_to(worker.queue, private_redis.url):
            document = request_document(ROSTER, world.bloc_x, bloc_leader)
        pid = rendering_pid(marks, worker.log)
        assert pid != worker.process.pid  # a process of the pool, not the worker itself
        document.refresh_from_db()
        assert document.status == S.RENDERING and document.attempts == 1
        assert document.task_id and document.worker

        os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        seen = wait_for_document(document, timeout=60)
        took = time.monotonic() - killed_at
        log = worker.log.read_text()

    assert document.status == S.READY, f"{seen} {document.error}\n{log}"
    assert "WorkerLostError" in log and "SIGKILL" in log
    assert document.attempts == 2 and document.progress == 100
    # At once (a few seconds; a minute at most on a very busy machine), not after the hard
    # time limit (180 s) as before.
    assert took < 60, took
    assert_rendered(document)


@pytest.mark.services
def test_a_worker_killed_mid_render_takes_the_document_back_when_it_starts_again(
    worker_database,
    private_redis,
    migrated_data_kept,
    transactional_db,
    django_db_serialized_rollback,
    roster,
    media,
    marks,
    tmp_path,
    world,
    bloc_leader,
):
    private_redis.start()
    # --pool=solo: the render runs in the worker process itself, which is killed.
    with pausing_worker(tmp_path / "first", private_redis, worker_database, media, marks) as first:
        with app_sending_to(first.queue, private_redis.url):
            document = request_document(ROSTER, world.bloc_x, bloc_leader)
        pid = rendering_pid(marks, first.log)
        assert pid == first.process.pid
        os.kill(pid, signal.SIGKILL)
        first.process.wait(timeout=10)
    document.refresh_from_db()
    # Nothing else would touch it before the hard time limit (and its message before an hour).
    assert document.status == S.RENDERING

    with pausing_worker(
        tmp_path / "second", private_redis, worker_database, media, marks
    ) as second:
        seen = wait_for_document(document, timeout=60)
        log = second.log.read_text()

    assert document.status == S.READY, f"{seen} {document.error}\n{log}"
    assert "left by an earlier run" in log
    assert document.attempts == 2
    assert_rendered(document)


# The rules, in-process ---------------------------------------------------------------------


@pytest.fixture
def rendering(roster, world, ministry, django_capture_on_commit_callbacks):
    """rendering(task_id, attempts, worker, started_at) -> the roster of a new bloc, left
    RENDERING by the given task on the given worker."""

    def rendering(task_id="t-1", attempts=1, worker="celery@a", started_at=None):
        with django_capture_on_commit_callbacks(execute=False):
            document = request_document(ROSTER, BlocFactory(), ministry)
        Document.objects.filter(pk=document.pk).update(
            status=S.RENDERING,
            task_id=task_id,
            attempts=attempts,
            worker=worker,
            started_at=started_at or timezone.now(),
            progress=40,
        )
        return document

    return rendering


def test_the_same_message_again_takes_the_render_over_at_once(rendering):
    document = rendering(task_id="t-1")
    assert render_document.apply(args=[document.pk], task_id="t-1").get() == "ready"
    document.refresh_from_db()
    assert document.status == S.READY and document.attempts == 2


def test_another_message_leaves_a_live_render_alone(rendering):
    document = rendering(task_id="t-1")
    assert render_document.apply(args=[document.pk], task_id="t-2").get() == "not claimed"
    document.refresh_from_db()
    assert document.status == S.RENDERING and document.attempts == 1


def test_a_document_whose_worker_keeps_dying_fails_with_the_reason(rendering):
    document = rendering(task_id="t-1", attempts=document_tasks.MAX_ATTEMPTS)
    assert render_document.apply(args=[document.pk], task_id="t-1").get() == "failed"
    document.refresh_from_db()
    assert document.status == S.FAILED and document.finished_at
    assert str(document_tasks.MAX_ATTEMPTS) in document.error


def test_a_worker_starting_again_takes_back_only_its_own_earlier_renders(rendering):
    booted_at = timezone.now()
    before = booted_at - timedelta(seconds=5)
    mine = rendering(task_id="t-1", worker="celery@a", started_at=before)
    hopeless = rendering(
        task_id="t-2", worker="celery@a", started_at=before, attempts=document_tasks.MAX_ATTEMPTS
    )
    others = rendering(task_id="t-3", worker="celery@b", started_at=before)
    since_boot = rendering(task_id="t-4", worker="celery@a", started_at=booted_at)

    assert adopt_orphans("celery@a", booted_at) == {"requeued": 1, "failed": 1}

    statuses = dict(Document.objects.values_list("pk", "status"))
    assert statuses[mine.pk] == S.READY  # queued again, rendered (eagerly here)
    assert statuses[hopeless.pk] == S.FAILED
    assert statuses[others.pk] == statuses[since_boot.pk] == S.RENDERING


def test_a_part_is_taken_over_by_its_own_message_only_and_fails_after_four_deaths(rendering):
    from documents.models import DocumentPart
    from documents.tasks import render_document_part

    document = rendering(task_id="t-1")
    part = DocumentPart.objects.create(
        document=document,
        index=0,
        status=S.RENDERING,
        task_id="p-1",
        attempts=1,
        started_at=timezone.now(),
    )
    assert render_document_part.apply(args=[document.pk, 0], task_id="p-2").get() == ("not claimed")
    assert render_document_part.apply(args=[document.pk, 0], task_id="p-1").get() == "ready"
    part.refresh_from_db()
    document.refresh_from_db()
    assert part.status == S.READY and part.attempts == 2
    assert document.status == S.READY  # the only part: merged into the document

    hopeless = rendering(task_id="t-2")
    DocumentPart.objects.create(
        document=hopeless,
        index=0,
        status=S.RENDERING,
        task_id="p-3",
        attempts=document_tasks.MAX_ATTEMPTS,
        started_at=timezone.now(),
    )
    assert render_document_part.apply(args=[hopeless.pk, 0], task_id="p-3").get() == "failed"
    hopeless.refresh_from_db()
    assert hopeless.status == S.FAILED and str(document_tasks.MAX_ATTEMPTS) in hopeless.error
