"""E-mails about reports: notices of a review or a submission, and the deadline reminders.

Tasks run eagerly and mail lands in django.core.mail.outbox; one test runs the reminders through
a real Celery worker against Redis on PostgreSQL.
"""

import time
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reports.models import Indicator, UnitReport
from reports.services import ValueInput, change_status, ensure_periods, save_report, start_report
from reports.tasks import send_deadline_reminders
from tests.celery_worker import running_worker, send, worker_database_url
from tests.factories import UserFactory

S = UnitReport.Status
BASE = "https://thiduakhoi.example.vn"


@pytest.fixture(autouse=True)
def portal_base_url(settings):
    settings.PORTAL_BASE_URL = BASE + "/"
    settings.REPORT_REMINDER_DAYS_BEFORE = 3


@pytest.fixture
def period(world):
    """This year's first-half period of bloc X."""
    return ensure_periods(world.bloc_x, world.year)[0]


def filled_report(period, user) -> UnitReport:
    """A report with every value the rules require, ready to submit."""
    report = start_report(period, user.unit, user)
    values = {}
    for indicator in Indicator.objects.in_force(period.year):
        value = indicator.min_value if indicator.min_value is not None else Decimal(0)
        if indicator.max_value is not None:
            value = min(value, indicator.max_value)
        values[indicator.pk] = ValueInput(value)
    return save_report(report, values, user, report.version)


def submitted_report(period, user) -> UnitReport:
    report = filled_report(period, user)
    change_status(report, S.SUBMITTED, user)
    return report


def text_of(message) -> str:
    return message.subject + message.body + message.alternatives[0][0]


# Notices on status changes -------------------------------------------------------------


def test_returning_tells_the_units_people_why(
    world, period, staff_a, unit_leader_a, bloc_leader, staff_b, django_capture_on_commit_callbacks
):
    UserFactory(username="nghi.viec", unit=world.unit_a, is_board_staff=True, is_active=False)
    UserFactory(username="khong.thu", unit=world.unit_a, is_board_staff=True, email="")
    report = submitted_report(period, staff_a)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change_status(report, S.RETURNED, bloc_leader, reason="Thiếu số liệu vốn FDI & DDI.")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["canbo.a@example.vn", "lanhdao.a@example.vn"]
    assert world.unit_a.name in message.subject
    assert str(world.year) in message.subject
    link = BASE + reverse("reports:report", args=[report.pk])
    assert link in message.body and f'href="{link}"' in message.alternatives[0][0]
    # The reason reaches the text as typed and the HTML escaped.
    assert "Thiếu số liệu vốn FDI & DDI." in message.body
    assert "FDI &amp; DDI" in message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"


def test_accepting_tells_the_unit(
    world, period, staff_a, unit_leader_a, bloc_leader, django_capture_on_commit_callbacks
):
    report = submitted_report(period, staff_a)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change_status(report, S.ACCEPTED, bloc_leader)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["canbo.a@example.vn", "lanhdao.a@example.vn"]
    assert world.unit_a.name in message.subject
    assert BASE + reverse("reports:report", args=[report.pk]) in message.body


def test_submitting_tells_this_years_bloc_leader(
    world,
    period,
    staff_a,
    bloc_leader,
    last_year_leader,
    unit_leader_a,
    django_capture_on_commit_callbacks,
):
    report = filled_report(period, staff_a)

    with django_capture_on_commit_callbacks(execute=True):
        change_status(report, S.SUBMITTED, staff_a)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["canbo.khoitruong@example.vn"]
    assert world.unit_a.name in text_of(message)
    report.refresh_from_db()
    assert timezone.localtime(report.submitted_at).strftime("%d/%m/%Y") in message.body
    assert BASE + reverse("reports:report", args=[report.pk]) in message.body


