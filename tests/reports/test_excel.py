"""The Excel round-trip of a unit report, and the bloc's values of a period as a workbook."""

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook

from pacts.models import Pact, Registration, RegistrationTarget
from reports import excel
from reports.models import Indicator, ReportValue, UnitReport
from reports.services import ValueInput, ensure_periods, save_report, start_report
from tests.factories import MembershipFactory, MemberUnitFactory

XLSX = excel.CONTENT_TYPE


@pytest.fixture
def periods(world):
    return ensure_periods(world.bloc_x, world.year)


@pytest.fixture
def report(world, periods, staff_a):
    return start_report(periods[0], world.unit_a, staff_a)


def ind(code):
    return Indicator.objects.get(code=code)


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def download(client, report):
    response = client.get(reverse("reports:excel_template", args=[report.pk]))
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(response.content))


def rows_by_code(sheet):
    return {
        row[0].value: row[0].row
        for row in sheet.iter_rows(min_row=1)
        if row[0].value and row[0].value in set(Indicator.objects.values_list("code", flat=True))
    }


def header_row(sheet):
    for row in sheet.iter_rows():
        if row[0].value == excel.COL_CODE:
            return row[0].row
    raise AssertionError("no header row")


def as_upload(workbook, name="bao-cao.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def fill(workbook, values=None, notes=None):
    sheet = workbook[excel.SHEET_TITLE]
    rows = rows_by_code(sheet)
    column = {title: i + 1 for i, title in enumerate(excel.COLUMNS)}
    for code, value in (values or {}).items():
        # ws.cell(value=None) would leave the cell as it was.
        sheet.cell(row=rows[code], column=column[excel.COL_VALUE]).value = value
    for code, note in (notes or {}).items():
        sheet.cell(row=rows[code], column=column[excel.COL_NOTE]).value = note
    return workbook


def upload(client, report, file):
    return client.post(reverse("reports:excel_upload", args=[report.pk]), {"file": file})


def stored(report):
    return {
        v.indicator.code: v.value
        for v in ReportValue.objects.filter(report=report).select_related("indicator")
    }


# The template


def test_template_is_prefilled_with_values_last_year_and_targets(client, world, report, staff_a):
    last_period = ensure_periods(world.bloc_x, world.year - 1)[0]
    last = start_report(last_period, world.unit_a, staff_a)
    save_report(last, {ind("LABOUR_WORKERS").pk: ValueInput(Decimal(1100))}, staff_a, last.version)
    UnitReport.objects.filter(pk=last.pk).update(status=UnitReport.Status.ACCEPTED)
    pact = Pact.objects.create(bloc=world.bloc_x, year=world.year, title="Giao ước")
    registration = Registration.objects.create(pact=pact, unit=world.unit_a)
    RegistrationTarget.objects.create(
        registration=registration, indicator=ind("LABOUR_WORKERS"), target=Decimal(1500)
    )
    save_report(
        report,
        {
            ind("LABOUR_WORKERS").pk: ValueInput(Decimal(1277), note="Tính đến 30/6"),
            ind("INV_FDI_CAPITAL_NEW").pk: ValueInput(Decimal("4637.3")),
        },
        staff_a,
        report.version,
    )
    client.force_login(staff_a)

    response = client.get(reverse("reports:excel_template", args=[report.pk]))

    assert response["Content-Type"] == XLSX
    filename = f"bao-cao-h1-{world.year}-dak-lak.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook[excel.SHEET_TITLE]
    title = " ".join(str(sheet.cell(row=r, column=1).value) for r in range(1, 6))
    assert "Tây Nguyên và Duyên hải Miền Trung" in title
    assert "Ban Quản lý các KCN tỉnh Đắk Lắk" in title
    assert str(world.year) in title and f"10/07/{world.year}" in title
    top = header_row(sheet)
    assert [c.value for c in sheet[top]] == list(excel.COLUMNS)
    in_force = list(
        Indicator.objects.in_force(world.year)
        .order_by("display_order", "code")
        .values_list("code", flat=True)
    )
    data = list(sheet.iter_rows(min_row=top + 1, values_only=True))
    assert [row[0] for row in data] == in_force
    workers = data[in_force.index("LABOUR_WORKERS")]
    assert workers[2] == "người"
    assert workers[3:] == (1100, 1500, 1277, "Tính đến 30/6")
    fdi_row = top + 1 + in_force.index("INV_FDI_CAPITAL_NEW")
    assert sheet.cell(row=fdi_row, column=6).value == pytest.approx(4637.3)
    assert sheet.cell(row=fdi_row, column=6).number_format == "#,##0.00"
    assert sheet.cell(row=top + 1 + in_force.index("LABOUR_WORKERS"), column=6).number_format == (
        "#,##0"
    )
    # Only the value and note are open to typing; the rest is locked by the sheet protection.
    assert sheet.protection.sheet is True and not sheet.protection.password
    assert [sheet.cell(row=fdi_row, column=c).protection.locked for c in range(1, 8)] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    assert sheet.freeze_panes == f"A{top + 1}"
    assert sheet.column_dimensions["B"].width >= 40
    rate_cell = f"F{top + 1 + in_force.index('LAND_OCCUPANCY_RATE')}"
    rate_rule = next(
        dv for dv in sheet.data_validations.dataValidation if rate_cell in str(dv.sqref)
    )
    assert (rate_rule.type, rate_rule.operator) == ("decimal", "between")
    assert (Decimal(rate_rule.formula1), Decimal(rate_rule.formula2)) == (0, 100)
    meta = workbook[excel.META_SHEET_TITLE]
    assert meta.sheet_state == "veryHidden"
    assert (meta["B1"].value, meta["B2"].value) == (report.pk, report.version + 1)


@pytest.mark.parametrize("persona", ["bloc_leader", "ministry", "admin_user"])
def test_readers_of_the_report_can_download_the_template(client, request, report, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("reports:excel_template", args=[report.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["staff_b", "last_year_leader"])
def test_others_cannot_download_the_template(client, request, report, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("reports:excel_template", args=[report.pk])).status_code == 403


def test_anonymous_is_sent_to_sign_in_for_the_template(client, report):
    response = client.get(reverse("reports:excel_template", args=[report.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# The round trip


def test_round_trip_with_numbers_and_vietnamese_text(client, report, staff_a):
    save_report(
        report,
        {ind("LAND_AREA").pk: ValueInput(Decimal("350.5"), explanation="Đã rà soát")},
        staff_a,
        report.version,
    )
    report.refresh_from_db()
    client.force_login(staff_a)
    workbook = fill(
        download(client, report),
        {
            "INV_FDI_CAPITAL_NEW": "4.637,3",
            "LABOUR_WORKERS": "1.277",
            "LAND_OCCUPANCY_RATE": 87.5,
            "LAND_ZONES_OPERATING": 4,
            "TRADE_EXPORT_USD": "1.234.567,89",
            "LAND_AREA": None,
        },
        notes={"LABOUR_WORKERS": "Số liệu sơ bộ"},
    )

    response = upload(client, report, as_upload(workbook))

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report", args=[report.pk])
    values = stored(report)
    assert values["INV_FDI_CAPITAL_NEW"] == Decimal("4637.3")
    assert values["LABOUR_WORKERS"] == Decimal("1277")
    assert values["LAND_OCCUPANCY_RATE"] == Decimal("87.5")
    assert values["LAND_ZONES_OPERATING"] == Decimal("4")
    assert values["TRADE_EXPORT_USD"] == Decimal("1234567.89")
    assert values["LAND_AREA"] is None
    area = ReportValue.objects.get(report=report, indicator__code="LAND_AREA")
    assert area.explanation == "Đã rà soát"  # not in the sheet, so kept
    workers = ReportValue.objects.get(report=report, indicator__code="LABOUR_WORKERS")
    assert workers.note == "Số liệu sơ bộ"
    report.refresh_from_db()
    assert report.version == 3 and report.updated_by == staff_a
    page = client.get(response["Location"])
    with translation.override("vi"):
        expected = ngettext(
            "%(count)s value was imported from the Excel file.",
            "%(count)s values were imported from the Excel file.",
            5,
        ) % {"count": 5}
    assert expected in [str(m) for m in page.context["messages"]]


def test_round_trip_with_english_text_when_the_page_is_in_english(client, report, staff_a):
    client.force_login(staff_a)
    in_english(client)
    workbook = fill(
        download(client, report), {"INV_FDI_CAPITAL_NEW": "4,637.3", "LABOUR_WORKERS": "1,277"}
    )

    response = upload(client, report, as_upload(workbook))

    assert response.status_code == 302
    values = stored(report)
    assert (values["INV_FDI_CAPITAL_NEW"], values["LABOUR_WORKERS"]) == (
        Decimal("4637.3"),
        Decimal("1277"),
    )
    page = client.get(response["Location"]).content.decode()
    assert "2 values were imported from the Excel file." in page


def test_the_upload_page_shows_a_file_field(client, report, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("reports:excel_upload", args=[report.pk]))
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode() and 'name="file"' in page.content.decode()


# Bad rows: all or nothing


def test_bad_rows_are_listed_with_their_row_numbers_and_nothing_is_applied(client, report, staff_a):
    save_report(report, {ind("LAND_AREA").pk: ValueInput(Decimal("10"))}, staff_a, report.version)
    report.refresh_from_db()
    version = report.version
    client.force_login(staff_a)
    in_english(client)
    workbook = fill(
        download(client, report),
        {
            "LAND_AREA": 20,  # good, but must not be applied
            "INV_FDI_CAPITAL_NEW": "nhiều",
            "LABOUR_WORKERS": -5,
            "LAND_OCCUPANCY_RATE": 120,
            "TRADE_EXPORT_USD": 12.345,
            "LAND_ZONES_OPERATING": 2.5,
        },
    )
    sheet = workbook[excel.SHEET_TITLE]
    rows = rows_by_code(sheet)
    extra = sheet.max_row + 1
    sheet.cell(row=extra, column=1, value="NOT_A_CODE")
    sheet.cell(row=extra, column=6, value=3)

    response = upload(client, report, as_upload(workbook))

    assert response.status_code == 400
    problems = {(p.row, p.code): p.reason for p in response.context["problems"]}
    assert problems == {
        (rows["INV_FDI_CAPITAL_NEW"], "INV_FDI_CAPITAL_NEW"): problems[
            (rows["INV_FDI_CAPITAL_NEW"], "INV_FDI_CAPITAL_NEW")
        ],
        (rows["LABOUR_WORKERS"], "LABOUR_WORKERS"): "It cannot be negative.",
        (rows["LAND_OCCUPANCY_RATE"], "LAND_OCCUPANCY_RATE"): "It cannot be above 100.",
        (rows["TRADE_EXPORT_USD"], "TRADE_EXPORT_USD"): "It can have at most 2 decimal places.",
        (rows["LAND_ZONES_OPERATING"], "LAND_ZONES_OPERATING"): "It must be a whole number.",
        (extra, "NOT_A_CODE"): f"No indicator of {report.period.year} has this code.",
    }
    assert "is not a number" in problems[(rows["INV_FDI_CAPITAL_NEW"], "INV_FDI_CAPITAL_NEW")]
    content = response.content.decode()
    assert "Nothing was imported: 6 rows have problems." in content
    assert f'<td class="num">{extra}</td>' in content and "NOT_A_CODE" in content
    assert 'type="file"' in content
    assert stored(report) == {"LAND_AREA": Decimal("10.000000")}
    report.refresh_from_db()
    assert report.version == version


def test_bad_vietnamese_text_is_reported_in_vietnamese_notation(client, report, staff_a):
    client.force_login(staff_a)
    workbook = fill(download(client, report), {"LABOUR_WORKERS": "1.27.7"})
    rows = rows_by_code(workbook[excel.SHEET_TITLE])

    response = upload(client, report, as_upload(workbook))

    assert response.status_code == 400
    [problem] = response.context["problems"]
    assert (problem.row, problem.code) == (rows["LABOUR_WORKERS"], "LABOUR_WORKERS")
    assert "1.234.567" in problem.reason  # the example is written the Vietnamese way
    assert stored(report) == {}


def test_an_indicator_twice_is_a_row_problem(client, report, staff_a):
    client.force_login(staff_a)
    in_english(client)
    workbook = download(client, report)
    sheet = workbook[excel.SHEET_TITLE]
    first = rows_by_code(sheet)["LABOUR_WORKERS"]
    extra = sheet.max_row + 1
    sheet.cell(row=extra, column=1, value="LABOUR_WORKERS")
    sheet.cell(row=extra, column=6, value=3)

    response = upload(client, report, as_upload(workbook))

    [problem] = response.context["problems"]
    assert (problem.row, problem.reason) == (extra, f"The indicator is already on row {first}.")


# The file as a whole


def test_a_missing_column_is_named(client, report, staff_a):
    client.force_login(staff_a)
    in_english(client)
    workbook = download(client, report)
    sheet = workbook[excel.SHEET_TITLE]
    sheet.cell(row=header_row(sheet), column=7).value = None

    response = upload(client, report, as_upload(workbook))

    assert response.status_code == 400
    [error] = response.context["file_errors"]
    assert error.startswith("Columns missing from the header row: “Ghi chú”.")
    assert stored(report) == {}


def test_an_extra_column_is_named(client, report, staff_a):
    client.force_login(staff_a)
    in_english(client)
    workbook = download(client, report)
    sheet = workbook[excel.SHEET_TITLE]
    sheet.cell(row=header_row(sheet), column=8, value="Tăng trưởng")

    response = upload(client, report, as_upload(workbook))

    [error] = response.context["file_errors"]
    assert error.startswith("Columns the template does not have: “Tăng trưởng”.")
    assert "Columns missing" not in error


def test_columns_may_come_in_another_order(client, report, staff_a):
    client.force_login(staff_a)
    workbook = download(client, report)
    sheet = workbook[excel.SHEET_TITLE]
    top = header_row(sheet)
    # Swap the "Giá trị" and "Ghi chú" columns, titles included.
    for row in range(top, sheet.max_row + 1):
        value, note = sheet.cell(row=row, column=6).value, sheet.cell(row=row, column=7).value
        sheet.cell(row=row, column=6).value = note
        sheet.cell(row=row, column=7).value = value
    sheet.cell(row=rows_by_code(sheet)["LABOUR_WORKERS"], column=7, value=42)

    response = upload(client, report, as_upload(workbook))

    assert response.status_code == 302
    assert stored(report)["LABOUR_WORKERS"] == 42


def test_a_workbook_without_the_header_row_is_refused(client, report, staff_a):
    client.force_login(staff_a)
    in_english(client)
    workbook = download(client, report)
    sheet = workbook[excel.SHEET_TITLE]
    sheet.cell(row=header_row(sheet), column=1, value="Code")

    response = upload(client, report, as_upload(workbook))

    [error] = response.context["file_errors"]
    assert error.startswith("No header row found")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.csv", b"code;value\n", "“bao-cao.csv” is not an Excel workbook"),
        ("bao-cao.xls", b"\xd0\xcf\x11\xe0", "“bao-cao.xls” is not an Excel workbook"),
        ("bao-cao.xlsx", b"not a zip at all", "The file cannot be read as an Excel workbook."),
        ("bao-cao.xlsx", b"PK\x03\x04broken", "The file cannot be read as an Excel workbook."),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(client, report, staff_a, name, content, message):
    client.force_login(staff_a)
    in_english(client)

    response = upload(client, report, SimpleUploadedFile(name, content))

    assert response.status_code == 400
    [error] = response.context["file_errors"]
    assert error.startswith(message)


def test_a_file_over_five_megabytes_is_refused(client, report, staff_a):
    client.force_login(staff_a)
    in_english(client)
    big = SimpleUploadedFile("bao-cao.xlsx", b"PK" + b"0" * (5 * 1024 * 1024))

    response = upload(client, report, big)

    assert response.status_code == 400
    assert response.context["file_errors"] == ["The file is too large (5.1 MB); the limit is 5 MB."]


def test_no_file_is_a_form_error(client, report, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("reports:excel_upload", args=[report.pk]), {})
    assert response.status_code == 400 and response.context["form"].errors["file"]


def test_a_workbook_not_made_by_the_portal_is_refused(client, report, staff_a):
    client.force_login(staff_a)
    in_english(client)
    workbook = Workbook()
    workbook.active.append(list(excel.COLUMNS))
    workbook.active.append(["LABOUR_WORKERS", "", "", None, None, 5, None])

    response = upload(client, report, as_upload(workbook))

    [error] = response.context["file_errors"]
    assert error.startswith("This workbook is not a report template of the portal.")
    assert stored(report) == {}


def test_the_template_of_another_report_is_refused(client, world, periods, report, staff_a):
    full_year = start_report(periods[1], world.unit_a, staff_a)
    client.force_login(staff_a)
    in_english(client)
    workbook = fill(download(client, full_year), {"LABOUR_WORKERS": 10})

    response = upload(client, report, as_upload(workbook))

    assert response.status_code == 400
    [error] = response.context["file_errors"]
    assert error.startswith("This file is the template of another report.")
    assert stored(report) == {} and stored(full_year) == {}


# Who may upload


@pytest.fixture
def filled(client, report, staff_a):
    """A good filled-in template of the report, made while signed in as its unit's staff."""
    client.force_login(staff_a)
    content = as_upload(fill(download(client, report), {"LABOUR_WORKERS": 10}))
    client.logout()
    return content


@pytest.mark.parametrize("persona", ["staff_b", "bloc_leader", "last_year_leader", "ministry"])
def test_only_the_units_own_staff_can_upload(client, request, report, filled, persona):
    client.force_login(request.getfixturevalue(persona))
    assert upload(client, report, filled).status_code == 403
    assert client.get(reverse("reports:excel_upload", args=[report.pk])).status_code == 403
    assert stored(report) == {}


def test_anonymous_upload_is_sent_to_sign_in(client, report, filled):
    response = upload(client, report, filled)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert stored(report) == {}


def test_upload_to_an_accepted_report_is_refused(client, report, filled, staff_a):
    UnitReport.objects.filter(pk=report.pk).update(status=UnitReport.Status.ACCEPTED)
    client.force_login(staff_a)
    in_english(client)

    response = upload(client, report, filled)

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    assert "The report is accepted and cannot be changed." in page
    assert stored(report) == {}


def test_upload_to_a_returned_report_is_allowed(client, report, filled, staff_a):
    UnitReport.objects.filter(pk=report.pk).update(status=UnitReport.Status.RETURNED)
    client.force_login(staff_a)
    assert upload(client, report, filled).status_code == 302
    assert stored(report) == {"LABOUR_WORKERS": Decimal(10)}


# The bloc's export


def export_url(period):
    return reverse("reports:bloc_export", args=[period.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("staff_a", 403),
        ("staff_b", 403),
        ("last_year_leader", 403),
        ("unit_leader_a", 403),
        ("bloc_leader", 200),
        ("ministry", 200),
        ("admin_user", 200),
    ],
)
def test_bloc_export_access(client, request, periods, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(export_url(periods[0])).status_code == status


def test_bloc_export_anonymous_is_sent_to_sign_in(client, periods):
    response = client.get(export_url(periods[0]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_last_years_leader_exports_last_year_only(client, world, last_year_leader):
    last = ensure_periods(world.bloc_x, world.year - 1)[0]
    this = ensure_periods(world.bloc_x, world.year)[0]
    client.force_login(last_year_leader)
    assert client.get(export_url(last)).status_code == 200
    assert client.get(export_url(this)).status_code == 403


def test_bloc_export_has_a_row_per_member_in_province_order(
    client, world, periods, report, staff_a, bloc_leader
):
    save_report(
        report,
        {
            ind("LABOUR_WORKERS").pk: ValueInput(Decimal(1277)),
            ind("INV_FDI_CAPITAL_NEW").pk: ValueInput(Decimal("4637.3")),
        },
        staff_a,
        report.version,
    )
    UnitReport.objects.filter(pk=report.pk).update(status=UnitReport.Status.SUBMITTED)
    client.force_login(bloc_leader)
    in_english(client)

    response = client.get(export_url(periods[0]))

    assert response["Content-Type"] == XLSX
    assert f"bao-cao-khoi-khoi-x-h1-{world.year}.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))[excel.SHEET_TITLE]
    rows = list(sheet.iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if row[0] == "Member unit")
    header = rows[top]
    assert header[:3] == ("Member unit", "Province / city", "Report status")
    in_force = list(Indicator.objects.in_force(world.year).order_by("display_order", "code"))
    assert len(header) == 3 + len(in_force)
    assert "Workers employed in the parks and zones (people)" in header
    members = rows[top + 1 :]
    # Bình Định, Đắk Lắk, Gia Lai, Quảng Ngãi: Vietnamese alphabet order (Đ after D).
    assert [row[1] for row in members] == ["Bình Định", "Đắk Lắk", "Gia Lai", "Quảng Ngãi"]
    dak_lak = members[1]
    assert dak_lak[0] == "Ban Quản lý các KCN tỉnh Đắk Lắk" and dak_lak[2] == "Submitted"
    workers = header.index("Workers employed in the parks and zones (people)")
    fdi = header.index("Newly registered FDI capital (million USD)")
    assert dak_lak[workers] == 1277 and dak_lak[fdi] == pytest.approx(4637.3)
    assert members[0][2] == "Not started" and members[0][workers] is None
    fdi_cell = sheet.cell(row=top + 3, column=fdi + 1)
    assert fdi_cell.data_type == "n" and fdi_cell.number_format == "#,##0.00"


def test_bloc_export_queries_do_not_grow_with_the_units(
    client, world, periods, staff_a, ministry, django_assert_max_num_queries
):
    def add_reporting_units(count):
        for _n in range(count):
            unit = MemberUnitFactory()
            MembershipFactory(bloc=world.bloc_x, unit=unit, year=world.year)
            member_report = start_report(periods[0], unit, staff_a)
            save_report(
                member_report,
                {ind("LABOUR_WORKERS").pk: ValueInput(Decimal(5))},
                staff_a,
                member_report.version,
            )

    client.force_login(ministry)
    in_english(client)
    add_reporting_units(2)
    with django_assert_max_num_queries(8):
        assert client.get(export_url(periods[0])).status_code == 200
    add_reporting_units(10)
    with django_assert_max_num_queries(8):
        response = client.get(export_url(periods[0]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sum(1 for row in rows if row[2] == "Draft") == 12


def test_a_template_older_than_the_report_is_refused_and_nothing_is_imported(
    client, report, staff_a, colleague_a
):
    """A template downloaded before a colleague saved must not overwrite the colleague's work."""
    from decimal import Decimal

    from reports.services import ValueInput, save_report

    client.force_login(staff_a)
    workbook = download(client, report)
    workers = ind("LABOUR_WORKERS")
    save_report(
        report,
        {workers.pk: ValueInput(Decimal(500))},
        by=colleague_a,
        expected_version=report.version,
    )
    response = upload(client, report, as_upload(fill(workbook, {"LABOUR_WORKERS": 900})))
    assert response.status_code == 409
    assert stored(report)["LABOUR_WORKERS"] == 500
