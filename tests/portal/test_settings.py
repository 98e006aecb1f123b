"""Configuration from the environment: strict, with a working default for everything."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from khoi_thi_dua.settings import env
from tests.settings_process import load_settings


def _settings(module, **environ):
    """Import a settings module in a clean process and print a few values."""
    return load_settings(
        module,
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.CELERY_TASK_ALWAYS_EAGER);"
        "print(settings.EMAIL_BACKEND); print(settings.DEBUG)",
        drop={
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "EMAIL_HOST",
            "CELERY_RESULT_BACKEND",
        },
        **environ,
    )


def test_local_defaults_are_sqlite_eager_celery_and_console_mail():
    result = _settings("khoi_thi_dua.settings.local")
    assert result.returncode == 0, result.stderr
    engine, eager, email, debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert eager == "True"
    assert email.endswith("console.EmailBackend")
    assert debug == "True"


def test_database_and_broker_urls_switch_to_the_real_stack():
    result = _settings(
        "khoi_thi_dua.settings.local",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/khoi",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        EMAIL_HOST="smtp.example.vn",
    )
    assert result.returncode == 0, result.stderr
    engine, eager, email, _debug = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert eager == "False"
    assert email.endswith("smtp.EmailBackend")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "mysql://root@localhost/db", "DATABASE_URL must start with postgres://"),
        ("CELERY_BROKER_URL", "amqp://guest@localhost//", "CELERY_BROKER_URL must be a redis://"),
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT='twenty-five' is not a whole number"),
    ],
)
def test_a_bad_value_stops_the_start_with_a_clear_message(variable, value, message):
    extra = {"EMAIL_HOST": "smtp.example.vn"} if variable == "EMAIL_PORT" else {}
    result = _settings("khoi_thi_dua.settings.local", **{variable: value}, **extra)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_refuses_to_start_without_secret_key_and_allowed_hosts():
    result = _settings("khoi_thi_dua.settings.production")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
    result = _settings("khoi_thi_dua.settings.production", SECRET_KEY="x" * 50)
    assert result.returncode != 0 and "ALLOWED_HOSTS must be set" in result.stderr
    result = _settings(
        "khoi_thi_dua.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="khoithidua.example.vn",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[3] == "False"


def test_env_readers(monkeypatch):
    monkeypatch.setenv("KTD_LIST", " a.vn, b.vn ,,")
    assert env.env_list("KTD_LIST") == ["a.vn", "b.vn"]
    monkeypatch.setenv("KTD_INT", "3")
    with pytest.raises(ImproperlyConfigured, match="at least 5"):
        env.env_int("KTD_INT", 10, minimum=5)
    monkeypatch.setenv("KTD_BOOL", "Yes")
    assert env.env_bool("KTD_BOOL", False) is True
    monkeypatch.setenv("KTD_DB", "postgres://u@h:5432/")
    with pytest.raises(ImproperlyConfigured, match="must name a database"):
        env.env_database("KTD_DB", "/tmp/x.sqlite3")
