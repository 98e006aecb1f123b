"""PostgreSQL restarted under a running server: requests fail cleanly for a moment, the portal
recovers on its own, and every save it confirmed is in the database.

A private PostgreSQL cluster (tests/faults/servers.py; the shared one is never touched) is
migrated and seeded (tests/faults/seed_portal.py), gunicorn serves the portal from it with two
workers, and a client saves a report draft again and again (each save a new value of one
indicator, each value kept in the value history) while the cluster is stopped with
`pg_ctl stop -m fast` (open connections cut, open transactions rolled back) and started again a
second later.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

import pytest

from tests.celery_worker import ROOT, skip_or_fail
from tests.faults.servers import PrivatePostgres, free_port

pytestmark = pytest.mark.services

TIMEOUT = 5.0  # a request that takes longer than this counts as a hang
DOWN_FOR = 1.0  # seconds between the stop and the start of the cluster
RECOVERY = 5.0  # seconds after the start within which saves must succeed again
SAVES = 3  # confirmed saves wanted before the restart, and again after it
LEAKS = ("Traceback", "OperationalError", "psycopg", "DatabaseError", 'File "/')


@pytest.fixture
def cluster():
    try:
        import requests  # noqa: F401 - the client of the test
    except ImportError:
        skip_or_fail("the requests package is missing")
    postgres = PrivatePostgres()
    try:
        postgres.start()
        postgres.create_database("ktd")
        yield postgres
    finally:
        postgres.remove()


def portal_environment(tmp_path, database_url: str) -> dict[str, str]:
    """The portal as deployed (DEBUG off, local settings), on the private database; no broker
    (jobs would run in-process: a draft save queues none) and no outside services."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("S3_", "AWS_", "CELERY_", "EMAIL_", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="khoi_thi_dua.settings.local",
        DEBUG="0",
        DATABASE_URL=database_url,
        VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(ROOT),
    )
    return env


@dataclass
class Outcome:
    at: float
    method: str
    status: int | None  # None: no answer within TIMEOUT, or the connection failed
    seconds: float
    body: str = ""
    value: int | None = None
    error: str = ""


@dataclass
class Writer:
    """Saves the draft in a loop: GET the form (version, CSRF token), POST a new value."""

    base: str
    seed: dict
    outcomes: list[Outcome] = field(default_factory=list)
    confirmed: list[tuple[int, float]] = field(default_factory=list)  # (value, when)
    stop: threading.Event = field(default_factory=threading.Event)
    failed: str = ""  # what went wrong in the writer itself

    def run(self) -> None:
        try:
            self._run()
        except Exception as exc:  # shown by the test, which waits on this thread
            self.failed = repr(exc)

    def _run(self) -> None:
        import requests

        session = requests.Session()
        name, value = self.seed["cookie"]
        session.cookies.set(name, value)
        url = self.base + self.seed["path"]
        counter = 0
        while not self.stop.is_set():
            page = self._call(session, "GET", url)
            if page is None or page.status_code != 200:
                time.sleep(0.05)
                continue
            version = re.search(r'name="version" value="(\d+)"', page.text)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            if not (version and token):
                raise AssertionError("no report form on the page: " + page.text[:2000])
            counter += 1
            data = {
                **self.seed["fields"],
                "version": version.group(1),
                "csrfmiddlewaretoken": token.group(1),
                f"v_{self.seed['indicator']}": str(1000 + counter),
            }
            answer = self._call(session, "POST", url, data=data, value=1000 + counter)
            if answer is not None and answer.status_code == 302:
                self.confirmed.append((1000 + counter, time.monotonic()))

    def _call(self, session, method, url, data=None, value=None):
        import requests

        started = time.monotonic()
        try:
            response = session.request(
                method, url, data=data, timeout=TIMEOUT, allow_redirects=False
            )
        except requests.RequestException as exc:
            self.outcomes.append(
                Outcome(
                    started, method, None, time.monotonic() - started, value=value, error=repr(exc)
                )
            )
            time.sleep(0.05)
            return None
        body = response.text if response.status_code >= 500 else ""
        self.outcomes.append(
            Outcome(started, method, response.status_code, time.monotonic() - started, body, value)
        )
        return response

    def confirmed_since(self, moment: float) -> int:
        return sum(1 for _value, when in self.confirmed if when >= moment)


