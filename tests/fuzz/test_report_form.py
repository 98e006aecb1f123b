"""The report form under arbitrary input: values typed any way at all (vi-VN numbers, huge,
negative, too many decimals, NaN and Infinity, other scripts' digits, control characters),
notes, narrative and a wrong or broken version token. Never a server error; a refused save
says why and changes nothing; an accepted one stores exactly what was typed."""

from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from hypothesis import event, given
from hypothesis import strategies as st

from khoi_thi_dua.numbers import NumberFormatError, parse_number
from reports.models import Indicator, ReportEvent, ReportValue, UnitReport, ValueChange
from tests.fuzz.strategies import fuzz, number_texts, rows, said, texts

REFUSED = _("Some values need correcting; nothing was saved.")


def _indicators(year):
    return list(Indicator.objects.in_force(year).order_by("display_order", "code"))


def _state(report):
    report.refresh_from_db()
    return (
        report.version,
        report.status,
        report.results,
        rows(ReportValue.objects.filter(report=report)),
        ValueChange.objects.filter(report=report).count(),
        ReportEvent.objects.filter(report=report).count(),
    )


@fuzz(60)
@given(
    values=st.dictionaries(st.integers(min_value=0, max_value=29), number_texts, max_size=12),
    note=texts,
    narrative=texts,
    version=st.one_of(st.none(), st.integers(min_value=-5, max_value=10**12), st.text(max_size=8)),
    submit=st.booleans(),
)
def test_report_form_answers_every_input_without_a_server_error(
    staff_client, world, report_a, values, note, narrative, version, submit
):
    client = staff_client
    indicators = _indicators(world.year)
    before = _state(report_a)
    data = {"version": before[0] if version is None else version, "results": narrative}
    for index, text in values.items():
        data[f"v_{indicators[index].pk}"] = text
        data[f"n_{indicators[index].pk}"] = note
    if submit:
        data["submit"] = "1"

    response = client.post(reverse("reports:report", args=[report_a.pk]), data)

    assert response.status_code in (302, 400, 409), response.status_code
    event(f"HTTP {response.status_code}")
    if response.status_code != 302:
        # Refused: the page says so and nothing at all was written.
        if response.status_code == 400:
            assert said(REFUSED) in response.content.decode()
        assert _state(report_a) == before
        return
    report_a.refresh_from_db()
    assert report_a.version > before[0]
    assert report_a.results == forms.CharField(required=False).clean(narrative)
    stored = dict(ReportValue.objects.filter(report=report_a).values_list("indicator_id", "value"))
    with translation.override("vi"):
        for index, text in values.items():
            try:
                typed = parse_number(text) if text != "" else None
            except NumberFormatError:
                raise AssertionError(f"{text!r} was accepted but is not a number") from None
            assert stored.get(indicators[index].pk) == typed, (text, stored)
    # Submitted or not, the next example starts from an editable draft.
    UnitReport.objects.filter(pk=report_a.pk).update(status=UnitReport.Status.DRAFT)
