"""Strict readers for configuration taken from the environment.

Every reader has a default that works on a developer machine; a value that is present
but malformed stops the start with ImproperlyConfigured naming the variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_UNSET = object()


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str | object | None = _UNSET) -> str | None:
    value = _raw(name)
    if value:
        return value
    if default is _UNSET:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return default  # type: ignore[return-value]


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    value = _raw(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str] | object = _UNSET) -> list[str]:
    value = _raw(name)
    if value:
        return [item.strip() for item in value.split(",") if item.strip()]
    if default is _UNSET:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set (a comma-separated list)."
        )
    return list(default)  # type: ignore[arg-type]


def env_database(name: str, default_sqlite_path: str) -> dict:
    """DATABASE_URL → Django DATABASES['default']; absent → a SQLite file."""
    value = _raw(name)
    if not value:
        Path(default_sqlite_path).parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": default_sqlite_path,
            "OPTIONS": {"timeout": 20},
        }
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme not in {"postgres", "postgresql", "sqlite"}:
        raise ImproperlyConfigured(
            f"{name} must start with postgres://, postgresql:// or sqlite://; got {value!r}."
        )
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if scheme.startswith("postgres"):
        config["ENGINE"] = "django.db.backends.postgresql"
        if not config.get("NAME"):
            raise ImproperlyConfigured(
                f"{name} must name a database: postgres://user@host:5432/dbname"
            )
    return config


def env_broker(name: str) -> str | None:
    """CELERY_BROKER_URL: absent means 'run tasks eagerly'; present must be redis://."""
    value = _raw(name)
    if not value:
        return None
    if not value.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(f"{name} must be a redis:// or rediss:// URL; got {value!r}.")
    return value


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """A value from a fixed set (case-insensitive); absent → the default."""
    value = _raw(name)
    if not value:
        return default
    lowered = value.lower()
    if lowered not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return lowered


def env_url(name: str, default: str | None = None, schemes: tuple[str, ...] = ("http", "https")):
    """An absolute URL with one of the given schemes; absent → the default."""
    value = _raw(name)
    if not value:
        return default
    scheme, separator, rest = value.partition("://")
    if not separator or scheme.lower() not in schemes or not rest.strip("/"):
        raise ImproperlyConfigured(
            f"{name} must be a URL starting with {' or '.join(s + '://' for s in schemes)}; "
            f"got {value!r}."
        )
    return value


def env_subset(name: str, choices: tuple[str, ...], default: list[str]) -> list[str]:
    """A comma-separated list of values from a fixed set (case-insensitive); absent → default."""
    items = [item.lower() for item in env_list(name, default)]
    unknown = [item for item in items if item not in choices]
    if unknown:
        raise ImproperlyConfigured(
            f"{name}={_raw(name)!r}: {', '.join(unknown)} not allowed; "
            f"use any of: {', '.join(choices)}."
        )
    return list(dict.fromkeys(items))
