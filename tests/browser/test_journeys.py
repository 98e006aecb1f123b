"""Three journeys through the portal in a real browser, each from a fresh copy of the demo
data: a unit's semi-annual report typed in vi-VN, returned by the bloc leader and accepted;
this year's flag vote of Tây Nguyên và Duyên hải Miền Trung run by the bloc leader with every
present unit's leader voting; the ministry downloading a consolidated bloc report and the
minutes of last year's year-end meeting.

Screenshots of every step: var/artifacts/browser/<journey>/NN-<step>.png.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from awards.demo_data import UPCOMING_BLOC, reviewed_bloc
from awards.models import Attendance, Ballot, Meeting, Vote, VoterRecord
from blocs.access import current_year
from blocs.models import BlocYear, MemberUnit
from documents.models import Document, DownloadLog
from reports.demo_data import BLOC as REPORTS_BLOC
from reports.models import ReportEvent, ReportingPeriod, ReportValue, UnitReport
from reports.services import last_year_values
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

# Journey 1: what the staff of BQL Đắk Lắk type (a slip in the first money value, which the
# bloc leader catches), and what it must be stored as.
STAFF_UNIT = "dak-lak"
MONEY = "INV_DDI_CAPITAL_ADDED"  # Vốn đăng ký DDI tăng thêm, tỷ đồng, 2 decimals
RATE = "ADMIN_TIME_CUT_RATE"  # Tỷ lệ cắt giảm thời gian giải quyết, %, 2 decimals
COUNT = "LABOUR_WORKERS"  # Số lao động, người, whole numbers
TYPED = {MONEY: "1.234.567,89", RATE: "12,5", COUNT: "11.250"}
STORED = {MONEY: Decimal("1234567.89"), RATE: Decimal("12.5"), COUNT: Decimal("11250")}
SHOWN = {MONEY: "1.234.567,89", RATE: "12,50", COUNT: "11.250"}
CORRECTED_TYPED, CORRECTED = "5.612,89", Decimal("5612.89")
RETURN_REASON = (
    "Vốn đăng ký DDI tăng thêm 1.234.567,89 tỷ đồng là bất thường; "
    "đề nghị đơn vị kiểm tra lại số liệu."
)


def _input(page, report_value_name: str):
    return page.locator(f'input[name="{report_value_name}"]')


def _shows(page, text: str) -> None:
    """Wait until the page (the one the last click led to) shows the text in a message."""
    from playwright.sync_api import expect

    expect(page.locator("main .alert").filter(has_text=text)).to_be_visible()


def _pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), unicodedata.normalize("NFC", text)


def _download(portal, page, link_text: str, name: str) -> bytes:
    """Click the document page's download link; the file is kept beside the screenshots."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link_text).click()
    download = info.value
    assert download.failure() is None, download.failure()
    target = portal.folder / f"{name}.pdf"
    download.save_as(target)
    content = target.read_bytes()
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    return content


