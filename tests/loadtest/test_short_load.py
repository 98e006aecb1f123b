"""A short form of `make loadtest` (loadtest/run.py): 20 simulated people for 15 s against
gunicorn, PostgreSQL and a Celery worker on Redis, on loopback, in a database of its own
(ktd_load_ci). No request may fail, and every write the clients were told about must be in
the database, no more and no fewer."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from loadtest.run import database_url, services_problem
from tests.celery_worker import skip_or_fail

pytestmark = pytest.mark.services

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "ktd_load_ci"


def test_short_load_run_has_no_error_and_loses_no_write(tmp_path):
    problem = services_problem(database_url(DATABASE))
    if problem:
        skip_or_fail(f"the load test needs PostgreSQL and Redis: {problem}")
    output = tmp_path / "loadtest.json"

    runner = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "loadtest" / "run.py"),
            "--users=20",
            "--spawn-rate=10",
            "--time=15",
            f"--database={DATABASE}",
            "--web-workers=2",
            "--no-docs",
            f"--output={output}",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = runner.communicate(timeout=170)
    except subprocess.TimeoutExpired:
        runner.terminate()  # the runner stops its server and worker and drops its database
        stdout, stderr = runner.communicate(timeout=60)
        pytest.fail(f"the load test took too long:\n{stdout[-3000:]}\n{stderr[-3000:]}")

    assert output.exists(), stdout[-3000:] + stderr[-3000:]
    results = json.loads(output.read_text())
    details = json.dumps(
        {k: results[k] for k in ("error_kinds", "problems", "writes", "tally")}, ensure_ascii=False
    )
    assert results["errors"] == 0, details
    assert results["problems"] == [], details
    assert results["lost_writes"] == 0, details
    assert results["writes"]["client"]["version increments"] > 0
    for key, told in results["writes"]["client"].items():
        if key in results["writes"]["database"]:
            assert results["writes"]["database"][key] == told, key
    assert results["by_name"]["save draft"]["requests"] > 0
    assert results["requests"] > 100
    assert runner.returncode == 0, stderr[-3000:]
