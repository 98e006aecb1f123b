"""/api/v1/totals/: each bloc's consolidated totals per period, by each indicator's rule,
computed here from the raw accepted values; who may read them."""

from decimal import Decimal

from django.urls import reverse

from reports.models import Indicator, ReportValue, UnitReport
from tests.api.helpers import all_pages


def _expected(period, indicator) -> Decimal | None:
    values = [
        v
        for v in ReportValue.objects.filter(
            report__period=period, report__status=UnitReport.Status.ACCEPTED, indicator=indicator
        ).values_list("value", flat=True)
        if v is not None
    ]
    if not values or indicator.aggregation == Indicator.Aggregation.NONE:
        return None
    if indicator.aggregation == Indicator.Aggregation.AVERAGE:
        return sum(values) / len(values)
    return sum(values)


def test_totals_follow_each_indicators_rule(data, world, ministry, api_for):
    rows = all_pages(api_for(ministry), reverse("api:total-list"), bloc=world.bloc_x.pk)
    assert rows, "bloc X has periods with accepted reports"
    from reports.models import ReportingPeriod

    for row in rows:
        period = ReportingPeriod.objects.get(pk=row["id"])
        accepted = period.reports.filter(status=UnitReport.Status.ACCEPTED).count()
        assert row["accepted_reports"] == accepted
        for total in row["totals"]:
            indicator = Indicator.objects.get(pk=total["indicator_id"])
            expected = _expected(period, indicator)
            got = None if total["value"] is None else Decimal(total["value"])
            assert (got is None) == (expected is None), total
            if expected is not None:
                assert abs(got - expected) < Decimal("0.000001"), total


def test_one_indicator_and_bad_parameters(data, world, ministry, api_for):
    client = api_for(ministry)
    code = Indicator.objects.order_by("display_order").first().code
    rows = all_pages(client, reverse("api:total-list"), indicator_code=code)
    assert {t["indicator_code"] for row in rows for t in row["totals"]} <= {code}
    bad = client.get(reverse("api:total-list"), {"kind": "Q3", "colour": "red"})
    assert bad.status_code == 400 and {"kind", "colour"} <= set(bad.json()["errors"])
    assert client.get(reverse("api:total-detail", args=["abc"])).status_code == 404


def test_who_reads_totals(data, world, staff_a, staff_b, api_for, client):
    x_period = world.bloc_x.periods.filter(year=world.year).first()
    y_period = world.bloc_y.periods.filter(year=world.year).first()
    readable = {row["id"] for row in all_pages(api_for(staff_a), reverse("api:total-list"))}
    assert x_period.pk in readable and y_period.pk not in readable
    assert api_for(staff_a).get(reverse("api:total-detail", args=[y_period.pk])).status_code == 403
    assert api_for(staff_b).get(reverse("api:total-detail", args=[x_period.pk])).status_code == 403
    assert client.get(reverse("api:total-list")).status_code == 401
