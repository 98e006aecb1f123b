"""Page speed on the full demo data: median time and queries per page (make bench).

Targets (docs/benchmarks.md): every page below answers in under 150 ms median on the demo data
with SQLite on 2 cores, with a query count that does not depend on the number of rows.
"""

import statistics
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User

ROUNDS = 30
TARGET_MS = 150
PAGES = [
    ("home", []),
    ("blocs:bloc_list", []),
    ("blocs:bloc_detail", ["mien-tay-nam-bo"]),
    ("blocs:unit_detail", ["binh-dinh"]),
    ("reports:indicator_catalogue", []),
]


@pytest.fixture
def demo_client(client, db):
    call_command("load_demo", quiet_logins=True)
    # Demo accounts only work with DEBUG on; the benchmark measures with DEBUG off.
    User.objects.filter(username="canbo.binh-dinh").update(is_demo=False)
    client.force_login(User.objects.get(username="canbo.binh-dinh"))
    return client


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_page_speed(demo_client, record, name, args):
    url = reverse(name, args=args)
    demo_client.get(url)  # warm caches and templates
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = demo_client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        demo_client.get(url)
    median = statistics.median(timings)
    record(f"page {url} median", round(median, 1), "ms")
    record(f"page {url} p90", round(sorted(timings)[int(ROUNDS * 0.9)], 1), "ms")
    record(f"page {url} queries", len(queries), "queries")
    assert median < TARGET_MS
