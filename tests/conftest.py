"""Personas reused across the suite, placed in a small world of two blocs.

Bloc X (this year and last): units A, L (leader this year), P (leader last year), D (deputy).
Bloc Y: unit B.
"""

from dataclasses import dataclass

import pytest

from blocs.access import current_year

# Fixtures of the tests that start a real worker reading the test database.
from tests.celery_worker import migrated_data_kept, postgresql_and_redis  # noqa: F401
from tests.factories import (
    BlocFactory,
    BlocYearFactory,
    MembershipFactory,
    MemberUnitFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Files a test writes (PDFs, attachments) go to its own folder, not the portal's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    year: int
    bloc_x: object
    bloc_y: object
    unit_a: object
    unit_b: object
    unit_leader: object
    unit_previous_leader: object
    unit_deputy: object


@pytest.fixture
def world(db) -> World:
    year = current_year()
    bloc_x = BlocFactory(code="khoi-x", name="Tây Nguyên và Duyên hải Miền Trung")
    bloc_y = BlocFactory(code="khoi-y", name="Đồng bằng sông Hồng")
    unit_a = MemberUnitFactory(
        code="dak-lak",
        name="Ban Quản lý các KCN tỉnh Đắk Lắk",
        short_name="BQL Đắk Lắk",
        province="Đắk Lắk",
    )
    unit_l = MemberUnitFactory(
        code="binh-dinh",
        name="Ban Quản lý Khu kinh tế tỉnh Bình Định",
        short_name="BQL Bình Định",
        province="Bình Định",
        kind="KKT",
    )
    unit_p = MemberUnitFactory(
        code="quang-ngai",
        name="Ban Quản lý KKT Dung Quất",
        short_name="BQL Dung Quất",
        province="Quảng Ngãi",
        kind="KKT",
    )
    unit_d = MemberUnitFactory(
        code="gia-lai",
        name="Ban Quản lý Khu kinh tế tỉnh Gia Lai",
        short_name="BQL Gia Lai",
        province="Gia Lai",
        kind="KKT",
    )
    unit_b = MemberUnitFactory(
        code="hai-phong",
        name="Ban Quản lý Khu kinh tế Hải Phòng",
        short_name="BQL Hải Phòng",
        province="Hải Phòng",
        kind="KKT",
    )
    for y in (year - 1, year):
        for unit in (unit_a, unit_l, unit_p, unit_d):
            MembershipFactory(bloc=bloc_x, unit=unit, year=y)
        MembershipFactory(bloc=bloc_y, unit=unit_b, year=y)
    BlocYearFactory(bloc=bloc_x, year=year, leader=unit_l, deputy=unit_d)
    BlocYearFactory(bloc=bloc_x, year=year - 1, leader=unit_p, deputy=unit_a)
    BlocYearFactory(bloc=bloc_y, year=year, leader=unit_b)
    return World(year, bloc_x, bloc_y, unit_a, unit_b, unit_l, unit_p, unit_d)


@pytest.fixture
def staff_a(world):
    """Board staff of unit A (a plain member of bloc X)."""
    return UserFactory(
        username="canbo.a", full_name="Trần Thị An", unit=world.unit_a, is_board_staff=True
    )


@pytest.fixture
def staff_b(world):
    """Board staff of unit B, in another bloc (Y)."""
    return UserFactory(
        username="canbo.b", full_name="Lê Văn Bình", unit=world.unit_b, is_board_staff=True
    )


@pytest.fixture
def bloc_leader(world):
    """Board staff of this year's bloc leader of X."""
    return UserFactory(
        username="canbo.khoitruong",
        full_name="Phạm Quốc Khánh",
        unit=world.unit_leader,
        is_board_staff=True,
    )


@pytest.fixture
def last_year_leader(world):
    """Board staff of last year's bloc leader of X (no longer leader)."""
    return UserFactory(
        username="canbo.khoitruongcu",
        full_name="Võ Minh Cường",
        unit=world.unit_previous_leader,
        is_board_staff=True,
    )


@pytest.fixture
def unit_leader_a(world):
    return UserFactory(
        username="lanhdao.a", full_name="Đặng Văn Lâm", unit=world.unit_a, is_unit_leader=True
    )


@pytest.fixture
def ministry(world):
    """Staff of the ministry's emulation office."""
    return UserFactory(username="bo.thidua", full_name="Nguyễn Thị Minh", is_ministry_staff=True)


@pytest.fixture
def admin_user(world):
    return UserFactory(username="quantri", full_name="Quản trị", is_staff=True, is_superuser=True)


@pytest.fixture
def client_for(client):
    """Sign a persona in: client_for(user) -> client."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
