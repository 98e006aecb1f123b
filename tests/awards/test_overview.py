"""The awards pages' entry points: the list of bloc-years a person can open, and a bloc-year's
overview (nominations against the quota, meetings, the dossier), from the outside."""

import pytest
from django.urls import reverse


def overview(world, bloc="khoi-x", year=None):
    return reverse("awards:bloc_year", kwargs={"bloc_code": bloc, "year": year or world.year})


def test_members_see_their_bloc_this_year_and_last(client, world, staff_a):
    client.force_login(staff_a)
    rows = client.get(reverse("awards:index")).context["rows"]
    assert [(bloc.code, sorted(years)) for bloc, years in rows] == [
        ("khoi-x", [world.year - 1, world.year])
    ]


def test_the_ministry_sees_every_bloc(client, world, ministry):
    client.force_login(ministry)
    rows = client.get(reverse("awards:index")).context["rows"]
    assert {bloc.code for bloc, _years in rows} == {"khoi-x", "khoi-y"}


def test_a_person_without_a_unit_sees_nothing(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("awards:index")).context["rows"] == []


@pytest.mark.parametrize(
    ("persona", "x", "y"),
    [
        ("bloc_leader", 200, 403),
        ("staff_a", 200, 403),
        ("last_year_leader", 200, 403),
        ("ministry", 200, 200),
        ("staff_b", 403, 200),
    ],
)
def test_who_opens_a_bloc_years_overview(client, request, world, persona, x, y):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(overview(world)).status_code == x
    assert client.get(overview(world, "khoi-y")).status_code == y


def test_overview_shows_nominations_against_the_quota(
    english, world, bloc_leader, nominate, flag, certificate
):
    nominate(flag, world.unit_a)
    nominate(flag, world.unit_deputy)
    english.force_login(bloc_leader)
    response = english.get(overview(world))
    groups = {g["award_type"].code: g for g in response.context["by_type"]}
    assert len(groups[flag.code]["nominations"]) == 2 and groups[flag.code]["quota"] == 1
    assert groups[certificate.code]["nominations"] == []
    assert "2 proposed, quota 1" in response.content.decode()
    assert (
        reverse("awards:meeting_create", kwargs={"bloc_code": "khoi-x", "year": world.year})
        in response.content.decode()
    )


def test_the_pages_answer_in_vietnamese_by_default(client, world, staff_a):
    client.force_login(staff_a)
    content = client.get(overview(world)).content.decode()
    assert '<html lang="vi">' in content
