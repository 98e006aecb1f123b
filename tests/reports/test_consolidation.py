"""The consolidated bloc report: figures by each indicator's rule, computed here independently
from the raw values, for a real-sized bloc (12 members) with a merged unit."""

import random
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports.consolidation import consolidate, payload_of
from reports.models import Indicator, ReportValue, UnitReport
from reports.services import ensure_periods
from tests.factories import (
    BlocFactory,
    BlocYearFactory,
    MembershipFactory,
    MemberUnitFactory,
    UserFactory,
)

YEAR = 2025


def _accepted(period, unit, values: dict[int, Decimal | None], explanation=None):
    report = UnitReport.objects.create(
        period=period,
        unit=unit,
        unit_name=unit.name,
        status=UnitReport.Status.ACCEPTED,
        accepted_at=timezone.now(),
        results=f"Kết quả của {unit.short_name}.",
    )
    ReportValue.objects.bulk_create(
        ReportValue(
            report=report,
            indicator_id=indicator_id,
            value=value,
            explanation=(explanation or {}).get(indicator_id, ""),
        )
        for indicator_id, value in values.items()
    )
    return report


@pytest.fixture
def real_bloc(db):
    """Bloc Z: 12 members in YEAR (11 accepted, one still a draft); last year the same units
    plus Kon Tum, which merged into member 0 on 1 July of last year."""
    return build_bloc("z", 12)


def build_bloc(prefix: str, size: int) -> dict:
    rng = random.Random(2025)
    bloc = BlocFactory(code=f"khoi-{prefix}", name=f"Khối {prefix.upper()}")
    members = [
        MemberUnitFactory(
            code=f"{prefix}-{n:02d}",
            name=f"Ban Quản lý {prefix.upper()}{n:02d}",
            short_name=f"BQL {prefix.upper()}{n:02d}",
            province=f"Tỉnh {n:02d}",
            staff_count=20 + n,
        )
        for n in range(size)
    ]
    merged = MemberUnitFactory(
        code=f"{prefix}-kon-tum",
        name="Ban Quản lý Kon Tum",
        short_name="BQL Kon Tum",
        successor=members[0],
        succeeded_on=date(YEAR - 1, 7, 1),
    )
    for unit in members:
        MembershipFactory(bloc=bloc, unit=unit, year=YEAR)
        MembershipFactory(bloc=bloc, unit=unit, year=YEAR - 1)
    MembershipFactory(bloc=bloc, unit=merged, year=YEAR - 1)
    BlocYearFactory(bloc=bloc, year=YEAR, leader=members[1], deputy=members[2])
    indicators = list(Indicator.objects.in_force(YEAR))
    periods = {y: {p.kind: p for p in ensure_periods(bloc, y)} for y in (YEAR - 1, YEAR)}
    raw = {}  # (year, unit code, indicator code) → value
    for year in (YEAR - 1, YEAR):
        units = members + ([merged] if year == YEAR - 1 else [])
        for position, unit in enumerate(units):
            if year == YEAR and position == size - 1:
                UnitReport.objects.create(
                    period=periods[year]["FY"], unit=unit, unit_name=unit.name
                )  # a draft: not in the figures
                continue
            values = {}
            for indicator in indicators:
                # Member 5 left one value empty this year: missing, not zero.
                if year == YEAR and position == 1 and indicator.code == "TRADE_EXPORT_USD":
                    value = None
                else:
                    value = Decimal(rng.randint(0, 10**6)).scaleb(-indicator.decimals)
                values[indicator.pk] = value
                raw[(year, unit.code, indicator.code)] = value
            explanation = (
                {indicators[0].pk: "Tăng do dự án lớn."} if year == YEAR and position == 3 else None
            )
            _accepted(periods[year]["FY"], unit, values, explanation)
    return {
        "bloc": bloc,
        "members": members,
        "merged": merged,
        "period": periods[YEAR]["FY"],
        "raw": raw,
        "indicators": {i.code: i for i in indicators},
    }


def _expected_total(raw, year, codes, indicator):
    values = [raw.get((year, code, indicator.code)) for code in codes]
    values = [v for v in values if v is not None]
    if not values:
        return None
    if indicator.aggregation == Indicator.Aggregation.AVERAGE:
        return sum(values) / len(values)
    if indicator.aggregation == Indicator.Aggregation.SUM:
        return sum(values)
    return None


