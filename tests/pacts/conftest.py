"""A ready pact of bloc X for this year, in any status."""

from decimal import Decimal

import pytest

from pacts.models import CriteriaGroup, Pact, PactClause, ScoreAdjustment, ScoringCriterion
from reports.models import Indicator
from tests.factories import UserFactory


@pytest.fixture
def make_pact(world, bloc_leader):
    def make(status=Pact.Status.DRAFT, year=None, **fields):
        pact = Pact.objects.create(
            bloc=world.bloc_x,
            year=year or world.year,
            status=status,
            created_by=bloc_leader,
            title=f"Giao ước thi đua năm {year or world.year}",
            place="Quy Nhơn",
            number="01/GƯ-KTĐ",
            **fields,
        )
        PactClause.objects.create(pact=pact, order=1, text="Hoàn thành vượt mức các chỉ tiêu.")
        PactClause.objects.create(pact=pact, order=2, text="Báo cáo đúng hạn.")
        group = CriteriaGroup.objects.create(pact=pact, order=1, title="Nhiệm vụ chuyên môn")
        ScoringCriterion.objects.create(
            group=group, order=1, text="Thu hút đầu tư", max_points=Decimal("60")
        )
        ScoringCriterion.objects.create(
            group=group, order=2, text="Cải cách hành chính", max_points=Decimal("40")
        )
        ScoreAdjustment.objects.create(
            pact=pact, kind="bonus", order=1, text="Sáng kiến", max_points=Decimal("3")
        )
        pact.indicators.set(
            Indicator.objects.filter(
                code__in=["INV_FDI_CAPITAL_NEW", "LABOUR_WORKERS", "LAND_OCCUPANCY_RATE"]
            )
        )
        return pact

    return make


@pytest.fixture
def leader_a(world):
    """Unit leader of unit A (a plain member of bloc X)."""
    return UserFactory(
        username="lanhdao.dak-lak",
        full_name="Đặng Văn Lâm",
        position="Trưởng ban",
        unit=world.unit_a,
        is_unit_leader=True,
    )


@pytest.fixture
def member_leaders(world, leader_a):
    """Unit leaders of every member of bloc X, A's first."""
    others = [
        UserFactory(
            full_name=f"Lãnh đạo {unit.short_name}",
            position="Trưởng ban",
            unit=unit,
            is_unit_leader=True,
        )
        for unit in (world.unit_leader, world.unit_previous_leader, world.unit_deputy)
    ]
    return [leader_a, *others]


@pytest.fixture
def leader_b(world):
    """Unit leader of unit B, in another bloc."""
    return UserFactory(
        username="lanhdao.hai-phong", full_name="Vũ Thị Hà", unit=world.unit_b, is_unit_leader=True
    )
