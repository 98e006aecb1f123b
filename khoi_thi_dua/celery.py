"""The Celery application; tasks are discovered in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khoi_thi_dua.settings.local")

app = Celery("khoi_thi_dua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
