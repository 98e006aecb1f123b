"""The ministry's summary of a period across all blocs: page, PDF in parts, XLSX.

For every bloc: its reporting status, its members' key indicators (Indicator.key_indicator)
and its totals by each indicator's rule, with a link to its consolidated report. The figures
come from grouped queries over all blocs at once: the number of queries does not grow with the
number of blocs, members or indicators. The PDF is a document in parts: the cover with the
overview, then one section per bloc, rendered side by side by the workers and merged.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_POST

from blocs.access import can_see_all_blocs
from blocs.models import BlocYear, Membership, SuperiorBody
from khoi_thi_dua.collation import vietnamese_sort_key
from reports.consolidation import NOT_STARTED, Figure, by_rule, grouped, rounded
from reports.consolidation_excel import summary_xlsx
from reports.models import Indicator, PeriodSummary, ReportingPeriod, ReportValue, UnitReport

FIRST_YEAR, LAST_YEAR = 2000, 2100
STATUS_LABELS = {
    NOT_STARTED: "Chưa lập",
    UnitReport.Status.DRAFT: "Đang soạn",
    UnitReport.Status.SUBMITTED: "Chờ duyệt",
    UnitReport.Status.RETURNED: "Trả lại",
    UnitReport.Status.ACCEPTED: "Đã duyệt",
}


class _Bloc(NamedTuple):
    pk: int
    code: str
    name: str
    display_order: int


class _Unit(NamedTuple):
    pk: int
    name: str
    short_name: str
    province: str


def can_view_summary(user) -> bool:
    return can_see_all_blocs(user)


def _figure(indicator: Indicator, value, before) -> dict:
    figure = Figure(value=value, last_year=before)
    return {
        "value": rounded(figure.value, indicator.decimals),
        "last_year": rounded(figure.last_year, indicator.decimals),
        "growth": rounded(figure.growth, 1),
    }


def _national(bloc_rows: dict) -> dict:
    """All blocs' figures per indicator from the blocs' grouped rows: sums add up, and an
    average is the mean of all the values (each bloc's mean weighted by its count)."""
    national: dict = {}
    for (_bloc, indicator_id), row in bloc_rows.items():
        entry = national.setdefault(
            indicator_id, {"total": Decimal(0), "weighted": Decimal(0), "n": 0}
        )
        if row["n"]:
            entry["total"] += row["total"]
            entry["weighted"] += Decimal(row["mean"]) * row["n"]
            entry["n"] += row["n"]
    for entry in national.values():
        entry["mean"] = entry["weighted"] / entry["n"] if entry["n"] else None
    return national


def build_summary(year: int, kind: str, *, with_members: bool = True) -> dict:
    """The summary's payload (also the page's and the XLSX's data). Without members, each
    bloc's member rows are left out (the dashboard needs only the blocs' figures)."""
    indicators = list(
        Indicator.objects.in_force(year).filter(key_indicator=True).order_by("display_order")
    )
    # Plain rows, not model instances: at a thousand blocs this reads 15.000 memberships and
    # as many reports, and building objects for them took most of the dashboard's time.
    blocs: dict[int, _Bloc] = {}
    members = defaultdict(list)
    for row in (
        Membership.objects.filter(year=year)
        .order_by()
        .values_list(
            "bloc_id",
            "bloc__code",
            "bloc__name",
            "bloc__display_order",
            "unit_id",
            "unit__name",
            "unit__short_name",
            "unit__province",
        )
    ):
        blocs.setdefault(row[0], _Bloc(*row[:4]))
        members[row[0]].append(_Unit(*row[4:]))
    leaders = dict(
        BlocYear.objects.filter(year=year, leader__isnull=False)
        .order_by()
        .values_list("bloc_id", "leader__name")
    )
    periods = dict(
        ReportingPeriod.objects.filter(year=year, kind=kind).order_by().values_list("bloc_id", "pk")
    )
    statuses = {
        (bloc_id, unit_id): (status, accepted_at)
        for bloc_id, unit_id, status, accepted_at in UnitReport.objects.filter(
            period__year=year, period__kind=kind
        )
        .order_by()
        .values_list("period__bloc_id", "unit_id", "status", "accepted_at")
    }
    accepted = ReportValue.objects.filter(
        report__period__year=year,
        report__period__kind=kind,
        report__status=UnitReport.Status.ACCEPTED,
        indicator__in=indicators,
        value__isnull=False,
    )
    values = (
        {
            (row["report__unit_id"], row["indicator_id"]): row["value"]
            for row in accepted.order_by().values("report__unit_id", "indicator_id", "value")
        }
        if with_members
        else {}
    )
    bloc_totals = grouped(accepted, "report__period__bloc_id", "indicator_id")
    national = _national(bloc_totals)
    before = ReportValue.objects.filter(
        report__period__year=year - 1,
        report__period__kind=kind,
        report__status=UnitReport.Status.ACCEPTED,
        indicator__in=indicators,
        value__isnull=False,
    )
    before_blocs = grouped(before, "report__period__bloc_id", "indicator_id")
    before_national = _national(before_blocs)
    from documents.models import Document

    latest_pdfs = {}
    for document in (
        Document.objects.filter(
            kind="bloc_report",
            status=Document.Status.READY,
            content_type__app_label="reports",
            content_type__model="reportingperiod",
            object_id__in=list(periods.values()),
        )
        .only("pk", "object_id", "version", "data_as_of")
        .order_by("object_id", "version")
    ):
        latest_pdfs[document.object_id] = document
    base = settings.PORTAL_BASE_URL
    ordered = sorted(blocs.values(), key=lambda b: (b.display_order, vietnamese_sort_key(b.name)))
    sections = []
    newest = None
    for bloc in ordered:
        units = members[bloc.pk]
        if with_members:
            units = sorted(units, key=lambda u: vietnamese_sort_key(u.province))
        counts = Counter()
        rows = []
        for unit in units:
            status, accepted_at = statuses.get((bloc.pk, unit.pk), (NOT_STARTED, None))
            counts[status] += 1
            if accepted_at and status == UnitReport.Status.ACCEPTED:
                newest = max(newest, accepted_at) if newest else accepted_at
            if not with_members:
                continue
            rows.append(
                {
                    "name": unit.short_name or unit.name,
                    "status": status,
                    "status_label": STATUS_LABELS[status],
                    "values": [
                        rounded(values.get((unit.pk, i.pk)), i.decimals)
                        if status == UnitReport.Status.ACCEPTED
                        else ""
                        for i in indicators
                    ],
                }
            )
        period_id = periods.get(bloc.pk)
        pdf = latest_pdfs.get(period_id) if period_id else None
        sections.append(
            {
                "code": bloc.code,
                "name": bloc.name,
                "leader": leaders.get(bloc.pk, ""),
                "member_count": len(units),
                "accepted_count": counts[UnitReport.Status.ACCEPTED],
                "counts": [
                    {"status": status, "label": label, "count": counts[status]}
                    for status, label in STATUS_LABELS.items()
                ],
                "members": rows,
                "totals": [
                    _figure(
                        i,
                        by_rule(i, bloc_totals.get((bloc.pk, i.pk))),
                        by_rule(i, before_blocs.get((bloc.pk, i.pk))),
                    )
                    for i in indicators
                ],
                "report_url": base + reverse("reports:bloc_report", args=[bloc.code, year, kind]),
                "pdf": {
                    "version": pdf.version,
                    "url": base + reverse("documents:detail", args=[pdf.pk]),
                }
                if pdf
                else None,
            }
        )
    superior = SuperiorBody.for_year(year)
    return {
        "year": year,
        "kind": kind,
        "period_label": "6 tháng đầu năm" if kind == ReportingPeriod.Kind.H1 else "năm",
        "superior_body": superior.name if superior else "",
        "indicators": [
            {
                "code": i.code,
                "name": i.name_vi,
                "unit": i.unit_vi,
                "decimals": i.decimals,
                "rule": i.aggregation,
            }
            for i in indicators
        ],
        "sections": sections,
        "blocs": sections,
        "member_count": sum(s["member_count"] for s in sections),
        "accepted_count": sum(s["accepted_count"] for s in sections),
        "totals": [
            _figure(
                i,
                by_rule(i, national.get(i.pk)),
                by_rule(i, before_national.get(i.pk)),
            )
            for i in indicators
        ],
        "data_as_of": timezone.localtime(newest).isoformat() if newest else None,
        "date": timezone.localtime(newest).date().isoformat() if newest else None,
    }


# The document kind "summary" (subject: PeriodSummary).


def build_payload(summary: PeriodSummary) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        payload = build_summary(summary.year, summary.kind)
    # The sections are the blocs; "blocs" is the same list for the page and the XLSX.
    payload.pop("blocs")
    return payload


def title(summary: PeriodSummary) -> str:
    label = "6 tháng đầu năm" if summary.kind == ReportingPeriod.Kind.H1 else "năm"
    return f"Tổng hợp {label} {summary.year} các Khối thi đua"


def filename(summary: PeriodSummary, version: int) -> str:
    return f"tong-hop-cac-khoi-{summary.kind.lower()}-{summary.year}-v{version}.pdf"


def can_view(user, summary: PeriodSummary) -> bool:
    return can_view_summary(user)


def data_state_of(summaries: list[PeriodSummary]) -> dict[int, str]:
    """Accepted reports of the period (how many, the newest acceptance): one query."""
    if not summaries:
        return {}
    rows = {
        (row["period__year"], row["period__kind"]): row
        for row in UnitReport.objects.filter(
            status=UnitReport.Status.ACCEPTED,
            period__year__in={s.year for s in summaries},
        )
        .order_by()
        .values("period__year", "period__kind")
        .annotate(n=Count("pk"), newest=Max("accepted_at"))
    }
    states = {}
    for summary in summaries:
        row = rows.get((summary.year, summary.kind))
        states[summary.pk] = (
            f"{row['n']}@{row['newest'].isoformat() if row['newest'] else ''}" if row else "0"
        )
    return states


# Pages.


def _check(request, year: int, kind: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR or kind not in ReportingPeriod.Kind.values:
        raise Http404
    if not can_view_summary(request.user):
        raise PermissionDenied


@login_required
@require_GET
def summary_page(request, year: int, kind: str):
    _check(request, year, kind)
    summary = build_summary(year, kind)
    years = sorted(
        set(Membership.objects.order_by().values_list("year", flat=True).distinct()) | {year},
        reverse=True,
    )
    return render(
        request,
        "reports/summary.html",
        {"summary": summary, "year": year, "kind": kind, "years": years},
    )


@login_required
@require_GET
def summary_choose(request):
    """The year and period picked on the page (GET), answered by a redirect to its address."""
    if not can_view_summary(request.user):
        raise PermissionDenied
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = timezone.localdate().year
    kind = request.GET.get("ky", "")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        year = timezone.localdate().year
    if kind not in ReportingPeriod.Kind.values:
        kind = ReportingPeriod.Kind.FY
    return redirect("reports:summary", year, kind)


@login_required
@require_POST
def summary_pdf(request, year: int, kind: str):
    from documents.services import request_document

    _check(request, year, kind)
    subject, _created = PeriodSummary.objects.get_or_create(year=year, kind=kind)
    return redirect(request_document("summary", subject, request.user))


@login_required
@require_GET
def summary_excel(request, year: int, kind: str):
    _check(request, year, kind)
    response = HttpResponse(
        summary_xlsx(build_summary(year, kind)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="tong-hop-cac-khoi-{kind.lower()}-{year}.xlsx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