def test_nothing_is_sent_for_a_change_that_rolls_back(
    world, period, staff_a, bloc_leader, django_capture_on_commit_callbacks
):
    report = filled_report(period, staff_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change_status(report, S.SUBMITTED, staff_a)
    # The notice waits for the commit: nothing is sent before it.
    assert len(callbacks) == 1 and mail.outbox == []


# Deadline reminders --------------------------------------------------------------------


@pytest.fixture
def people(world, staff_a, unit_leader_a, bloc_leader, last_year_leader, staff_b):
    """Someone with an e-mail in every unit: A (two people), L, P, D, and B in bloc Y."""
    deputy = UserFactory(username="canbo.pho", unit=world.unit_deputy, is_board_staff=True)
    return SimpleNamespace(deputy=deputy)


@pytest.fixture
def h1(world):
    """Bloc X's first half due on 20 July, away from the default 10 July that bloc Y keeps."""
    h1 = ensure_periods(world.bloc_x, world.year)[0]
    h1.deadline = date(world.year, 7, 20)
    h1.save()
    return h1


def reminded() -> dict[str, object]:
    """The e-mails sent, by sorted recipients."""
    return {",".join(sorted(m.to)): m for m in mail.outbox}


def test_three_days_before_the_deadline_the_units_not_in_yet_are_reminded(
    world, people, h1, staff_a
):
    start_report(h1, world.unit_leader, None)  # a draft: reminded
    UnitReport.objects.create(
        period=h1, unit=world.unit_previous_leader, unit_name="P", status=S.SUBMITTED
    )
    UnitReport.objects.create(period=h1, unit=world.unit_deputy, unit_name="D", status=S.ACCEPTED)

    queued = send_deadline_reminders(today=date(world.year, 7, 17).isoformat())

    assert queued == 2
    sent = reminded()
    assert set(sent) == {
        "canbo.a@example.vn,lanhdao.a@example.vn",  # one e-mail for the unit's two people
        "canbo.khoitruong@example.vn",
    }
    message = sent["canbo.a@example.vn,lanhdao.a@example.vn"]
    deadline = f"20/07/{world.year}"
    assert deadline in message.subject and str(world.year) in message.subject
    assert deadline in message.body and deadline in message.alternatives[0][0]
    assert world.unit_a.name in message.body
    assert world.bloc_x.name in message.body
    assert BASE + reverse("reports:my_reports") in message.body
    draft = UnitReport.objects.get(period=h1, unit=world.unit_leader)
    assert (
        BASE + reverse("reports:report", args=[draft.pk])
        in sent["canbo.khoitruong@example.vn"].body
    )


def test_the_day_after_the_deadline_the_late_units_are_reminded(world, people, h1):
    UnitReport.objects.create(period=h1, unit=world.unit_a, unit_name="A", status=S.RETURNED)
    UnitReport.objects.create(
        period=h1, unit=world.unit_previous_leader, unit_name="P", status=S.SUBMITTED
    )

    queued = send_deadline_reminders(today=date(world.year, 7, 21).isoformat())

    assert queued == 3  # A (returned), L (not started), D (not started)
    assert set(reminded()) == {
        "canbo.a@example.vn,lanhdao.a@example.vn",
        "canbo.khoitruong@example.vn",
        "canbo.pho@example.vn",
    }
    for message in mail.outbox:
        assert f"20/07/{world.year}" in message.subject and f"20/07/{world.year}" in message.body


@pytest.mark.parametrize("offset", [-4, -2, -1, 0, 2, 30])
def test_other_days_send_nothing_for_that_deadline(world, people, h1, offset):
    today = h1.deadline + timedelta(days=offset)
    assert send_deadline_reminders(today=today.isoformat()) == 0
    assert mail.outbox == []


def test_each_bloc_keeps_its_own_deadline(world, people, h1):
    """Bloc Y kept the default 10 July: three days before it, only its unit B hears."""
    queued = send_deadline_reminders(today=date(world.year, 7, 7).isoformat())
    assert queued == 1
    assert mail.outbox[0].to == ["canbo.b@example.vn"]
    assert world.unit_b.name in mail.outbox[0].body


def test_one_run_a_day_reminds_each_unit_once_before_and_once_after(world, people, h1):
    sent = 0
    for offset in range(-6, 6):
        sent += send_deadline_reminders(today=(h1.deadline + timedelta(days=offset)).isoformat())
    units_of_x = 4
    assert sent == 2 * units_of_x == len(mail.outbox)
    per_address = {}
    for message in mail.outbox:
        for address in message.to:
            per_address[address] = per_address.get(address, 0) + 1
    assert set(per_address.values()) == {2}


def test_the_annual_report_due_next_january_is_reminded(world, people):
    """The full-year report of last year is due on 10 January of this year."""
    queued = send_deadline_reminders(today=date(world.year, 1, 7).isoformat())
    # Last year: A, L, P, D of bloc X and B of bloc Y were members.
    assert queued == 5
    assert all(f"10/01/{world.year}" in m.subject for m in mail.outbox)
    assert all(str(world.year - 1) in m.subject for m in mail.outbox)


def test_units_without_anyone_to_mail_are_skipped(world, h1, staff_a):
    queued = send_deadline_reminders(today=date(world.year, 7, 17).isoformat())
    assert queued == 1 and mail.outbox[0].to == ["canbo.a@example.vn"]


# The real stack ------------------------------------------------------------------------


@pytest.fixture
def worker(tmp_path):
    """The reminder task queues each e-mail with send_email.delay; running_worker makes the
    worker's own queue its default, so those e-mails reach this worker."""
    with running_worker(
        tmp_path, DATABASE_URL=worker_database_url(), EMAIL_FILE_PATH=str(tmp_path / "mail")
    ) as running:
        yield running


@pytest.mark.services
def test_a_real_worker_sends_the_reminders(
    postgresql_and_redis,
    migrated_data_kept,
    transactional_db,
    django_db_serialized_rollback,
    world,
    people,
    h1,
    worker,
    tmp_path,
):
    send(
        send_deadline_reminders, worker.queue, kwargs={"today": date(world.year, 7, 17).isoformat()}
    )
    mail_dir = tmp_path / "mail"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and len(list(mail_dir.glob("*"))) < 4:
        time.sleep(0.2)
    log = worker.log.read_text()
    sent = "\n".join(p.read_text() for p in sorted(mail_dir.glob("*")))
    assert len(list(mail_dir.glob("*"))) == 4, log
    assert "reports.tasks.send_deadline_reminders" in log and "succeeded" in log
    for unit in (world.unit_a, world.unit_leader, world.unit_previous_leader, world.unit_deputy):
        assert unit.name in sent, log
    assert f"20/07/{world.year}" in sent
    assert world.unit_b.name not in sent
