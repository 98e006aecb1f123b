"""A real Celery worker against Redis runs a task end to end.

Skipped with a reason when Redis is not reachable, unless KTD_REQUIRE_SERVICES=1 (CI), where
an unreachable Redis fails the test.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from khoi_thi_dua.celery import app as celery_app

pytestmark = pytest.mark.services
BROKER = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"
ROOT = Path(__file__).resolve().parents[2]


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        reason = f"Redis is not reachable at {BROKER}: {exc}"
        if os.environ.get("KTD_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def worker(tmp_path):
    _redis_or_skip()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khoi_thi_dua.settings.local",
        "CELERY_BROKER_URL": BROKER,
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("EMAIL_HOST", None)
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed in the teardown
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "khoi_thi_dua",
            "worker",
            "--pool=solo",
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
        yield tmp_path, queue
    finally:
        celery_app.conf.task_always_eager = saved
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_worker_sends_the_queued_email(worker):
    tmp_path, worker_queue = worker
    from accounts.tasks import send_email

    # An explicit connection: the app's producer pool may already exist from eager tests.
    with celery_app.connection_for_write(BROKER) as connection:
        send_email.apply_async(
            kwargs={
                "subject": "Thử nghiệm hàng đợi",
                "body": "Xin chào từ worker",
                "to": ["khoi@example.vn"],
            },
            queue=worker_queue,
            producer=connection.Producer(),
        )
    mail_dir = tmp_path / "mail"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(mail_dir.glob("*")):
        time.sleep(0.2)
    sent = "".join(p.read_text() for p in mail_dir.glob("*"))
    assert sent, "no e-mail within 60 s; worker log:\n" + (tmp_path / "worker.log").read_text()
    assert "Xin chào từ worker" in sent
    assert "khoi@example.vn" in sent
