"""The completeness board: which member units of a bloc have reported, period by period.

The staff of the year's bloc leader follow their bloc on it; the ministry follows every bloc.
The page runs the same few queries whatever the number of member units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
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
    periods = ensure_periods(bloc, year) if units else []
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
            "today": today,
            "legend": [(state, state_label(state)) for state in (*STATES, LATE)],
        },
    )
