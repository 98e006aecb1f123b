"""The completeness board's rows, put together once per page: each cell's badge, link, late
flag and date, the legend, the year's periods read in one query, escaping, fixed queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from reports.models import ReportingPeriod, UnitReport
from reports.services import ensure_periods

S = UnitReport.Status
with translation.override("vi"):
    BADGES = {
        "not_started": ("text-bg-light border", "Chưa lập"),
        "draft": ("text-bg-secondary", str(S.DRAFT.label)),
        "submitted": ("text-bg-primary", str(S.SUBMITTED.label)),
        "returned": ("text-bg-warning", str(S.RETURNED.label)),
        "accepted": ("text-bg-success", str(S.ACCEPTED.label)),
    }


def board_url(bloc, year):
    return reverse("reports:board", args=[bloc.code, year])


def cells_of(html: str) -> dict[str, list[str]]:
    """The cells of each member's row, by the link to the member's page."""
    body = html.split('id="board"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        unit = re.search(r'<th scope="row"[^>]*><a href="([^"]+)"', row).group(1)
        rows[unit] = re.findall(r"<td .*?</td>", row, re.S)
    return rows


@pytest.fixture
def periods(world):
    """The first half due five days ago, the year due in a month."""
    h1, fy = ensure_periods(world.bloc_x, world.year)
    today = timezone.localdate()
    h1.opens_on, h1.deadline = today - timedelta(days=40), today - timedelta(days=5)
    h1.save()
    fy.opens_on, fy.deadline = today - timedelta(days=1), today + timedelta(days=30)
    fy.save()
    return h1, fy


def make_report(period, unit, status, submitted_days_ago=None):
    submitted_at = (
        timezone.now() - timedelta(days=submitted_days_ago)
        if submitted_days_ago is not None
        else None
    )
    return UnitReport.objects.create(
        period=period, unit=unit, unit_name=unit.name, status=status, submitted_at=submitted_at
    )


def test_each_cell_shows_its_state_link_late_flag_and_date(client, world, periods, bloc_leader):
    h1, fy = periods
    draft = make_report(h1, world.unit_leader, S.DRAFT)
    submitted = make_report(h1, world.unit_previous_leader, S.SUBMITTED, submitted_days_ago=7)
    returned = make_report(fy, world.unit_deputy, S.RETURNED, submitted_days_ago=2)
    accepted = make_report(fy, world.unit_a, S.ACCEPTED, submitted_days_ago=0)
    client.force_login(bloc_leader)
    cells = cells_of(client.get(board_url(world.bloc_x, world.year)).content.decode())

    def cell(unit, column):
        return cells[unit.get_absolute_url()][column]

    expected = {
        (world.unit_a, 0): ("not_started", None, True),
        (world.unit_a, 1): ("accepted", accepted, False),
        (world.unit_leader, 0): ("draft", draft, True),
        (world.unit_leader, 1): ("not_started", None, False),
        (world.unit_previous_leader, 0): ("submitted", submitted, False),
        (world.unit_deputy, 1): ("returned", returned, False),
    }
    for (unit, column), (state, report, late) in expected.items():
        html = cell(unit, column)
        badge_class, label = BADGES[state]
        assert f'data-state="{state}"' in html
        assert f'<span class="badge {badge_class}">{label}</span>' in html
        assert ('data-late="1"' in html) == late and ("table-danger" in html) == late
        assert ('<span class="badge text-bg-danger">' in html) == late
        if report is None:
            assert "<a " not in html
        else:
            link = reverse("reports:report", args=[report.pk])
            assert f'<a href="{link}" class="text-decoration-none" title="Mở báo cáo">' in html
        if report is not None and report.submitted_at:
            day = timezone.localtime(report.submitted_at).strftime("%d/%m/%Y")
            assert f"gửi ngày {day}" in html
        else:
            assert "gửi ngày" not in html


def test_the_legend_shows_every_state_and_late(client, world, periods, ministry):
    client.force_login(ministry)
    html = client.get(board_url(world.bloc_x, world.year)).content.decode()
    legend = html.split("Chú thích:")[1].split("</p>")[0]
    shown = re.findall(r'<span class="badge ([^"]+)">(?:<i [^>]+></i>)?([^<]+)</span>', legend)
    assert shown == [*BADGES.values(), ("text-bg-danger", "Trễ hạn")]


def test_names_are_escaped(client, world, periods, bloc_leader):
    world.unit_a.short_name = '<b>BQL "Đắk Lắk"</b>'
    world.unit_a.save()
    client.force_login(bloc_leader)
    html = client.get(board_url(world.bloc_x, world.year)).content.decode()
    assert "<b>BQL" not in html and "&lt;b&gt;BQL &quot;Đắk Lắk&quot;&lt;/b&gt;" in html


def test_the_periods_are_made_once_then_read_in_one_query(
    client, world, bloc_leader, django_assert_num_queries
):
    """Session, user, bloc, leader check, the leader's years, members, periods, reports, the
    layout's unit and bloc: whatever the number of members."""
    assert not ReportingPeriod.objects.filter(bloc=world.bloc_x, year=world.year).exists()
    client.force_login(bloc_leader)
    url = board_url(world.bloc_x, world.year)
    response = client.get(url)
    assert [c.period.kind for c in response.context["columns"]] == ["H1", "FY"]
    assert ReportingPeriod.objects.filter(bloc=world.bloc_x, year=world.year).count() == 2
    with django_assert_num_queries(9):
        response = client.get(url)
    assert [c.period.kind for c in response.context["columns"]] == ["H1", "FY"]
