"""Fixtures of the fault tests: a private Redis to stop and start, a database that worker
processes can read."""

import pytest

from tests.celery_worker import skip_or_fail, worker_database_url

# The test document kind (a bloc's roster) and a temporary MEDIA_ROOT, as in the document tests.
from tests.documents.conftest import media, roster  # noqa: F401
from tests.faults.servers import PrivateRedis


@pytest.fixture
def private_redis(tmp_path):
    """A Redis of this test's own (not started yet): the shared one is never stopped."""
    redis = PrivateRedis(tmp_path / "redis")
    yield redis
    redis.stop()


@pytest.fixture
def worker_database(settings):
    """For worker processes that read the test database: PostgreSQL, or a skip with the reason
    (a failure under KTD_REQUIRE_SERVICES=1). Requested before the database fixtures, so that
    nothing is set up for a skipped test; returns worker_database_url, to call once the test
    database exists."""
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        skip_or_fail(
            "a fault test with a real worker needs PostgreSQL (set DATABASE_URL): on SQLite the "
            "test database is in memory and a worker process cannot see it"
        )

    return worker_database_url
