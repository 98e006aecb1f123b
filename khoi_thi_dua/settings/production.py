"""Production: refuses to start without SECRET_KEY and ALLOWED_HOSTS from the environment.

HTTPS everywhere: plain HTTP is redirected, browsers are told to use HTTPS only (HSTS), and
cookies travel only over HTTPS. With these defaults `manage.py check --deploy` reports nothing.
"""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
DEBUG = env_bool("DEBUG", False)

# The reverse proxy that terminates TLS says so with X-Forwarded-Proto: https (docs/deployment.md);
# the proxy must set that header itself, never pass on the client's.
if env_bool("SECURE_PROXY_SSL_HEADER", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The health check may come from inside the host over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HSTS: a year by default. Only turn it on for a host that will keep HTTPS: browsers remember
# it for SECURE_HSTS_SECONDS. "preload" only has an effect once the domain's owner submits it
# to the browsers' preload list (hstspreload.org); set SECURE_HSTS_PRELOAD=false to leave it out.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# WhiteNoise serves the collected static files right after the security middleware.
MIDDLEWARE = [*MIDDLEWARE[:1], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
# The default storage (local disk or S3 bucket) is chosen in base.py from the environment.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
