"""Accepted indicator values: only accepted reports, only those the user could open in the
portal (own unit; every member in a bloc and year the unit leads), filtered as asked."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.models import ReportValue, UnitReport
from tests.api.helpers import all_pages
from tests.factories import UserFactory

URL = "/api/v1/values/"


def _seen(client, **params) -> set[int]:
    return {row["id"] for row in all_pages(client, URL, **params)}


def test_the_url_is_the_documented_one():
    assert reverse("api:value-list") == URL


def test_ministry_and_administrators_see_every_accepted_value(data, api_for, ministry, admin_user):
    expected = data.values()
    # The data has reports in every status: the accepted ones are a strict part of all.
    assert 0 < len(expected) < ReportValue.objects.count()
    assert _seen(api_for(ministry)) == expected
    assert _seen(api_for(admin_user)) == expected


@pytest.mark.parametrize("persona", ["staff_a", "unit_leader_a"])
def test_a_plain_member_sees_only_its_own_units_values(request, data, world, api_for, persona):
    client = api_for(request.getfixturevalue(persona))
    expected = data.values(unit=world.unit_a.pk)
    assert expected and _seen(client) == expected


def test_this_years_bloc_leader_sees_the_bloc_this_year_and_only_its_own_before(
    data, world, api_for, bloc_leader
):
    expected = data.values(bloc=world.bloc_x.pk, year=world.year) | data.values(
        unit=world.unit_leader.pk
    )
    seen = _seen(api_for(bloc_leader))
    assert seen == expected
    assert data.values(unit=world.unit_a.pk, year=world.year) <= seen
    assert not (data.values(unit=world.unit_a.pk, year=world.year - 1) & seen)


def test_last_years_leader_keeps_last_year_but_not_this_year(
    data, world, api_for, last_year_leader
):
    expected = data.values(bloc=world.bloc_x.pk, year=world.year - 1) | data.values(
        unit=world.unit_previous_leader.pk
    )
    seen = _seen(api_for(last_year_leader))
    assert seen == expected
    assert not (data.values(unit=world.unit_a.pk, year=world.year) & seen)


@pytest.mark.parametrize("persona", ["staff_b"])
def test_another_blocs_staff_sees_nothing_of_bloc_x(request, data, world, api_for, persona):
    seen = _seen(api_for(request.getfixturevalue(persona)))
    assert seen == data.values(unit=world.unit_b.pk)
    assert not (seen & data.values(bloc=world.bloc_x.pk))


def test_people_without_a_unit_role_see_no_values(data, world, api_for):
    for user in (
        UserFactory(username="khach.a", unit=world.unit_a),
        UserFactory(username="khach"),
    ):
        assert _seen(api_for(user)) == set()


def test_a_report_returned_after_acceptance_leaves_the_api(data, world, api_for, ministry):
    client = api_for(ministry)
    report = next(r for r in data.reports if r.status == UnitReport.Status.ACCEPTED)
    its_values = set(report.values.values_list("pk", flat=True))
    assert its_values <= _seen(client)
    UnitReport.objects.filter(pk=report.pk).update(status=UnitReport.Status.RETURNED)
    assert not (its_values & _seen(client))


def test_filters_narrow_the_values(data, world, api_for, ministry):
    client = api_for(ministry)
    period = data.periods[("khoi-x", world.year - 1, "FY")]
    indicator = data.indicators[1]
    x = world.bloc_x
    cases = [
        ({"bloc": x.pk}, data.values(bloc=x.pk)),
        ({"bloc_code": x.code}, data.values(bloc=x.pk)),
        ({"unit": world.unit_deputy.pk}, data.values(unit=world.unit_deputy.pk)),
        ({"unit_code": "gia-lai"}, data.values(unit=world.unit_deputy.pk)),
        ({"year": world.year}, data.values(year=world.year)),
        ({"period_kind": "H1"}, data.values(kind="H1")),
        ({"period": period.pk}, data.values(bloc=x.pk, year=world.year - 1, kind="FY")),
        (
            {"bloc": x.pk, "year": world.year - 1, "period_kind": "FY"},
            data.values(bloc=x.pk, year=world.year - 1, kind="FY"),
        ),
        ({"bloc_code": "khong-co"}, set()),
        ({"bloc": 987654}, set()),
    ]
    for params, expected in cases:
        assert _seen(client, **params) == expected, params
    by_indicator = set(
        ReportValue.objects.filter(pk__in=data.values(), indicator=indicator).values_list(
            "pk", flat=True
        )
    )
    assert by_indicator
    assert _seen(client, indicator=indicator.pk) == by_indicator
    assert _seen(client, indicator_code=indicator.code) == by_indicator


def test_a_value_row_carries_its_context_and_the_name_filed_under(data, world, api_for, ministry):
    report = next(
        r
        for r in data.reports
        if r.unit == world.unit_a and r.period.year == world.year - 1 and r.period.kind == "FY"
    )
    world.unit_a.name = "Ban Quản lý các KCN tỉnh Đắk Lắk (sau sáp nhập)"
    world.unit_a.save()
    value = report.values.exclude(value=None).select_related("indicator").first()
    rows = all_pages(api_for(ministry), URL, unit=world.unit_a.pk, period=report.period_id)
    row = next(r for r in rows if r["id"] == value.pk)
    assert row == {
        "id": value.pk,
        "report_id": report.pk,
        "period_id": report.period_id,
        "year": world.year - 1,
        "period_kind": "FY",
        "bloc_id": world.bloc_x.pk,
        "bloc_code": "khoi-x",
        "unit_id": world.unit_a.pk,
        "unit_code": "dak-lak",
        "unit_name": "Ban Quản lý các KCN tỉnh Đắk Lắk",
        "indicator_id": value.indicator_id,
        "indicator_code": value.indicator.code,
        "value": row["value"],
        "note": "",
        "accepted_at": row["accepted_at"],
    }
    assert Decimal(row["value"]) == value.value
    assert row["accepted_at"].startswith(str(report.accepted_at.year))
    # A value not entered is null, not zero.
    empty = report.values.filter(value=None).first()
    assert next(r for r in rows if r["id"] == empty.pk)["value"] is None


def test_values_come_in_a_stable_order(data, api_for, ministry):
    client = api_for(ministry)
    first = [row["id"] for row in all_pages(client, URL)]
    paged = []
    for page in (1, 2, 3):
        response = client.get(URL, {"page": page, "page_size": 7})
        paged += [row["id"] for row in response.json()["results"]]
    assert paged == first[:21]
    years = [row["year"] for row in all_pages(client, URL)]
    assert years == sorted(years, reverse=True)


def test_the_rows_are_written_exactly_as_the_value_serializer_writes_them(
    data, api_for, ministry
):
    """The list reads plain rows for speed (api.serializers.value_rows); the serializer that
    documents the schema must give the same answer for every row, nulls and decimals included."""
    from api.serializers import ValueSerializer

    rows = all_pages(api_for(ministry), URL)
    values = ReportValue.objects.filter(pk__in=[row["id"] for row in rows]).select_related(
        "report__period__bloc", "report__unit", "indicator"
    )
    expected = {item["id"]: dict(item) for item in ValueSerializer(values, many=True).data}
    assert any(row["value"] is None for row in rows)
    assert any(row["value"] not in (None, "") and "." in row["value"] for row in rows)
    assert {row["id"]: row for row in rows} == expected
