"""Sending background jobs so that a broker outage loses none of them: a transactional outbox.

`dispatch(task, *args, **kwargs)`, called inside the transaction of a change (a submitted
report, a requested document), writes a `PendingTask` row in that same transaction. Once the
transaction has committed, the row is published to the broker and deleted. If the broker does
not answer within a couple of seconds the row simply stays, the change is saved all the same,
and the caller can tell the person that the job will follow (`row.sent is False`).

Rows left behind are sent by `send_pending()`: when a worker starts (`worker_ready`, see
khoi_thi_dua/celery.py) and every minute from the beat (`documents.tasks.send_pending_tasks`).
Each row is locked while it is sent (`SELECT … FOR UPDATE SKIP LOCKED`), so two senders never
send the same row at once. Delivery is at least once: a process that dies between publishing
and deleting sends the row again later, so the tasks sent through here must be safe to run twice
(a document render claims its row; a notice may at worst arrive twice).

Without a broker (eager mode: a developer machine, the tests) the task runs in-process when the
transaction commits, as `task.delay()` would, and the row is deleted first.
"""

from __future__ import annotations

import logging
from functools import partial

from celery import current_app
from django.db import DatabaseError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from documents.models import PendingTask

logger = logging.getLogger(__name__)

# Publishing: a refused connection is tried 3 times within about half a second, then the job
# waits in the outbox (CELERY_BROKER_TRANSPORT_OPTIONS bounds the connect itself). Results are
# not stored: nobody reads them, and a result backend that is down would otherwise hold the
# request for many seconds and leave the process unable to send until it restarts.
PUBLISH_OPTIONS = {
    "ignore_result": True,
    "retry": True,
    "retry_policy": {
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.25,
        "interval_max": 0.25,
    },
}
# Errors that mean "the broker is not there": the sender stops and keeps the rest for later.
UNREACHABLE = (BrokerError, ConnectionError, TimeoutError, OSError)


def dispatch(task, *args, **kwargs) -> PendingTask:
    """Send `task(*args, **kwargs)` to the workers once the current transaction commits, and
    never lose it. Arguments must be JSON values. Returns the outbox row; its `sent` attribute
    is None until the commit, then True (the broker has it) or False (it waits in the outbox)."""
    row = PendingTask.objects.create(task=task.name, args=list(args), kwargs=kwargs)
    row.sent = None
    transaction.on_commit(partial(_send_committed, row))
    return row


def _eager() -> bool:
    return bool(current_app.conf.task_always_eager)


def _run_eagerly(row: PendingTask) -> None:
    task = current_app.tasks[row.task]  # an unknown name raises before the row is deleted
    PendingTask.objects.filter(pk=row.pk).delete()
    row.sent = True
    # As task.delay() would in eager mode: the task runs here and its errors propagate.
    task.apply_async(row.args, row.kwargs)


def _send_committed(row: PendingTask) -> None:
    """After the commit: this row only. Never raises (the change is already committed)."""
    if _eager():
        _run_eagerly(row)
        return
    try:
        outcome = _send_rows(PendingTask.objects.filter(pk=row.pk), limit=1)
    except DatabaseError:
        logger.exception("Could not send job %s (%s): the database failed", row.pk, row.task)
        outcome = {"sent": 0}
    row.sent = outcome["sent"] == 1
    if not row.sent:
        logger.warning("Job %s (%s) waits in the outbox: broker unreachable", row.pk, row.task)


def _publish(row: PendingTask) -> None:
    current_app.send_task(row.task, args=row.args, kwargs=row.kwargs, **PUBLISH_OPTIONS)


def _send_rows(rows, limit: int) -> dict[str, int]:
    """Send the rows of a queryset, oldest first, one transaction each; stop at the first sign
    that the broker is unreachable. Rows that another process is sending are skipped."""
    counts = {"sent": 0, "failed": 0}
    refused: list[int] = []
    while counts["sent"] + counts["failed"] < limit:
        with transaction.atomic():
            row = (
                rows.exclude(pk__in=refused)
                .select_for_update(skip_locked=True)
                .order_by("pk")
                .first()
            )
            if row is None:
                break
            try:
                if _eager():  # rows left from a time with a broker, sent by hand without one
                    _run_eagerly(row)
                else:
                    _publish(row)
                    row.delete()
            except Exception as exc:
                counts["failed"] += 1
                refused.append(row.pk)
                PendingTask.objects.filter(pk=row.pk).update(
                    attempts=row.attempts + 1,
                    last_error=f"{type(exc).__name__}: {exc}"[:1000],
                    last_attempt_at=timezone.now(),
                )
                if isinstance(exc, UNREACHABLE):
                    break
                # Anything else (an unknown task name, arguments the broker refuses) concerns
                # this row alone: it stays for the administrators, the others go on.
                logger.exception("Job %s (%s) could not be sent", row.pk, row.task)
                continue
            counts["sent"] += 1
    return counts


def send_pending(limit: int = 500) -> dict[str, int]:
    """Send the jobs that are waiting (oldest first); returns {"sent": n, "failed": n, "left": n}.
    Safe to run anywhere and any number of times at once."""
    counts = _send_rows(PendingTask.objects.all(), limit=limit)
    counts["left"] = PendingTask.objects.count()
    if counts["sent"] or counts["failed"]:
        log = logger.warning if counts["failed"] else logger.info
        log("Outbox: %(sent)s job(s) sent, %(failed)s failed, %(left)s waiting", counts)
    return counts
