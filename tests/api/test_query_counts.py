"""Every list endpoint runs a fixed number of queries, whatever the number of rows: measured
on the small world and again after it has grown several times over."""

import pytest
from django.urls import reverse

from blocs.models import Bloc
from reports.services import ensure_periods
from tests.api.conftest import S, build_reports, make_report
from tests.factories import (
    BlocFactory,
    BlocYearFactory,
    MembershipFactory,
    MemberUnitFactory,
    UserFactory,
)

# Token lookup, COUNT, the page, and the prefetches of the endpoint.
BUDGET = {
    "bloc": 5,
    "unit": 4,
    "indicator": 3,
    "period": 3,
    "value": 3,
    "total": 4,
}


def grow(world, indicators, blocs: int = 4, units: int = 5) -> None:
    """Several times the rows, for ministry staff and for this year's leader of bloc X alike.

    New blocs with members, leaders and accepted reports in both years; the leader's unit was
    a member of each new bloc in an earlier year; bloc X gets more members reporting this year.
    """
    seed = 1000
    years = (world.year - 1, world.year)
    for b in range(blocs):
        bloc = BlocFactory()
        members = [MemberUnitFactory() for _u in range(units)]
        for n, year in enumerate(years):
            for unit in members:
                MembershipFactory(bloc=bloc, unit=unit, year=year)
            BlocYearFactory(bloc=bloc, year=year, leader=members[n], deputy=members[n + 1])
            for period in ensure_periods(bloc, year):
                for unit in members:
                    seed += 1
                    make_report(period, unit, S.ACCEPTED, indicators, seed)
        earlier = world.year - 2 - b
        MembershipFactory(bloc=bloc, unit=world.unit_leader, year=earlier)
        ensure_periods(bloc, earlier)
    x_periods = ensure_periods(world.bloc_x, world.year)
    for _n in range(3):
        newcomer = MemberUnitFactory()
        MembershipFactory(bloc=world.bloc_x, unit=newcomer, year=world.year)
        for period in x_periods:
            seed += 1
            make_report(period, newcomer, S.ACCEPTED, indicators, seed)


def _measure(client, django_assert_max_num_queries, name, params=None) -> int:
    with django_assert_max_num_queries(BUDGET[name]):
        response = client.get(reverse(f"api:{name}-list"), {"page_size": 500, **(params or {})})
    assert response.status_code == 200
    return len(response.json()["results"])


@pytest.mark.parametrize("name", list(BUDGET))
@pytest.mark.parametrize("persona", ["ministry", "bloc_leader"])
def test_list_queries_do_not_grow_with_rows(
    request, world, indicators, api_for, django_assert_max_num_queries, name, persona
):
    build_reports(world, indicators, (world.year - 1, world.year))
    user = request.getfixturevalue(persona)
    client = api_for(user)
    small = _measure(client, django_assert_max_num_queries, name)
    grow(world, indicators)
    assert Bloc.objects.count() > 2
    large = _measure(client, django_assert_max_num_queries, name)
    if name != "indicator":  # the catalogue does not grow with blocs
        assert large > small, "the second measure must see more rows than the first"


def test_session_clients_pay_only_the_session_lookup(
    client, data, world, django_assert_max_num_queries
):
    user = UserFactory(username="bo.phien", is_ministry_staff=True)
    client.force_login(user)
    for name, budget in BUDGET.items():
        # The session and its user instead of the token: one more query.
        with django_assert_max_num_queries(budget + 1):
            assert client.get(reverse(f"api:{name}-list")).status_code == 200
