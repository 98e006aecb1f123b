"""Reports of both blocs over two years in every status, and API clients per persona.

Bloc X: this year unit L leads, last year unit P led. Every unit of X reports in every period;
the statuses differ so that "accepted only" and "who may see" both have something to refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports.models import Indicator, ReportValue, UnitReport
from reports.services import ensure_periods

S = UnitReport.Status


def make_report(period, unit, status, indicators, seed: int) -> UnitReport:
    report = UnitReport.objects.create(
        period=period,
        unit=unit,
        unit_name=unit.name,
        status=status,
        accepted_at=timezone.now() if status == S.ACCEPTED else None,
    )
    ReportValue.objects.bulk_create(
        ReportValue(
            report=report,
            indicator=indicator,
            # Distinct values with decimals, one of them empty (a value not entered).
            value=None if n == 2 else Decimal(seed * 1000 + n * 7) + Decimal("0.25"),
        )
        for n, indicator in enumerate(indicators)
    )
    return report


@dataclass
class Data:
    indicators: list
    periods: dict  # (bloc code, year, kind) -> ReportingPeriod
    reports: list = field(default_factory=list)

    def values(self, **where) -> set[int]:
        """Ids of the values of accepted reports matching `where` (computed in Python)."""
        ids = set()
        for report in self.reports:
            if report.status != S.ACCEPTED:
                continue
            facts = {
                "bloc": report.period.bloc_id,
                "unit": report.unit_id,
                "year": report.period.year,
                "kind": report.period.kind,
            }
            if any(facts[key] != value for key, value in where.items()):
                continue
            ids |= set(ReportValue.objects.filter(report=report).values_list("pk", flat=True))
        return ids


@pytest.fixture
def indicators(db):
    chosen = list(Indicator.objects.order_by("display_order", "code")[:4])
    assert len(chosen) == 4, "the default catalogue is loaded by a migration"
    return chosen


def build_reports(world, indicators, years) -> Data:
    """Every unit reports in every period of its bloc. Unit A, the leaders and unit B are
    accepted (last year's leader only in H1); the deputy goes through every status."""
    data = Data(indicators=indicators, periods={})
    x_units = [world.unit_a, world.unit_leader, world.unit_previous_leader, world.unit_deputy]
    deputy_statuses = iter([S.ACCEPTED, S.SUBMITTED, S.RETURNED, S.DRAFT] * len(years))
    seed = 0
    for year in years:
        for bloc in (world.bloc_x, world.bloc_y):
            for period in ensure_periods(bloc, year):
                data.periods[(bloc.code, year, period.kind)] = period
                for unit in x_units if bloc == world.bloc_x else [world.unit_b]:
                    status = S.ACCEPTED
                    if unit == world.unit_deputy:
                        status = next(deputy_statuses)
                    elif unit == world.unit_previous_leader and period.kind == "FY":
                        status = S.SUBMITTED
                    seed += 1
                    data.reports.append(make_report(period, unit, status, indicators, seed))
    return data


@pytest.fixture
def data(world, indicators) -> Data:
    return build_reports(world, indicators, (world.year - 1, world.year))


@pytest.fixture
def api_for(db):
    """api_for(user) -> an APIClient sending that user's token (made if needed)."""

    def client_for(user) -> APIClient:
        token, _created = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def english(settings):
    """Messages in English (the portal's language cookie), to assert their wording."""
    return {settings.LANGUAGE_COOKIE_NAME: "en"}
