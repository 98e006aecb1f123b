"""The consolidated bloc report (báo cáo tổng hợp) of a period, computed in the database.

Every figure comes from a few grouped queries over the accepted reports, whose number does not
depend on the number of members, indicators or years:

- this period's values of the accepted reports (one row per member and indicator), and the
  bloc's totals grouped by indicator (SUM, AVG and COUNT in SQL);
- the same period of last year, grouped by *this year's* member: a unit that merged into a
  member is counted with it (its successor), so a merged unit is compared with the sum of its
  predecessors (the average, for indicators averaged in the bloc);
- the registered targets of the year's pact, per member and grouped by indicator.

Totals follow each indicator's aggregation rule (sum, average, or none); different currencies
are different indicators, so no total ever adds USD to VND. A member without an accepted
report has no figures: its values are missing, never zero, and the report says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Case, Count, F, IntegerField, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc, BlocYear, MemberUnit, SuperiorBody
from khoi_thi_dua.collation import sorted_by_province
from khoi_thi_dua.numbers import plain_number
from reports.models import Indicator, ReportingPeriod, ReportValue, UnitReport
from reports.services import growth_percent, share_of_target

NOT_STARTED = "not_started"
# The widest indicator table that reads well on a landscape A4 page (and a phone, scrolled).
COLUMNS_PER_TABLE = 6
# The bloc's lines under each indicator table: (label, figure key, is a percentage).
TOTAL_LINES = (
    ("Tổng cộng / bình quân của Khối", "value", False),
    ("Cùng kỳ năm trước", "last_year", False),
    ("Tăng, giảm so với cùng kỳ", "growth", True),
    ("Chỉ tiêu đăng ký", "target", False),
    ("Tỷ lệ so với chỉ tiêu", "of_target", True),
)
NARRATIVES = (
    ("results", "Kết quả đạt được"),
    ("limitations", "Tồn tại, hạn chế và nguyên nhân"),
    ("directions", "Phương hướng, nhiệm vụ thời gian tới"),
    ("recommendations", "Kiến nghị, đề xuất"),
)


@dataclass(frozen=True)
class Figure:
    """A value with its comparisons: same period last year, growth %, target, % of target."""

    value: Decimal | None = None
    last_year: Decimal | None = None
    target: Decimal | None = None

    @property
    def growth(self) -> Decimal | None:
        return growth_percent(self.value, self.last_year)

    @property
    def of_target(self) -> Decimal | None:
        return share_of_target(self.value, self.target)


@dataclass
class Member:
    unit: MemberUnit
    report: UnitReport | None
    predecessors: list[MemberUnit] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.report.status if self.report else NOT_STARTED

    @property
    def is_accepted(self) -> bool:
        return self.status == UnitReport.Status.ACCEPTED

    @property
    def status_label(self) -> str:
        if self.report is None:
            return str(_("Not started"))
        return str(UnitReport.Status(self.report.status).label)


@dataclass
class Consolidation:
    period: ReportingPeriod
    leadership: BlocYear | None
    superior_body: SuperiorBody | None
    members: list[Member]
    indicators: list[Indicator]
    figures: dict[tuple[int, int], Figure]  # (unit id, indicator id)
    totals: dict[int, Figure]  # indicator id → the bloc's figure by the indicator's rule
    counts: dict[int, int]  # indicator id → how many accepted members reported a value
    explanations: list[tuple[Member, Indicator, dict]]  # the value row: value, explanation

    @property
    def bloc(self) -> Bloc:
        return self.period.bloc

    @property
    def accepted(self) -> list[Member]:
        return [m for m in self.members if m.is_accepted]

    @property
    def missing(self) -> list[Member]:
        return [m for m in self.members if not m.is_accepted]

    @property
    def total_staff(self) -> int | None:
        counts = [m.unit.staff_count for m in self.members if m.unit.staff_count is not None]
        return sum(counts) if counts else None

    @property
    def data_as_of(self) -> datetime | None:
        """When the newest data in the report was accepted (what a PDF version is "as of")."""
        moments = [m.report.accepted_at for m in self.accepted if m.report.accepted_at]
        return max(moments) if moments else None


def by_rule(indicator: Indicator, row: dict | None) -> Decimal | None:
    """The grouped row's figure by the indicator's rule; nothing reported → missing (None)."""
    if not row or not row["n"]:
        return None
    if indicator.aggregation == Indicator.Aggregation.SUM:
        return row["total"]
    if indicator.aggregation == Indicator.Aggregation.AVERAGE:
        return row["mean"]
    return None


def grouped(queryset, *keys: str) -> dict:
    """SUM, AVG and COUNT of the values, grouped by the keys, as {key(s): row}."""
    rows = (
        queryset.order_by()
        .values(*keys)
        .annotate(total=Sum("value"), mean=Avg("value"), n=Count("value"))
    )
    if len(keys) == 1:
        return {row[keys[0]]: row for row in rows}
    return {tuple(row[k] for k in keys): row for row in rows}


def _successions() -> dict[int, int]:
    """unit id → the id of the unit it finally merged into (chains followed), one query."""
    direct = dict(
        MemberUnit.objects.filter(successor__isnull=False)
        .order_by()
        .values_list("pk", "successor_id")
    )
    final = {}
    for unit_id in direct:
        current, seen = unit_id, {unit_id}
        while current in direct and direct[current] not in seen:
            current = direct[current]
            seen.add(current)
        final[unit_id] = current
    return final


def consolidate(period: ReportingPeriod) -> Consolidation:
    """The figures of the bloc's consolidated report for the period (a fixed number of queries)."""
    from pacts.models import RegistrationTarget

    bloc, year = period.bloc, period.year
    units = sorted_by_province(
        MemberUnit.objects.filter(memberships__bloc=bloc, memberships__year=year)
    )
    member_ids = [unit.pk for unit in units]
    reports = {
        report.unit_id: report
        for report in UnitReport.objects.filter(period=period, unit_id__in=member_ids).order_by()
    }
    leadership = (
        BlocYear.objects.filter(bloc=bloc, year=year).select_related("leader", "deputy").first()
    )
    indicators = list(Indicator.objects.in_force(year).order_by("display_order", "code"))

    # Earlier units counted with this year's members: a unit that merged into a member.
    successions = _successions()
    # (A unit that is still a member itself in the year it merged is counted on its own.)
    counted_as = {
        unit_id: into
        for unit_id, into in successions.items()
        if into in member_ids and unit_id not in member_ids
    }
    predecessor_ids = defaultdict(list)
    for unit_id, into in counted_as.items():
        predecessor_ids[into].append(unit_id)
    predecessors = (
        {u.pk: u for u in MemberUnit.objects.filter(pk__in=list(counted_as))} if counted_as else {}
    )
    members = [
        Member(
            unit=unit,
            report=reports.get(unit.pk),
            predecessors=sorted(
                (predecessors[p] for p in predecessor_ids.get(unit.pk, [])), key=lambda u: u.name
            ),
        )
        for unit in units
    ]
    accepted_ids = [m.unit.pk for m in members if m.is_accepted]

    current = ReportValue.objects.filter(
        report__period=period,
        report__status=UnitReport.Status.ACCEPTED,
        report__unit_id__in=accepted_ids,
        value__isnull=False,
    )
    values = (
        {
            (row["report__unit_id"], row["indicator_id"]): row
            for row in current.order_by().values(
                "report__unit_id", "indicator_id", "value", "explanation"
            )
        }
        if accepted_ids
        else {}
    )
    this_year = grouped(current, "indicator_id") if accepted_ids else {}

    # Same period last year, for the accepted members and whatever merged into them.
    compared = accepted_ids + [p for p, into in counted_as.items() if into in accepted_ids]
    last_year_values = ReportValue.objects.filter(
        report__period__year=year - 1,
        report__period__kind=period.kind,
        report__status=UnitReport.Status.ACCEPTED,
        report__unit_id__in=compared,
        value__isnull=False,
    )
    if counted_as:
        last_year_values = last_year_values.annotate(
            member=Case(
                *(When(report__unit_id=p, then=Value(into)) for p, into in counted_as.items()),
                default="report__unit_id",
                output_field=IntegerField(),
            )
        )
    else:
        last_year_values = last_year_values.annotate(member=F("report__unit_id"))
    last_by_member = grouped(last_year_values, "member", "indicator_id") if compared else {}
    last_totals = grouped(last_year_values, "indicator_id") if compared else {}

    targets = RegistrationTarget.objects.filter(
        registration__pact__bloc=bloc, registration__pact__year=year
    )
    target_by_member = {
        (unit_id, indicator_id): target
        for unit_id, indicator_id, target in targets.values_list(
            "registration__unit_id", "indicator_id", "target"
        )
    }
    # Targets of the members that reported, so that % of target compares like with like.
    target_totals = (
        {
            row["indicator_id"]: row
            for row in targets.filter(registration__unit_id__in=accepted_ids)
            .order_by()
            .values("indicator_id")
            .annotate(total=Sum("target"), mean=Avg("target"), n=Count("target"))
        }
        if accepted_ids
        else {}
    )

    figures = {}
    for member in members:
        if not member.is_accepted:
            continue
        for indicator in indicators:
            key = (member.unit.pk, indicator.pk)
            entered = values.get(key)
            before = last_by_member.get(key)
            figures[key] = Figure(
                value=entered["value"] if entered else None,
                last_year=(
                    before["mean"]
                    if indicator.aggregation == Indicator.Aggregation.AVERAGE
                    else before["total"]
                )
                if before and before["n"]
                else None,
                target=target_by_member.get(key),
            )
    totals = {
        indicator.pk: Figure(
            value=by_rule(indicator, this_year.get(indicator.pk)),
            last_year=by_rule(indicator, last_totals.get(indicator.pk)),
            target=by_rule(indicator, target_totals.get(indicator.pk)),
        )
        for indicator in indicators
    }
    counts = {
        indicator.pk: (this_year.get(indicator.pk) or {}).get("n", 0) for indicator in indicators
    }
    by_unit = {m.unit.pk: m for m in members}
    by_indicator = {i.pk: i for i in indicators}
    explanations = sorted(
        (
            (by_unit[unit_id], by_indicator[indicator_id], row)
            for (unit_id, indicator_id), row in values.items()
            if (row["explanation"] or "").strip() and indicator_id in by_indicator
        ),
        key=lambda item: (members.index(item[0]), item[1].display_order, item[1].code),
    )
    return Consolidation(
        period=period,
        leadership=leadership,
        superior_body=SuperiorBody.for_year(year),
        members=members,
        indicators=indicators,
        figures=figures,
        totals=totals,
        counts=counts,
        explanations=explanations,
    )


