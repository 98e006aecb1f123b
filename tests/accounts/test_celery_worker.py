"""A real Celery worker against Redis runs a task end to end.

Skipped with a reason when Redis is not reachable, unless KTD_REQUIRE_SERVICES=1 (CI), where
an unreachable Redis fails the test.
"""

import time

import pytest

from accounts.tasks import send_email
from tests.celery_worker import require_redis, running_worker, send

pytestmark = pytest.mark.services


@pytest.fixture
def worker(tmp_path):
    require_redis()
    with running_worker(tmp_path, EMAIL_FILE_PATH=str(tmp_path / "mail")) as running:
        yield running


def test_worker_sends_the_queued_email(worker, tmp_path):
    send(
        send_email,
        worker.queue,
        kwargs={
            "subject": "Thử nghiệm hàng đợi",
            "body": "Xin chào từ worker",
            "to": ["khoi@example.vn"],
        },
    )
    mail_dir = tmp_path / "mail"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(mail_dir.glob("*")):
        time.sleep(0.2)
    sent = "".join(p.read_text() for p in mail_dir.glob("*"))
    assert sent, "no e-mail within 60 s; worker log:\n" + worker.log.read_text()
    assert "Xin chào từ worker" in sent
    assert "khoi@example.vn" in sent
