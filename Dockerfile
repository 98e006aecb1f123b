# Container image for the "Khối thi đua" portal.
#
# Stages:
#   assets  - installs the front-end packages from package-lock.json (npm ci);
#             Django's STATICFILES_DIRS reads them from node_modules/.
#   builder - builds a virtualenv from requirements.txt (with a compiler and
#             libpq headers, so a source build of psycopg2 also works).
#   runtime - slim image with the virtualenv, the WeasyPrint system libraries,
#             fonts with Vietnamese glyphs, compiled translations and the
#             collected static files. Runs as an unprivileged user.
#
# The same image runs the web server (default CMD), the Celery worker and
# Celery beat; docker-compose.yml sets the command for each service.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS assets

WORKDIR /build
COPY package.json package-lock.json ./
# Only the packaged static files are needed, so lifecycle scripts are skipped.
RUN npm ci --ignore-scripts --no-audit --no-fund

# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

COPY requirements.txt /tmp/requirements.txt
RUN pip install --upgrade pip \
    && pip install -r /tmp/requirements.txt

# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=khoi_thi_dua.settings.production \
    STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media

# WeasyPrint needs Pango/HarfBuzz. Fonts: DejaVu (sans/serif) and Liberation 2
# (metric-compatible with Times New Roman/Arial). On Debian bookworm the
# "fonts-liberation" package is Liberation 1.07, which lacks most Vietnamese
# letters (ơ, ư, ả, ố, ...); "fonts-liberation2" has them all.
# gettext provides msgfmt for compilemessages; libpq5 is the runtime half of
# psycopg2.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fontconfig \
        fonts-dejavu-core \
        fonts-liberation2 \
        gettext \
        libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && fc-cache -f

# Unprivileged runtime user. Its home is writable (fontconfig and other
# libraries keep caches there); the application code stays owned by root.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home \
        --shell /usr/sbin/nologin app

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
COPY --from=assets /build/node_modules /app/node_modules
COPY . /app

# Build-time only values: production settings refuse to load without them.
# They are not kept in the image; the real values come from the environment
# at run time. (locale/ is created if missing because compilemessages fails
# when no locale directory exists at all.)
RUN SECRET_KEY=build-only-not-secret \
    ALLOWED_HOSTS=localhost \
    DEBUG=false \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    CELERY_BROKER_URL=redis://localhost:6379/0 \
    sh -c 'mkdir -p locale \
        && python manage.py compilemessages --ignore=node_modules \
        && python manage.py collectstatic --noinput' \
    && mkdir -p /app/var/media /app/var/celerybeat \
    && chown app:app /app/var \
    && chown -R app:app /app/var/media /app/var/celerybeat

USER app

EXPOSE 8000

# Default command: the web server. gunicorn takes its worker count from
# WEB_CONCURRENCY (docker-compose.yml passes --workers explicitly).
CMD ["gunicorn", "khoi_thi_dua.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--timeout", "60"]
