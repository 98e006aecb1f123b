"""The ministry's and the blocs' dashboards: who sees them, the figures, exports, bad filters,
and query counts that do not grow with the data."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import UserFactory
from tests.reports.test_consolidation import YEAR, build_bloc


@pytest.fixture
def blocs(db):
    return build_bloc("m", 4), build_bloc("n", 3)


def test_ministry_dashboard_shows_every_bloc_with_its_figures(blocs, ministry, client_for):
    page = client_for(ministry).get(
        reverse("dashboards:ministry"), {"nam": YEAR, "ky": "FY", "chi_tieu": "PROD_REVENUE_VND"}
    )
    assert page.status_code == 200
    tables = page.context["tables"]
    completeness = {row[0]: row for row in tables["completeness"].rows}
    # Khối M: 4 members, 3 accepted, 1 draft.
    assert completeness["Khối M"][1] == 4 and completeness["Khối M"][-1] == 3
    revenue = {row[0]: row[1] for row in tables["indicators"].rows}
    first = blocs[0]
    expected = sum(first["raw"][(YEAR, m.code, "PROD_REVENUE_VND")] for m in first["members"][:-1])
    assert revenue["Khối M"] == expected
    chart = page.context["charts"]["indicator"]
    assert "Khối M" in chart["labels"] and chart["datasets"][0]["label"] == str(YEAR)
    text = page.content.decode()
    assert 'data-chart="chart-indicator"' in text and 'id="chart-indicator"' in text
    assert "vendor/chartjs/chart.umd.min.js" in text


def test_every_table_exports_to_xlsx_and_csv(blocs, ministry, client_for):
    client = client_for(ministry)
    for key in ("completeness", "indicators", "awards"):
        answer = client.get(
            reverse("dashboards:ministry"),
            {"nam": YEAR, "ky": "FY", "bang": key, "dinh_dang": "csv"},
        )
        assert answer["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        table = client.get(reverse("dashboards:ministry"), {"nam": YEAR, "ky": "FY"}).context[
            "tables"
        ][key]
        assert rows[0] == [str(c) for c in table.columns] and len(rows) == 1 + len(table.rows)
        book = load_workbook(
            io.BytesIO(
                client.get(
                    reverse("dashboards:ministry"),
                    {"nam": YEAR, "ky": "FY", "bang": key, "dinh_dang": "xlsx"},
                ).content
            )
        )
        sheet = book.active
        assert [c.value for c in sheet[3]] == [str(c) for c in table.columns]


def test_bad_filters_fall_back_with_a_message(blocs, ministry, client_for):
    page = client_for(ministry).get(
        reverse("dashboards:ministry"), {"nam": "abc", "ky": "Q9", "khoi": "khong-co"}
    )
    assert page.status_code == 200
    assert [str(m) for m in page.context["messages"]]
    assert page.context["year"] in (YEAR, YEAR + 1)


def test_who_sees_the_dashboards(
    blocs, world, ministry, staff_a, staff_b, last_year_leader, client_for
):
    assert client_for(staff_a).get(reverse("dashboards:ministry")).status_code == 403
    assert (
        Client()
        .get(reverse("dashboards:ministry"))["Location"]
        .startswith(reverse("accounts:login"))
    )
    url = reverse("dashboards:bloc", args=[world.bloc_x.code])
    # Members of the bloc this year (last year's leader is still a member) and the ministry.
    for user in (staff_a, last_year_leader, ministry):
        assert client_for(user).get(url).status_code == 200, user
    assert client_for(staff_b).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert (
        client_for(ministry).get(reverse("dashboards:bloc", args=["khong-co"])).status_code == 404
    )


def test_bloc_dashboard_figures_and_fixed_queries(blocs, ministry, client_for):
    first = blocs[0]
    client = client_for(ministry)
    url = reverse("dashboards:bloc", args=["khoi-m"])
    with CaptureQueriesContext(connection) as small:
        page = client.get(url, {"nam": YEAR, "ky": "FY", "chi_tieu": "TRADE_IMPORT_USD"})
    members = {row[0]: row for row in page.context["tables"]["members"].rows}
    unit = first["members"][0]
    assert members[unit.short_name][1] == first["raw"][(YEAR, unit.code, "TRADE_IMPORT_USD")]
    assert members[unit.short_name][2] == first["raw"][(YEAR - 1, unit.code, "TRADE_IMPORT_USD")]
    trend = {row[0]: row for row in page.context["tables"]["trend"].rows}
    assert trend[unit.short_name][-1] == members[unit.short_name][1]
    build_bloc("big", 12)
    with CaptureQueriesContext(connection) as large:
        client.get(
            reverse("dashboards:bloc", args=["khoi-big"]),
            {"nam": YEAR, "ky": "FY", "chi_tieu": "TRADE_IMPORT_USD"},
        )
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as ministry_small:
        client.get(reverse("dashboards:ministry"), {"nam": YEAR, "ky": "FY"})
    build_bloc("more", 5)
    with CaptureQueriesContext(connection) as ministry_large:
        client.get(reverse("dashboards:ministry"), {"nam": YEAR, "ky": "FY"})
    assert len(ministry_large) == len(ministry_small)


def test_numbers_are_vietnamese_on_the_page(blocs, ministry, client_for):
    page = client_for(ministry).get(
        reverse("dashboards:ministry"), {"nam": YEAR, "ky": "FY", "chi_tieu": "PROD_REVENUE_VND"}
    )
    value = next(r[1] for r in page.context["tables"]["indicators"].rows if r[0] == "Khối M")
    from khoi_thi_dua.numbers import format_number

    shown = format_number(Decimal(value), 2)
    assert "," in shown and shown in page.content.decode()


def test_missing_lists_members_without_a_submitted_report(blocs, ministry, client_for):
    staff = UserFactory(username="canbo.m00", unit=blocs[0]["members"][0], is_board_staff=True)
    page = client_for(staff).get(
        reverse("dashboards:bloc", args=["khoi-m"]), {"nam": YEAR, "ky": "FY"}
    )
    missing = page.context["tables"]["missing"].rows
    full_year = [row[1] for row in missing if row[0] == f"Cả năm {YEAR}"]
    # Only the member whose report is still a draft; the accepted ones are not missing.
    assert full_year == [blocs[0]["members"][-1].short_name]
    assert missing[0][4] < 0  # the deadline has passed: a negative count of days


def test_every_bloc_links_its_consolidated_report_and_its_newest_pdf(
    blocs, ministry, client_for, settings, tmp_path
):
    from django.test import TestCase

    from documents.services import request_document

    settings.MEDIA_ROOT = tmp_path
    first, second = blocs
    first["bloc"].name = "Khối M & <Tây>"
    first["bloc"].save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        document = request_document("bloc_report", first["period"], ministry)
    document.refresh_from_db()
    assert document.status == "ready"

    page = client_for(ministry).get(reverse("dashboards:ministry"), {"nam": YEAR, "ky": "FY"})
    text = page.content.decode()
    download = reverse("documents:download", args=[document.pk])
    items = {
        code: next(
            line for line in text.splitlines() if f"/{code}/{YEAR}/" in line and "<li" in line
        )
        for code in (first["bloc"].code, second["bloc"].code)
    }
    assert download in items[first["bloc"].code] and "PDF v1" in items[first["bloc"].code]
    assert "PDF v" not in items[second["bloc"].code]
    # Bloc names are escaped in the lists and in the tables written outside the templates.
    assert "Khối M &amp; &lt;Tây&gt;" in items[first["bloc"].code]
    assert '<th scope="row" class="fw-normal">Khối M &amp; &lt;Tây&gt;</th>' in text
    assert "<Tây>" not in text
