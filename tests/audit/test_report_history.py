"""The history of a unit report: values, notes, narrative, status changes, self-scores and
attachments, each with who changed it; for the unit's own people, the bloc leader of that
year and the ministry. A save of many values writes its history in bulk."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import Indicator, ReportValue, UnitReport
from reports.services import ValueInput, save_report, start_report
from tests.audit.conftest import history_url, who
from tests.factories import UserFactory


def _form_data(report, **values):
    data = {
        "version": report.version,
        "results": "Hoàn thành kế hoạch",
        "limitations": "",
        "directions": "",
        "recommendations": "",
    }
    for indicator in Indicator.objects.in_force(report.period.year):
        data[f"v_{indicator.pk}"] = "1" if indicator.required else ""
        data[f"n_{indicator.pk}"] = ""
        data[f"e_{indicator.pk}"] = ""
    for code, value in values.items():
        data[f"v_{Indicator.objects.get(code=code).pk}"] = value
    return data


def _save(client, user, report, **values):
    report.refresh_from_db()
    client.force_login(user)
    response = client.post(
        reverse("reports:report", args=[report.pk]), _form_data(report, **values)
    )
    assert response.status_code == 302, response.status_code
    return response


def test_each_saved_value_is_listed_with_who_saved_it_in_vietnamese_notation(
    client, report_a, staff_a, colleague_a, world, history
):
    _save(client, staff_a, report_a, LABOUR_WORKERS="1.277", INV_FDI_CAPITAL_NEW="4.637,3")
    _save(client, colleague_a, report_a, LABOUR_WORKERS="1.300", INV_FDI_CAPITAL_NEW="4.637,3")
    workers = Indicator.objects.get(code="LABOUR_WORKERS").name_vi
    fdi = Indicator.objects.get(code="INV_FDI_CAPITAL_NEW").name_vi
    rows = history(staff_a, "bao-cao", report_a.pk)
    changed = [r for r in rows if workers in r and "1.277 → 1.300" in r]
    assert len(changed) == 1 and who(colleague_a) in changed[0]
    created = [r for r in rows if workers in r and "1.277" in r and "→" not in r.split(workers)[1]]
    assert created and who(staff_a) in created[0]
    # Unchanged on the second save: the FDI value has one entry, its creation.
    assert len([r for r in rows if fdi in r]) == 1
    assert any("4.637,3" in r for r in rows if fdi in r)
    assert any("Hoàn thành kế hoạch" in r and who(staff_a) in r for r in rows)


def test_status_changes_show_the_unit_and_the_bloc_leader(
    english, report_a, staff_a, bloc_leader, world, history
):
    client = english
    report_a.refresh_from_db()
    client.force_login(staff_a)
    data = _form_data(report_a) | {"submit": "1"}
    assert client.post(reverse("reports:report", args=[report_a.pk]), data).status_code == 302
    client.force_login(bloc_leader)
    client.post(
        reverse("reports:review", args=[report_a.pk]),
        {"action": "return", "reason": "Bổ sung số liệu xuất khẩu"},
    )
    report_a.refresh_from_db()
    assert report_a.status == UnitReport.Status.RETURNED
    rows = history(bloc_leader, "bao-cao", report_a.pk)
    returned = next(r for r in rows if "Submitted → Returned" in r)
    assert who(bloc_leader) in returned
    submitted = next(r for r in rows if "Draft → Submitted" in r)
    assert who(staff_a) in submitted
    assert rows.index(returned) < rows.index(submitted)  # newest first


def test_self_scores_of_the_annual_report_are_listed(
    client, pact, periods, world, staff_a, history
):
    report = start_report(periods["FY"], world.unit_a, staff_a)
    data = _form_data(report) | {f"s_{pact.c1.pk}": "55,5", f"s_{pact.c2.pk}": "38"}
    client.force_login(staff_a)
    assert client.post(reverse("reports:report", args=[report.pk]), data).status_code == 302
    report.refresh_from_db()
    data = _form_data(report) | {f"s_{pact.c1.pk}": "57", f"s_{pact.c2.pk}": "38"}
    assert client.post(reverse("reports:report", args=[report.pk]), data).status_code == 302
    rows = history(staff_a, "bao-cao", report.pk)
    assert any("Thu hút đầu tư" in r and "55,5 → 57" in r and who(staff_a) in r for r in rows)
    assert len([r for r in rows if "Cải cách hành chính" in r]) == 1  # unchanged: one entry


def test_attachments_are_listed_when_added_and_removed(
    english, report_a, staff_a, bloc_leader, history
):
    client = english
    client.force_login(staff_a)
    upload = SimpleUploadedFile("giai-trinh-so-lieu.pdf", b"%PDF-1.7\n" + b"x" * 2000)
    client.post(reverse("reports:attach", args=[report_a.pk]), {"file": upload})
    item = report_a.attachments.get()
    client.post(reverse("reports:detach", args=[report_a.pk, item.pk]))
    rows = history(bloc_leader, "bao-cao", report_a.pk)
    assert "Deleted" in rows[0]
    assert "giai-trinh-so-lieu.pdf" in rows[0] and who(staff_a) in rows[0]
    added = next(r for r in rows if "Created" in r and "giai-trinh-so-lieu.pdf" in r)
    assert "2.0 KB" in added or "2,0 KB" in added  # the size, not the file's path
    assert "attachments/" not in " ".join(rows)


def test_a_save_writes_the_history_of_its_values_in_bulk(report_a, staff_a):
    """The same number of statements for a few values or all of them; only the values that
    changed get a history record."""
    indicators = list(Indicator.objects.in_force(report_a.period.year))
    assert len(indicators) > 20

    def values(number, count=None):
        return {i.pk: ValueInput(Decimal(number)) for i in indicators[:count]}

    with CaptureQueriesContext(connection) as created:
        save_report(report_a, values(1), by=staff_a, expected_version=1)
    with CaptureQueriesContext(connection) as small:
        save_report(report_a, values(2, 3), by=staff_a, expected_version=2)
    with CaptureQueriesContext(connection) as large:
        save_report(report_a, values(3), by=staff_a, expected_version=3)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(created.captured_queries) == len(small.captured_queries)
    history = ReportValue.history.filter(report_id=report_a.pk)
    assert history.count() == 2 * len(indicators) + 3
    assert set(history.values_list("history_user_id", flat=True)) == {staff_a.pk}
    with CaptureQueriesContext(connection) as unchanged:
        save_report(report_a, values(3), by=staff_a, expected_version=4)
    assert history.count() == 2 * len(indicators) + 3  # nothing changed, nothing recorded
    assert len(unchanged.captured_queries) < len(large.captured_queries)


@pytest.fixture
def leader_of_a(world):
    return UserFactory(full_name="Lãnh đạo Đắk Lắk", unit=world.unit_a, is_unit_leader=True)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("staff_a", 200),
        ("leader_of_a", 200),
        ("bloc_leader", 200),
        ("ministry", 200),
        ("admin_user", 200),
        ("staff_deputy", 403),  # another unit of the same bloc
        ("last_year_leader", 403),  # led the bloc last year, not this year
        ("staff_b", 403),  # another bloc
    ],
)
def test_who_reads_a_reports_history(client, request, report_a, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(history_url("bao-cao", report_a.pk)).status_code == status


def test_anonymous_is_sent_to_sign_in(client, report_a):
    response = client.get(history_url("bao-cao", report_a.pk))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_report_pages_link_to_the_change_history(client, report_a, staff_a):
    client.force_login(staff_a)
    url = history_url("bao-cao", report_a.pk)
    assert url in client.get(reverse("reports:report", args=[report_a.pk])).content.decode()
    assert url in client.get(reverse("reports:history", args=[report_a.pk])).content.decode()
