"""The scale data generator: counts of a small run, a second run refused, --delete."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from blocs.models import Bloc, BlocYear, Membership, MemberUnit
from reports.models import Indicator, ReportEvent, ReportingPeriod, ReportValue, UnitReport


def _run(*args):
    out = StringIO()
    call_command("generate_scale_data", *args, stdout=out)
    return out.getvalue()


SMALL = ("--blocs", "2", "--units", "3", "--years", "2", "--first-year", "2025", "--prefix", "t")


def test_a_small_run_makes_the_expected_rows(db):
    output = _run(*SMALL)
    assert "done: 24 reports" in output
    in_force = {year: Indicator.objects.in_force(year).count() for year in (2025, 2026)}
    assert Bloc.objects.filter(code__startswith="t-").count() == 2
    assert MemberUnit.objects.filter(code__startswith="t-").count() == 6
    assert User.objects.filter(unit__code__startswith="t-", is_board_staff=True).count() == 6
    assert Membership.objects.filter(bloc__code__startswith="t-").count() == 12
    assert ReportingPeriod.objects.filter(bloc__code__startswith="t-").count() == 8
    reports = UnitReport.objects.filter(unit__code__startswith="t-")
    assert reports.count() == 24  # 2 blocs × 3 units × 2 years × 2 periods
    assert ReportValue.objects.filter(report__unit__code__startswith="t-").count() == 6 * 2 * (
        in_force[2025] + in_force[2026]
    )
    # Past years are accepted or nearly; returned reports carry their reason.
    assert reports.filter(period__year=2025, status=UnitReport.Status.DRAFT).count() == 0
    assert ReportEvent.objects.filter(report__in=reports).count() == (
        reports.filter(status=UnitReport.Status.RETURNED).count()
    )
    # The leader rotates year by year, the next unit is the deputy, both are members.
    leadership = BlocYear.objects.filter(bloc__code="t-0001").order_by("year")
    assert [(by.leader.code, by.deputy.code) for by in leadership] == [
        ("t-0001-01", "t-0001-02"),
        ("t-0001-02", "t-0001-03"),
    ]
    # One password hash for every account.
    hashes = set(
        User.objects.filter(unit__code__startswith="t-").values_list("password", flat=True)
    )
    assert len(hashes) == 1


def test_a_second_run_with_the_same_prefix_is_refused(db):
    _run(*SMALL)
    with pytest.raises(CommandError, match="already exists"):
        _run(*SMALL)
    assert Bloc.objects.filter(code__startswith="t-").count() == 2


def test_delete_removes_what_the_run_made_and_nothing_else(db):
    other = Bloc.objects.create(code="t2-0001", name="Another bloc")
    _run(*SMALL)
    _run("--blocs", "1", "--units", "2", "--years", "1", "--prefix", "u", "--no-values")
    output = _run("--prefix", "t", "--delete")
    assert "removed" in output
    assert not Bloc.objects.filter(code__startswith="t-").exists()
    assert not MemberUnit.objects.filter(code__startswith="t-").exists()
    assert not User.objects.filter(username__startswith="canbo.t-").exists()
    assert not UnitReport.objects.filter(unit__code__startswith="t-").exists()
    assert not ReportValue.objects.filter(report__unit__code__startswith="t-").exists()
    assert Bloc.objects.filter(pk=other.pk).exists()
    assert UnitReport.objects.filter(unit__code__startswith="u-").count() == 4
    # The prefix is free again.
    _run(*SMALL)
    with pytest.raises(CommandError, match="no data"):
        _run("--prefix", "zz", "--delete")


def test_a_prefix_with_a_hyphen_is_refused(db):
    with pytest.raises(CommandError, match="prefix"):
        _run("--prefix", "a-b")


def test_the_planner_statistics_of_the_filled_tables_are_refreshed(db):
    """Millions of rows inserted at once must not be planned as an empty table's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _run(*SMALL)
    analyzed = " ".join(q["sql"] for q in queries if q["sql"].upper().startswith("ANALYZE"))
    for table in ("reports_reportvalue", "reports_unitreport", "blocs_membership"):
        assert table in analyzed, analyzed
