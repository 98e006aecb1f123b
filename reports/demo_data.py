"""Illustrative demo reports: the semi-annual and annual reports of the two previous years of
every demo bloc, all accepted (so that each bloc's consolidated reports compare a year with the
one before), and this year's semi-annual reports in a mix of states."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from blocs.models import Bloc, BlocYear
from reports.models import Indicator, ReportEvent, ReportValue, UnitReport, ValueChange
from reports.services import ensure_periods

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BLOC = "tay-nguyen-duyen-hai-mien-trung"  # this year's reports show every state here
FIRST_YEAR = 2024
# Other blocs, this year: mostly accepted, some still with the bloc leader, one being written.
OTHER_STATES = ["accepted", "accepted", "submitted", "accepted", "accepted", "accepted", "draft"]

# Full-year ranges by unit of measure; a first half is about 45 % of its year.
RANGES = {
    "dự án": (2, 30),
    "lượt dự án": (3, 40),
    "triệu USD": (40, 2500),
    "tỷ đồng": (400, 18000),
    "người": (5000, 80000),
    "khu": (1, 9),
    "ha": (300, 4500),
    "%": (70, 99),
    "vụ": (0, 2),
}
# This year's semi-annual reports: status by position among the members (by name).
STATES = [
    "accepted",
    "accepted",
    "accepted",
    "submitted",
    "submitted",
    "returned",
    "draft",
    "draft",
    None,
]


def _value(rng: random.Random, indicator: Indicator, share: float, growth: float) -> Decimal:
    """A plausible value; the same unit and indicator start from the same base every year."""
    if indicator.group == Indicator.Group.BOARD:
        low, high = (15, 60)
    else:
        low, high = RANGES.get(indicator.unit_vi, (1, 100))
    if indicator.unit_vi == "%":
        raw = min(100.0, rng.uniform(low, high) * growth**0.15)
    elif indicator.unit_vi == "vụ":
        raw = rng.choice([0, 0, 0, 1])
    else:
        raw = rng.uniform(low, high) * share * growth
    return Decimal(str(raw)).quantize(Decimal(1).scaleb(-indicator.decimals))


def _fill(report: UnitReport, indicators, share: float, years_on: int, by) -> None:
    values = []
    # A unit that others merged into reports for them too from the year after the merger.
    merged = (
        1 + 0.9 * report.unit.predecessors.filter(succeeded_on__year__lt=report.period.year).count()
    )
    for indicator in indicators:
        base = random.Random(f"{report.unit.code}-{indicator.code}")
        trend = random.Random(f"{report.unit.code}-{indicator.code}-{report.period.year}")
        step = trend.uniform(0.95, 1.22)
        growth = step**years_on
        explained = years_on and step > 1.215 and indicator.unit_vi not in ("%", "vụ")
        values.append(
            ReportValue(
                report=report,
                indicator=indicator,
                value=_value(base, indicator, share * merged, growth),
                explanation="Tăng cao do một số dự án lớn đi vào hoạt động trong kỳ."
                if explained
                else "",
            )
        )
    ReportValue.objects.bulk_create(values)
    ValueChange.objects.bulk_create(
        ValueChange(report=report, indicator=v.indicator, old_value=None, new_value=v.value, by=by)
        for v in values
    )
    report.results = (
        "Thu hút đầu tư, giải ngân vốn và xuất khẩu của các doanh nghiệp trong các "
        "KCN, KKT tiếp tục tăng trưởng; công tác cải cách hành chính được đẩy mạnh."
    )
    report.limitations = (
        "Giải phóng mặt bằng một số dự án hạ tầng còn chậm; nguồn lao động có "
        "tay nghề chưa đáp ứng nhu cầu của doanh nghiệp."
    )
    report.directions = (
        "Tập trung xúc tiến đầu tư có chọn lọc, đôn đốc tiến độ giải ngân và "
        "bảo đảm an toàn lao động, phòng cháy chữa cháy."
    )
    report.recommendations = "Đề nghị Bộ sớm ban hành hướng dẫn về khu công nghiệp sinh thái."


def load_demo_reports() -> int:
    User = get_user_model()
    created = 0
    for bloc in Bloc.objects.filter(memberships__year=2026).distinct().order_by("display_order"):
        leadership = {by.year: by for by in BlocYear.objects.filter(bloc=bloc)}
        states = STATES if bloc.code == BLOC else OTHER_STATES
        for year, kinds in ((2024, ("H1", "FY")), (2025, ("H1", "FY")), (2026, ("H1",))):
            if year not in leadership:
                continue
            indicators = list(Indicator.objects.in_force(year))
            periods = {p.kind: p for p in ensure_periods(bloc, year)}
            leader_staff = User.objects.get(username=f"canbo.{leadership[year].leader.code}")
            members = list(bloc.members_in(year).order_by("name"))
            for kind in kinds:
                period = periods[kind]
                if UnitReport.objects.filter(period=period).exists():
                    continue
                for position, unit in enumerate(members):
                    state = "accepted" if year < 2026 else states[position % len(states)]
                    if state is None:
                        continue
                    _report(period, unit, kind, state, year, leader_staff, indicators)
                    created += 1
    return created


def _report(period, unit, kind, state, year, leader_staff, indicators) -> UnitReport:
    staff = get_user_model().objects.get(username=f"canbo.{unit.code}")
    report = UnitReport.objects.create(
        period=period, unit=unit, unit_name=unit.name, updated_by=staff
    )
    _fill(report, indicators, 0.45 if kind == "H1" else 1.0, year - FIRST_YEAR, staff)
    submitted = datetime(
        period.deadline.year,
        period.deadline.month,
        max(1, period.deadline.day - 3),
        10,
        0,
        tzinfo=TZ,
    )
    steps = {
        "draft": [],
        "submitted": ["submitted"],
        "returned": ["submitted", "returned"],
        "accepted": ["submitted", "accepted"],
    }[state]
    previous = UnitReport.Status.DRAFT
    for step in steps:
        ReportEvent.objects.create(
            report=report,
            from_status=previous,
            to_status=step,
            by=staff if step == "submitted" else leader_staff,
            reason="Đề nghị bổ sung số liệu giải ngân vốn FDI." if step == "returned" else "",
        )
        previous = step
    report.status = state
    report.submitted_at = submitted if steps else None
    report.accepted_at = submitted if state == "accepted" else None
    report.version = 2 + len(steps)
    report.save()
    return report
