"""Test settings: fast hashing, eager Celery unless a test starts a worker, in-memory e-mail."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The security settings of base.py apply as they are: the CSP header, django-axes (a sign-in
# posted to the login page counts; Client.force_login does not go through it) and the second
# factor (a person with a confirmed device is sent to the code page, force_login or not).
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The broker URL stays as configured so the worker test can reach Redis; ordinary tests
# run tasks in-process.
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
