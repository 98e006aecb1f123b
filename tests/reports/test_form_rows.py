"""The rows of the report form, put together once per page: every indicator in force keeps
its input, last year's value, growth, target and share of the target, shown the way the
form's own fields would show them, escaped, in a fixed number of queries."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from pacts.models import Pact, Registration, RegistrationTarget
from reports.access import report_access
from reports.forms import ReportForm
from reports.models import Indicator, ReportValue, UnitReport
from reports.services import ValueInput, ensure_periods, save_report, start_report
from reports.views import _build_form, _report_context


def _row_html(content: str, indicator) -> str:
    """The <tr> of one indicator's input."""
    match = re.search(rf'<tr[^>]*><td><label for="id_v_{indicator.pk}">.*?</tr>', content, re.S)
    assert match, indicator.code
    return match.group(0)


def _cells(row_html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row_html)]


@pytest.fixture
def workers_history(world, staff_a, report_a):
    """LABOUR_WORKERS: 1.000 last year (accepted), a target of 4.000, 1.200 this half-year."""
    workers = Indicator.objects.get(code="LABOUR_WORKERS")
    last_h1, _fy = ensure_periods(world.bloc_x, world.year - 1)
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
        {workers.pk: ValueInput(Decimal(1200), note="Ghi chú")},
        by=staff_a,
        expected_version=report_a.version,
    )
    return workers


def test_every_indicator_in_force_has_its_row(client, report_a, staff_a, world):
    client.force_login(staff_a)
    content = client.get(reverse("reports:report", args=[report_a.pk])).content.decode()
    indicators = list(Indicator.objects.in_force(world.year))
    assert len(re.findall(r'<input type="text" name="v_\d+"', content)) == len(indicators)
    for indicator in indicators:
        row = _row_html(content, indicator)
        assert f">{indicator.name_vi}</label>" in row
        assert f'name="v_{indicator.pk}" id="id_v_{indicator.pk}"' in row
        assert f'name="n_{indicator.pk}"' in row
        # value, last year, growth, target, % of target, note
        assert len(_cells(row)) == 7


def test_a_row_shows_last_year_growth_target_and_share(client, report_a, staff_a, workers_history):
    client.force_login(staff_a)
    content = client.get(reverse("reports:report", args=[report_a.pk])).content.decode()
    row = _row_html(content, workers_history)
    growth = (Decimal(1200) - Decimal(1000)) / Decimal(1000) * 100  # 20
    share = Decimal(1200) / Decimal(4000) * 100  # 30
    assert 'value="1.200"' in row and 'value="Ghi chú"' in row
    assert _cells(row)[2:6] == [
        "1.000",
        f"{growth:.1f}%".replace(".", ","),
        "4.000",
        f"{share:.1f}%".replace(".", ","),
    ]
    # An indicator with nothing to compare shows dashes.
    other = _row_html(content, Indicator.objects.get(code="LAND_ZONES_OPERATING"))
    assert _cells(other)[2:6] == ["—", "—", "—", "—"]


def test_in_english_the_numbers_follow_english_notation(client, report_a, staff_a, workers_history):
    client.force_login(staff_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = client.get(reverse("reports:report", args=[report_a.pk])).content.decode()
    row = _row_html(content, workers_history)
    assert f">{workers_history.name_en}</label>" in row
    assert _cells(row)[2:6] == ["1,000", "20.0%", "4,000", "30.0%"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_shown_rows_are_what_the_forms_own_fields_would_show(
    report_a, staff_a, world, workers_history, language
):
    """The page shows saved values without building three fields per indicator; what it
    shows must be what the form's fields (the ones a save is checked with) would show."""
    share = Indicator.objects.get(code="LAND_OCCUPANCY_RATE")
    assert share.decimals == 2
    report_a.refresh_from_db()
    save_report(
        report_a,
        {share.pk: ValueInput(Decimal("87.5"), note='Ghi "chú"', explanation="Lý do")},
        by=staff_a,
        expected_version=report_a.version,
    )
    report_a.refresh_from_db()
    with translation.override(language):
        form = _build_form(report_a)
        assert not any(name.startswith("v_") for name in form.fields)
        context = _report_context(report_a, report_access(staff_a, report_a), form)
        saved = {v.indicator_id: v for v in report_a.values.all()}
        initial = {}
        for v in saved.values():
            initial.update(
                {
                    f"v_{v.indicator_id}": v.value,
                    f"n_{v.indicator_id}": v.note,
                    f"e_{v.indicator_id}": v.explanation,
                }
            )
        in_force = Indicator.objects.in_force(world.year).order_by("display_order", "code")
        full = ReportForm(initial=initial, indicators=in_force)
        rows = [row for _label, group in context["groups"] for row in group]
        assert [row["indicator"] for row in rows] == full.indicators
        for row in rows:
            pk = row["indicator"].pk
            for key, name in (("input", "v"), ("note", "n"), ("explanation", "e")):
                field = full[f"{name}_{pk}"]
                assert row[f"{key}_name"] == field.html_name
                assert row[f"{key}_value"] == (field.value() if field.value() is not None else "")
            assert row["input_id"] == full[f"v_{pk}"].id_for_label
            assert row["explanation_id"] == full[f"e_{pk}"].id_for_label
            assert not row["errors"] and not full[f"v_{pk}"].errors
    expected = "87,50" if language == "vi" else "87.50"
    assert next(r for r in rows if r["indicator"] == share)["input_value"] == expected


def test_what_is_typed_and_saved_is_escaped(client, report_a, staff_a, world):
    workers = Indicator.objects.get(code="LABOUR_WORKERS")
    save_report(
        report_a,
        {workers.pk: ValueInput(Decimal(5), note='<script>alert("x")</script>')},
        by=staff_a,
        expected_version=report_a.version,
    )
    client.force_login(staff_a)
    url = reverse("reports:report", args=[report_a.pk])
    content = client.get(url).content.decode()
    assert "<script>alert" not in content
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in content
    report_a.refresh_from_db()
    data = {"version": report_a.version, "results": "", "limitations": "", "directions": ""}
    data["recommendations"] = ""
    for indicator in Indicator.objects.in_force(world.year):
        data[f"v_{indicator.pk}"] = "1"
    data[f"v_{workers.pk}"] = '"><b>x'
    response = client.post(url, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="&quot;&gt;&lt;b&gt;x"' in content and '"><b>x' not in content
    assert 'class="form-control form-control-sm text-end is-invalid"' in content


def test_the_form_page_runs_twelve_queries(
    client, report_a, staff_a, workers_history, django_assert_num_queries
):
    """Session, user, report, leader check, indicators, values, last year's values, targets,
    rules, the layout's unit and bloc, attachments, status changes: with 30 indicators or 70."""
    client.force_login(staff_a)
    url = reverse("reports:report", args=[report_a.pk])
    client.get(url)
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
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
    with django_assert_num_queries(12):
        content = client.get(url).content.decode()
    assert len(re.findall(r'<input type="text" name="v_\d+"', content)) == 70
