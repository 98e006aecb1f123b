"""The bloc leader sets the dates of the year's reporting periods."""

from datetime import date

import pytest
from django.urls import reverse

from reports.models import ReportingPeriod


def _data(**dates):
    data = {
        "H1-opens_on": "15/06/2026",
        "H1-deadline": "10/07/2026",
        "FY-opens_on": "01/12/2026",
        "FY-deadline": "10/01/2027",
    }
    data.update(dates)
    return data


def test_leader_sets_the_dates_typed_dd_mm_yyyy(client, world, bloc_leader, periods):
    client.force_login(bloc_leader)
    url = reverse("reports:periods", args=[world.bloc_x.code, world.year])
    response = client.post(url, _data(**{"H1-deadline": "20/07/2026"}))
    assert response.status_code == 302
    h1 = ReportingPeriod.objects.get(bloc=world.bloc_x, year=world.year, kind="H1")
    assert h1.deadline == date(2026, 7, 20)
    board = client.get(reverse("reports:board", args=[world.bloc_x.code, world.year]))
    assert url in board.content.decode()


def test_a_deadline_before_the_opening_is_refused_and_kept(client, world, bloc_leader, periods):
    client.force_login(bloc_leader)
    url = reverse("reports:periods", args=[world.bloc_x.code, world.year])
    response = client.post(url, _data(**{"H1-deadline": "01/06/2026", "FY-opens_on": "32/13/2026"}))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Hạn nộp không được trước ngày mở" in content
    assert 'value="32/13/2026"' in content
    assert (
        ReportingPeriod.objects.get(bloc=world.bloc_x, year=world.year, kind="H1").deadline
        == periods["H1"].deadline
    )


@pytest.mark.parametrize("persona", ["staff_a", "last_year_leader", "staff_b", "ministry"])
def test_only_this_years_leader_sets_the_dates(client, world, request, persona, periods):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("reports:periods", args=[world.bloc_x.code, world.year])
    assert client.get(url).status_code == 403
    assert client.post(url, _data()).status_code == 403
