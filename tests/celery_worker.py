"""Starting a real Celery worker process against Redis, for the tests that need one.

Skipped with a printed reason when a service is missing, unless KTD_REQUIRE_SERVICES=1 (CI),
which turns the skip into a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from khoi_thi_dua.celery import app as celery_app

BROKER = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"
ROOT = Path(__file__).resolve().parents[1]
REQUIRED = os.environ.get("KTD_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    if REQUIRED:
        pytest.fail(reason)
    print(f"\nSKIPPED: {reason}")
    pytest.skip(reason)


def require_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis is not reachable at {BROKER}: {exc}")


def send(task, queue: str, **options):
    """Send a task to the test worker's queue over a fresh connection: the app's producer
    pool may already exist, bound to no broker, from tests that ran tasks eagerly."""
    with celery_app.connection_for_write(BROKER) as broker:
        return task.apply_async(queue=queue, producer=broker.Producer(), **options)


@contextmanager
def app_sending_to(queue: str, broker: str | None = None):
    """The portal's own sends (documents.dispatch, task.delay) go to this queue of this broker
    (default BROKER) instead of running eagerly: for a test whose code under test queues jobs for
    a real worker."""
    conf = celery_app.conf
    # Sends use broker_write_url: broker_url itself yields to $CELERY_BROKER_URL.
    options = ("broker_write_url", "task_default_queue", "task_always_eager")
    saved = {key: conf[key] for key in options}

    def drop_connections():
        # The pool is looked up again from the broker URL (kombu keeps one pool per URL), and
        # the amqp object, which holds the default queue and the producers, is made anew.
        celery_app._pool = None
        celery_app.__dict__.pop("amqp", None)

    drop_connections()
    conf.update(
        broker_write_url=broker or BROKER, task_default_queue=queue, task_always_eager=False
    )
    assert conf.broker_write_url == (broker or BROKER), "$CELERY_BROKER_WRITE_URL wins"
    try:
        yield
    finally:
        drop_connections()
        conf.update(saved)


@contextmanager
def running_worker(
    tmp_path: Path,
    app: str = "khoi_thi_dua",
    concurrency: int = 1,
    broker: str | None = None,
    **environ: str,
):
    """A worker process on a queue of its own; yields (queue, log path, process). With
    concurrency above 1, a prefork pool of that many processes (the default is one, solo).
    broker: another broker than BROKER (a private Redis that a test stops and starts)."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("S3_", "AWS_")) and key != "EMAIL_HOST"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="khoi_thi_dua.settings.local",
        CELERY_BROKER_URL=broker or BROKER,
        # Tasks the worker queues itself (an e-mail from a reminder) stay on its queue.
        CELERY_TASK_DEFAULT_QUEUE=queue,
        VAR_DIR=str(tmp_path / "var"),
        **environ,
    )
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                app,
                "worker",
                *(
                    ["--pool=solo"]
                    if concurrency == 1
                    else ["--pool=prefork", f"--concurrency={concurrency}"]
                ),
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-Q",
                queue,
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        saved = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = False
        try:
            yield SimpleNamespace(queue=queue, log=log_path, process=process)
        finally:
            celery_app.conf.task_always_eager = saved
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def worker_database_url() -> str:
    """The test database as a URL, for a worker process that must see what the test wrote."""
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def postgresql_and_redis(settings):
    """For a test whose worker reads the test database: PostgreSQL and Redis, or a skip with
    the reason (a failure under KTD_REQUIRE_SERVICES=1). Decided before the database fixtures,
    so nothing is set up for a skipped test."""
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        skip_or_fail(
            "a real-worker test that reads the database needs PostgreSQL (set DATABASE_URL): on "
            "SQLite the test database is in memory and a worker process cannot see it"
        )
    require_redis()


@pytest.fixture
def migrated_data_kept(django_db_blocker):
    """Puts back what the migrations loaded (catalogues, content types) after the flush that
    ends a transactional test, so that a reused test database keeps them. Requested before
    the database fixtures, so that it is torn down after them."""
    from django.db import connection

    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)


def wait_for_document(document, timeout: float) -> list[str]:
    """Poll until the document is READY or FAILED; returns the statuses seen, in order."""
    seen = [document.status]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status != seen[-1]:
            seen.append(document.status)
        if not document.in_progress:
            break
        time.sleep(0.1)
    return seen