def test_report_typed_in_vietnamese_returned_then_accepted(portal):
    portal.journey("report")
    year = current_year()
    period = ReportingPeriod.objects.get(bloc__code=REPORTS_BLOC, year=year, kind="H1")
    unit = MemberUnit.objects.get(code=STAFF_UNIT)
    report = UnitReport.objects.get(period=period, unit=unit)
    assert report.status == UnitReport.Status.DRAFT, "the demo's Đắk Lắk report is a draft"
    ids = {
        code: report.values.get(indicator__code=code).indicator_id for code in (MONEY, RATE, COUNT)
    }
    names = {code: f"v_{pk}" for code, pk in ids.items()}
    # The count stays within the outlier rule's 50 % of last year's: no explanation is asked.
    before = last_year_values(report)[ids[COUNT]]
    assert abs(STORED[COUNT] - before) / before < Decimal("0.5"), before
    report_url = reverse("reports:report", args=[report.pk])

    staff = portal.sign_in(f"canbo.{STAFF_UNIT}", reverse("reports:my_reports"))
    row = staff.locator("tr", has=staff.locator(f'a[href="{report_url}"]'))
    assert "6 tháng" in row.inner_text()
    portal.shot(staff, "staff-reports-list")

    row.locator(f'a[href="{report_url}"]').click()
    staff.wait_for_url(f"**{report_url}")
    assert staff.locator("h1").inner_text().startswith("Báo cáo sơ kết 6 tháng")
    for code, text in TYPED.items():
        field = _input(staff, names[code])
        field.fill("")
        field.press_sequentially(text)
    portal.shot(staff, "values-typed-vi-vn")
    staff.set_viewport_size(PHONE)
    _input(staff, names[MONEY]).scroll_into_view_if_needed()
    portal.shot(staff, "report-form-phone-390")
    staff.set_viewport_size(DESKTOP)

    staff.locator('button[name="save"]').click()
    _shows(staff, "Đã lưu bản nháp.")
    for code, shown in SHOWN.items():
        assert _input(staff, names[code]).input_value() == shown, code
    portal.shot(staff, "draft-saved-values-redisplayed")
    stored = dict(
        ReportValue.objects.filter(report=report, indicator__code__in=TYPED).values_list(
            "indicator__code", "value"
        )
    )
    assert stored == STORED

    staff.locator('button[name="submit"]').click()
    _shows(staff, "Đã gửi báo cáo tới Khối trưởng.")
    portal.shot(staff, "submitted")
    report.refresh_from_db()
    assert report.status == UnitReport.Status.SUBMITTED

    leadership = BlocYear.objects.get(bloc=period.bloc, year=year)
    leader = portal.sign_in(
        f"canbo.{leadership.leader.code}", reverse("reports:board", args=[period.bloc.code, year])
    )
    portal.shot(leader, "leader-reporting-progress")
    leader.locator(f'#board a[href="{report_url}"]').first.click()
    leader.wait_for_url(f"**{report_url}")
    leader.locator("#id_reason").fill(RETURN_REASON)
    portal.shot(leader, "leader-writes-the-reason")
    leader.locator('button[name="action"][value="return"]').click()
    _shows(leader, "Đã trả lại báo cáo cho đơn vị.")
    portal.shot(leader, "leader-returned")

    staff.goto(portal.url + report_url)
    reason = staff.locator(".alert-warning", has_text="Khối trưởng trả lại:")
    assert RETURN_REASON in reason.inner_text()
    portal.shot(staff, "staff-sees-the-reason")
    field = _input(staff, names[MONEY])
    field.fill("")
    field.press_sequentially(CORRECTED_TYPED)
    staff.locator('button[name="submit"]').click()
    _shows(staff, "Đã gửi báo cáo tới Khối trưởng.")
    assert _input(staff, names[MONEY]).input_value() == CORRECTED_TYPED
    portal.shot(staff, "corrected-and-resubmitted")

    leader.goto(portal.url + report_url)
    leader.locator('button[name="action"][value="accept"]').click()
    _shows(leader, "Báo cáo đã được duyệt và khóa.")
    portal.shot(leader, "leader-accepted")

    staff.goto(portal.url + report_url)
    assert staff.locator("form fieldset[disabled]").count() == 1  # locked for the unit
    portal.shot(staff, "staff-sees-it-accepted")
    portal.close()

    report.refresh_from_db()
    assert report.status == UnitReport.Status.ACCEPTED
    stored = dict(
        ReportValue.objects.filter(report=report, indicator__code__in=TYPED).values_list(
            "indicator__code", "value"
        )
    )
    assert stored == {**STORED, MONEY: CORRECTED}
    events = list(
        ReportEvent.objects.filter(report=report).order_by("pk").values_list("to_status", "reason")
    )
    assert events == [
        ("submitted", ""),
        ("returned", RETURN_REASON),
        ("submitted", ""),
        ("accepted", ""),
    ]


