"""E-mail notices about unit reports: review results to the unit, submissions to the bloc leader.

Run by a worker (reports.tasks.send_status_notice), which reports.services.change_status queues
through the outbox once the status change has committed; the mail itself goes through the task
queue (accounts.tasks.send_email), rendered here in the portal's language.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.tasks import send_email
from blocs.models import BlocYear
from reports.models import ReportEvent, UnitReport

logger = logging.getLogger(__name__)

# The e-mail sent for each status a report arrives at; other statuses send nothing.
TEMPLATES = {
    UnitReport.Status.RETURNED: "report_returned",
    UnitReport.Status.ACCEPTED: "report_accepted",
    UnitReport.Status.SUBMITTED: "report_submitted",
}


def portal_url(path: str) -> str:
    """An absolute address for a link in an e-mail."""
    base = getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000")
    return base.rstrip("/") + path


def unit_people(unit_ids, board_staff_only: bool = False) -> dict[int, list[str]]:
    """The e-mail addresses of the active people of each unit: board staff and unit leaders
    (or board staff only), by unit id, in a fixed order."""
    roles = (
        Q(is_board_staff=True)
        if board_staff_only
        else Q(is_board_staff=True) | Q(is_unit_leader=True)
    )
    people: dict[int, list[str]] = {}
    rows = (
        User.objects.filter(roles, unit_id__in=unit_ids, is_active=True)
        .exclude(email="")
        .order_by("unit_id", "email")
        .values_list("unit_id", "email")
    )
    for unit_id, email in rows:
        addresses = people.setdefault(unit_id, [])
        if email not in addresses:
            addresses.append(email)
    return people


def render_email(name: str, context: dict) -> dict[str, str]:
    """The subject, text and HTML of reports/email/<name>*, in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"reports/email/{name}_subject.txt", context)
        return {
            "subject": " ".join(subject.split()),
            "body": render_to_string(f"reports/email/{name}.txt", context),
            "html_body": render_to_string(f"reports/email/{name}.html", context),
        }


def notify_status_change(event_id: int) -> None:
    """Returned or accepted: tell the unit's people. Submitted: tell the staff of that year's
    bloc leader that a report is waiting for review."""
    event = (
        ReportEvent.objects.select_related("report__period__bloc", "report__unit", "by")
        .filter(pk=event_id)
        .first()
    )
    if event is None or event.to_status not in TEMPLATES:
        return
    report = event.report
    period = report.period
    if event.to_status == UnitReport.Status.SUBMITTED:
        leader_id = (
            BlocYear.objects.filter(bloc_id=period.bloc_id, year=period.year)
            .values_list("leader_id", flat=True)
            .first()
        )
        if leader_id is None:
            logger.warning(
                "No bloc leader in %s for %s: nobody told of report %s",
                period.year,
                period.bloc,
                report.pk,
            )
            return
        to = unit_people([leader_id], board_staff_only=True).get(leader_id, [])
    else:
        to = unit_people([report.unit_id]).get(report.unit_id, [])
    if not to:
        logger.warning(
            "Nobody with an e-mail to tell that report %s is %s", report.pk, event.to_status
        )
        return
    context = {
        "report": report,
        "period": period,
        "bloc": period.bloc,
        "event": event,
        "by_name": event.by.get_full_name() if event.by else "",
        "link": portal_url(reverse("reports:report", args=[report.pk])),
    }
    send_email.delay(to=to, **render_email(TEMPLATES[event.to_status], context))
