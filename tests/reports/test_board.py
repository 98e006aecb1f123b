"""The completeness board: who sees it, what each cell and count says, a fixed number of queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import UnitReport
from reports.services import ensure_periods
from tests.factories import MembershipFactory, MemberUnitFactory

S = UnitReport.Status


def board_url(bloc, year):
    return reverse("reports:board", args=[bloc.code, year])


def make_report(period, unit, status, submitted_days_ago=None):
    submitted_at = (
        timezone.now() - timedelta(days=submitted_days_ago)
        if submitted_days_ago is not None
        else None
    )
    return UnitReport.objects.create(
        period=period, unit=unit, unit_name=unit.name, status=status, submitted_at=submitted_at
    )


def counts_shown(html: str) -> list[dict[str, int]]:
    """The counts row of the table, one dict of state → number per period column."""
    columns = []
    for block in re.findall(r'<ul class="list-unstyled mb-0">(.*?)</ul>', html, re.S):
        found = re.findall(
            r'data-count="(\w+)"><span>[^<]*</span><span class="fw-semibold">(\d+)</span>', block
        )
        columns.append({state: int(n) for state, n in found})
    return columns


@pytest.fixture
def board_periods(world):
    """This year's periods of bloc X: the first half due five days ago, the year due later."""
    h1, fy = ensure_periods(world.bloc_x, world.year)
    today = timezone.localdate()
    h1.opens_on, h1.deadline = today - timedelta(days=40), today - timedelta(days=5)
    h1.save()
    fy.opens_on, fy.deadline = today - timedelta(days=1), today + timedelta(days=30)
    fy.save()
    return h1, fy


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(board_url(world.bloc_x, world.year))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