def test_flag_vote_with_every_present_unit_leader(portal):
    portal.journey("vote")
    year = current_year()
    meeting = Meeting.objects.get(bloc__code=UPCOMING_BLOC, year=year, kind=Meeting.Kind.YEAR_END)
    vote = meeting.votes.get(status=Vote.Status.DRAFT)
    candidates = list(vote.candidates.order_by("order"))
    assert len(candidates) == 2, "the demo's flag vote has two candidates"
    absent = meeting.attendances.select_related("unit").get(status=Attendance.Status.ABSENT).unit
    head = User.objects.get(username=f"lanhdao.{absent.code}")
    leadership = BlocYear.objects.get(bloc=meeting.bloc, year=year)
    voters = list(
        MemberUnit.objects.filter(memberships__bloc=meeting.bloc, memberships__year=year).order_by(
            "name"
        )
    )
    meeting_url = reverse("awards:meeting", args=[meeting.pk])
    vote_url = reverse("awards:vote", args=[vote.pk])

    chair = portal.sign_in(
        f"canbo.{leadership.leader.code}",
        reverse("awards:bloc_year", args=[meeting.bloc.code, year]),
    )
    portal.shot(chair, "bloc-leader-awards-of-the-year")
    chair.locator(f'a[href="{meeting_url}"]').first.click()
    chair.wait_for_url(f"**{meeting_url}")
    portal.shot(chair, "meeting-before-attendance")

    # The absent unit's head arrives after all: the leader records it present (htmx); the
    # quorum panel follows.
    row = chair.locator(f"#attendance-{absent.pk}")
    row.locator(f'select[name="u{absent.pk}-status"]').select_option("present")
    row.locator(f'input[name="u{absent.pk}-representative_name"]').fill(head.full_name)
    row.locator(f'input[name="u{absent.pk}-representative_title"]').fill(head.position)
    row.locator("button").click()
    chair.locator(f"#attendance-{absent.pk} .badge.text-bg-success").wait_for()
    assert "Có mặt" in chair.locator(f"#attendance-{absent.pk}").inner_text()
    portal.shot(chair, "attendance-recorded")

    chair.locator(f'a[href="{vote_url}"]').click()
    chair.wait_for_url(f"**{vote_url}")
    portal.shot(chair, "vote-prepared")
    chair.get_by_role("button", name="Mở biểu quyết").click()
    _shows(chair, "Đã mở biểu quyết")
    portal.shot(chair, "vote-opened")

    # Every unit, the one that just arrived included, votes in its leader's own browser:
    # all approve the first candidate, the first four the second one too.
    receipts = {}
    for n, unit in enumerate(voters):
        page = portal.sign_in(f"lanhdao.{unit.code}", vote_url)
        for i, candidate in enumerate(candidates):
            approve = i == 0 or n < 4
            page.locator(f"#own{'a' if approve else 'd'}_{candidate.pk}").check()
        if n == 0:
            portal.shot(page, f"ballot-of-{unit.code}")
        page.get_by_role("button", name="Gửi phiếu bầu").click()
        receipt = page.locator("[data-receipt]")
        receipts[unit.code] = receipt.get_attribute("data-receipt")
        assert receipts[unit.code], unit.code
        portal.shot(page, f"receipt-{unit.code}")
        portal.leave(page)

    chair.goto(portal.url + vote_url)
    turnout = chair.locator("#turnout").inner_text()
    for unit in voters:
        assert unit.short_name in turnout, unit.short_name
    portal.shot(chair, "turnout-every-unit-voted")
    chair.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    _shows(chair, "Đã kết thúc biểu quyết và kiểm phiếu.")
    result = chair.locator("#result")
    rows = result.locator("tbody tr")
    assert rows.count() == 2
    expected = [(len(voters), 0, "Đạt"), (4, len(voters) - 4, "Không đạt")]
    for candidate, row, (approvals, disapprovals, outcome) in zip(
        candidates, rows.all(), expected, strict=True
    ):
        cells = row.locator("td").all_inner_texts()
        assert cells[0].startswith(candidate.label), cells
        assert (cells[1], cells[2]) == (str(approvals), str(disapprovals)), cells
        assert cells[4].startswith(outcome), cells
    portal.shot(chair, "result-with-counts")

    # A unit checks with its receipt that its ballot is in the count.
    checker = voters[-1]
    page = portal.sign_in(f"lanhdao.{checker.code}", vote_url)
    page.locator("#id_receipt").fill(receipts[checker.code])
    page.locator("#id_receipt").press("Enter")
    page.locator('[data-receipt="found"]').wait_for()
    portal.shot(page, "receipt-checked")
    portal.close()

    vote.refresh_from_db()
    assert vote.status == Vote.Status.CLOSED
    assert Ballot.objects.filter(vote=vote).count() == len(voters)
    records = VoterRecord.objects.filter(vote=vote)
    assert sorted(records.values_list("unit__code", flat=True)) == sorted(receipts)
    assert not records.filter(named_choices__isnull=False).exists()  # secret: no names
    counted = {c["label"]: c for g in vote.result["groups"] for c in g["candidates"]}
    assert counted[candidates[0].label]["elected"] and not counted[candidates[1].label]["elected"]


