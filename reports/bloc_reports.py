"""The consolidated bloc report of a period: who may read it, its document kind, its pages.

The page, the PDF (document kind "bloc_report", whose subject is the bloc's ReportingPeriod)
and the XLSX all show one payload, built by reports.consolidation from accepted data.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_POST

from blocs.access import can_see_all_blocs
from blocs.models import Bloc, Membership
from khoi_thi_dua.numbers import format_number
from reports import consolidation
from reports.consolidation_excel import bloc_report_xlsx
from reports.models import ReportingPeriod

FIRST_YEAR, LAST_YEAR = 2000, 2100  # blocs.models.YEAR_VALIDATORS


def can_view_bloc_report(user, bloc: Bloc, year: int) -> bool:
    """The ministry and administrators read every bloc's reports; the staff and leaders of the
    bloc's member units of that year read their bloc's (another bloc's staff do not)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can_see_all_blocs(user):
        return True
    if not user.unit_id or not (user.is_board_staff or user.is_unit_leader):
        return False
    return Membership.objects.filter(bloc=bloc, year=year, unit_id=user.unit_id).exists()


def annual_extras(period: ReportingPeriod) -> dict:
    """For the annual report: the scores and ranking, and the awards proposed (awards app)."""
    if period.kind != ReportingPeriod.Kind.FY:
        return {}
    from awards.scoring import bloc_ranking, nominations_for

    return {
        "ranking": ranking_payload(bloc_ranking(period.bloc, period.year)),
        "nominations": nominations_payload(nominations_for(period.bloc, period.year)),
    }


def ranking_payload(ranking) -> list[dict]:
    from khoi_thi_dua.numbers import plain_number

    return [
        {
            "rank": row.rank,
            "tied": row.tied,
            "unit": row.unit_name,
            "self_total": plain_number(row.self_total),
            "agreed_total": plain_number(row.agreed_total),
        }
        for row in ranking
    ]


def nominations_payload(nominations) -> list[dict]:
    return [
        {
            "award": nomination.award_type.name_vi,
            "nominee": nomination.nominee_label,
            "status": str(nomination.get_status_display()),
        }
        for nomination in nominations
    ]


def build_payload(period: ReportingPeriod) -> dict:
    # In the portal's first language whoever asks: labels in it are part of the content hash.
    with translation.override(settings.LANGUAGE_CODE):
        return consolidation.payload_of(consolidation.consolidate(period), **annual_extras(period))


def title(period: ReportingPeriod) -> str:
    label = "6 tháng đầu năm" if period.kind == ReportingPeriod.Kind.H1 else "năm"
    return f"Báo cáo tổng hợp {label} {period.year} — Khối thi đua {period.bloc.name}"


def filename(period: ReportingPeriod, version: int) -> str:
    return f"bao-cao-tong-hop-{period.kind.lower()}-{period.year}-{period.bloc.code}-v{version}.pdf"


def can_view(user, period: ReportingPeriod) -> bool:
    return can_view_bloc_report(user, period.bloc, period.year)


def bloc_of(period: ReportingPeriod) -> Bloc:
    return period.bloc


def data_state_of(periods: list[ReportingPeriod]) -> dict[int, str]:
    """Each period's accepted reports (how many, the newest acceptance): one query. A report
    accepted, reopened or accepted again since a version was made changes it."""
    from django.db.models import Count, Max

    from reports.models import UnitReport

    rows = {
        row["period_id"]: row
        for row in UnitReport.objects.filter(
            period__in=[p.pk for p in periods], status=UnitReport.Status.ACCEPTED
        )
        .order_by()
        .values("period_id")
        .annotate(n=Count("pk"), newest=Max("accepted_at"))
    }
    return {
        p.pk: (
            f"{rows[p.pk]['n']}@{rows[p.pk]['newest'].isoformat() if rows[p.pk]['newest'] else ''}"
            if p.pk in rows
            else "0"
        )
        for p in periods
    }


def _period_for(request, bloc_code: str, year: int, kind: str) -> ReportingPeriod:
    """The period, if the person may read its consolidated report: 404 unknown, 403 not theirs."""
    if not FIRST_YEAR <= year <= LAST_YEAR or kind not in ReportingPeriod.Kind.values:
        raise Http404
    bloc = get_object_or_404(Bloc, code=bloc_code)
    if not can_view_bloc_report(request.user, bloc, year):
        raise PermissionDenied
    return get_object_or_404(
        ReportingPeriod.objects.select_related("bloc"), bloc=bloc, year=year, kind=kind
    )


def _shown(text: str, decimals: int) -> str:
    return format_number(Decimal(text), decimals) if text else ""


def for_display(payload: dict) -> dict:
    """The payload's figures formatted once, in the reader's language, for the page: a table
    of 15 members × 30 indicators would otherwise format each number in the template."""
    for table in payload["tables"]:
        for row in table["rows"]:
            for cell in row["cells"]:
                cell["shown"] = _shown(cell["value"], cell["decimals"])
                growth = cell["growth"]
                cell["falls"] = growth.startswith("-")
                cell["growth_shown"] = _shown(growth.lstrip("-"), 1)
                cell["of_target_shown"] = _shown(cell["of_target"], 1)
        for line in table["total_lines"]:
            for value in line["values"]:
                value["shown"] = _shown(value["text"], value["decimals"])
    return payload


@login_required
@require_GET
def bloc_report(request, bloc_code: str, year: int, kind: str):
    from documents.models import Document

    period = _period_for(request, bloc_code, year, kind)
    payload = for_display(build_payload(period))
    latest = (
        Document.objects.filter(
            kind="bloc_report",
            content_type__app_label="reports",
            content_type__model="reportingperiod",
            object_id=period.pk,
        )
        .defer("payload")
        .order_by("-version")
        .first()
    )
    others = ReportingPeriod.objects.filter(bloc=period.bloc).order_by("-year", "kind")
    return render(
        request,
        "reports/bloc_report.html",
        {
            "period": period,
            "bloc": period.bloc,
            "report": payload,
            "latest_document": latest,
            "periods": list(others.only("pk", "year", "kind", "bloc_id")),
            "reads_everything": can_see_all_blocs(request.user),
            "data_as_of": parse_datetime(payload["data_as_of"]) if payload["data_as_of"] else None,
        },
    )


@login_required
@require_POST
def bloc_report_pdf(request, bloc_code: str, year: int, kind: str):
    from documents.services import request_document

    period = _period_for(request, bloc_code, year, kind)
    document = request_document("bloc_report", period, request.user)
    return redirect(document)


@login_required
@require_GET
def bloc_report_excel(request, bloc_code: str, year: int, kind: str):
    period = _period_for(request, bloc_code, year, kind)
    content = bloc_report_xlsx(build_payload(period))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"bao-cao-tong-hop-{period.kind.lower()}-{period.year}-{period.bloc.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
