"""Celery app for the real-worker test: the portal's app, plus the test document kind.

celery -A tests.documents.worker_app worker ...
"""

import os
from pathlib import Path

import django
from django.conf import settings

from khoi_thi_dua.celery import app

__all__ = ["app"]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khoi_thi_dua.settings.local")
# The test templates' folder, added before any template is loaded.
_first, *_rest = settings.TEMPLATES
settings.TEMPLATES = [
    {**_first, "DIRS": [*_first["DIRS"], Path(__file__).resolve().parent / "templates"]},
    *_rest,
]
django.setup()

from documents.registry import register  # noqa: E402 - needs the apps loaded
from tests.documents.kinds import roster_kind  # noqa: E402

register(roster_kind())
