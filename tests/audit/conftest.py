"""Fixtures of the history pages' tests: the pact, report and awards fixtures of those apps'
tests, and a reader of the history page."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.awards.conftest import (  # noqa: F401
    attend,
    everyone_present,
    flag,
    make_vote,
    meeting,
    nominate,
    pact,
    unit_leaders,
)
from tests.pacts.conftest import leader_a, make_pact  # noqa: F401
from tests.reports.conftest import colleague_a, periods, report_a, staff_deputy  # noqa: F401


def history_url(kind: str, pk: int, **query) -> str:
    url = reverse("audit:history", args=[kind, pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def who(user) -> str:
    """How a row names the person who made a change: full name, then unit."""
    return f"{user.get_full_name()} {user.unit.name}"


def rows_of(content: str) -> list[str]:
    """The history table's rows as plain text, newest first."""
    body = re.search(r'<table[^>]*id="history".*?<tbody>(.*?)</tbody>', content, re.S)
    if body is None:
        return []
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


@pytest.fixture
def history(client):
    """history(user, kind, pk, **query) -> the rows of every page as text, newest first
    (asserts a 200 for each page)."""

    def read(user, kind, pk, **query):
        client.force_login(user)
        rows, page = [], 1
        while True:
            response = client.get(history_url(kind, pk, **query, trang=page))
            assert response.status_code == 200, response.status_code
            rows += rows_of(response.content.decode())
            if not response.context["page"].has_next():
                return rows
            page += 1

    return read


@pytest.fixture
def english(client):
    """Interface text in English, whatever the Vietnamese catalogue holds."""
    client.cookies["django_language"] = "en"
    return client
