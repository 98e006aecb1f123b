"""Under KTD_REQUIRE_SERVICES=1 (CI) the suite must really run on PostgreSQL."""

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.services


def test_suite_runs_on_postgresql_when_services_are_required(db):
    if os.environ.get("KTD_REQUIRE_SERVICES") != "1":
        pytest.skip(f"services not required here; database is {connection.vendor}")
    assert connection.vendor == "postgresql", "CI must run the suite on PostgreSQL"
