"""The report form: vi-VN values, drafts that lose nothing, no silent overwrite, the rules."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.models import (
    Indicator,
    ReportValue,
    UnitReport,
    ValidationRule,
    ValueChange,
)
from reports.services import ValueInput, save_report


def _form_data(report, **values):
    """A POST for the report form: every required indicator filled, then the given values."""
    data = {
        "version": report.version,
        "results": "Kết quả",
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


def _value(report, code):
    return ReportValue.objects.get(report=report, indicator__code=code).value


def test_staff_saves_a_draft_typed_the_vietnamese_way(client, report_a, staff_a):
    client.force_login(staff_a)
    data = _form_data(
        report_a, INV_FDI_CAPITAL_NEW="4.637,3", LABOUR_WORKERS="1.277", LAND_OCCUPANCY_RATE="87,5"
    )
    response = client.post(reverse("reports:report", args=[report_a.pk]), data)
    assert response.status_code == 302
    assert _value(report_a, "INV_FDI_CAPITAL_NEW") == Decimal("4637.3")
    assert _value(report_a, "LABOUR_WORKERS") == Decimal(1277)
    report_a.refresh_from_db()
    assert report_a.status == UnitReport.Status.DRAFT and report_a.version == 2
    assert report_a.results == "Kết quả"
    change = ValueChange.objects.get(report=report_a, indicator__code="LABOUR_WORKERS")
    assert (change.old_value, change.new_value, change.by) == (None, 1277, staff_a)
    page = client.get(reverse("reports:report", args=[report_a.pk])).content.decode()
    assert 'value="4.637,30"' in page and 'value="1.277"' in page


@pytest.mark.parametrize(
    ("code", "typed", "message"),
    [
        ("LABOUR_WORKERS", "một nghìn", "không phải là số"),
        ("LABOUR_WORKERS", "-5", "lớn hơn hoặc bằng 0"),
        ("LAND_OCCUPANCY_RATE", "120", "nhỏ hơn hoặc bằng 100"),
        ("LABOUR_WORKERS", "12,5", "0 chữ số thập phân"),
    ],
)
def test_bad_input_is_refused_kept_and_nothing_is_saved(
    client, report_a, staff_a, code, typed, message
):
    client.force_login(staff_a)
    data = _form_data(report_a, INV_FDI_CAPITAL_NEW="10", **{code: typed})
    response = client.post(reverse("reports:report", args=[report_a.pk]), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert f'value="{typed}"' in content and message in content
    assert not ReportValue.objects.filter(report=report_a).exists()


def test_a_second_save_from_an_old_page_is_refused_and_both_versions_are_shown(
    client, report_a, staff_a, colleague_a
):
    url = reverse("reports:report", args=[report_a.pk])
    mine = _form_data(report_a, LABOUR_WORKERS="2.000")
    theirs = _form_data(report_a, LABOUR_WORKERS="3.000")
    client.force_login(colleague_a)
    assert client.post(url, theirs).status_code == 302
    client.force_login(staff_a)
    response = client.post(url, mine)
    assert response.status_code == 409
    content = response.content.decode()
    assert "Hoàng Thị Mai đã lưu báo cáo này" in content
    assert 'value="2.000"' in content  # what I typed is kept
    assert "3.000" in content  # and what was saved is shown beside it
    assert _value(report_a, "LABOUR_WORKERS") == Decimal(3000)


def test_form_shows_last_year_target_growth_and_share_of_target(
    client, report_a, staff_a, world, periods
):
    from pacts.models import Pact, Registration, RegistrationTarget
    from reports.services import ensure_periods, start_report

    workers = Indicator.objects.get(code="LABOUR_WORKERS")
    last_h1, _ = ensure_periods(world.bloc_x, world.year - 1)
    last = start_report(last_h1, world.unit_a, staff_a)
    ReportValue.objects.create(report=last, indicator=workers, value=Decimal(1000))
    UnitReport.objects.filter(pk=last.pk).update(status=UnitReport.Status.ACCEPTED)
    pact = Pact.objects.create(bloc=world.bloc_x, year=world.year, title="Giao ước")
    registration = Registration.objects.create(pact=pact, unit=world.unit_a)
    RegistrationTarget.objects.create(
        registration=registration, indicator=workers, target=Decimal(4000)
    )
    save_report(
        report_a,
        {workers.pk: ValueInput(Decimal(1200))},
        by=staff_a,
        expected_version=report_a.version,
    )
    client.force_login(staff_a)
    response = client.get(reverse("reports:report", args=[report_a.pk]))
    row = next(
        r for _label, rows in response.context["groups"] for r in rows if r["indicator"] == workers
    )
    assert row["last_year"] == 1000 and row["target"] == 4000
    assert row["growth"] == 20 and row["of_target"] == 30
    content = response.content.decode()
    assert "20,0%" in content and "30,0%" in content and "4.000" in content


def test_submit_needs_the_required_values(
    client, report_a, staff_a, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    data = _form_data(report_a)
    data[f"v_{Indicator.objects.get(code='LABOUR_WORKERS').pk}"] = ""
    data["submit"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report", args=[report_a.pk]), data, follow=True)
    assert "Đã lưu bản nháp" in response.content.decode()
    report_a.refresh_from_db()
    assert report_a.status == UnitReport.Status.DRAFT
    data = _form_data(report_a)
    data["submit"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report", args=[report_a.pk]), data)
    report_a.refresh_from_db()
    assert report_a.status == UnitReport.Status.SUBMITTED and report_a.submitted_at


def test_an_outlier_warning_is_accepted_with_a_written_explanation(
    client, report_a, staff_a, world, django_capture_on_commit_callbacks
):
    from reports.services import check_rules, ensure_periods, start_report

    workers = Indicator.objects.get(code="LABOUR_WORKERS")
    # The default catalogue already warns at 50 % for the workforce.
    assert ValidationRule.objects.filter(
        indicator=workers, kind="outlier", severity="warning", threshold_percent=50
    ).exists()
    last_h1, _ = ensure_periods(world.bloc_x, world.year - 1)
    last = start_report(last_h1, world.unit_a, staff_a)
    ReportValue.objects.create(report=last, indicator=workers, value=Decimal(1000))
    UnitReport.objects.filter(pk=last.pk).update(status=UnitReport.Status.ACCEPTED)
    client.force_login(staff_a)
    url = reverse("reports:report", args=[report_a.pk])
    data = _form_data(report_a, LABOUR_WORKERS="3.000")
    data["submit"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    content = response.content.decode()
    assert "so với cùng kỳ năm trước" in content
    report_a.refresh_from_db()
    assert report_a.status == UnitReport.Status.DRAFT
    data = _form_data(report_a, LABOUR_WORKERS="3.000")
    data[f"e_{workers.pk}"] = "Hai dự án lớn đi vào hoạt động."
    data["submit"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    report_a.refresh_from_db()
    assert report_a.status == UnitReport.Status.SUBMITTED
    [result] = [r for r in check_rules(report_a) if r.indicator == workers]
    assert result.explained and not result.blocks


def test_a_total_that_is_not_the_sum_of_its_parts_is_an_error(report_a, staff_a):
    from reports.services import check_rules

    fdi, ddi, total = (
        Indicator.objects.get(code=c)
        for c in ("INV_FDI_NEW_PROJECTS", "INV_DDI_NEW_PROJECTS", "LAND_ZONES_OPERATING")
    )
    rule = ValidationRule.objects.create(indicator=total, kind="sum", severity="error")
    rule.parts.set([fdi, ddi])
    save_report(
        report_a,
        {
            fdi.pk: ValueInput(Decimal(3)),
            ddi.pk: ValueInput(Decimal(4)),
            total.pk: ValueInput(Decimal(8)),
        },
        by=staff_a,
        expected_version=1,
    )
    errors = [r for r in check_rules(report_a) if r.indicator == total]
    assert errors and errors[0].blocks and "= 7" in errors[0].message
    report_a.refresh_from_db()
    save_report(
        report_a, {total.pk: ValueInput(Decimal(7))}, by=staff_a, expected_version=report_a.version
    )
    assert not [r for r in check_rules(report_a) if r.indicator == total]


def test_the_form_runs_a_fixed_number_of_queries(
    client, report_a, staff_a, django_assert_max_num_queries
):
    client.force_login(staff_a)
    url = reverse("reports:report", args=[report_a.pk])
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for n in range(40):
        Indicator.objects.create(
            code=f"EXTRA_{n}",
            name_vi=f"Chỉ tiêu thêm {n}",
            name_en="x",
            group="labour",
            unit_vi="người",
            unit_en="people",
            from_year=2020,
            required=False,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_history_lists_every_change_of_a_value(client, report_a, staff_a, colleague_a):
    workers = Indicator.objects.get(code="LABOUR_WORKERS")
    save_report(report_a, {workers.pk: ValueInput(Decimal(100))}, by=staff_a, expected_version=1)
    save_report(
        report_a, {workers.pk: ValueInput(Decimal(150))}, by=colleague_a, expected_version=2
    )
    client.force_login(staff_a)
    content = client.get(reverse("reports:history", args=[report_a.pk])).content.decode()
    assert "Hoàng Thị Mai" in content and "Trần Thị An" in content
    assert content.count(workers.name_vi) == 2
