"""The ministry's summary across blocs (page, PDF in parts, XLSX), the operators' commands, and
the download centre's period, bloc and "newer data" notes."""

import unicodedata
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from documents.models import Document, DocumentPart, DownloadLog
from reports.models import Indicator, UnitReport
from reports.summary import build_summary
from tests.reports.test_consolidation import YEAR, build_bloc


def _text(path) -> str:
    return unicodedata.normalize("NFC", "".join(p.extract_text() for p in PdfReader(path).pages))


@pytest.fixture
def two_blocs(db):
    return build_bloc("m", 4), build_bloc("n", 3)


def test_summary_figures_and_fixed_queries(two_blocs):
    first, second = two_blocs
    with CaptureQueriesContext(connection) as queries:
        summary = build_summary(YEAR, "FY")
    assert [b["code"] for b in summary["blocs"]] == ["khoi-m", "khoi-n"]
    assert summary["member_count"] == 7 and summary["accepted_count"] == 5
    key = [i["code"] for i in summary["indicators"]]
    assert "TRADE_EXPORT_USD" in key and "LAND_OCCUPANCY_RATE" in key
    revenue = key.index("PROD_REVENUE_VND")
    accepted = {d["bloc"].code: [m.code for m in d["members"][:-1]] for d in (first, second)}
    for bloc, data in zip(summary["blocs"], (first, second), strict=True):
        expected = sum(
            data["raw"][(YEAR, code, "PROD_REVENUE_VND")] for code in accepted[data["bloc"].code]
        )
        assert Decimal(bloc["totals"][revenue]["value"]) == expected
    national = sum(first["raw"][(YEAR, c, "PROD_REVENUE_VND")] for c in accepted["khoi-m"]) + sum(
        second["raw"][(YEAR, c, "PROD_REVENUE_VND")] for c in accepted["khoi-n"]
    )
    assert Decimal(summary["totals"][revenue]["value"]) == national
    # More blocs, members and indicators: the same queries.
    build_bloc("p", 6)
    Indicator.objects.filter(code="INV_FDI_NEW_PROJECTS").update(key_indicator=True)
    with CaptureQueriesContext(connection) as more:
        build_summary(YEAR, "FY")
    assert len(more) == len(queries)


def test_summary_is_for_the_ministry_only(
    two_blocs, world, ministry, staff_a, bloc_leader, client_for, client
):
    url = reverse("reports:summary", args=[YEAR, "FY"])
    assert client_for(ministry).get(url).status_code == 200
    for user in (staff_a, bloc_leader):
        assert client_for(user).get(url).status_code == 403
        assert (
            client_for(user).post(reverse("reports:summary_pdf", args=[YEAR, "FY"])).status_code
            == 403
        )
    from django.test import Client

    assert Client().get(url)["Location"].startswith(reverse("accounts:login"))
    assert (
        client_for(ministry).get(reverse("reports:summary", args=[YEAR, "Q3"])).status_code == 404
    )
    chosen = client_for(ministry).get(reverse("reports:summary_choose"), {"nam": "abc", "ky": "??"})
    assert chosen.status_code == 302


def test_summary_pdf_is_rendered_in_parts_and_merged(
    two_blocs, ministry, client_for, django_capture_on_commit_callbacks
):
    client = client_for(ministry)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:summary_pdf", args=[YEAR, "FY"]))
    document = Document.objects.get(kind="summary")
    assert response["Location"] == document.get_absolute_url()
    assert document.status == Document.Status.READY, document.error
    parts = list(DocumentPart.objects.filter(document=document).order_by("index"))
    blocs = document.payload["sections"]
    assert [p.index for p in parts] == list(range(len(blocs) + 1))
    assert all(p.status == "ready" and not p.file for p in parts)  # merged, then removed
    assert document.page_count == sum(p.page_count for p in parts)
    text = _text(document.file.path)
    for number, bloc in enumerate(blocs, start=1):
        assert f"Phụ lục {number}: Khối thi đua {bloc['name']}".upper() in text
    assert document.data_state.startswith(f"{document.payload['accepted_count']}@")
    sheet = load_workbook(
        BytesIO(client.get(reverse("reports:summary_excel", args=[YEAR, "FY"])).content)
    )
    assert sheet.sheetnames == ["Tong hop", *(b["code"] for b in blocs)]
    assert [sheet["Tong hop"].cell(row=4 + n, column=2).value for n in range(len(blocs))] == [
        b["name"] for b in blocs
    ]


