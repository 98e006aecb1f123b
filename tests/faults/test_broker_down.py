"""Redis (the broker) down while a unit submits its report: the submission is saved, the person is
told that the e-mail notice will follow, the page does not hang, and the jobs run once Redis is
back (documents.dispatch: the outbox).

End to end on PostgreSQL with a private Redis that is not running at first: the report is
submitted and its PDF asked for through the real views; then Redis starts, a worker starts
against it, sends what waited in the outbox, and the bloc leader's e-mail and the PDF follow.
The outbox itself is also checked in-process (any database).
"""

import base64
import json
import time
import uuid
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from documents import dispatch
from documents.models import Document, PendingTask
from khoi_thi_dua.celery import app as celery_app
from reports.models import Indicator, ReportValue, UnitReport
from reports.services import ensure_periods, start_report
from tests.celery_worker import app_sending_to, running_worker, wait_for_document

NOTICE_FOLLOWS = (
    "The e-mail notice will follow: the portal's job queue cannot be reached right now, so the "
    "notice is kept and sent automatically once it is back."
)
# Seconds a request may take while the broker is down: sending gives up within a second, the
# rest is the page's own work on a busy machine (before the outbox: about 20 s, then an error).
BOUND = 5.0


def form_data(report) -> dict:
    """The report form with every required indicator filled, sent to submit the report."""
    data = {
        "version": report.version,
        "results": "Kết quả sáu tháng đầu năm",
        "limitations": "",
        "directions": "",
        "recommendations": "",
        "submit": "1",
    }
    for indicator in Indicator.objects.in_force(report.period.year):
        data[f"v_{indicator.pk}"] = "1" if indicator.required else ""
        data[f"n_{indicator.pk}"] = ""
        data[f"e_{indicator.pk}"] = ""
    return data


@pytest.fixture
def draft(world, staff_a, bloc_leader, unit_leader_a):
    return start_report(ensure_periods(world.bloc_x, world.year)[0], world.unit_a, staff_a)


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


@pytest.mark.services
def test_a_report_submitted_while_the_broker_is_down_is_kept_and_its_jobs_follow(
    worker_database,
    private_redis,
    migrated_data_kept,
    transactional_db,
    django_db_serialized_rollback,
    draft,
    staff_a,
    client,
    tmp_path,
    settings,
):
    client.force_login(staff_a)
    url = reverse("reports:report", args=[draft.pk])
    # Redis is not running: the portal's sends go to it all the same.
    with app_sending_to(f"faults-{uuid.uuid4().hex[:8]}", private_redis.url):
        submitted, submit_took = timed(lambda: client.post(url, form_data(draft)))
        asked, pdf_took = timed(lambda: client.post(reverse("reports:pdf", args=[draft.pk])))
        page = client.get(url)

    # (c) Answered at once, (a) the submission saved with its values, (b) the person told.
    assert submitted.status_code == 302 and submit_took < BOUND, submit_took
    assert asked.status_code == 302 and pdf_took < BOUND, pdf_took
    draft.refresh_from_db()
    assert draft.status == UnitReport.Status.SUBMITTED and draft.submitted_at
    assert draft.results == "Kết quả sáu tháng đầu năm"
    required = Indicator.objects.in_force(draft.period.year).filter(required=True)
    assert required.exists()
    values = ReportValue.objects.filter(report=draft, indicator__in=required)
    assert {value.value for value in values} == {Decimal(1)}
    shown = [str(message) for message in get_messages(page.wsgi_request)]
    with translation.override(settings.LANGUAGE_CODE):
        assert gettext(NOTICE_FOLLOWS) in shown, shown
    document = Document.objects.get(kind="unit_report", object_id=draft.pk)
    assert asked["Location"] == document.get_absolute_url()
    waiting = dict(PendingTask.objects.values_list("task", "args"))
    event = draft.events.get(to_status=UnitReport.Status.SUBMITTED)
    assert waiting == {
        "reports.tasks.send_status_notice": [event.pk],
        "documents.tasks.render_document": [document.pk],
    }
    for row in PendingTask.objects.all():
        # One try to send, given up within a couple of seconds of the row being written.
        assert row.attempts == 1 and "127.0.0.1" in row.last_error, row.last_error
        assert (row.last_attempt_at - row.created_at).total_seconds() < 2

    # (d) Redis is back; a worker starts, sends what waited, and runs it.
    private_redis.start()
    mail = tmp_path / "mail"
    with running_worker(
        tmp_path,
        broker=private_redis.url,
        DATABASE_URL=worker_database(),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        EMAIL_FILE_PATH=str(mail),
    ) as worker:
        seen = wait_for_document(document, timeout=60)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any(mail.glob("*")):
            time.sleep(0.1)
        log = worker.log.read_text()

    assert document.status == Document.Status.READY, f"{seen} {document.error}\n{log}"
    assert not PendingTask.objects.exists(), log
    sent = "".join(path.read_text() for path in mail.glob("*"))
    assert "canbo.khoitruong@example.vn" in sent, log
    assert "reports.tasks.send_status_notice" in log and "Outbox: 2 job(s) sent" in log


