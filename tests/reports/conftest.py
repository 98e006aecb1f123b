"""Reporting periods of bloc X and a draft report of unit A."""

import pytest

from reports.services import ensure_periods, start_report
from tests.factories import UserFactory


@pytest.fixture
def periods(world):
    h1, fy = ensure_periods(world.bloc_x, world.year)
    return {"H1": h1, "FY": fy}


@pytest.fixture
def report_a(periods, world, staff_a):
    return start_report(periods["H1"], world.unit_a, staff_a)


@pytest.fixture
def colleague_a(world):
    """A second board staff member of unit A."""
    return UserFactory(
        username="canbo2.a", full_name="Hoàng Thị Mai", unit=world.unit_a, is_board_staff=True
    )


@pytest.fixture
def staff_deputy(world):
    """Board staff of another unit of the same bloc."""
    return UserFactory(
        username="canbo.gia-lai",
        full_name="Lý Văn Gia",
        unit=world.unit_deputy,
        is_board_staff=True,
    )