def test_a_failed_part_fails_the_document_with_its_reason(
    two_blocs, ministry, monkeypatch, django_capture_on_commit_callbacks
):
    from documents import tasks
    from documents.services import request_document
    from reports.models import PeriodSummary

    real = tasks.render_part_html

    def broken(document, index):
        if index == 2:
            raise ValueError("mẫu hỏng")
        return real(document, index)

    monkeypatch.setattr(tasks, "render_part_html", broken)
    subject = PeriodSummary.objects.create(year=YEAR, kind="FY")
    with django_capture_on_commit_callbacks(execute=True):
        document = request_document("summary", subject, ministry)
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert "3" in document.error and "mẫu hỏng" in document.error
    # Asked again once the fault is gone: only the failed part is rendered again.
    monkeypatch.setattr(tasks, "render_part_html", real)
    rendered = []
    monkeypatch.setattr(tasks, "render_pdf", lambda html: rendered.append(1) or real_pdf(html))
    with django_capture_on_commit_callbacks(execute=True):
        request_document("summary", subject, ministry)
    document.refresh_from_db()
    assert document.status == Document.Status.READY and len(rendered) == 1


def real_pdf(html):
    from documents.rendering import render_pdf

    return render_pdf(html)


def test_commands_write_files_and_refuse_unknowns(two_blocs, tmp_path):
    pdf, xlsx, summary = tmp_path / "b.pdf", tmp_path / "b.xlsx", tmp_path / "s.pdf"
    out = StringIO()
    call_command(
        "export_bloc_report",
        bloc="khoi-m",
        year=YEAR,
        period="FY",
        format="pdf",
        output=str(pdf),
        stdout=out,
    )
    call_command(
        "export_bloc_report",
        bloc="khoi-m",
        year=YEAR,
        period="FY",
        format="xlsx",
        output=str(xlsx),
        stdout=out,
    )
    call_command("export_ministry_summary", year=YEAR, period="FY", output=str(summary), stdout=out)
    assert pdf.read_bytes().startswith(b"%PDF") and "Khối M" in _text(pdf)
    assert load_workbook(xlsx).sheetnames == ["Chi tieu", "Thanh phan", "Giai trinh"]
    assert "Phụ lục 2" in _text(summary)
    with pytest.raises(CommandError, match="no bloc with the code"):
        call_command("export_bloc_report", bloc="khong-co", year=YEAR, period="FY", output=str(pdf))
    with pytest.raises(CommandError, match="no FY period in 1990"):
        call_command("export_bloc_report", bloc="khoi-m", year=1990, period="FY", output=str(pdf))
    with pytest.raises(CommandError, match="No bloc has a FY period in 1990"):
        call_command("export_ministry_summary", year=1990, period="FY", output=str(summary))


def test_the_download_centre_filters_and_says_when_newer_data_exists(
    two_blocs, ministry, client_for, django_capture_on_commit_callbacks
):
    first = two_blocs[0]
    client = client_for(ministry)
    with django_capture_on_commit_callbacks(execute=True):
        for data in two_blocs:
            period = data["period"]
            client.post(reverse("reports:bloc_report_pdf", args=[period.bloc.code, YEAR, "FY"]))
    listing = client.get(reverse("documents:list"), {"khoi": "khoi-n", "ky": "FY"})
    rows = list(listing.context["page"])
    assert [d.bloc.code for d in rows] == ["khoi-n"]
    assert not rows[0].has_newer_data
    assert client.get(reverse("documents:list"), {"ky": "H1"}).context["page"].paginator.count == 0
    sheet = load_workbook(
        BytesIO(client.get(reverse("documents:list"), {"khoi": "khoi-n", "xuat": "xlsx"}).content)
    ).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Khối N"]
    # The last member of bloc M gets its report accepted: the version is now behind.
    draft = UnitReport.objects.get(period=first["period"], status="draft")
    UnitReport.objects.filter(pk=draft.pk).update(status="accepted", accepted_at=timezone.now())
    old = Document.objects.get(kind="bloc_report", bloc=first["bloc"])
    listing = client.get(reverse("documents:list"), {"khoi": "khoi-m"})
    assert [d.has_newer_data for d in listing.context["page"]] == [True]
    page = client.get(old.get_absolute_url())
    assert page.context["has_newer_data"] is True
    client.get(reverse("documents:download", args=[old.pk]))
    assert [log.document for log in client.get(old.get_absolute_url()).context["downloads"]] == [
        old
    ]
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("documents:refresh", args=[old.pk]))
    newer = Document.objects.get(kind="bloc_report", bloc=first["bloc"], version=2)
    assert answer["Location"] == newer.get_absolute_url() and newer.status == "ready"
    assert DownloadLog.objects.filter(document=old).count() == 1
    old.refresh_from_db()
    assert old.file and old.status == "ready"  # earlier versions stay as they were


def test_other_units_staff_cannot_refresh_or_see_the_download_log(
    two_blocs, ministry, staff_a, client_for, django_capture_on_commit_callbacks
):
    period = two_blocs[0]["period"]
    with django_capture_on_commit_callbacks(execute=True):
        client_for(ministry).post(
            reverse("reports:bloc_report_pdf", args=[period.bloc.code, YEAR, "FY"])
        )
    document = Document.objects.get(kind="bloc_report")
    assert (
        client_for(staff_a).post(reverse("documents:refresh", args=[document.pk])).status_code
        == 403
    )
    assert client_for(staff_a).get(document.get_absolute_url()).status_code == 403
