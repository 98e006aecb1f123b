"""Celery app for the worker-killed tests: the document tests' app (the test roster kind), whose
first render of a test pauses in the middle, so that the test can kill the process rendering it.

The process writes its pid to $KTD_FAULTS_MARKS/first-render.pid, then waits
$KTD_FAULTS_PAUSE seconds (the HTML is made, the PDF not yet) before it goes on; later renders
do not pause.

celery -A tests.faults.worker_app worker ...
"""

import os
import time
from pathlib import Path

from tests.documents.worker_app import app  # first: it sets Django up

# isort: split
from documents import tasks

__all__ = ["app"]

_render_pdf = tasks.render_pdf


def render_pdf_pausing_the_first_time(html):
    marker = Path(os.environ["KTD_FAULTS_MARKS"]) / "first-render.pid"
    try:
        descriptor = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return _render_pdf(html)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(str(os.getpid()))
    time.sleep(float(os.environ.get("KTD_FAULTS_PAUSE", "60")))
    return _render_pdf(html)


tasks.render_pdf = render_pdf_pausing_the_first_time