@pytest.mark.parametrize("persona", ["staff_a", "unit_leader_a", "staff_b", "last_year_leader"])
def test_outsiders_are_refused(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(board_url(world.bloc_x, world.year)).status_code == 403


@pytest.mark.parametrize("persona", ["bloc_leader", "ministry", "admin_user"])
def test_this_years_leader_and_the_ministry_see_the_board(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(board_url(world.bloc_x, world.year))
    assert response.status_code == 200
    assert [c.period.kind for c in response.context["columns"]] == ["H1", "FY"]


def test_the_role_follows_the_rotation(client, world, bloc_leader, last_year_leader):
    client.force_login(last_year_leader)
    assert client.get(board_url(world.bloc_x, world.year - 1)).status_code == 200
    client.force_login(bloc_leader)
    assert client.get(board_url(world.bloc_x, world.year - 1)).status_code == 403


def test_another_blocs_leader_is_refused(client, world, staff_b):
    """Unit B leads bloc Y this year, not bloc X."""
    client.force_login(staff_b)
    assert client.get(board_url(world.bloc_y, world.year)).status_code == 200
    assert client.get(board_url(world.bloc_x, world.year)).status_code == 403


def test_unknown_bloc_and_impossible_year_are_not_found(client, world, ministry):
    client.force_login(ministry)
    assert (
        client.get(reverse("reports:board", args=["khoi-khong-co", world.year])).status_code == 404
    )
    assert client.get(board_url(world.bloc_x, 1990)).status_code == 404


def test_members_are_listed_in_vietnamese_order_of_province(client, world, bloc_leader):
    client.force_login(bloc_leader)
    response = client.get(board_url(world.bloc_x, world.year))
    assert [row.unit.province for row in response.context["rows"]] == [
        "Bình Định",
        "Đắk Lắk",
        "Gia Lai",
        "Quảng Ngãi",
    ]


def test_cells_show_state_late_flag_and_submitted_date(client, world, board_periods, bloc_leader):
    h1, fy = board_periods
    make_report(h1, world.unit_leader, S.DRAFT)
    submitted = make_report(h1, world.unit_previous_leader, S.SUBMITTED, submitted_days_ago=7)
    returned = make_report(h1, world.unit_deputy, S.RETURNED, submitted_days_ago=9)
    accepted = make_report(fy, world.unit_a, S.ACCEPTED, submitted_days_ago=0)

    client.force_login(bloc_leader)
    response = client.get(board_url(world.bloc_x, world.year))

    cells = {
        row.unit.code: [(cell.state, cell.late) for cell in row.cells]
        for row in response.context["rows"]
    }
    assert cells == {
        # H1 is past its deadline: whatever is not submitted or accepted is late.
        "dak-lak": [("not_started", True), ("accepted", False)],
        "binh-dinh": [("draft", True), ("not_started", False)],
        "quang-ngai": [("submitted", False), ("not_started", False)],
        "gia-lai": [("returned", True), ("not_started", False)],
    }
    html = response.content.decode()
    assert html.count('data-late="1"') == 3
    for report in (submitted, returned, accepted):
        assert reverse("reports:report", args=[report.pk]) in html
        assert timezone.localtime(report.submitted_at).strftime("%d/%m/%Y") in html
    assert h1.deadline.strftime("%d/%m/%Y") in html


def test_counts_per_period_and_state(client, world, board_periods, ministry):
    h1, fy = board_periods
    make_report(h1, world.unit_leader, S.DRAFT)
    make_report(h1, world.unit_previous_leader, S.SUBMITTED, submitted_days_ago=7)
    make_report(h1, world.unit_deputy, S.ACCEPTED, submitted_days_ago=9)
    make_report(fy, world.unit_a, S.RETURNED, submitted_days_ago=1)

    client.force_login(ministry)
    html = client.get(board_url(world.bloc_x, world.year)).content.decode()

    assert counts_shown(html) == [
        {
            "not_started": 1,
            "draft": 1,
            "submitted": 1,
            "returned": 0,
            "accepted": 1,
            "late": 2,
        },
        {
            "not_started": 3,
            "draft": 0,
            "submitted": 0,
            "returned": 1,
            "accepted": 0,
            "late": 0,
        },
    ]


def test_no_report_no_link(client, world, board_periods, bloc_leader):
    client.force_login(bloc_leader)
    html = client.get(board_url(world.bloc_x, world.year)).content.decode()
    rows = html.split('id="board"')[1].split("<tbody")[1].split("</tbody>")[0]
    assert "/bao-cao/" not in rows.replace("/bao-cao/tien-do/", "")


def test_the_ministry_chooses_bloc_and_year(client, world, ministry):
    client.force_login(ministry)
    response = client.get(
        board_url(world.bloc_x, world.year), {"khoi": world.bloc_y.code, "nam": world.year - 1}
    )
    assert response.status_code == 302
    assert response["Location"] == board_url(world.bloc_y, world.year - 1)
    page = client.get(board_url(world.bloc_x, world.year))
    assert [b.code for b in page.context["blocs"]] == ["khoi-x", "khoi-y"]
    assert page.context["years"] == [world.year, world.year - 1]


def test_a_leader_chooses_only_among_the_years_it_led(client, world, bloc_leader):
    client.force_login(bloc_leader)
    page = client.get(board_url(world.bloc_x, world.year))
    assert page.context["years"] == [world.year] and page.context["blocs"] == []
    response = client.get(
        board_url(world.bloc_x, world.year), {"khoi": world.bloc_y.code, "nam": world.year}
    )
    assert response.status_code == 200  # not a choice it has: the page stays as it was


def test_a_year_without_members_makes_no_periods(client, world, ministry):
    client.force_login(ministry)
    response = client.get(board_url(world.bloc_x, world.year + 5))
    assert response.status_code == 200 and response.context["rows"] == []
    assert not world.bloc_x.periods.filter(year=world.year + 5).exists()


@pytest.mark.parametrize("extra_units", [0, 27])
def test_queries_do_not_grow_with_the_members(
    client, world, board_periods, bloc_leader, django_assert_max_num_queries, extra_units
):
    """4 members (3 plus the leader) or 31: the same queries."""
    h1, fy = board_periods
    for n in range(extra_units):
        unit = MemberUnitFactory(province=f"Tỉnh {n:02d}")
        MembershipFactory(bloc=world.bloc_x, unit=unit, year=world.year)
        make_report(h1, unit, S.SUBMITTED, submitted_days_ago=n % 5)
        make_report(fy, unit, S.DRAFT)
    client.force_login(bloc_leader)
    with django_assert_max_num_queries(11):
        response = client.get(board_url(world.bloc_x, world.year))
    assert len(response.context["rows"]) == 4 + extra_units


def test_the_board_links_each_period_to_its_values_export(client, world, bloc_leader):
    from django.urls import reverse

    from reports.services import ensure_periods

    client.force_login(bloc_leader)
    page = client.get(reverse("reports:board", args=[world.bloc_x.code, world.year]))
    for period in ensure_periods(world.bloc_x, world.year):
        assert reverse("reports:bloc_export", args=[period.pk]) in page.content.decode()
