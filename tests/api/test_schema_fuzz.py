"""A fuzz run of the published schema against a live local server: schemathesis sends valid
and invalid requests to every operation with a ministry token, and no answer may be a server
error or break the schema (status code, content type, headers, body), no invalid request may
be accepted and no valid one refused.

Bounded: a few examples per operation (--max-examples), a time budget for the run
(--max-time) and a hard limit on the process. The server listens on loopback only.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from pytest_django.live_server_helper import LiveServer
from rest_framework.authtoken.models import Token

from tests.api.conftest import build_reports

MAX_EXAMPLES = 10
BUDGET_SECONDS = 35
HARD_LIMIT_SECONDS = 60


@pytest.fixture
def fuzz_server(
    migrated_data_kept,
    transactional_db,
    django_db_serialized_rollback,
    world,
    indicators,
    ministry,
):
    """A server on 127.0.0.1 over the test database, with reports in every status and a
    ministry token. Requested in this order so that the catalogue loaded by migrations is put
    back after the transactional test's flush."""
    build_reports(world, indicators, (world.year - 1, world.year))
    token = Token.objects.create(user=ministry)
    server = LiveServer("127.0.0.1")
    try:
        yield server.url, token.key
    finally:
        server.stop()


def test_no_server_error_and_every_answer_fits_the_schema(fuzz_server, tmp_path):
    url, key = fuzz_server
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{url}/api/schema/",
            "--header",
            f"Authorization: Token {key}",
            "--checks",
            "all",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--max-time",
            str(BUDGET_SECONDS),
            "--phases",
            "examples,coverage,fuzzing",
            "--workers",
            "1",
            "--request-timeout",
            "10",
            "--generation-deterministic",  # the same requests every run, and no database
            "--no-color",
            "--suppress-health-check",
            "all",
        ],
        cwd=tmp_path,  # anything the run writes stays out of the work tree
        capture_output=True,
        text=True,
        timeout=HARD_LIMIT_SECONDS,
    )
    elapsed = time.monotonic() - started
    report = result.stdout[-12000:] + result.stderr[-3000:]
    assert result.returncode == 0, report
    assert "No issues found" in result.stdout or "passed" in result.stdout, report
    assert elapsed < HARD_LIMIT_SECONDS