# The outbox, in-process ------------------------------------------------------------------


@pytest.fixture
def outbox(db, private_redis, django_capture_on_commit_callbacks):
    """outbox(call) -> the call's result, its on-commit sends run as after a real commit; the
    app sends (not eagerly) to a private Redis, not running until started."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    with app_sending_to("faults-outbox", private_redis.url):
        run.redis = private_redis
        yield run


def queued_messages(redis) -> list[dict]:
    with celery_app.connection_for_write(redis.url) as connection:
        raw = connection.default_channel.client.lrange("faults-outbox", 0, -1)
    messages = []
    for item in raw:
        message = json.loads(item)
        _args, kwargs, _options = json.loads(base64.b64decode(message["body"]))
        messages.append({"task": message["headers"]["task"], "kwargs": kwargs})
    return messages


@pytest.mark.services
def test_a_job_waits_in_the_outbox_while_the_broker_is_down_and_goes_when_it_is_back(outbox):
    from accounts.tasks import send_email

    row, took = timed(
        lambda: outbox(lambda: dispatch.dispatch(send_email, subject="Thử", body="", to=["a@b"]))
    )
    assert row.sent is False and took < BOUND
    assert PendingTask.objects.get().task == "accounts.tasks.send_email"

    assert dispatch.send_pending() == {"sent": 0, "failed": 1, "left": 1}
    assert PendingTask.objects.get().attempts == 2

    outbox.redis.start()
    assert dispatch.send_pending() == {"sent": 1, "failed": 0, "left": 0}
    assert queued_messages(outbox.redis) == [
        {
            "task": "accounts.tasks.send_email",
            "kwargs": {"subject": "Thử", "body": "", "to": ["a@b"]},
        }
    ]


@pytest.mark.services
def test_a_job_is_written_with_the_change_and_goes_once_it_commits(outbox):
    from django.db import transaction

    from accounts.tasks import send_email

    outbox.redis.start()

    def change():
        with transaction.atomic():
            row = dispatch.dispatch(send_email, subject="Gửi", body="", to=["a@b"])
            # Written with the change, not sent before the commit.
            assert row.sent is None and PendingTask.objects.filter(pk=row.pk).exists()
        with pytest.raises(RuntimeError), transaction.atomic():
            dispatch.dispatch(send_email, subject="Không gửi", body="", to=["a@b"])
            raise RuntimeError("the change fails")
        return row

    row = outbox(change)
    assert row.sent is True and not PendingTask.objects.exists()
    assert [m["kwargs"]["subject"] for m in queued_messages(outbox.redis)] == ["Gửi"]


def test_a_job_that_cannot_be_run_does_not_hold_up_the_others(db, mailoutbox):
    # Eager mode (no broker): rows left from a time with a broker run in-process.
    PendingTask.objects.create(task="no.such.task", args=[1])
    PendingTask.objects.create(
        task="accounts.tasks.send_email", kwargs={"subject": "Sau", "body": "", "to": ["a@b"]}
    )
    assert dispatch.send_pending() == {"sent": 1, "failed": 1, "left": 1}
    assert [message.subject for message in mailoutbox] == ["Sau"]
    left = PendingTask.objects.get()
    assert left.task == "no.such.task" and left.attempts == 1 and "no.such.task" in left.last_error


def test_without_a_broker_the_job_runs_in_process(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    from accounts.tasks import send_email

    with django_capture_on_commit_callbacks(execute=True):
        row = dispatch.dispatch(send_email, subject="Thử", body="Nội dung", to=["a@b.vn"])
    assert row.sent is True and not PendingTask.objects.exists()
    assert [message.subject for message in mailoutbox] == ["Thử"]


def test_no_task_waits_for_the_result_store_when_it_is_sent():
    # Nothing reads results; storing none keeps task.delay() from also contacting the result
    # store (the broker's Redis), which, when down, held the request about 20 s.
    ours = [t for name, t in celery_app.tasks.items() if not name.startswith("celery.")]
    assert ours and all(task.ignore_result for task in ours)
