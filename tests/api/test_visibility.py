"""Every endpoint returns only what the token's user may see: ministry staff and administrators
everything, a unit's staff the blocs their unit is or was in, and others nothing."""

import pytest
from django.urls import reverse

from blocs.models import Bloc, MemberUnit
from reports.models import Indicator, ReportingPeriod
from tests.api.helpers import all_pages, ids
from tests.factories import MembershipFactory, MemberUnitFactory, UserFactory

X_MEMBERS = ["unit_a", "unit_leader", "unit_previous_leader", "unit_deputy"]


@pytest.fixture
def no_role_user(world):
    """Has a unit but is neither its board staff nor its leader."""
    return UserFactory(username="khach.a", unit=world.unit_a)


@pytest.fixture
def no_unit_user(world):
    return UserFactory(username="khach")


def _expected(world, persona: str):
    """(bloc ids, unit ids) a persona may read, from the world's description."""
    x_units = {getattr(world, name).pk for name in X_MEMBERS}
    everything = (
        set(Bloc.objects.values_list("pk", flat=True)),
        set(MemberUnit.objects.values_list("pk", flat=True)),
    )
    return {
        "staff_a": ({world.bloc_x.pk}, x_units),
        "unit_leader_a": ({world.bloc_x.pk}, x_units),
        "bloc_leader": ({world.bloc_x.pk}, x_units),
        "last_year_leader": ({world.bloc_x.pk}, x_units),
        "staff_b": ({world.bloc_y.pk}, {world.unit_b.pk}),
        "ministry": everything,
        "admin_user": everything,
        "no_role_user": (set(), set()),
        "no_unit_user": (set(), set()),
    }[persona]


PERSONAS = [
    "staff_a",
    "unit_leader_a",
    "bloc_leader",
    "last_year_leader",
    "staff_b",
    "ministry",
    "admin_user",
    "no_role_user",
    "no_unit_user",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_blocs_units_and_periods_follow_the_persona(request, data, world, api_for, persona):
    client = api_for(request.getfixturevalue(persona))
    blocs, units = _expected(world, persona)
    assert ids(client.get(reverse("api:bloc-list"))) == blocs
    assert {row["id"] for row in all_pages(client, reverse("api:unit-list"))} == units
    periods = set(ReportingPeriod.objects.filter(bloc_id__in=blocs).values_list("pk", flat=True))
    assert {row["id"] for row in all_pages(client, reverse("api:period-list"))} == periods
    # The catalogue is master data that every signed-in person reads, as on its page.
    catalogue = all_pages(client, reverse("api:indicator-list"))
    assert len(catalogue) == Indicator.objects.count() > 0


@pytest.mark.parametrize("persona", ["staff_b", "no_role_user", "no_unit_user"])
def test_another_blocs_objects_answer_403_not_their_data(
    request, data, world, api_for, english, persona
):
    client = api_for(request.getfixturevalue(persona))
    client.cookies.load(english)
    period = data.periods[("khoi-x", world.year, "H1")]
    for url in (
        reverse("api:bloc-detail", args=[world.bloc_x.pk]),
        reverse("api:unit-detail", args=[world.unit_a.pk]),
        reverse("api:period-detail", args=[period.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        body = response.json()
        assert body["code"] == "permission_denied" and "may not read" in body["detail"]
        assert "Tây Nguyên" not in response.content.decode()


def test_own_blocs_objects_are_readable_in_detail(data, world, api_for, staff_a):
    client = api_for(staff_a)
    bloc = client.get(reverse("api:bloc-detail", args=[world.bloc_x.pk])).json()
    by_year = {entry["year"]: entry for entry in bloc["years"]}
    assert set(by_year) == {world.year, world.year - 1}
    assert by_year[world.year]["leader"]["code"] == world.unit_leader.code
    assert by_year[world.year]["deputy"]["code"] == world.unit_deputy.code
    assert by_year[world.year - 1]["leader"]["code"] == world.unit_previous_leader.code
    assert {m["code"] for m in by_year[world.year]["members"]} == {
        getattr(world, name).code for name in X_MEMBERS
    }
    unit = client.get(reverse("api:unit-detail", args=[world.unit_deputy.pk])).json()
    assert unit["code"] == "gia-lai" and unit["kind"] == "KKT"
    assert [(m["year"], m["bloc"]["code"]) for m in unit["memberships"]] == [
        (world.year, "khoi-x"),
        (world.year - 1, "khoi-x"),
    ]


def test_an_unknown_id_is_404_for_everyone(data, api_for, ministry, staff_a):
    for user in (ministry, staff_a):
        response = api_for(user).get(reverse("api:bloc-detail", args=[987654]))
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_unit_that_changed_bloc_sees_both_and_others_see_only_their_part(world, api_for):
    """A board merged from bloc Y into bloc X: its staff read both blocs; bloc X's staff read
    the unit, but not its membership of bloc Y."""
    mover = MemberUnitFactory(code="kon-tum", name="Ban Quản lý KKT tỉnh Kon Tum")
    MembershipFactory(bloc=world.bloc_y, unit=mover, year=world.year - 1)
    MembershipFactory(bloc=world.bloc_x, unit=mover, year=world.year)
    mover_staff = UserFactory(username="canbo.kon-tum", unit=mover, is_board_staff=True)
    x_staff = UserFactory(username="canbo.x", unit=world.unit_a, is_board_staff=True)

    assert ids(api_for(mover_staff).get(reverse("api:bloc-list"))) == {
        world.bloc_x.pk,
        world.bloc_y.pk,
    }
    seen_by_x = api_for(x_staff).get(reverse("api:unit-detail", args=[mover.pk])).json()
    assert [(m["year"], m["bloc"]["code"]) for m in seen_by_x["memberships"]] == [
        (world.year, "khoi-x")
    ]
    seen_by_mover = api_for(mover_staff).get(reverse("api:unit-detail", args=[mover.pk])).json()
    assert [m["bloc"]["code"] for m in seen_by_mover["memberships"]] == ["khoi-x", "khoi-y"]


def test_own_unit_is_visible_even_without_a_bloc(world, api_for):
    lonely = MemberUnitFactory(code="don-le")
    user = UserFactory(username="canbo.don-le", unit=lonely, is_board_staff=True)
    client = api_for(user)
    assert ids(client.get(reverse("api:unit-list"))) == {lonely.pk}
    assert ids(client.get(reverse("api:bloc-list"))) == set()


def test_blocs_of_one_year_hold_only_that_year(data, world, api_for, ministry):
    body = api_for(ministry).get(reverse("api:bloc-list"), {"year": world.year - 1}).json()
    assert {row["code"] for row in body["results"]} == {"khoi-x", "khoi-y"}
    for row in body["results"]:
        assert [entry["year"] for entry in row["years"]] == [world.year - 1]
    assert api_for(ministry).get(reverse("api:bloc-list"), {"year": 2001}).json()["count"] == 0
