"""A member's report as a PDF document: the snapshot it is rendered from, and who may see it."""

from __future__ import annotations

from django.utils import timezone

from khoi_thi_dua.numbers import plain_number
from reports import services
from reports.access import can_view_report
from reports.models import Indicator, ReportingPeriod, UnitReport


def build_payload(report: UnitReport) -> dict:
    period = report.period
    indicators = list(Indicator.objects.in_force(period.year).order_by("display_order", "code"))
    values = {v.indicator_id: v for v in report.values.all()}
    previous = services.last_year_values(report)
    targets = services.targets_for(report)
    labels = dict(Indicator.Group.choices)
    rows = []
    for indicator in indicators:
        entered = values.get(indicator.pk)
        value = entered.value if entered else None
        before, target = previous.get(indicator.pk), targets.get(indicator.pk)
        rows.append(
            {
                "group": str(labels.get(indicator.group, indicator.group)),
                "name": indicator.name_vi,
                "unit": indicator.unit_vi,
                "decimals": indicator.decimals,
                "value": plain_number(value),
                "last_year": plain_number(before),
                "growth": plain_number(services.growth_percent(value, before)),
                "target": plain_number(target),
                "of_target": plain_number(services.share_of_target(value, target)),
                "note": entered.note if entered else "",
                "explanation": entered.explanation if entered else "",
            }
        )
    scores = []
    for score in report.self_scores.select_related("criterion", "adjustment"):
        item = score.criterion or score.adjustment
        scores.append(
            {
                "text": item.text,
                "max_points": plain_number(item.max_points),
                "points": plain_number(score.points),
                "kind": "criterion" if score.criterion_id else score.adjustment.kind,
            }
        )
    leader = report.unit.people.filter(is_unit_leader=True, is_active=True).order_by("pk").first()
    dated = report.submitted_at or report.updated_at
    return {
        "year": period.year,
        "kind": period.kind,
        "period_label": "6 tháng đầu năm" if period.kind == ReportingPeriod.Kind.H1 else "năm",
        "bloc": period.bloc.name,
        "unit": report.unit_name,
        "province": report.unit.province,
        "date": timezone.localtime(dated).date().isoformat() if dated else None,
        "status": report.status,
        "rows": rows,
        "results": report.results,
        "limitations": report.limitations,
        "directions": report.directions,
        "recommendations": report.recommendations,
        "scores": scores,
        "signer": leader.get_full_name() if leader else "",
        "signer_title": leader.position if leader else "",
    }


def title(report: UnitReport) -> str:
    return f"{report.unit_name} — {report.period.get_kind_display()} {report.period.year}"


def filename(report: UnitReport, version: int) -> str:
    return f"bao-cao-{report.period.kind.lower()}-{report.period.year}-{report.unit.code}-v{version}.pdf"


def can_view(user, report: UnitReport) -> bool:
    return can_view_report(user, report)


def bloc_of(report: UnitReport):
    return report.period.bloc