def answers(url: str) -> bool:
    import requests

    try:
        return requests.get(url, timeout=1).status_code == 200
    except requests.RequestException:
        return False


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what}: not within {timeout} s")


def test_postgresql_restarted_under_a_running_server(cluster, tmp_path):
    import psycopg2

    env = portal_environment(tmp_path, cluster.url("ktd"))
    seeded = subprocess.run(
        [sys.executable, "-m", "tests.faults.seed_portal"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    )
    seed = json.loads(seeded.stdout.strip().splitlines()[-1])

    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "khoi_thi_dua.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "30",
                "--graceful-timeout",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    writer = Writer(base, seed)
    thread = threading.Thread(target=writer.run, daemon=True)
    try:
        wait_until(lambda: answers(base + "/healthz/"), 30, "the server answers /healthz/")
        thread.start()
        wait_until(
            lambda: writer.failed or len(writer.confirmed) >= SAVES, 30, "saves before the restart"
        )
        assert not writer.failed, writer.failed

        stopped_at = time.monotonic()
        cluster.stop()
        time.sleep(DOWN_FOR)
        cluster.start()
        up_at = time.monotonic()
        wait_until(
            lambda: writer.failed or writer.confirmed_since(up_at) >= SAVES,
            RECOVERY + 10,
            "saves after the restart",
        )
        assert not writer.failed, writer.failed
    finally:
        writer.stop.set()
        if thread.is_alive():
            thread.join(TIMEOUT + 2)
        server.terminate()
        server.wait(timeout=15)
    server_log = log_path.read_text()
    outcomes = writer.outcomes

    # Never a hang, never a dead server: every request was answered within TIMEOUT.
    unanswered = [o for o in outcomes if o.status is None]
    assert not unanswered, f"{unanswered}\n{server_log}"
    assert max(o.seconds for o in outcomes) < TIMEOUT
    # Each answer is the page, a saved draft's redirect, or a clean error page.
    assert {o.status for o in outcomes} <= {200, 302, 500, 503}, [o.status for o in outcomes]
    failures = [o for o in outcomes if o.status >= 500]
    assert failures, "the restart went unnoticed: no request failed while the database was down"
    assert all(stopped_at - 1 <= o.at <= up_at + RECOVERY for o in failures), [
        (round(o.at - stopped_at, 2), o.status) for o in failures
    ]
    for failure in failures:
        assert 'display-5 text-secondary">500<' in failure.body or failure.status == 503
        leaked = [word for word in LEAKS if word in failure.body]
        assert not leaked, failure.body
    # Recovered on its own, quickly.
    first_after = min(when for _value, when in writer.confirmed if when >= up_at)
    assert first_after - up_at < RECOVERY, first_after - up_at
    assert "WORKER TIMEOUT" not in server_log and "Worker failed to boot" not in server_log

    # Nothing confirmed is lost: every confirmed value is in the value history, and the value
    # saved last is at least the last one confirmed.
    with psycopg2.connect(cluster.url("ktd")) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT new_value FROM reports_valuechange WHERE report_id = %s AND indicator_id = %s",
            [seed["report"], seed["indicator"]],
        )
        history = {int(value) for (value,) in cursor.fetchall()}
        cursor.execute(
            "SELECT value FROM reports_reportvalue WHERE report_id = %s AND indicator_id = %s",
            [seed["report"], seed["indicator"]],
        )
        (saved,) = cursor.fetchone()
    confirmed = [value for value, _when in writer.confirmed]
    assert set(confirmed) <= history, sorted(set(confirmed) - history)
    assert int(saved) >= max(confirmed)
    print(
        f"\n{len(outcomes)} requests, {len(failures)} failed cleanly while the database was "
        f"down, first save {first_after - up_at:.2f} s after the restart, "
        f"{len(confirmed)} confirmed saves all kept"
    )
