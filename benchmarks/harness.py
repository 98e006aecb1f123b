"""Measuring tools shared by the benchmarks: page timings and the document pipeline.

A figure is a name, a value and a unit. `record` (a fixture, see conftest.py) prints each as a
JSON line at the end of the run and writes docs/benchmarks.md. A new benchmark of a document
kind needs three lines:

    def test_pact_pdf(record, pact, leader):
        result = bench_document("pact", pact, leader)
        record_document(record, "pact", result)
"""

from __future__ import annotations

import gc
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.test import TestCase

ROUNDS = 5


@contextmanager
def _commit_callbacks_run():
    # Benchmarks run inside a test transaction that never commits; the render that
    # request_document sends on commit is run at the end of the block instead (eagerly).
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def _forget(kind: str, subject) -> None:
    """Remove the subject's documents of this kind, files included, so the next request
    renders again."""
    from django.contrib.contenttypes.models import ContentType

    from documents.models import Document

    documents = Document.objects.filter(
        kind=kind,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
    )
    for document in documents:
        if document.file:
            document.file.storage.delete(document.file.name)
    documents.delete()


def bench_document(kind: str, subject, user, rounds: int = ROUNDS) -> dict:
    """Time a document of `kind` about `subject` through the whole pipeline, and WeasyPrint
    alone on the same HTML in the same run; then ask again with unchanged data.

    Returns milliseconds (medians of `rounds`), the overhead ratio pipeline / WeasyPrint, the
    pages, the size, and how many renders the unchanged requests caused (should be 0).
    """
    from weasyprint import HTML

    from documents import tasks as document_tasks
    from documents.models import Document
    from documents.rendering import render_html
    from documents.services import request_document

    def through_the_pipeline() -> tuple[float, Document]:
        _forget(kind, subject)
        # Neither run pays for the garbage of the one before (a render leaves plenty).
        gc.collect()
        start = time.perf_counter()
        with _commit_callbacks_run():
            document = request_document(kind, subject, user)
        elapsed = (time.perf_counter() - start) * 1000
        document.refresh_from_db()
        if document.status != Document.Status.READY:
            raise AssertionError(f"the {kind} document failed: {document.error}")
        return elapsed, document

    _elapsed, document = through_the_pipeline()  # warm: templates, fonts, WeasyPrint caches
    html = render_html(document)
    base_url = (Path(settings.BASE_DIR) / "static").as_uri() + "/"  # as the pipeline's

    def weasyprint_alone() -> float:
        gc.collect()
        start = time.perf_counter()
        HTML(string=html, base_url=base_url).write_pdf()
        return (time.perf_counter() - start) * 1000

    weasyprint_alone()
    pipeline, alone = [], []
    for _round in range(rounds):  # interleaved, so that drift affects both alike
        elapsed, document = through_the_pipeline()
        pipeline.append(elapsed)
        alone.append(weasyprint_alone())

    renders = []
    real_render_pdf = document_tasks.render_pdf

    def counting(html):
        renders.append(1)
        return real_render_pdf(html)

    unchanged = []
    document_tasks.render_pdf = counting
    try:
        for _round in range(rounds):
            start = time.perf_counter()
            with _commit_callbacks_run():
                again = request_document(kind, subject, user)
            unchanged.append((time.perf_counter() - start) * 1000)
            if again.pk != document.pk:
                raise AssertionError("unchanged data made a new version")
    finally:
        document_tasks.render_pdf = real_render_pdf

    pipeline_ms = statistics.median(pipeline)
    weasyprint_ms = statistics.median(alone)
    return {
        "kind": kind,
        "pages": document.page_count,
        "bytes": document.size,
        "rounds": rounds,
        "pipeline_ms": round(pipeline_ms, 1),
        "weasyprint_ms": round(weasyprint_ms, 1),
        "overhead_ratio": round(pipeline_ms / weasyprint_ms, 3),
        "unchanged_ms": round(statistics.median(unchanged), 2),
        "unchanged_renders": len(renders),
    }


def record_document(record, label: str, result: dict) -> None:
    """Record the figures of bench_document() under a label, e.g. "roster (3 pages)"."""
    record(f"document {label}: render through the pipeline", result["pipeline_ms"], "ms")
    record(f"document {label}: WeasyPrint alone, same HTML", result["weasyprint_ms"], "ms")
    record(f"document {label}: overhead pipeline / WeasyPrint", result["overhead_ratio"], "ratio")
    record(f"document {label}: unchanged document returned", result["unchanged_ms"], "ms")
    record(
        f"document {label}: renders for unchanged requests", result["unchanged_renders"], "renders"
    )
    record(f"document {label}: pages", result["pages"], "pages")
