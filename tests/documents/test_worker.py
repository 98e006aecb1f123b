"""A real Celery worker against Redis renders a document: QUEUED → READY with a real PDF.

The worker is another process, so it must see the test database: on PostgreSQL the test runs
with committed transactions (transactional_db) and the worker is pointed at the test database.
On SQLite the test database is in memory and cannot be shared, so the test is skipped there.
Skipped with a reason when Redis is not reachable; KTD_REQUIRE_SERVICES=1 (CI) turns either
skip into a failure.
"""

import pytest
from django.core.files.storage import default_storage

from documents.models import Document, PendingTask
from documents.services import request_document
from tests.celery_worker import (
    app_sending_to,
    running_worker,
    wait_for_document,
    worker_database_url,
)
from tests.documents.kinds import ROSTER

pytestmark = pytest.mark.services


@pytest.fixture
def worker(tmp_path, media):
    with running_worker(
        tmp_path,
        app="tests.documents.worker_app",
        DATABASE_URL=worker_database_url(),
        MEDIA_ROOT=str(media),
    ) as running:
        yield running


def test_a_real_worker_renders_the_document(
    postgresql_and_redis,
    migrated_data_kept,
    transactional_db,
    django_db_serialized_rollback,
    roster,
    worker,
    world,
    bloc_leader,
):
    # Sent as the portal sends it (documents.dispatch, once committed), to the test worker.
    with app_sending_to(worker.queue):
        document = request_document(ROSTER, world.bloc_x, bloc_leader)
    assert document.status == Document.Status.QUEUED
    assert not PendingTask.objects.exists()  # the broker has the job

    seen = wait_for_document(document, timeout=90)

    log = worker.log.read_text()
    assert document.status == Document.Status.READY, f"{seen} {document.error}\n{log}"
    assert seen[0] == Document.Status.QUEUED and seen[-1] == Document.Status.READY
    assert document.attempts == 1 and document.progress == 100
    with default_storage.open(document.file.name, "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-") and len(content) == document.size
    assert document.page_count == 1
    assert "documents.tasks.render_document" in log and "succeeded" in log
