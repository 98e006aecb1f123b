"""The administration's history of a record (administrators, read-only), and the history
page itself: newest first, in pages, with a fixed number of queries whatever its length."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pacts.models import Pact
from reports.models import UnitReport
from tests.audit.conftest import history_url, rows_of


def _retitle(client, pact, title):
    response = client.post(
        reverse("pacts:edit", args=[pact.pk]),
        {
            "title": title,
            "number": pact.number,
            "place": pact.place,
            "preamble": "",
            "total_points": "100",
            "bonus_cap": "5",
            "penalty_cap": "10",
            "indicators": list(pact.indicators.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302


def test_the_administration_lists_a_pacts_changes_and_reverts_nothing(
    client, make_pact, bloc_leader, admin_user, ministry
):
    pact = make_pact()
    client.force_login(bloc_leader)
    _retitle(client, pact, "Giao ước đã sửa trong trang")
    client.force_login(admin_user)
    page = client.get(reverse("admin:pacts_pact_history", args=[pact.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Giao ước đã sửa trong trang" in content and "Phạm Quốc Khánh" in content
    record = Pact.history.filter(id=pact.pk).earliest("history_date")
    old_version = reverse("admin:pacts_pact_simple_history", args=[pact.pk, record.history_id])
    assert client.get(old_version).status_code == 200
    assert client.post(old_version, {"title": "Khôi phục"}).status_code == 403
    pact.refresh_from_db()
    assert pact.title == "Giao ước đã sửa trong trang"
    client.force_login(ministry)  # not an administrator
    response = client.get(reverse("admin:pacts_pact_history", args=[pact.pk]))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_the_administration_shows_a_reports_history_read_only(client, report_a, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:reports_unitreport_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:reports_unitreport_history", args=[report_a.pk])).status_code
        == 200
    )
    change = client.post(
        reverse("admin:reports_unitreport_change", args=[report_a.pk]), {"status": "accepted"}
    )
    assert change.status_code == 403
    assert UnitReport.objects.get(pk=report_a.pk).status == UnitReport.Status.DRAFT


def test_the_page_is_newest_first_in_pages_of_25(client, make_pact, bloc_leader):
    pact = make_pact()
    client.force_login(bloc_leader)
    url = history_url("giao-uoc", pact.pk)
    made = client.get(url).context["page"].paginator.count  # the fixture's rows
    assert made >= 7
    for n in range(1, 31):
        _retitle(client, pact, f"Bản sửa số {n}")
    first = client.get(url)
    rows = rows_of(first.content.decode())
    assert len(rows) == 25 and "Bản sửa số 29 → Bản sửa số 30" in rows[0]
    assert first.context["page"].paginator.count == made + 30
    second = rows_of(client.get(history_url("giao-uoc", pact.pk, trang=2)).content.decode())
    assert len(second) == made + 30 - 25
    assert "Bản sửa số 4 → Bản sửa số 5" in second[0]
    # The oldest: the pact's creation, made by the fixture outside a request.
    assert "không ghi nhận" in second[-1] and f"{pact.title.split(' (')[0]}" in second[-1]


def test_the_page_runs_the_same_queries_for_a_short_and_a_long_history(
    client, make_pact, bloc_leader, django_assert_max_num_queries
):
    pact = make_pact()
    client.force_login(bloc_leader)
    url = history_url("giao-uoc", pact.pk)
    _retitle(client, pact, "Bản sửa đầu tiên")
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    # Read now: each request clears the connection's log.
    count = len(short.captured_queries)
    assert 0 < count <= 20
    for n in range(40):
        _retitle(client, pact, f"Bản sửa số {n}")
    with django_assert_max_num_queries(count):
        assert client.get(url).status_code == 200
