"""/api/v1/award-decisions/: the ministry's decisions, and who may read them."""

from datetime import date

import pytest
from django.urls import reverse

from awards.models import AwardType, Nomination
from tests.api.helpers import all_pages, ids


@pytest.fixture
def decisions(world, ministry):
    flag = AwardType.objects.order_by("display_order").first()

    def nominate(bloc, unit, status, number=""):
        return Nomination.objects.create(
            bloc=bloc,
            year=world.year - 1,
            award_type=flag,
            unit=unit,
            achievements="Dẫn đầu Khối.",
            status=status,
            decision_number=number,
            decision_date=date(world.year, 3, 20) if number else None,
        )

    return {
        "awarded_x": nominate(world.bloc_x, world.unit_a, "awarded", "512/QĐ-BTC"),
        "refused_y": nominate(world.bloc_y, world.unit_b, "not_awarded", "513/QĐ-BTC"),
        "pending_x": nominate(world.bloc_x, world.unit_deputy, "passed"),
    }


def test_the_ministry_reads_every_decision_and_nothing_undecided(decisions, ministry, api_for):
    rows = all_pages(api_for(ministry), reverse("api:award-decision-list"))
    assert {r["id"] for r in rows} == {decisions["awarded_x"].pk, decisions["refused_y"].pk}
    awarded = next(r for r in rows if r["id"] == decisions["awarded_x"].pk)
    assert awarded["awarded"] is True and awarded["decision_number"] == "512/QĐ-BTC"
    assert awarded["unit_code"] == "dak-lak" and awarded["bloc"]["code"] == "khoi-x"


def test_board_staff_read_their_blocs_decisions_only(decisions, staff_a, staff_b, api_for, client):
    url = reverse("api:award-decision-list")
    assert ids(api_for(staff_a).get(url)) == {decisions["awarded_x"].pk}
    assert ids(api_for(staff_b).get(url)) == {decisions["refused_y"].pk}
    detail = reverse("api:award-decision-detail", args=[decisions["refused_y"].pk])
    assert api_for(staff_a).get(detail).status_code == 403
    assert client.get(url).status_code == 401


def test_filters_and_bad_input(decisions, ministry, api_for, world):
    client = api_for(ministry)
    url = reverse("api:award-decision-list")
    assert ids(client.get(url, {"bloc_code": "khoi-y"})) == {decisions["refused_y"].pk}
    assert ids(client.get(url, {"year": world.year})) == set()
    assert client.get(url, {"year": "20x5"}).status_code == 400
    assert client.get(url, {"winner": "yes"}).status_code == 400


def test_queries_do_not_grow_with_decisions(
    decisions, world, ministry, api_for, django_assert_max_num_queries
):
    client = api_for(ministry)
    url = reverse("api:award-decision-list")
    # Token lookup, COUNT, the page with its bloc, award and unit.
    with django_assert_max_num_queries(3):
        assert len(client.get(url).json()["results"]) == 2
    flag = AwardType.objects.order_by("display_order").first()
    from tests.factories import MemberUnitFactory

    for n in range(15):
        Nomination.objects.create(
            bloc=world.bloc_x,
            year=world.year - 1,
            award_type=flag,
            unit=MemberUnitFactory(),
            achievements="…",
            status="awarded",
            decision_number=f"{600 + n}/QĐ-BTC",
        )
    with django_assert_max_num_queries(3):
        assert len(client.get(url).json()["results"]) == 17
