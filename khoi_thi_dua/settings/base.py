"""Settings shared by every environment; values come from the environment (see env.py)."""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import (
    env_bool,
    env_broker,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_str,
    env_subset,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "crispy_bootstrap5",
    "accounts",
    "blocs",
    "pacts",
    "reports",
    "awards",
    "dashboards",
    "documents",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header of every page (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "khoi_thi_dua.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session entered a code of the person's TOTP device.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change kept in the audit history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A person with a second factor enters its code before any page (accounts.middleware).
    "accounts.middleware.SecondFactorMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "khoi_thi_dua.urls"
WSGI_APPLICATION = "khoi_thi_dua.wsgi.application"
ASGI_APPLICATION = "khoi_thi_dua.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
            "builtins": ["khoi_thi_dua.templatetags.vn_format"],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", str(VAR_DIR / "db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# A new password (change, reset, administration) is refused if it is shorter than this, too
# close to the person's name or e-mail, one of the common passwords, or only digits.
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 12, minimum=8)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers are grouped explicitly by the |vn_number filter: grouping every integer in
# templates would also print years as "2.026".
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["khoi_thi_dua.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# File storage (generated PDFs, uploads): the local disk under MEDIA_ROOT, or an S3-compatible
# bucket (MinIO, AWS S3, ...) when S3_BUCKET is set, so web and workers need no shared disk.
# Files stay private: people get them through the portal's download views, never by bucket URL.
S3_BUCKET = env_str("S3_BUCKET", None) or env_str("AWS_STORAGE_BUCKET_NAME", None)
if S3_BUCKET:
    _s3_access_key = env_str("S3_ACCESS_KEY_ID", None) or env_str("AWS_ACCESS_KEY_ID", None)
    _s3_secret_key = env_str("S3_SECRET_ACCESS_KEY", None) or env_str("AWS_SECRET_ACCESS_KEY", None)
    if bool(_s3_access_key) != bool(_s3_secret_key):
        raise ImproperlyConfigured(
            "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together "
            "(or neither, to use the machine's own AWS credentials)."
        )
    _s3_endpoint = env_url("S3_ENDPOINT_URL", None)
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": _s3_endpoint,
            "access_key": _s3_access_key,
            "secret_key": _s3_secret_key,
            "region_name": env_str("S3_REGION", None),
            # MinIO and most self-hosted stores want path-style addresses (host/bucket/key).
            "addressing_style": env_choice(
                "S3_ADDRESSING_STYLE",
                ("auto", "path", "virtual"),
                "path" if _s3_endpoint else "auto",
            ),
            "signature_version": "s3v4",
            "location": env_str("S3_LOCATION", ""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# REST API (/api/v1/, see docs/api.md): read-only JSON, token or session, one error shape.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials gets 401 with WWW-Authenticate.
        "api.authentication.PortalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PortalPagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "DEFAULT_METADATA_CLASS": None,
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Cổng thông tin Khối thi đua",
    "DESCRIPTION": (
        "Read-only data of the emulation blocs of the industrial-park and economic-zone "
        "management boards: blocs, member units, the indicator catalogue, reporting periods "
        "and accepted indicator values. Authenticate with `Authorization: Token <token>` "
        "(created on the account's API token page). Every endpoint returns only what the "
        "token's owner may see. Examples: docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # No "validator" badge: it would send the schema's address to validator.swagger.io (and
    # the Content-Security-Policy refuses images from other sites anyway).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI from the drf-spectacular-sidecar package: nothing loads from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "blocs.models.MemberUnit.Kind",
        "PeriodKindEnum": "reports.models.ReportingPeriod.Kind",
        "IndicatorGroupEnum": "reports.models.Indicator.Group",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: the console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", None)
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif env_str("EMAIL_FILE_PATH", None):
    # Each message written as a file: for a trial installation without a mail server.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "khoithidua@localhost")

# Celery: no broker configured means tasks run eagerly in the calling process.
CELERY_BROKER_URL = env_broker("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged when it has finished, and a worker that dies mid-task (killed, out of
# memory) puts the message back: tasks are written to be run twice safely (see documents.tasks).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# PDF rendering grows a process's memory; a child above this (KiB) is replaced after its task.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int(
    "CELERY_WORKER_MAX_MEMORY_PER_CHILD", 400_000, minimum=50_000
)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360, minimum=1)
# One PDF: the soft limit lets the task record "took too long"; the hard limit kills the child,
# and a document still RENDERING after it is taken over again (documents.tasks).
DOCUMENTS_RENDER_SOFT_TIME_LIMIT = env_int("DOCUMENTS_RENDER_SOFT_TIME_LIMIT", 120, minimum=1)
DOCUMENTS_RENDER_TIME_LIMIT = env_int("DOCUMENTS_RENDER_TIME_LIMIT", 180, minimum=1)
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_TASK_SOFT_TIME_LIMIT must be smaller than CELERY_TASK_TIME_LIMIT."
    )
if DOCUMENTS_RENDER_SOFT_TIME_LIMIT >= DOCUMENTS_RENDER_TIME_LIMIT:
    raise ImproperlyConfigured(
        "DOCUMENTS_RENDER_SOFT_TIME_LIMIT must be smaller than DOCUMENTS_RENDER_TIME_LIMIT."
    )
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_BEAT_SCHEDULE: dict = {
    # Documents whose worker died are rendered again (or marked failed) within minutes.
    # Reminder e-mails before and after the reporting deadlines, every morning.
    "reports-deadline-reminders": {
        "task": "reports.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "documents-recover-stale": {
        "task": "documents.tasks.recover_stale_documents",
        "schedule": 300.0,
    },
}
# Broker outages (docs/documents.md, "Faults"). Jobs are sent through an outbox
# (documents.dispatch): a page that queues one while the broker is down waits at most a couple
# of seconds, keeps the job in documents.PendingTask and says it will follow; the workers send
# what waits when they start, and the beat every minute. Connecting to a broker host that does
# not answer gives up after 2 s instead of the system's TCP timeout (minutes).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
# Nothing reads task results. Not storing them also keeps every task.delay() from contacting
# the result store as it publishes: with Redis down that held a request about 20 s.
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULE["documents-send-pending"] = {
    "task": "documents.tasks.send_pending_tasks",
    "schedule": 60.0,
}

# The portal's address as people reach it, for links in e-mails (no trailing slash).
PORTAL_BASE_URL = env_url("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Default reporting periods (month, day): opening and deadline. A deadline month before the
# opening month falls in the next year (the annual report is due in January).
REPORTING_PERIOD_DEFAULTS = {"H1": ((6, 15), (7, 10)), "FY": ((12, 1), (1, 10))}
# Reminder e-mails go this many days before a deadline (and on the day after it).
REPORT_REMINDER_DAYS_BEFORE = env_int("REPORT_REMINDER_DAYS_BEFORE", 3, minimum=1)

# Demo accounts share one password that only works while DEBUG is on (see accounts.backends).
DEMO_PASSWORD = "khoi-thi-dua-demo"
AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in locked out by django-axes before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PortalBackend",
]

# --- Security: headers, cookies, sessions, sign-in throttling, second factor ---------------
# Production adds HTTPS (redirect, HSTS, secure cookies) in production.py.

# Content-Security-Policy (django-csp), in every environment, so that a page needing an inline
# script or style breaks on a developer's machine rather than first in production. Everything
# comes from the portal itself: Bootstrap, Chart.js, htmx and Swagger UI are static files, page
# behaviour is in static/js/portal.js (data-autosubmit, data-confirm, data-progress, data-copy),
# chart figures travel as <script type="application/json"> (json_script, never executed), and
# sizes are CSS classes in static/css/portal.css. No 'unsafe-inline' and no 'unsafe-eval' for
# scripts or styles (Chart.js 4 needs no eval; htmx's eval and injected styles are switched off
# by the htmx-config meta tag in base.html). data: images are the SVG icons inside Bootstrap's
# CSS (select arrows, the menu button).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# X-Frame-Options says what frame-ancestors says, for browsers that only know the older header;
# with the other response headers that `check --deploy` asks for, set here so that development
# sees them too.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Sessions: a sign-in lasts a working day at most (SESSION_COOKIE_AGE, seconds) and, by default,
# ends when the browser is closed; the session cookie is never readable by scripts.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is refused for AXES_COOLOFF_MINUTES (other people, and the same
# person elsewhere, are not affected). The cool-off runs from the last counted failure: tries
# during the lockout do not extend it, so the time the lockout page gives is the real one.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_VERBOSE = False
# Behind N reverse proxies that each append to X-Forwarded-For, the person's address is the N-th
# from the right; 0 (no proxy) takes the connection's address. Too high a number would let a
# client choose its own address, and so escape the lockout.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# Second factor (django-otp, TOTP): optional for ministry staff and administrators (page
# /tai-khoan/xac-thuc-hai-buoc/). OTP_REQUIRED_FOR ("ministry", "admin") makes it compulsory
# for those groups: they set it up before any other page. API tokens are not affected.
OTP_TOTP_ISSUER = "Khối thi đua"
OTP_REQUIRED_FOR = env_subset("OTP_REQUIRED_FOR", ("ministry", "admin"), [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports each of its seven steps of every PDF at INFO, and fontTools every table
    # of the document font it merges (once per worker): noise in worker logs.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
