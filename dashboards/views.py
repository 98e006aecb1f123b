"""The ministry's dashboard and each bloc's dashboard: charts, the tables behind them, exports.

Filters come by GET and are checked by forms; a bad value is reported and the default shown.
Every table can be downloaded as XLSX or CSV (?bang=<key>&dinh-dang=xlsx|csv).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from blocs.access import can_see_all_blocs
from blocs.models import Bloc, Membership
from dashboards import data, exports
from reports.bloc_reports import can_view_bloc_report
from reports.models import Indicator, ReportingPeriod
from reports.summary import STATUS_LABELS, build_summary

STATE_COLOURS = {
    "not_started": "#adb5bd",
    "draft": "#6c757d",
    "submitted": "#0dcaf0",
    "returned": "#ffc107",
    "accepted": "#198754",
}


class FilterForm(forms.Form):
    nam = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    ky = forms.ChoiceField(label=gettext_lazy("Period"), choices=ReportingPeriod.Kind.choices)
    khoi = forms.ChoiceField(label=gettext_lazy("Bloc"), required=False)
    chi_tieu = forms.ChoiceField(label=gettext_lazy("Indicator"), required=False)
    bang = forms.CharField(required=False)
    dinh_dang = forms.ChoiceField(required=False, choices=[(f, f) for f in exports.FORMATS])

    def __init__(self, *args, years, blocs, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = [(y, str(y)) for y in years]
        self.fields["khoi"].choices = [("", gettext_lazy("All blocs")), *blocs]
        self.fields["chi_tieu"].choices = [(i.code, i.name) for i in indicators]


def _filters(request, *, years, blocs, indicators, defaults):
    """The checked filters; on a bad value, a message and the defaults."""
    form = FilterForm(
        {**defaults, **request.GET.dict()}, years=years, blocs=blocs, indicators=indicators
    )
    if form.is_valid():
        return form, form.cleaned_data
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else field
        messages.warning(request, f"{label}: {' '.join(errors)}")
    fallback = FilterForm(defaults, years=years, blocs=blocs, indicators=indicators)
    fallback.is_valid()
    return fallback, fallback.cleaned_data


def _years() -> list[int]:
    return sorted(
        set(Membership.objects.order_by().values_list("year", flat=True).distinct()), reverse=True
    ) or [timezone.localdate().year]


def _default_year(years: list[int]) -> int:
    """The last year whose full-year reports can be complete: last year, if there is one."""
    last = timezone.localdate().year - 1
    return last if last in years else years[0]


def _export(table: data.Table, cleaned: dict, heading: str, name: str):
    if cleaned.get("bang") == table.key and cleaned.get("dinh_dang"):
        return exports.response(table, cleaned["dinh_dang"], f"{name}-{table.key}", heading)
    return None


def _chart(kind: str, labels: list, datasets: list[dict], unit: str = "", stacked=False) -> dict:
    return {"type": kind, "labels": labels, "datasets": datasets, "unit": unit, "stacked": stacked}


def _series(values) -> list:
    return [None if v is None else float(v) for v in values]


@login_required
@require_GET
def ministry(request):
    if not can_see_all_blocs(request.user):
        raise PermissionDenied
    years = _years()
    key_indicators = list(Indicator.objects.filter(key_indicator=True).order_by("display_order"))
    blocs = list(Bloc.objects.order_by("display_order", "name").values_list("code", "name"))
    form, cleaned = _filters(
        request,
        years=years,
        blocs=blocs,
        indicators=key_indicators,
        defaults={
            "nam": _default_year(years),
            "ky": "FY",
            "chi_tieu": key_indicators[0].code if key_indicators else "",
        },
    )
    year, kind = cleaned["nam"], cleaned["ky"]
    summary = build_summary(year, kind, with_members=False)
    if cleaned["khoi"]:
        summary["blocs"] = [b for b in summary["blocs"] if b["code"] == cleaned["khoi"]]
    bloc_ids = list(
        Bloc.objects.filter(code__in=[b["code"] for b in summary["blocs"]]).values_list(
            "pk", flat=True
        )
    )
    tables = {
        "completeness": data.completeness(summary),
        "indicators": data.key_indicators(summary, cleaned["chi_tieu"]),
        "awards": data.award_outcomes(year, bloc_ids),
    }
    heading = _("Dashboard %(period)s %(year)s") % {
        "period": ReportingPeriod.Kind(kind).label,
        "year": year,
    }
    for table in tables.values():
        answer = _export(table, cleaned, heading, f"bang-dieu-khien-{year}-{kind}")
        if answer:
            return answer
    chosen = next(
        (i for i in summary["indicators"] if i["code"] == cleaned["chi_tieu"]),
        summary["indicators"][0] if summary["indicators"] else None,
    )
    charts = {}
    names = [b["name"] for b in summary["blocs"]]
    charts["completeness"] = _chart(
        "bar",
        names,
        [
            {
                "label": str(STATUS_LABELS[state]),
                "data": [
                    next(c["count"] for c in b["counts"] if c["status"] == state)
                    for b in summary["blocs"]
                ],
                "color": STATE_COLOURS[state],
            }
            for state in STATUS_LABELS
        ],
        stacked=True,
    )
    if chosen:
        position = summary["indicators"].index(chosen)
        charts["indicator"] = _chart(
            "bar",
            names,
            [
                {
                    "label": str(year),
                    "data": _series(
                        data.number(b["totals"][position]["value"]) for b in summary["blocs"]
                    ),
                    "color": "#a71d2a",
                },
                {
                    "label": str(year - 1),
                    "data": _series(
                        data.number(b["totals"][position]["last_year"]) for b in summary["blocs"]
                    ),
                    "color": "#adb5bd",
                },
            ],
            unit=chosen["unit"],
        )
    newest_pdfs = _bloc_report_documents(year, kind, summary)
    # Each bloc with its newest consolidated PDF, if any (paired here, not searched per bloc).
    bloc_links = [(b, newest_pdfs.get(b["code"])) for b in summary["blocs"]]
    return render(
        request,
        "dashboards/ministry.html",
        {
            "form": form,
            "year": year,
            "kind": kind,
            "summary": summary,
            "chosen": chosen,
            "tables": tables,
            "charts": charts,
            "bloc_links": bloc_links,
            "query": request.GET.urlencode(),
        },
    )


def _bloc_report_documents(year: int, kind: str, summary: dict) -> dict:
    """The newest ready consolidated PDF of each bloc shown, by bloc code (one query)."""
    from documents.models import Document

    newest = {}
    for document in (
        Document.objects.filter(
            kind="bloc_report",
            status=Document.Status.READY,
            year=year,
            period_kind=kind,
            bloc__code__in=[b["code"] for b in summary["blocs"]],
        )
        .select_related("bloc")
        .defer("payload")
        .order_by("bloc_id", "version")
    ):
        newest[document.bloc.code] = document
    return newest


@login_required
@require_GET
def bloc(request, code: str):
    bloc = get_object_or_404(Bloc, code=code)
    years = sorted(
        set(Membership.objects.filter(bloc=bloc).order_by().values_list("year", flat=True)),
        reverse=True,
    ) or [timezone.localdate().year]
    indicators = list(Indicator.objects.in_force(years[0]).order_by("display_order", "code"))
    key = next((i for i in indicators if i.key_indicator), indicators[0] if indicators else None)
    this_year = timezone.localdate().year
    form, cleaned = _filters(
        request,
        years=years,
        blocs=[],
        indicators=indicators,
        defaults={
            "nam": this_year if this_year in years else years[0],
            "ky": "H1",
            "chi_tieu": key.code if key else "",
        },
    )
    year, kind = cleaned["nam"], cleaned["ky"]
    if not can_view_bloc_report(request.user, bloc, year):
        raise PermissionDenied
    indicator = next((i for i in indicators if i.code == cleaned["chi_tieu"]), key)
    tables = {
        "members": data.members_side_by_side(bloc, year, kind, indicator),
        "trend": data.trend(bloc, year, kind, indicator),
        "ranking": data.ranking(bloc, year - 1 if kind == "H1" else year),
        "missing": data.missing(bloc, year, timezone.localdate()),
    }
    heading = f"{bloc.name} — {ReportingPeriod.Kind(kind).label} {year}"
    for table in tables.values():
        answer = _export(table, cleaned, heading, f"{bloc.code}-{year}-{kind}")
        if answer:
            return answer
    members = tables["members"]
    trend = tables["trend"]
    palette = [
        "#a71d2a",
        "#0d6efd",
        "#198754",
        "#fd7e14",
        "#6f42c1",
        "#20c997",
        "#d63384",
        "#6c757d",
        "#0dcaf0",
        "#ffc107",
        "#6610f2",
        "#dc3545",
        "#198754",
        "#0d6efd",
        "#adb5bd",
    ]
    charts = {
        "members": _chart(
            "bar",
            [row[0] for row in members.rows],
            [
                {
                    "label": str(year),
                    "data": _series(r[1] for r in members.rows),
                    "color": "#a71d2a",
                },
                {
                    "label": str(year - 1),
                    "data": _series(r[2] for r in members.rows),
                    "color": "#adb5bd",
                },
            ],
            unit=indicator.unit_of_measure,
        ),
        "trend": _chart(
            "line",
            trend.columns[1:],
            [
                {"label": row[0], "data": _series(row[1:]), "color": palette[n % len(palette)]}
                for n, row in enumerate(trend.rows)
            ],
            unit=indicator.unit_of_measure,
        ),
    }
    return render(
        request,
        "dashboards/bloc.html",
        {
            "bloc": bloc,
            "form": form,
            "year": year,
            "kind": kind,
            "indicator": indicator,
            "tables": tables,
            "charts": charts,
            "query": request.GET.urlencode(),
        },
    )