def _chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def rounded(value: Decimal | None, places: int) -> str:
    if value is None:
        return ""
    return plain_number(Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def _figure(figure: Figure | None, decimals: int) -> dict:
    """A figure for the payload: amounts at the indicator's precision, percentages at one
    decimal (an average can have more decimals than its values)."""
    figure = figure or Figure()
    return {
        "value": rounded(figure.value, decimals),
        "last_year": rounded(figure.last_year, decimals),
        "growth": rounded(figure.growth, 1),
        "target": rounded(figure.target, decimals),
        "of_target": rounded(figure.of_target, 1),
    }


def payload_of(consolidation: Consolidation, *, ranking=None, nominations=None) -> dict:
    """The consolidated report as JSON: what the page, the PDF and the XLSX all show."""
    period = consolidation.period
    leadership = consolidation.leadership
    group_labels = dict(Indicator.Group.choices)
    rule_labels = {
        Indicator.Aggregation.SUM: "Tổng",
        Indicator.Aggregation.AVERAGE: "Bình quân",
        Indicator.Aggregation.NONE: "Không cộng",
    }
    members = [
        {
            "code": m.unit.code,
            "name": m.unit.name,
            "short_name": m.unit.short_name or m.unit.name,
            "province": m.unit.province,
            "staff": m.unit.staff_count,
            "status": m.status,
            "accepted": m.is_accepted,
            "predecessors": [p.name for p in m.predecessors],
        }
        for m in consolidation.members
    ]
    # Consecutive indicators in tables of COLUMNS_PER_TABLE columns, each column under its group.
    tables = [
        _table(consolidation, chunk, group_labels=group_labels, rule_labels=rule_labels)
        for chunk in _chunks(consolidation.indicators, COLUMNS_PER_TABLE)
    ]
    narratives = [
        {
            "unit": m.unit.name,
            "sections": [
                {"title": title, "lines": _lines(getattr(m.report, name))}
                for name, title in NARRATIVES
                if getattr(m.report, name).strip()
            ],
        }
        for m in consolidation.accepted
    ]
    as_of = consolidation.data_as_of
    return {
        "year": period.year,
        "kind": period.kind,
        "period_label": "6 tháng đầu năm" if period.kind == ReportingPeriod.Kind.H1 else "năm",
        "bloc": consolidation.bloc.name,
        "bloc_code": consolidation.bloc.code,
        "superior_body": consolidation.superior_body.name if consolidation.superior_body else "",
        "leader": leadership.leader.name if leadership else "",
        "deputy": leadership.deputy.name if leadership and leadership.deputy else "",
        "place": leadership.leader.province if leadership else "",
        "members": members,
        "member_count": len(members),
        "accepted_count": len(consolidation.accepted),
        "missing": [{"name": m.unit.name, "status": m.status} for m in consolidation.missing],
        "total_staff": consolidation.total_staff,
        "tables": tables,
        "explanations": [
            {
                "unit": m.unit.short_name or m.unit.name,
                "indicator": i.name_vi,
                "unit_of_measure": i.unit_vi,
                "decimals": i.decimals,
                "value": plain_number(row["value"]),
                "explanation": row["explanation"].strip(),
            }
            for m, i, row in consolidation.explanations
        ],
        "narratives": narratives,
        "charts": _charts(consolidation),
        "ranking": ranking or [],
        "nominations": nominations or [],
        "data_as_of": timezone.localtime(as_of).isoformat() if as_of else None,
        "date": timezone.localtime(as_of).date().isoformat() if as_of else None,
    }


def _table(consolidation: Consolidation, chunk, *, group_labels, rule_labels) -> dict:
    """One indicator table: a row per member, then the bloc's lines (TOTAL_LINES); its
    columns' groups as (label, number of columns) for a header row above the indicators."""
    groups: list[list] = []
    for indicator in chunk:
        label = str(group_labels.get(indicator.group, indicator.group))
        if groups and groups[-1][0] == label:
            groups[-1][1] += 1
        else:
            groups.append([label, 1])
    indicators = [
        {
            "code": i.code,
            "name": i.name_vi,
            "unit": i.unit_vi,
            "decimals": i.decimals,
            "rule": i.aggregation,
            "rule_label": rule_labels.get(i.aggregation, ""),
            "currency": i.currency,
            "reported": consolidation.counts.get(i.pk, 0),
        }
        for i in chunk
    ]
    rows = [
        {
            "name": m.unit.short_name or m.unit.name,
            "accepted": m.is_accepted,
            "cells": [
                {
                    **_figure(consolidation.figures.get((m.unit.pk, i.pk)), i.decimals),
                    "decimals": i.decimals,
                }
                for i in chunk
            ],
        }
        for m in consolidation.members
    ]
    totals = [_figure(consolidation.totals.get(i.pk), i.decimals) for i in chunk]
    total_lines = [
        {
            "label": label,
            "percent": percent,
            "values": [
                {"text": total[key], "decimals": 1 if percent else i.decimals}
                for i, total in zip(chunk, totals, strict=True)
            ],
        }
        for label, key, percent in TOTAL_LINES
    ]
    return {
        "groups": [{"label": label, "span": span} for label, span in groups],
        "indicators": indicators,
        "rows": rows,
        "totals": totals,
        "total_lines": total_lines,
    }


# How many key indicators the PDF draws as charts (member by member, against last year).
CHARTS = 2


def _charts(consolidation: Consolidation) -> list[dict]:
    summed = [
        i
        for i in consolidation.indicators
        if i.key_indicator and i.aggregation == Indicator.Aggregation.SUM
    ][:CHARTS]
    year = consolidation.period.year
    charts = []
    for indicator in summed:
        figures = [
            consolidation.figures.get((m.unit.pk, indicator.pk)) for m in consolidation.members
        ]
        charts.append(
            {
                "title": f"{indicator.name_vi} ({indicator.unit_vi})",
                "decimals": indicator.decimals,
                "labels": [m.unit.short_name or m.unit.name for m in consolidation.members],
                "current": [rounded(f.value if f else None, indicator.decimals) for f in figures],
                "previous": [
                    rounded(f.last_year if f else None, indicator.decimals) for f in figures
                ],
                "current_label": str(year),
                "previous_label": str(year - 1),
            }
        )
    return charts


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
