"""The ranking, meeting and vote pages run the same number of queries whatever the number of
members (pinned here with a bloc of 4 and of 16)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import voting
from awards.models import AgreedScore
from tests.factories import MembershipFactory, MemberUnitFactory, UserFactory


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(world, meeting, pact, bloc_leader, extra=12):
    for n in range(extra):
        unit = MemberUnitFactory()
        MembershipFactory(bloc=world.bloc_x, unit=unit, year=world.year)
        UserFactory(unit=unit, is_unit_leader=True)
        voting.record_attendance(
            meeting, unit, bloc_leader, status="present", representative_name=f"Đại diện {n}"
        )
        AgreedScore.objects.create(pact=pact, unit=unit, criterion=pact.c1, points=40 + n)


def test_pages_do_not_grow_with_the_members(
    client,
    world,
    pact,
    meeting,
    flag,
    nominate,
    make_vote,
    bloc_leader,
    everyone_present,
    django_assert_max_num_queries,
):
    vote = make_vote(flag, [nominate(flag, world.unit_a), nominate(flag, world.unit_deputy)])
    voting.open_vote(vote, bloc_leader)
    client.force_login(bloc_leader)
    urls = [
        reverse("awards:ranking", kwargs={"bloc_code": "khoi-x", "year": world.year}),
        reverse("awards:meeting", args=[meeting.pk]),
        reverse("awards:vote", args=[vote.pk]),
        reverse("awards:vote_turnout", args=[vote.pk]),
    ]
    small = [queries(client, url) for url in urls]
    grow(world, meeting, pact, bloc_leader)
    large = [queries(client, url) for url in urls]
    assert large == small
    with django_assert_max_num_queries(30):
        client.get(urls[1])
