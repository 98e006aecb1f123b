"""Fixtures of the document pipeline tests: a test kind, files in a temporary folder."""

import pytest

from documents import registry
from documents import tasks as document_tasks
from documents.services import request_document
from tests.documents.kinds import ROSTER, roster_kind, template_settings


@pytest.fixture
def media(settings, tmp_path):
    """Documents are stored under a temporary MEDIA_ROOT through the default storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def roster(settings, media):
    """The test-only kind "test_roster" (subject: a bloc), registered for one test."""
    settings.TEMPLATES = template_settings()
    kind = roster_kind()
    registry.register(kind)
    yield kind
    registry.unregister(ROSTER)


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDFs WeasyPrint actually renders."""
    calls = []
    real = document_tasks.render_pdf

    def counting(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(document_tasks, "render_pdf", counting)
    return calls


@pytest.fixture
def ask(roster, django_capture_on_commit_callbacks):
    """ask(bloc, user) -> Document: request the roster and run what is sent on commit (the
    render, eagerly), as a request that commits would."""

    def ask(subject, user, kind=ROSTER):
        with django_capture_on_commit_callbacks(execute=True):
            document = request_document(kind, subject, user)
        document.refresh_from_db()
        return document

    return ask
