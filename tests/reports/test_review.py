"""The review workflow and who may do what with a report, from the outside."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reports.models import ReportEvent, UnitReport
from reports.services import ReportWorkflowError, change_status

S = UnitReport.Status
ALLOWED = {
    (S.DRAFT, S.SUBMITTED),
    (S.SUBMITTED, S.RETURNED),
    (S.SUBMITTED, S.ACCEPTED),
    (S.RETURNED, S.SUBMITTED),
    (S.ACCEPTED, S.RETURNED),
}


def _fill_required(report, user):
    from decimal import Decimal

    from reports.models import Indicator
    from reports.services import ValueInput, save_report

    values = {
        i.pk: ValueInput(Decimal(1))
        for i in Indicator.objects.in_force(report.period.year).filter(required=True)
    }
    return save_report(report, values, by=user, expected_version=report.version)


@pytest.fixture
def submitted(report_a, staff_a, django_capture_on_commit_callbacks):
    report = _fill_required(report_a, staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(report, S.SUBMITTED, by=staff_a)
    report.refresh_from_db()
    return report


@pytest.mark.parametrize(("old", "new"), [p for p in itertools.product(S, S) if p[0] != p[1]])
def test_every_transition_is_allowed_or_refused_by_the_map(
    report_a, staff_a, bloc_leader, old, new, django_capture_on_commit_callbacks
):
    _fill_required(report_a, staff_a)
    UnitReport.objects.filter(pk=report_a.pk).update(status=old)
    actor = staff_a if new == S.SUBMITTED else bloc_leader
    with django_capture_on_commit_callbacks(execute=True):
        if (old, new) in ALLOWED:
            change_status(report_a, new, by=actor, reason="Bổ sung số liệu lao động")
            assert UnitReport.objects.get(pk=report_a.pk).status == new
            assert ReportEvent.objects.filter(
                report=report_a, from_status=old, to_status=new
            ).exists()
        else:
            with pytest.raises(ReportWorkflowError):
                change_status(report_a, new, by=actor, reason="x")
            assert UnitReport.objects.get(pk=report_a.pk).status == old


def test_return_fix_resubmit_accept_in_the_pages(
    client, submitted, staff_a, bloc_leader, django_capture_on_commit_callbacks
):
    url = reverse("reports:report", args=[submitted.pk])
    review = reverse("reports:review", args=[submitted.pk])
    client.force_login(bloc_leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review, {"action": "return", "reason": ""})
    assert response.status_code == 400 and "cần ghi lý do" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"action": "return", "reason": "Thiếu số liệu xuất khẩu"})
    assert UnitReport.objects.get(pk=submitted.pk).status == S.RETURNED

    client.force_login(staff_a)
    page = client.get(url).content.decode()
    assert "Thiếu số liệu xuất khẩu" in page
    submitted.refresh_from_db()
    from tests.reports.test_report_form import _form_data

    data = _form_data(submitted, TRADE_EXPORT_USD="1.234,5")
    data["submit"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    assert UnitReport.objects.get(pk=submitted.pk).status == S.SUBMITTED

    client.force_login(bloc_leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"action": "accept"})
    report = UnitReport.objects.get(pk=submitted.pk)
    assert report.status == S.ACCEPTED and report.accepted_at
    client.force_login(staff_a)
    assert client.post(url, _form_data(report)).status_code == 403
    assert "Lưu bản nháp" not in client.get(url).content.decode()


def test_the_leader_reopens_an_accepted_report_only_with_a_reason(
    client, submitted, bloc_leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change_status(submitted, S.ACCEPTED, by=bloc_leader)
        with pytest.raises(ReportWorkflowError):
            change_status(submitted, S.RETURNED, by=bloc_leader, reason=" ")
        change_status(submitted, S.RETURNED, by=bloc_leader, reason="Sửa số lao động")
    assert UnitReport.objects.get(pk=submitted.pk).status == S.RETURNED


def test_last_years_leader_cannot_review(submitted, last_year_leader, client):
    with pytest.raises(PermissionDenied):
        change_status(submitted, S.ACCEPTED, by=last_year_leader)
    client.force_login(last_year_leader)
    response = client.post(reverse("reports:review", args=[submitted.pk]), {"action": "accept"})
    assert response.status_code == 403
    assert UnitReport.objects.get(pk=submitted.pk).status == S.SUBMITTED


def test_only_the_units_own_staff_submit(report_a, staff_a, bloc_leader):
    _fill_required(report_a, staff_a)
    with pytest.raises(PermissionDenied):
        change_status(report_a, S.SUBMITTED, by=bloc_leader)


@pytest.mark.parametrize(
    ("persona", "view", "edit"),
    [
        ("staff_a", 200, 302),
        ("colleague_a", 200, 302),
        ("staff_deputy", 403, 403),
        ("staff_b", 403, 403),
        ("last_year_leader", 403, 403),
        ("bloc_leader", 200, 403),
        ("ministry", 200, 403),
    ],
)
def test_who_sees_and_who_fills_a_report(client, request, report_a, persona, view, edit):
    from tests.reports.test_report_form import _form_data

    client.force_login(request.getfixturevalue(persona))
    url = reverse("reports:report", args=[report_a.pk])
    assert client.get(url).status_code == view
    assert client.get(reverse("reports:history", args=[report_a.pk])).status_code == view
    assert client.post(url, _form_data(report_a)).status_code == edit


def test_anonymous_is_sent_to_sign_in(client, report_a):
    for name in ("reports:report", "reports:history"):
        response = client.get(reverse(name, args=[report_a.pk]))
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
    assert client.get(reverse("reports:my_reports")).status_code == 302


def test_staff_start_their_own_report_only_in_their_own_bloc(
    client, periods, staff_a, staff_b, world
):
    client.force_login(staff_b)
    assert client.post(reverse("reports:start", args=[periods["H1"].pk])).status_code == 403
    client.force_login(staff_a)
    response = client.post(reverse("reports:start", args=[periods["FY"].pk]))
    report = UnitReport.objects.get(period=periods["FY"], unit=world.unit_a)
    assert response["Location"] == reverse("reports:report", args=[report.pk])
    assert report.unit_name == world.unit_a.name
    page = client.get(reverse("reports:my_reports")).content.decode()
    assert "Báo cáo" in page