def test_ministry_downloads_consolidated_report_and_minutes(portal):
    portal.journey("ministry")
    year = current_year() - 1
    bloc = reviewed_bloc(year)
    assert bloc is not None, "the demo has last year's complete year-end meeting"
    meeting = Meeting.objects.get(bloc=bloc, year=year, kind=Meeting.Kind.YEAR_END)
    report_url = reverse("reports:bloc_report", args=[bloc.code, year, "FY"])
    meeting_url = reverse("awards:meeting", args=[meeting.pk])

    ministry = portal.sign_in("bo.vutdkt", reverse("reports:summary", args=[year, "FY"]))
    portal.shot(ministry, "summary-of-all-blocs")
    ministry.locator(f'a[href="{report_url}"]').first.click()
    ministry.wait_for_url(f"**{report_url}")
    assert bloc.name in ministry.locator("main").inner_text()
    portal.shot(ministry, "consolidated-report")
    ministry.get_by_role("button", name="Văn bản PDF").click()
    ministry.wait_for_url("**/tai-lieu/*/")
    ministry.get_by_role("link", name="Tải bản PDF").wait_for()
    portal.shot(ministry, "consolidated-pdf-ready")
    content = _download(portal, ministry, "Tải bản PDF", "bao-cao-tong-hop")
    ministry.reload()
    assert "Chưa có ai tải tài liệu này." not in ministry.locator("main").inner_text()
    portal.shot(ministry, "consolidated-pdf-downloaded")
    assert content.startswith(b"%PDF")
    pages, text = _pdf_text(content)
    assert pages > 0
    assert bloc.name.upper() in text.upper(), text[:500]

    ministry.goto(portal.path("awards:bloc_year", bloc.code, year))
    portal.shot(ministry, "awards-of-the-bloc")
    ministry.locator(f'a[href="{meeting_url}"]').first.click()
    ministry.wait_for_url(f"**{meeting_url}")
    portal.shot(ministry, "year-end-meeting")
    ministry.get_by_role("button", name="Biên bản (PDF)").click()
    ministry.wait_for_url("**/tai-lieu/*/")
    ministry.get_by_role("link", name="Tải bản PDF").wait_for()
    portal.shot(ministry, "minutes-pdf-ready")
    content = _download(portal, ministry, "Tải bản PDF", "bien-ban")
    ministry.reload()
    assert "Chưa có ai tải tài liệu này." not in ministry.locator("main").inner_text()
    portal.shot(ministry, "minutes-downloaded")
    assert content.startswith(b"%PDF")
    pages, text = _pdf_text(content)
    assert pages > 0
    assert "BIÊN BẢN" in text and meeting.number in text, text[:500]
    portal.close()

    user = User.objects.get(username="bo.vutdkt")
    downloaded = set(DownloadLog.objects.filter(user=user).values_list("document__kind", flat=True))
    assert downloaded == {"bloc_report", "minutes"}
    assert Document.objects.filter(kind="minutes", status=Document.Status.READY).count() == 1
