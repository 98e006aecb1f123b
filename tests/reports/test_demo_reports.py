"""The demo data has last year's accepted reports and this year's in a mix of states."""

from django.core.management import call_command

from reports.models import UnitReport


def test_demo_reports(db):
    call_command("load_demo", quiet_logins=True)
    call_command("load_demo", quiet_logins=True)
    reports = UnitReport.objects.filter(period__bloc__code="tay-nguyen-duyen-hai-mien-trung")
    last_year = reports.filter(period__year=2025)
    assert last_year.count() == 22
    assert set(last_year.values_list("status", flat=True)) == {"accepted"}
    this_year = set(reports.filter(period__year=2026).values_list("status", flat=True))
    assert this_year == {"draft", "submitted", "returned", "accepted"}
    report = reports.filter(period__year=2026, status="accepted").first()
    assert report.values.filter(value__isnull=False).count() == 30
    assert report.events.filter(to_status="accepted").exists()