def test_totals_follow_each_indicators_rule(real_bloc):
    result = consolidate(real_bloc["period"])
    raw = real_bloc["raw"]
    accepted = [m.code for m in real_bloc["members"][:11]]
    assert sorted(m.unit.code for m in result.accepted) == sorted(accepted)
    assert len(result.accepted) == 11
    assert [m.unit.code for m in result.missing] == ["z-11"]
    for code, indicator in real_bloc["indicators"].items():
        expected = _expected_total(raw, YEAR, accepted, indicator)
        got = result.totals[indicator.pk].value
        if expected is None:
            assert got is None, code
        else:
            assert abs(Decimal(got) - expected) < Decimal("0.000001"), code
    # The average rule averages, the sum rule adds: both are in the default catalogue.
    occupancy = real_bloc["indicators"]["LAND_OCCUPANCY_RATE"]
    assert occupancy.aggregation == Indicator.Aggregation.AVERAGE
    # A missing value is left out, not counted as zero: 10 members reported exports.
    export = real_bloc["indicators"]["TRADE_EXPORT_USD"]
    assert result.counts[export.pk] == 10


def test_currencies_are_never_added_together(real_bloc):
    result = consolidate(real_bloc["period"])
    raw = real_bloc["raw"]
    accepted = [m.code for m in real_bloc["members"][:11]]
    usd = real_bloc["indicators"]["INV_FDI_CAPITAL_NEW"]
    vnd = real_bloc["indicators"]["INV_DDI_CAPITAL_NEW"]
    assert (usd.currency, vnd.currency) == ("USD", "VND")
    assert result.totals[usd.pk].value == sum(raw[(YEAR, c, usd.code)] for c in accepted)
    assert result.totals[vnd.pk].value == sum(raw[(YEAR, c, vnd.code)] for c in accepted)


def test_a_merged_unit_is_compared_with_the_sum_of_its_predecessors(real_bloc):
    result = consolidate(real_bloc["period"])
    raw = real_bloc["raw"]
    quang_ngai, kon_tum = real_bloc["members"][0], real_bloc["merged"]
    member = next(m for m in result.members if m.unit == quang_ngai)
    assert member.predecessors == [kon_tum]
    revenue = real_bloc["indicators"]["PROD_REVENUE_VND"]
    figure = result.figures[(quang_ngai.pk, revenue.pk)]
    before = (
        raw[(YEAR - 1, quang_ngai.code, revenue.code)] + raw[(YEAR - 1, kon_tum.code, revenue.code)]
    )
    assert figure.last_year == before
    assert figure.growth == (figure.value - before) / before * 100
    # The bloc's last year counts the accepted members and what merged into them.
    compared = [m.code for m in real_bloc["members"][:11]] + [kon_tum.code]
    expected = _expected_total(raw, YEAR - 1, compared, revenue)
    assert result.totals[revenue.pk].last_year == expected
    # An averaged rate of a merged unit is compared with its predecessors' average.
    rate = real_bloc["indicators"]["ADMIN_ON_TIME_RATE"]
    rates = [raw[(YEAR - 1, quang_ngai.code, rate.code)], raw[(YEAR - 1, kon_tum.code, rate.code)]]
    assert abs(result.figures[(quang_ngai.pk, rate.pk)].last_year - sum(rates) / 2) < Decimal(
        "1e-6"
    )


def test_the_number_of_queries_does_not_grow_with_the_bloc(real_bloc):
    small = build_bloc("s", 3)
    with CaptureQueriesContext(connection) as few:
        payload_of(consolidate(small["period"]))
    with CaptureQueriesContext(connection) as many:
        payload_of(consolidate(real_bloc["period"]))
    assert len(many) == len(few) <= 14


def test_payload_reads_in_vietnamese_numbers_and_says_what_is_missing(real_bloc):
    payload = payload_of(consolidate(real_bloc["period"]))
    assert payload["member_count"] == 12 and payload["accepted_count"] == 11
    assert payload["missing"] == [{"name": "Ban Quản lý Z11", "status": "draft"}]
    assert payload["total_staff"] == sum(20 + n for n in range(12))
    assert [e["explanation"] for e in payload["explanations"]] == ["Tăng do dự án lớn."]
    assert len(payload["narratives"]) == 11
    codes = [i["code"] for t in payload["tables"] for i in t["indicators"]]
    assert codes == list(real_bloc["indicators"])
    row = payload["tables"][0]["rows"][-1]
    assert row["accepted"] is False and all(c["value"] == "" for c in row["cells"])


