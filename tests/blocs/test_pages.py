"""The bloc list, bloc page and unit page, seen by each persona."""

import pytest
from django.urls import reverse

from tests.factories import BlocFactory, MembershipFactory, MemberUnitFactory

PAGES = [
    ("blocs:bloc_list", lambda w: []),
    ("blocs:bloc_detail", lambda w: [w.bloc_x.code]),
    ("blocs:unit_detail", lambda w: [w.unit_a.code]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_is_sent_to_sign_in(client, world, name, args):
    url = reverse(name, args=args(world))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "args"), PAGES)
@pytest.mark.parametrize(
    "persona", ["staff_a", "staff_b", "bloc_leader", "last_year_leader", "ministry"]
)
def test_every_signed_in_persona_reads_the_bloc_pages(client, world, request, persona, name, args):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name, args=args(world))).status_code == 200


def test_bloc_list_shows_current_leader_deputy_and_member_count(client, world, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("blocs:bloc_list"))
    rows = {row["bloc"]: row for row in response.context["rows"]}
    assert rows[world.bloc_x]["member_count"] == 4
    assert rows[world.bloc_x]["leadership"].leader == world.unit_leader
    content = response.content.decode()
    assert "Khối thi đua" in content
    assert "BQL Bình Định" in content and "BQL Gia Lai" in content


def test_bloc_list_query_count_does_not_grow_with_blocs(
    client, world, staff_a, django_assert_max_num_queries
):
    client.force_login(staff_a)
    for _ in range(15):
        bloc = BlocFactory()
        for _ in range(3):
            MembershipFactory(bloc=bloc, year=world.year)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("blocs:bloc_list"))
    assert len(response.context["rows"]) == 17


def test_bloc_page_lists_members_of_the_chosen_year_and_leadership_history(client, world, staff_b):
    newcomer = MemberUnitFactory(name="Ban Quản lý các KCN tỉnh Lâm Đồng")
    MembershipFactory(bloc=world.bloc_x, unit=newcomer, year=world.year)
    client.force_login(staff_b)
    url = reverse("blocs:bloc_detail", args=[world.bloc_x.code])

    this_year = client.get(url)
    assert newcomer in list(this_year.context["members"])
    assert this_year.context["leadership"].leader == world.unit_leader
    assert [by.year for by in this_year.context["history"]] == [world.year, world.year - 1]
    assert "Khối trưởng" in this_year.content.decode()

    last_year = client.get(url, {"nam": world.year - 1})
    assert newcomer not in list(last_year.context["members"])
    assert last_year.context["leadership"].leader == world.unit_previous_leader


def test_bloc_page_with_a_year_without_data_warns_and_shows_the_default(client, world, staff_a):
    client.force_login(staff_a)
    url = reverse("blocs:bloc_detail", args=[world.bloc_x.code])
    for bad in ["1999", "abc", "2.026"]:
        response = client.get(url, {"nam": bad})
        assert response.status_code == 200
        assert response.context["year"] == world.year
        assert "Không có dữ liệu năm" in response.content.decode()


def test_bloc_page_query_count_is_bounded(client, world, staff_a, django_assert_max_num_queries):
    for _ in range(20):
        MembershipFactory(bloc=world.bloc_x, year=world.year)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        client.get(reverse("blocs:bloc_detail", args=[world.bloc_x.code]))


def test_unknown_bloc_is_a_vietnamese_404(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("blocs:bloc_detail", args=["khong-co"]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_unit_page_shows_bloc_history_and_years_as_leader(client, world, staff_b):
    client.force_login(staff_b)
    response = client.get(reverse("blocs:unit_detail", args=[world.unit_previous_leader.code]))
    content = response.content.decode()
    assert [m.year for m in response.context["memberships"]] == [world.year, world.year - 1]
    assert [by.year for by in response.context["led_years"]] == [world.year - 1]
    assert "Các năm làm Khối trưởng" in content
    assert world.bloc_x.name in content


def test_unit_page_shows_a_merger(client, world, staff_a):
    from datetime import date

    merged = world.unit_deputy
    merged.successor, merged.succeeded_on = world.unit_leader, date(2025, 7, 1)
    merged.save()
    client.force_login(staff_a)
    content = client.get(reverse("blocs:unit_detail", args=[merged.code])).content.decode()
    assert "đã hợp nhất ngày 01/07/2025 vào" in content
    successor_page = client.get(reverse("blocs:unit_detail", args=[world.unit_leader.code]))
    assert merged.name in successor_page.content.decode()


def test_bloc_page_lists_members_by_province_in_vietnamese_order(client, world, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("blocs:bloc_detail", args=[world.bloc_x.code]))
    provinces = [unit.province for unit in response.context["members"]]
    assert provinces == ["Bình Định", "Đắk Lắk", "Gia Lai", "Quảng Ngãi"]


def test_bloc_list_follows_the_display_order(client, world, staff_a):
    world.bloc_x.display_order, world.bloc_y.display_order = 2, 1
    world.bloc_x.save()
    world.bloc_y.save()
    client.force_login(staff_a)
    rows = client.get(reverse("blocs:bloc_list")).context["rows"]
    assert [row["bloc"] for row in rows] == [world.bloc_y, world.bloc_x]
    world.bloc_x.display_order = 0
    world.bloc_x.save()
    rows = client.get(reverse("blocs:bloc_list")).context["rows"]
    assert [row["bloc"] for row in rows] == [world.bloc_x, world.bloc_y]
