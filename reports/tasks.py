"""Background jobs of unit reports: the notice of a status change, and reminder e-mails before
and after the deadlines.

The beat runs send_deadline_reminders once a day (CELERY_BEAT_SCHEDULE). A day's run looks only
at the deadlines exactly REPORT_REMINDER_DAYS_BEFORE days ahead and at yesterday's, so each unit
hears of each deadline once before it and once after it, with nothing stored to remember that.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.tasks import send_email
from blocs.models import Bloc, Membership
from reports.board import NOT_STARTED, state_label
from reports.models import ReportingPeriod, UnitReport
from reports.notifications import notify_status_change, portal_url, render_email, unit_people
from reports.services import ensure_periods

logger = logging.getLogger(__name__)

UPCOMING = "upcoming"
OVERDUE = "overdue"
DONE = (UnitReport.Status.SUBMITTED, UnitReport.Status.ACCEPTED)


def _ensure_periods_around(days: list[date]) -> None:
    """Periods are created when someone first opens them; make sure those of the blocs with
    members exist, so that a bloc nobody has visited yet still gets its reminders. The annual
    report of year N is due in year N+1, hence the year before each day."""
    years = {d.year for d in days} | {d.year - 1 for d in days}
    pairs = Membership.objects.filter(year__in=years).values_list("bloc_id", "year").distinct()
    blocs = Bloc.objects.in_bulk({bloc_id for bloc_id, _year in pairs})
    for bloc_id, year in sorted(set(pairs)):
        ensure_periods(blocs[bloc_id], year)


def _remind(period: ReportingPeriod, kind: str) -> int:
    """One e-mail to each member unit of the period's bloc and year whose report is neither
    submitted nor accepted; returns how many were queued."""
    units = list(
        period.bloc.memberships.filter(year=period.year, unit__active=True)
        .select_related("unit")
        .order_by("unit__name")
    )
    reports = {
        report.unit_id: report
        for report in UnitReport.objects.filter(
            period=period, unit_id__in=[m.unit_id for m in units]
        ).only("pk", "unit_id", "status")
    }
    waiting = [m.unit for m in units if getattr(reports.get(m.unit_id), "status", None) not in DONE]
    people = unit_people([unit.pk for unit in waiting])
    queued = 0
    for unit in waiting:
        to = people.get(unit.pk)
        if not to:
            logger.warning("No one with an e-mail at %s to remind of %s", unit, period)
            continue
        report = reports.get(unit.pk)
        link = (
            reverse("reports:report", args=[report.pk]) if report else reverse("reports:my_reports")
        )
        context = {
            "unit": unit,
            "period": period,
            "bloc": period.bloc,
            "report": report,
            "status": state_label(report.status if report else NOT_STARTED),
            "link": portal_url(link),
        }
        send_email.delay(to=to, **render_email(f"deadline_{kind}", context))
        queued += 1
    return queued


@shared_task
def send_status_notice(event_id: int) -> None:
    """The e-mail about a report's new status (reports.notifications), queued by
    reports.services.change_status through the outbox once the change has committed."""
    notify_status_change(event_id)


@shared_task
def send_deadline_reminders(today: str | None = None) -> int:
    """Remind the units whose report is not in yet: REPORT_REMINDER_DAYS_BEFORE days before a
    deadline, and the day after it. `today` (ISO date) is for tests and for catching up a missed
    day by hand; returns the number of e-mails queued."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    ahead = day + timedelta(days=settings.REPORT_REMINDER_DAYS_BEFORE)
    yesterday = day - timedelta(days=1)
    _ensure_periods_around([ahead, yesterday])
    periods = ReportingPeriod.objects.filter(deadline__in=[ahead, yesterday]).select_related("bloc")
    queued = 0
    for period in periods.order_by("deadline", "bloc__display_order", "bloc__name", "kind"):
        kind = UPCOMING if period.deadline == ahead else OVERDUE
        queued += _remind(period, kind)
    logger.info("Deadline reminders for %s: %s e-mail(s) queued", day.isoformat(), queued)
    return queued
