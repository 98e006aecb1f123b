"""Security settings: `check --deploy` is clean in production, HTTPS and cookie settings, session
expiry, password strength and the new environment variables.

Settings read at start-up are loaded in a clean process (tests.settings_process)."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD
from tests.settings_process import ROOT, load_settings

# Variables a developer's shell may carry that would change what production settings read.
DROP = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "PASSWORD_MIN_LENGTH",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_MINUTES",
    "TRUSTED_PROXY_COUNT",
    "OTP_REQUIRED_FOR",
}
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "thiduakhoi.example.vn",
}


def check_deploy(**environ):
    clean = {k: v for k, v in __import__("os").environ.items() if k not in DROP}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "khoi_thi_dua.settings.production",
            "VAR_DIR": "/tmp/ktd-settings-test",
            **PRODUCTION,
            **environ,
        },
        timeout=120,
    )


def test_check_deploy_finds_nothing_in_production():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr.replace("WARNING axes", "")


def test_check_deploy_warns_when_https_is_turned_off():
    """The check above could not pass by accident: the same check notices what an operator
    turns off."""
    result = check_deploy(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr  # no HTTPS redirect
    assert "security.W004" in result.stdout + result.stderr  # no HSTS


SHOW = (
    "print(json.dumps({name: getattr(settings, name) for name in ["
    "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
    "'SECURE_HSTS_PRELOAD', 'SECURE_PROXY_SSL_HEADER', 'SESSION_COOKIE_SECURE', "
    "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'X_FRAME_OPTIONS', "
    "'SECURE_REFERRER_POLICY', 'SECURE_CROSS_ORIGIN_OPENER_POLICY', "
    "'SECURE_CONTENT_TYPE_NOSNIFF', 'SESSION_COOKIE_AGE', 'SESSION_EXPIRE_AT_BROWSER_CLOSE', "
    "'PASSWORD_MIN_LENGTH', 'AXES_FAILURE_LIMIT', 'TRUSTED_PROXY_COUNT', 'OTP_REQUIRED_FOR', "
    "'AUTHENTICATION_BACKENDS', 'MIDDLEWARE']} | {"
    "'AXES_COOLOFF_MINUTES': settings.AXES_COOLOFF_TIME.total_seconds() / 60, "
    "'MIN_LENGTH_OPTION': [v.get('OPTIONS', {}).get('min_length') "
    "for v in settings.AUTH_PASSWORD_VALIDATORS if 'MinimumLength' in v['NAME']][0]}, "
    "default=list))"
)


def _read(module: str, **environ) -> dict:
    result = load_settings(module, SHOW, drop=DROP, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_defaults_are_https_only():
    values = _read("khoi_thi_dua.settings.production", **PRODUCTION)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    # Sessions, passwords, sign-in throttling, second factor.
    assert values["SESSION_COOKIE_AGE"] == 8 * 3600
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["PASSWORD_MIN_LENGTH"] == values["MIN_LENGTH_OPTION"] == 12
    assert values["AXES_FAILURE_LIMIT"] == 5 and values["AXES_COOLOFF_MINUTES"] == 15
    assert values["TRUSTED_PROXY_COUNT"] == 0
    assert values["OTP_REQUIRED_FOR"] == []
    # django-axes: its backend first, its middleware last; WhiteNoise right after security.
    assert values["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    middleware = values["MIDDLEWARE"]
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert middleware[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert "csp.middleware.CSPMiddleware" in middleware


def test_the_environment_changes_the_security_settings():
    values = _read(
        "khoi_thi_dua.settings.production",
        **PRODUCTION,
        SECURE_SSL_REDIRECT="off",
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_PRELOAD="no",
        SECURE_PROXY_SSL_HEADER="false",
        SECURE_COOKIES="false",
        SESSION_COOKIE_AGE="3600",
        SESSION_EXPIRE_AT_BROWSER_CLOSE="false",
        PASSWORD_MIN_LENGTH="16",
        AXES_FAILURE_LIMIT="3",
        AXES_COOLOFF_MINUTES="60",
        TRUSTED_PROXY_COUNT="1",
        OTP_REQUIRED_FOR="Ministry, admin",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 600 and values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["SESSION_COOKIE_SECURE"] is False and values["CSRF_COOKIE_SECURE"] is False
    assert values["SESSION_COOKIE_AGE"] == 3600
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is False
    assert values["MIN_LENGTH_OPTION"] == 16
    assert values["AXES_FAILURE_LIMIT"] == 3 and values["AXES_COOLOFF_MINUTES"] == 60
    assert values["TRUSTED_PROXY_COUNT"] == 1
    assert values["OTP_REQUIRED_FOR"] == ["ministry", "admin"]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PASSWORD_MIN_LENGTH", "6", "PASSWORD_MIN_LENGTH=6 must be at least 8"),
        ("OTP_REQUIRED_FOR", "ministry,everyone", "everyone not allowed"),
        ("SESSION_COOKIE_AGE", "8h", "SESSION_COOKIE_AGE='8h' is not a whole number"),
    ],
)
def test_a_bad_security_value_stops_the_start(variable, value, message):
    result = load_settings("khoi_thi_dua.settings.local", "", drop=DROP, **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


# Sessions ----------------------------------------------------------------------------------


def test_a_session_ends_with_the_browser_and_after_eight_hours(client, staff_a):
    response = client.post(
        reverse("accounts:login"), {"username": staff_a.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    # No expiry date on the cookie: the browser forgets it when it closes.
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"
    # On the server the session lasts SESSION_COOKIE_AGE, whatever the browser does.
    session = Session.objects.get(session_key=cookie.value)
    lifetime = session.expire_date - timezone.now()
    assert timedelta(hours=7, minutes=59) < lifetime <= timedelta(hours=8)
    assert client.get(reverse("home")).status_code == 200
    # Eight hours later the session is over.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_session_can_outlive_the_browser_when_configured(client, staff_a, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = False
    settings.SESSION_COOKIE_AGE = 3600
    response = client.post(
        reverse("accounts:login"), {"username": staff_a.username, "password": PASSWORD}
    )
    assert response.cookies["sessionid"]["max-age"] == 3600


# Passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "messages"),
    [
        ("Kt-2027!x", ["Mật khẩu quá ngắn: phải có ít nhất 12 ký tự."]),
        ("20272027202720", ["Mật khẩu này hoàn toàn là số."]),
        ("password1234", ["Mật khẩu này quá phổ biến."]),
        ("canbo.a@example", ["Mật khẩu quá giống với"]),
    ],
)
def test_a_weak_new_password_is_refused_in_vietnamese(client, staff_a, password, messages):
    client.force_login(staff_a)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    content = response.content.decode()
    for message in messages:
        assert message in content
    staff_a.refresh_from_db()
    assert staff_a.check_password(PASSWORD)


def test_a_long_password_is_accepted(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Thi-dua-khoi-2027",
            "new_password2": "Thi-dua-khoi-2027",
        },
    )
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.check_password("Thi-dua-khoi-2027")
