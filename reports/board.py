"""The completeness board: which member units of a bloc have reported, period by period.

The staff of the year's bloc leader follow their bloc on it; the ministry follows every bloc.
The page runs the same few queries whatever the number of member units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from blocs.access import can_see_all_blocs, is_bloc_leader
from blocs.models import Bloc, BlocYear, Membership, MemberUnit
from khoi_thi_dua.collation import sorted_by_province
from reports.models import ReportingPeriod, UnitReport
from reports.services import ensure_periods

NOT_STARTED = "not_started"
LATE = "late"
# The order of the states in the counts and the legend.
STATES = (
    NOT_STARTED,
    UnitReport.Status.DRAFT,
    UnitReport.Status.SUBMITTED,
    UnitReport.Status.RETURNED,
    UnitReport.Status.ACCEPTED,
)
DONE = (UnitReport.Status.SUBMITTED, UnitReport.Status.ACCEPTED)
# The colour of a state's badge, in the cells and the legend.
BADGE_CLASSES = {
    NOT_STARTED: "text-bg-light border",
    UnitReport.Status.DRAFT: "text-bg-secondary",
    UnitReport.Status.SUBMITTED: "text-bg-primary",
    UnitReport.Status.RETURNED: "text-bg-warning",
    UnitReport.Status.ACCEPTED: "text-bg-success",
    LATE: "text-bg-danger",
}
FIRST_YEAR, LAST_YEAR = 2000, 2100  # blocs.models.YEAR_VALIDATORS


def state_label(state: str) -> str:
    if state == NOT_STARTED:
        return _("Not started")
    if state == LATE:
        return _("Late")
    return UnitReport.Status(state).label


def is_late(period: ReportingPeriod, report: UnitReport | None, today: date) -> bool:
    """Past the deadline and neither submitted nor accepted."""
    return today > period.deadline and (report is None or report.status not in DONE)


def can_see_board(user, bloc: Bloc, year: int) -> bool:
    """The ministry and administrators see every bloc; the staff of the unit that leads this
    bloc in this year see its board for that year (last year's leader does not)."""
    if not user.is_authenticated:
        return False
    if can_see_all_blocs(user):
        return True
    works_for_a_unit = bool(user.unit_id) and (user.is_board_staff or user.is_unit_leader)
    return works_for_a_unit and is_bloc_leader(user, bloc, year)


@dataclass(frozen=True)
class Cell:
    period: ReportingPeriod
    report: UnitReport | None
    late: bool

    @property
    def state(self) -> str:
        return self.report.status if self.report else NOT_STARTED

    @property
    def label(self) -> str:
        return state_label(self.state)


@dataclass
class Row:
    unit: MemberUnit
    cells: list[Cell]


@dataclass
class PeriodColumn:
    period: ReportingPeriod
    counts: dict[str, int] = field(default_factory=dict)
    late: int = 0

    @property
    def count_items(self) -> list[tuple[str, str, int]]:
        return [(state, state_label(state), self.counts.get(state, 0)) for state in STATES]


def build_board(
    units: list[MemberUnit], periods: list[ReportingPeriod], today: date
) -> tuple[list[PeriodColumn], list[Row]]:
    """Rows of units × period cells, and the counts per state for each period (one query)."""
    reports = {
        (report.unit_id, report.period_id): report
        for report in UnitReport.objects.filter(
            period__in=periods, unit_id__in=[unit.pk for unit in units]
        )
        .only("pk", "unit_id", "period_id", "status", "submitted_at", "accepted_at")
        .order_by()
    }
    columns = [PeriodColumn(period) for period in periods]
    rows = []
    for unit in units:
        cells = []
        for column in columns:
            report = reports.get((unit.pk, column.period.pk))
            cell = Cell(column.period, report, is_late(column.period, report, today))
            column.counts[cell.state] = column.counts.get(cell.state, 0) + 1
            column.late += cell.late
            cells.append(cell)
        rows.append(Row(unit, cells))
    return columns, rows


# A member unit's row of the board and its cells. Put together here rather than in
# reports/board.html: a bloc has 15 or so members × 2 periods, and placing each cell's badge,
# link and date through the template engine was most of the page's time (docs/benchmarks.md).
_UNIT_HTML = (
    '<tr><th scope="row" class="fw-normal text-nowrap board-unit"><a href="{url}">{name}</a>'
    '<div class="small text-secondary">{province}</div></th>'
)
_CELL_HTML = (
    '<td class="board-cell{danger}" data-state="{state}"{late}>'
    '<div class="d-flex flex-wrap gap-1 align-items-center">{late_badge}{badge}</div>'
    "{submitted}</td>"
)
_BADGE_HTML = '<span class="badge {badge_class}">{icon}{label}</span>'
_LATE_ICON = '<i class="bi bi-alarm me-1" aria-hidden="true"></i>'


def badge_html(state: str, label) -> SafeString:
    """A state's badge, as in the cells and the legend."""
    icon = _LATE_ICON if state == LATE else ""
    label = escape(str(label))
    return mark_safe(_BADGE_HTML.format(badge_class=BADGE_CLASSES[state], icon=icon, label=label))


def board_rows_html(rows: list[Row]) -> SafeString:
    """The <tr> of each member unit: its name and province, then per period the state's badge
    (a link to the report once there is one), a late badge, and the date it was submitted."""
    badges = {state: badge_html(state, state_label(state)) for state in STATES}
    late_badge = badge_html(LATE, gettext("Late"))
    open_title = escape(gettext("Open the report"))
    parts = []
    for row in rows:
        unit = row.unit
        parts.append(
            _UNIT_HTML.format(
                url=escape(unit.get_absolute_url()),
                name=escape(unit.short_name or unit.name),
                province=escape(unit.province),
            )
        )
        for cell in row.cells:
            report, badge = cell.report, badges[cell.state]
            if report is not None:
                url = escape(reverse("reports:report", args=[report.pk]))
                badge = (
                    f'<a href="{url}" class="text-decoration-none" title="{open_title}">{badge}</a>'
                )
            submitted = ""
            if report is not None and report.submitted_at:
                day = date_format(template_localtime(report.submitted_at), "d/m/Y")
                text = escape(gettext("submitted %(date)s") % {"date": day})
                submitted = f'<div class="small text-secondary mt-1">{text}</div>'
            parts.append(
                _CELL_HTML.format(
                    danger=" table-danger" if cell.late else "",
                    state=escape(cell.state),
                    late=' data-late="1"' if cell.late else "",
                    late_badge=late_badge if cell.late else "",
                    badge=badge,
                    submitted=submitted,
                )
            )
        parts.append("</tr>")
    return mark_safe("".join(parts))  # every value above is escaped


def _periods(bloc: Bloc, year: int) -> list[ReportingPeriod]:
    """The year's periods in the configured order: read in one query once they exist."""
    found = {p.kind: p for p in ReportingPeriod.objects.filter(bloc=bloc, year=year)}
    kinds = list(settings.REPORTING_PERIOD_DEFAULTS)
    if all(kind in found for kind in kinds):
        return [found[kind] for kind in kinds]
    return ensure_periods(bloc, year)


class BoardChoiceForm(forms.Form):
    """The year (and for the ministry, the bloc) the board shows; sent by GET, answered by a
    redirect to the board's own address."""

    khoi = forms.ChoiceField(label=_("Bloc"), required=False)
    nam = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, blocs: list[Bloc], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["khoi"].choices = [(bloc.code, bloc.name) for bloc in blocs]
        self.fields["nam"].choices = [(year, str(year)) for year in years]


def _years(user, bloc: Bloc, year: int, reads_everything: bool) -> list[int]:
    if reads_everything:
        years = set(Membership.objects.filter(bloc=bloc).order_by().values_list("year", flat=True))
    else:
        years = set(
            BlocYear.objects.filter(bloc=bloc, leader_id=user.unit_id)
            .order_by()
            .values_list("year", flat=True)
        )
    return sorted(years | {year}, reverse=True)


@login_required
def completeness(request, bloc_code: str, year: int):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    bloc = get_object_or_404(Bloc, code=bloc_code)
    user = request.user
    if not can_see_board(user, bloc, year):
        raise PermissionDenied
    reads_everything = can_see_all_blocs(user)
    blocs = list(Bloc.objects.order_by("display_order", "name")) if reads_everything else [bloc]
    years = _years(user, bloc, year, reads_everything)
    form = BoardChoiceForm(
        request.GET or None,
        blocs=blocs,
        years=years,
        initial={"khoi": bloc.code, "nam": year},
    )
    if form.is_bound and form.is_valid():
        return redirect(
            "reports:board", form.cleaned_data["khoi"] or bloc.code, form.cleaned_data["nam"]
        )

    units = sorted_by_province(
        MemberUnit.objects.filter(memberships__bloc=bloc, memberships__year=year)
    )
    # No periods are made for a year in which the bloc has no members.
    periods = _periods(bloc, year) if units else []
    today = timezone.localdate()
    columns, rows = build_board(units, periods, today)
    return render(
        request,
        "reports/board.html",
        {
            "bloc": bloc,
            "year": year,
            "years": years,
            "blocs": blocs if reads_everything else [],
            # Outside the ministry, only that year's bloc leader reaches this page.
            "sets_periods": not reads_everything,
            "form": form,
            "columns": columns,
            "rows": rows,
            "rows_html": board_rows_html(rows),
            "today": today,
            "legend": [badge_html(state, state_label(state)) for state in (*STATES, LATE)],
        },
    )
