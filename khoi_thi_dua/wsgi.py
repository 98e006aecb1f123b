"""WSGI entry point (gunicorn khoi_thi_dua.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khoi_thi_dua.settings.production")

application = get_wsgi_application()
