"""Bloc X's pact and scoring table for this year, annual reports with self-scores, and the
unit leaders of every member (who cast the units' ballots)."""

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

from pacts.models import CriteriaGroup, Pact, ScoreAdjustment, ScoringCriterion
from reports.models import SelfScore
from reports.services import ensure_periods, start_report
from tests.factories import UserFactory

# Nothing written into the checkout: no example database (the examples are random each
# run), and Hypothesis's own files in a temporary folder.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "ktd-hypothesis")
hypothesis_settings.register_profile("portal", database=None, deadline=None)
hypothesis_settings.load_profile("portal")


@pytest.fixture(autouse=True)
def messages_in_english():
    """Services answer in the active language; the tests read their reasons in English, whatever
    the Vietnamese catalogue holds. (Pages follow the reader's choice: see `english`.)"""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def pact(world, bloc_leader):
    """Two criteria (60 + 40 points), two bonus items (3 + 3, capped at 5 in all) and a
    penalty item (up to 4, capped at 10)."""
    pact = Pact.objects.create(
        bloc=world.bloc_x,
        year=world.year,
        status=Pact.Status.SIGNED,
        title=f"Giao ước thi đua năm {world.year}",
        created_by=bloc_leader,
        bonus_cap=Decimal("5"),
        penalty_cap=Decimal("10"),
    )
    group = CriteriaGroup.objects.create(pact=pact, order=1, title="Nhiệm vụ chuyên môn")
    pact.c1 = ScoringCriterion.objects.create(
        group=group, order=1, text="Thu hút đầu tư", max_points=Decimal("60")
    )
    pact.c2 = ScoringCriterion.objects.create(
        group=group, order=2, text="Cải cách hành chính", max_points=Decimal("40")
    )
    pact.b1 = ScoreAdjustment.objects.create(
        pact=pact, kind="bonus", order=1, text="Sáng kiến", max_points=Decimal("3")
    )
    pact.b2 = ScoreAdjustment.objects.create(
        pact=pact, kind="bonus", order=2, text="Đăng cai hội nghị", max_points=Decimal("3")
    )
    pact.p1 = ScoreAdjustment.objects.create(
        pact=pact, kind="penalty", order=1, text="Báo cáo chậm", max_points=Decimal("4")
    )
    return pact


@pytest.fixture
def self_scores(world, pact, staff_a):
    """Annual reports of every member of X; a self-score for all but the previous leader."""

    def score(unit, c1, c2, bonus=()):
        _h1, fy = ensure_periods(world.bloc_x, world.year)
        report = start_report(fy, unit, staff_a)
        SelfScore.objects.create(report=report, criterion=pact.c1, points=Decimal(c1))
        SelfScore.objects.create(report=report, criterion=pact.c2, points=Decimal(c2))
        for item, points in bonus:
            SelfScore.objects.create(report=report, adjustment=item, points=Decimal(points))
        return report

    return score


@pytest.fixture
def unit_leaders(world):
    """The unit leader of every member of bloc X: {unit pk: user}."""
    leaders = {}
    for unit in (world.unit_a, world.unit_leader, world.unit_previous_leader, world.unit_deputy):
        leaders[unit.pk] = UserFactory(
            username=f"lanhdao.{unit.code}",
            full_name=f"Lãnh đạo {unit.short_name}",
            position="Trưởng ban",
            unit=unit,
            is_unit_leader=True,
        )
    return leaders


@pytest.fixture
def leader_b(world):
    """Unit leader of unit B, in another bloc."""
    return UserFactory(
        username="lanhdao.hai-phong", full_name="Vũ Thị Hà", unit=world.unit_b, is_unit_leader=True
    )


@pytest.fixture
def english(client):
    """Pages in English, so that assertions on interface text do not depend on the catalogue."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def meeting(world, bloc_leader):
    """This year's year-end meeting of bloc X, no attendance recorded yet."""
    from datetime import date

    from awards.models import Meeting

    return Meeting.objects.create(
        bloc=world.bloc_x,
        year=world.year,
        kind=Meeting.Kind.YEAR_END,
        title=f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {world.year}",
        number="01/BB-KTĐ",
        held_on=date(world.year, 12, 20),
        place="Quy Nhơn",
        host=world.unit_leader,
        chair_name="Phạm Quốc Khánh",
        chair_title="Trưởng ban",
        secretary_name="Lê Thu Hà",
        created_by=bloc_leader,
    )


@pytest.fixture
def attend(bloc_leader):
    """attend(meeting, present=[units], absent={unit: written opinion})"""
    from awards.voting import record_attendance

    def record(meeting, present=(), absent=None):
        for unit in present:
            record_attendance(
                meeting,
                unit,
                bloc_leader,
                status="present",
                representative_name=f"Đại diện {unit.short_name}",
                representative_title="Phó Trưởng ban",
            )
        for unit, opinion in (absent or {}).items():
            record_attendance(meeting, unit, bloc_leader, status="absent", written_opinion=opinion)

    return record


@pytest.fixture
def flag():
    from awards.models import AwardType

    return AwardType.objects.get(code="co-thi-dua-bo")


@pytest.fixture
def certificate():
    from awards.models import AwardType

    return AwardType.objects.get(code="bang-khen-bo-truong-tap-the")


@pytest.fixture
def nominate(world, bloc_leader):
    """nominate(award_type, unit, name="") -> a proposed Nomination of bloc X this year."""
    from awards.models import Nomination

    def make(award_type, unit, nominee_name="", year=None):
        return Nomination.objects.create(
            bloc=world.bloc_x,
            year=year or world.year,
            award_type=award_type,
            unit=unit,
            nominee_name=nominee_name,
            achievements="Hoàn thành xuất sắc nhiệm vụ; dẫn đầu thu hút đầu tư.",
            proposed_by=bloc_leader,
        )

    return make


@pytest.fixture
def make_vote(meeting):
    """make_vote(award_type, nominations, **settings) -> an award vote (draft) with candidates;
    rule and seats from the award type unless given."""
    from awards.models import Candidate, Vote

    def make(award_type, nominations, status=Vote.Status.DRAFT, **fields):
        defaults = {
            "seats": award_type.default_quota,
            "threshold_percent": award_type.threshold_percent,
            "threshold_base": award_type.threshold_base,
            "threshold_comparison": award_type.threshold_comparison,
        }
        defaults.update(fields)
        vote = Vote.objects.create(
            meeting=meeting,
            kind=Vote.Kind.AWARD,
            award_type=award_type,
            title=f"Bình xét {award_type.name_vi}",
            status=status,
            **defaults,
        )
        for n, nomination in enumerate(nominations, 1):
            Candidate.objects.create(
                vote=vote,
                order=n,
                nomination=nomination,
                unit=nomination.unit,
                label=nomination.nominee_label,
            )
        return vote

    return make


@pytest.fixture
def everyone_present(world, meeting, attend):
    units = [world.unit_a, world.unit_leader, world.unit_previous_leader, world.unit_deputy]
    attend(meeting, present=units)
    return units