@pytest.fixture
def bloc_z_clients(real_bloc, client_for):
    member_staff = UserFactory(
        username="canbo.z03", unit=real_bloc["members"][3], is_board_staff=True
    )
    return member_staff


def test_page_pdf_and_xlsx(
    real_bloc, bloc_z_clients, client_for, ministry, django_capture_on_commit_callbacks
):
    period = real_bloc["period"]
    args = [period.bloc.code, period.year, period.kind]
    client = client_for(ministry)
    page = client.get(reverse("reports:bloc_report", args=args))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ban Quản lý Z11" in text and "11/12" in text  # named as missing, with the count
    # vi-VN numbers in the page (the catalogue's sums have thousands separators).
    usd = real_bloc["indicators"]["INV_FDI_CAPITAL_NEW"]
    total = payload_of(consolidate(period))
    cell = next(
        t["totals"][t["indicators"].index(i)]
        for t in total["tables"]
        for i in t["indicators"]
        if i["code"] == usd.code
    )
    from khoi_thi_dua.numbers import format_number

    assert format_number(Decimal(cell["value"]), usd.decimals) in text

    member = client_for(bloc_z_clients)
    with django_capture_on_commit_callbacks(execute=True):
        answer = member.post(reverse("reports:bloc_report_pdf", args=args))
    assert answer.status_code == 302
    from documents.models import Document

    document = Document.objects.get(kind="bloc_report")
    assert document.status == Document.Status.READY, document.error
    assert document.bloc == period.bloc and document.period_kind == "FY"
    assert document.data_as_of is not None and document.data_state.startswith("11@")
    import unicodedata

    from pypdf import PdfReader

    pdf_text = unicodedata.normalize(
        "NFC", "".join(p.extract_text() for p in PdfReader(document.file.path).pages)
    )
    assert "BÁO CÁO" in pdf_text and "Báo cáo chưa đầy đủ" in pdf_text
    assert "Ban Quản lý Z11" in pdf_text
    # Asking again for the same data gives the same version, rendered once.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = member.post(reverse("reports:bloc_report_pdf", args=args))
    assert again["Location"] == answer["Location"] and callbacks == []

    sheet = load_workbook(
        BytesIO(client.get(reverse("reports:bloc_report_excel", args=args)).content)
    )
    table = sheet["Chi tieu"]
    header = [c.value for c in table[4]]
    column = header.index(f"{usd.name_vi} ({usd.unit_vi})") + 1
    assert Decimal(str(table.cell(row=4 + 12 + 1, column=column).value)) == Decimal(cell["value"])


@pytest.mark.parametrize("who", ["staff_b", "anonymous"])
def test_outsiders_cannot_read_a_blocs_report(who, real_bloc, world, staff_b, client_for, client):
    period = real_bloc["period"]
    args = [period.bloc.code, period.year, period.kind]
    browser = client if who == "anonymous" else client_for(staff_b)
    for name in ("reports:bloc_report", "reports:bloc_report_excel"):
        response = browser.get(reverse(name, args=args))
        assert response.status_code in (302, 403)
        if who == "anonymous":
            assert response["Location"].startswith(reverse("accounts:login"))
    assert browser.post(reverse("reports:bloc_report_pdf", args=args)).status_code in (302, 403)


def test_members_read_their_blocs_report_even_when_not_leading(
    world, last_year_leader, staff_a, client_for
):
    ensure_periods(world.bloc_x, world.year)
    args = [world.bloc_x.code, world.year, "H1"]
    for user in (last_year_leader, staff_a):
        assert client_for(user).get(reverse("reports:bloc_report", args=args)).status_code == 200
    # Not the next bloc's report.
    ensure_periods(world.bloc_y, world.year)
    other = [world.bloc_y.code, world.year, "H1"]
    assert client_for(staff_a).get(reverse("reports:bloc_report", args=other)).status_code == 403


@pytest.mark.parametrize(
    "args", [["khoi-khong-co", 2025, "FY"], ["khoi-x", 2025, "Q3"], ["khoi-x", 1999, "FY"]]
)
def test_unknown_bloc_or_period_is_not_found(args, world, ministry, client_for):
    assert client_for(ministry).get(reverse("reports:bloc_report", args=args)).status_code == 404
