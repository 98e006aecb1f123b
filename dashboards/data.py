"""The figures behind the dashboards, each from a fixed number of grouped queries.

Tables are lists of rows with a header, so that every table can be shown, charted and exported
(XLSX, CSV) the same way (dashboards.exports).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from blocs.models import Bloc, MemberUnit
from khoi_thi_dua.collation import sorted_by_province
from khoi_thi_dua.numbers import format_number
from reports.consolidation import NOT_STARTED
from reports.models import Indicator, ReportingPeriod, ReportValue, UnitReport
from reports.summary import STATUS_LABELS


@dataclass
class Table:
    """A table of a dashboard: what it is called, its columns, its rows of plain values."""

    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    # Per column: decimals of a number column, or None for text.
    decimals: list[int | None] = field(default_factory=list)

    def shown(self) -> list[list[tuple[str, bool]]]:
        """The rows as (text, is a number) in the reader's language: "—" for a missing figure."""
        rows = []
        for row in self.rows:
            cells = []
            for position, value in enumerate(row):
                places = self.decimals[position] if position < len(self.decimals) else None
                if places is None or isinstance(value, str):
                    cells.append((str(value), False))
                elif value is None:
                    cells.append(("—", True))
                else:
                    cells.append((format_number(Decimal(value), places), True))
            rows.append(cells)
        return rows

    def body_html(self) -> str:
        """The rows of shown() as table rows, written here: a dashboard of a thousand blocs
        has tens of thousands of cells, several times slower through the template engine."""
        rows = []
        for row in self.shown():
            cells = [
                format_html('<th scope="row" class="fw-normal">{}</th>', text)
                if position == 0
                else format_html('<td class="text-end text-nowrap">{}</td>', text)
                if numeric
                else format_html("<td>{}</td>", text)
                for position, (text, numeric) in enumerate(row)
            ]
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return mark_safe("\n".join(rows))  # every text was escaped by format_html


def completeness(summary: dict) -> Table:
    """Reports by state per bloc, from the ministry summary's counts."""
    states = list(STATUS_LABELS)
    table = Table(
        key="completeness",
        title=_("Reporting completeness by bloc"),
        columns=[_("Bloc"), _("Members"), *(STATUS_LABELS[s] for s in states)],
        decimals=[None, 0, *(0 for _s in states)],
    )
    for bloc in summary["blocs"]:
        counts = {c["status"]: c["count"] for c in bloc["counts"]}
        table.rows.append([bloc["name"], bloc["member_count"], *(counts[s] for s in states)])
    return table


def key_indicators(summary: dict, indicator_code: str | None = None) -> Table:
    """Key indicators per bloc with the change from the same period last year."""
    indicators = summary["indicators"]
    if indicator_code:
        indicators = [i for i in indicators if i["code"] == indicator_code] or indicators
    positions = [summary["indicators"].index(i) for i in indicators]
    columns = [_("Bloc")]
    decimals: list[int | None] = [None]
    for indicator in indicators:
        columns += [
            f"{indicator['name']} ({indicator['unit']})",
            _("Same period last year"),
            _("Change (%)"),
        ]
        decimals += [indicator["decimals"], indicator["decimals"], 1]
    table = Table(
        key="indicators", title=_("Key indicators by bloc"), columns=columns, decimals=decimals
    )
    for bloc in [*summary["blocs"], {"name": _("All blocs"), "totals": summary["totals"]}]:
        row = [bloc["name"]]
        for position in positions:
            figure = bloc["totals"][position]
            row += [
                number(figure["value"]),
                number(figure["last_year"]),
                number(figure["growth"]),
            ]
        table.rows.append(row)
    return table


def award_outcomes(year: int, bloc_ids: list[int]) -> Table:
    """Nominations of the year per bloc and award type, by outcome (one grouped query)."""
    from awards.models import Nomination

    statuses = [
        Nomination.Status.PROPOSED,
        Nomination.Status.PASSED,
        Nomination.Status.NOT_PASSED,
        Nomination.Status.AWARDED,
        Nomination.Status.NOT_AWARDED,
    ]
    counts = defaultdict(int)
    for row in (
        Nomination.objects.filter(year=year, bloc_id__in=bloc_ids)
        .exclude(status=Nomination.Status.WITHDRAWN)
        .order_by()
        .values(
            "bloc__name",
            "bloc__display_order",
            "award_type__name_vi",
            "award_type__display_order",
            "status",
        )
        .annotate(n=Count("pk"))
    ):
        key = (
            row["bloc__display_order"],
            row["bloc__name"],
            row["award_type__display_order"],
            row["award_type__name_vi"],
        )
        counts[(key, row["status"])] += row["n"]
    keys = sorted({key for key, _status in counts})
    table = Table(
        key="awards",
        title=_("Award nominations and outcomes"),
        columns=[_("Bloc"), _("Award"), *(str(Nomination.Status(s).label) for s in statuses)],
        decimals=[None, None, *(0 for _s in statuses)],
    )
    for key in keys:
        table.rows.append([key[1], key[3], *(counts[(key, s)] for s in statuses)])
    return table


