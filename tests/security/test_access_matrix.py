"""The access matrix: every URL pattern of the project, for every persona, against objects
that belong and do not belong to them (see matrix_entries for the rules and the registry).

- test_every_url_is_in_the_matrix: a URL pattern nobody has put in the registry fails the run
  (and so does an entry whose URL no longer exists);
- test_access_matrix: each entry's GET for every persona and variant, and its POST by every
  persona that must not make the change (refused, and the database exactly as it was), and
  by those who may (it goes through and changes something: the body sent is a real one);
- test_the_administration_is_for_administrators: every administration URL sends everyone else
  to the administration's sign-in; the administrator opens the index and every model's list.

All mismatches are collected and reported once, as a table.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.security import conftest
from tests.security.matrix_entries import ENTRIES, UNNAMED_URLS
from tests.security.matrix_runner import (
    Matrix,
    Tally,
    describe,
    make_client,
    redirects_to,
    rolled_back,
    send,
    url_patterns,
)
from tests.security.matrix_world import World, build_blocs, build_personas, build_world

ADMIN_PREFIX = "quan-tri/"


def is_admin(pattern) -> bool:
    return pattern.namespace == "admin" or pattern.route.startswith(ADMIN_PREFIX)


def is_static_or_media(pattern) -> bool:
    """Files served by Django itself, only while DEBUG is on (`make run`): never in a
    deployment, where the web server serves static files and uploads are reached only through
    the portal's download views. Not part of the matrix."""
    prefixes = tuple(
        url.lstrip("/") for url in (settings.STATIC_URL, settings.MEDIA_URL) if url.strip("/")
    )
    return pattern.route.lstrip("^").startswith(prefixes)


def url_of(name: str, kwargs: dict) -> str:
    if name.startswith("route:"):
        return UNNAMED_URLS[name]
    return reverse(name, kwargs=kwargs)


def test_every_url_is_in_the_matrix():
    patterns = [p for p in url_patterns() if not (is_admin(p) or is_static_or_media(p))]
    keys = {p.key for p in patterns}
    missing = sorted(keys - ENTRIES.keys())
    stale = sorted(ENTRIES.keys() - keys)
    problems = [f"{key}: not in the access matrix; add it to the matrix" for key in missing]
    problems += [f"{key}: in the matrix but no such URL pattern; remove it" for key in stale]
    assert not problems, "\n" + "\n".join(problems)


@pytest.fixture
def sessions_in_cookies(settings):
    """Sessions held in the (signed) cookie: a request that signs out or changes its session
    is undone with the client's cookies, and no request reads the session table."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"


@pytest.mark.django_db
def test_access_matrix(sessions_in_cookies):
    world = build_world()
    tally = Tally()
    matrix = Matrix(world, tally)
    for entry in ENTRIES.values():
        matrix.run(entry, url_of)
    conftest.SUMMARY.append(tally.summary())
    print(tally.summary())
    if tally.mismatches:
        pytest.fail(f"{tally.summary()}\n\n{tally.table()}", pytrace=False)


# The administration ------------------------------------------------------------------------


def admin_urls(world: World) -> list[tuple[str, str]]:
    """(name or route, URL) for every administration pattern, with real ids where one is
    needed: the check is that nothing is served, whatever the address names."""
    user = world.persona("admin").user
    values = {
        "object_id": str(user.pk),
        "id": str(user.pk),
        "pk": "1",
        "content_type_id": str(ContentType.objects.get_for_model(user).pk),
        "app_label": "blocs",
        "url": "khong-co-trang-nay/",
    }
    urls = []
    for pattern in url_patterns():
        if not is_admin(pattern):
            continue
        if pattern.name:
            names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern.route)
            kwargs = {a or b: values[a or b] for a, b in names}
            if not kwargs:
                # Positional groups, e.g. a history record: "<object id>/history/<id>/".
                count = len(re.findall(r"\((?!\?)", pattern.route))
                urls.append((pattern.name, reverse(pattern.name, args=[user.pk] * count)))
                continue
            urls.append((pattern.name, reverse(pattern.name, kwargs=kwargs)))
        else:
            # Unnamed: the redirect from an object's address to its change page, and the
            # administration's catch-all.
            route = pattern.route.replace("<path:object_id>", str(user.pk))
            url = "/" + re.sub(r"\(\?P<url>\.\*\)\$$", values["url"], route)
            urls.append((f"route:{pattern.route}", url))
    return urls


@pytest.mark.django_db
def test_the_administration_is_for_administrators(sessions_in_cookies):
    world = World(year=0, last_year=0)
    build_blocs(world)
    build_personas(world)
    tally = Tally()
    urls = admin_urls(world)
    login, logout = reverse("admin:login"), reverse("admin:logout")
    for persona in world.personas:
        tally.personas.add(persona.key)
        client = make_client()
        if not persona.anonymous:
            client.force_login(persona.user)
        if persona.admin:
            # The index, each application's page and each registered model's list.
            pages = [("admin:index", reverse("admin:index"))]
            labels = sorted({model._meta.app_label for model in admin.site._registry})
            pages += [
                ("admin:app_list", reverse("admin:app_list", args=[label])) for label in labels
            ]
            pages += [
                (
                    f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist",
                    reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist"),
                )
                for m in admin.site._registry
            ]
            for name, url in pages:
                with rolled_back():
                    response = send(client, "GET", url)
                tally.check("GET")
                tally.patterns.add(name)
                if response.status_code != 200:
                    tally.fail(name, "-", persona.key, "GET", "200", describe(response), url)
            continue
        for name, url in urls:
            tally.patterns.add(name)
            with rolled_back():
                response = send(client, "GET", url)
            tally.check("GET")
            if url == login:
                ok, expected = response.status_code == 200, "200 (the sign-in form)"
            elif url == logout:
                # Django's own answer for a non-staff session: back to the index, which asks
                # to sign in.
                ok = response.status_code in (302, 405)
                expected = "302 to the index or 405"
            else:
                ok = redirects_to(response, "admin:login")
                expected = "sent to the administration's sign-in"
            if not ok:
                tally.fail(name, "-", persona.key, "GET", expected, describe(response), url)
    conftest.SUMMARY.append("administration: " + tally.summary())
    if tally.mismatches:
        pytest.fail(f"{tally.summary()}\n\n{tally.table()}", pytrace=False)
