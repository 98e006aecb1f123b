"""The Celery application; tasks are discovered in each app's tasks.py."""

import logging
import os
from datetime import UTC, datetime

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khoi_thi_dua.settings.local")

app = Celery("khoi_thi_dua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

# When this process started: in a worker, before it could take any task.
BOOTED_AT = datetime.now(UTC)


@worker_ready.connect
def catch_up_after_an_outage(sender=None, **kwargs):
    """A worker that starts picks up what an outage left behind (docs/documents.md, "Faults"):
    the documents an earlier run of this same worker was rendering when it was killed, and the
    jobs that waited in the outbox while the broker was unreachable."""
    from documents.dispatch import send_pending
    from documents.tasks import adopt_orphans

    hostname = getattr(sender, "hostname", "") or ""
    try:
        if hostname:
            adopted = adopt_orphans(hostname, BOOTED_AT)
            if any(adopted.values()):
                logger.warning("Documents left by an earlier run of %s: %s", hostname, adopted)
        send_pending()
    except Exception:
        # The database may be down too; the beat's send_pending_tasks and
        # recover_stale_documents catch up later. The worker must start all the same.
        logger.exception("Could not catch up after an outage at the start of %s", hostname)