def members_side_by_side(bloc: Bloc, year: int, kind: str, indicator: Indicator) -> Table:
    """One indicator for every member of the bloc in a period: this year, last year, change."""
    units = sorted_by_province(
        MemberUnit.objects.filter(memberships__bloc=bloc, memberships__year=year)
    )
    rows = {
        (row["report__unit_id"], row["report__period__year"]): row["value"]
        for row in ReportValue.objects.filter(
            report__unit__in=units,
            report__period__kind=kind,
            report__period__year__in=[year - 1, year],
            report__status=UnitReport.Status.ACCEPTED,
            indicator=indicator,
        )
        .order_by()
        .values("report__unit_id", "report__period__year", "value")
    }
    table = Table(
        key="members",
        title=_("%(indicator)s by member") % {"indicator": indicator.name},
        columns=[_("Member unit"), str(year), str(year - 1), _("Change (%)")],
        decimals=[None, indicator.decimals, indicator.decimals, 1],
    )
    for unit in units:
        now, before = rows.get((unit.pk, year)), rows.get((unit.pk, year - 1))
        change = (now - before) / abs(before) * 100 if now is not None and before else None
        table.rows.append([unit.short_name or unit.name, now, before, change])
    return table


def trend(bloc: Bloc, year: int, kind: str, indicator: Indicator, years: int = 5) -> Table:
    """One indicator over the last years for each of this year's members (accepted reports)."""
    span = list(range(year - years + 1, year + 1))
    units = sorted_by_province(
        MemberUnit.objects.filter(memberships__bloc=bloc, memberships__year=year)
    )
    values = {
        (row["report__unit_id"], row["report__period__year"]): row["value"]
        for row in ReportValue.objects.filter(
            report__unit__in=units,
            report__period__kind=kind,
            report__period__year__in=span,
            report__status=UnitReport.Status.ACCEPTED,
            indicator=indicator,
        )
        .order_by()
        .values("report__unit_id", "report__period__year", "value")
    }
    table = Table(
        key="trend",
        title=_("%(indicator)s over the years") % {"indicator": indicator.name},
        columns=[_("Member unit"), *(str(y) for y in span)],
        decimals=[None, *(indicator.decimals for _y in span)],
    )
    for unit in units:
        table.rows.append([unit.short_name or unit.name, *(values.get((unit.pk, y)) for y in span)])
    return table


def ranking(bloc: Bloc, year: int) -> Table:
    from awards.scoring import bloc_ranking

    table = Table(
        key="ranking",
        title=_("Ranking %(year)s") % {"year": year},
        columns=[_("Rank"), _("Member unit"), _("Self-score"), _("Agreed score")],
        decimals=[None, None, 2, 2],
    )
    for row in bloc_ranking(bloc, year):
        rank = "" if row.rank is None else f"{row.rank}{' =' if row.tied else ''}"
        table.rows.append([rank, row.unit_name, row.self_total, row.agreed_total])
    return table


def missing(bloc: Bloc, year: int, today: date) -> Table:
    """Members whose report of an open period is neither submitted nor accepted."""
    periods = [
        p
        for p in ReportingPeriod.objects.filter(bloc=bloc, year=year).order_by("-kind")
        if p.opens_on <= today
    ]
    units = sorted_by_province(
        MemberUnit.objects.filter(memberships__bloc=bloc, memberships__year=year)
    )
    reports = {
        (r.unit_id, r.period_id): r.status
        for r in UnitReport.objects.filter(period__in=periods)
        .only("unit_id", "period_id", "status")
        .order_by()
    }
    table = Table(
        key="missing",
        title=_("Still missing"),
        columns=[
            _("Period"),
            _("Member unit"),
            _("State"),
            _("Deadline"),
            _("Days to the deadline (negative: late)"),
        ],
        decimals=[None, None, None, None, 0],
    )
    done = {UnitReport.Status.SUBMITTED, UnitReport.Status.ACCEPTED}
    for period in periods:
        for unit in units:
            status = reports.get((unit.pk, period.pk), NOT_STARTED)
            if status in done:
                continue
            table.rows.append(
                [
                    f"{period.get_kind_display()} {period.year}",
                    unit.short_name or unit.name,
                    STATUS_LABELS[status],
                    period.deadline.strftime("%d/%m/%Y"),
                    (period.deadline - today).days,
                ]
            )
    return table


def number(text: str) -> Decimal | None:
    return Decimal(text) if text else None
