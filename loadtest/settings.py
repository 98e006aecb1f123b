"""Settings of the load test's server: the production settings, served over plain HTTP on
loopback.

Everything a deployment runs is kept (DEBUG off, WhiteNoise, the security and sign-in
middleware, real password hashing, Celery on Redis); only what needs HTTPS or a build step is
changed:

- the session and CSRF cookies are not marked Secure and nothing redirects to HTTPS, because
  the test client speaks plain HTTP to 127.0.0.1;
- static files are served by WhiteNoise from the source folders (WHITENOISE_USE_FINDERS)
  instead of being collected first: `collectstatic` compresses about 85 MB of front-end
  packages, a minute and a half on a 2-core machine, and the load test requests pages, not
  static files.

SECRET_KEY and ALLOWED_HOSTS come from the environment, as in production (loadtest/run.py
sets them).
"""

from khoi_thi_dua.settings.production import *  # noqa: F403
from khoi_thi_dua.settings.production import STORAGES

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
