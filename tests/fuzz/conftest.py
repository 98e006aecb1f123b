"""Fixtures of the fuzz tests: a pact, a meeting with an open vote, nominations, and the
helpers that compare rows before and after a refused request."""

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from awards.models import Candidate, Nomination, Vote
from pacts.models import CriteriaGroup, Pact, PactClause, ScoringCriterion
from reports.models import Indicator
from reports.services import ensure_periods, start_report
from tests.awards.conftest import flag, meeting, unit_leaders  # noqa: F401

# Hypothesis keeps nothing in the checkout (its settings in tests/fuzz/strategies.py turn the
# example database off).
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "ktd-hypothesis")


@pytest.fixture
def report_a(world, staff_a):
    """This year's semi-annual report of unit A, a draft."""
    h1, _fy = ensure_periods(world.bloc_x, world.year)
    return start_report(h1, world.unit_a, staff_a)


@pytest.fixture
def pact_of_x(world, bloc_leader):
    """Bloc X's pact of this year, open for registration, with three indicators."""
    pact = Pact.objects.create(
        bloc=world.bloc_x,
        year=world.year,
        status=Pact.Status.OPEN,
        created_by=bloc_leader,
        title=f"Giao ước thi đua năm {world.year}",
        place="Quy Nhơn",
        number="01/GƯ-KTĐ",
    )
    PactClause.objects.create(pact=pact, order=1, text="Hoàn thành vượt mức các chỉ tiêu.")
    group = CriteriaGroup.objects.create(pact=pact, order=1, title="Nhiệm vụ chuyên môn")
    ScoringCriterion.objects.create(
        group=group, order=1, text="Thu hút đầu tư", max_points=Decimal("100")
    )
    pact.indicators.set(
        Indicator.objects.filter(
            code__in=["INV_FDI_CAPITAL_NEW", "LABOUR_WORKERS", "LAND_OCCUPANCY_RATE"]
        )
    )
    return pact


@pytest.fixture
def open_vote(world, meeting, flag, bloc_leader, unit_leaders):  # noqa: F811 (fixtures of tests.awards)
    """An open, secret award vote with two candidates; every member present."""
    from awards import voting

    for unit in unit_leaders:
        voting.record_attendance(
            meeting,
            unit_leaders[unit].unit,
            bloc_leader,
            status="present",
            representative_name=unit_leaders[unit].full_name,
            representative_title="Trưởng ban",
        )
    vote = Vote.objects.create(
        meeting=meeting,
        kind=Vote.Kind.AWARD,
        award_type=flag,
        title=f"Bình xét {flag.name_vi}",
        seats=flag.default_quota,
        threshold_percent=flag.threshold_percent,
        threshold_base=flag.threshold_base,
        threshold_comparison=flag.threshold_comparison,
    )
    for order, unit in enumerate((world.unit_a, world.unit_deputy), start=1):
        nomination = Nomination.objects.create(
            bloc=world.bloc_x,
            year=world.year,
            award_type=flag,
            unit=unit,
            achievements="Hoàn thành xuất sắc nhiệm vụ; dẫn đầu thu hút đầu tư.",
            proposed_by=bloc_leader,
        )
        Candidate.objects.create(
            vote=vote, order=order, nomination=nomination, unit=unit, label=unit.name
        )
    voting.open_vote(vote, bloc_leader)
    return vote


@pytest.fixture
def staff_client(client, staff_a):
    """Signed in once for all of a test's examples (a sign-in per example costs more than the
    request under test)."""
    client.force_login(staff_a)
    return client


@pytest.fixture
def leader_client(client, bloc_leader):
    client.force_login(bloc_leader)
    return client
