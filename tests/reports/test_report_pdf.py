"""A member's report as a PDF through the document pipeline."""

import io
import unicodedata
from decimal import Decimal

from django.urls import reverse
from pypdf import PdfReader

from documents.models import Document
from reports.models import Indicator, UnitReport
from reports.services import ValueInput, save_report


def _submitted(report, user):
    values = {
        i.pk: ValueInput(Decimal(1))
        for i in Indicator.objects.in_force(report.period.year).filter(required=True)
    }
    values[Indicator.objects.get(code="INV_FDI_CAPITAL_NEW").pk] = ValueInput(Decimal("4637.3"))
    save_report(
        report,
        values,
        by=user,
        expected_version=report.version,
        narrative={"results": "Thu hút đầu tư tăng mạnh ở Đắk Lắk."},
    )
    UnitReport.objects.filter(pk=report.pk).update(status=UnitReport.Status.SUBMITTED)


def test_the_report_pdf_reads_back_in_vietnamese(
    client, report_a, staff_a, django_capture_on_commit_callbacks
):
    _submitted(report_a, staff_a)
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:pdf", args=[report_a.pk]))
    document = Document.objects.get()
    assert response["Location"] == reverse("documents:detail", args=[document.pk])
    assert document.status == Document.Status.READY, document.error
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = unicodedata.normalize("NFC", " ".join(p.extract_text() for p in reader.pages))
    text = " ".join(text.split())  # lines wrap where the layout wraps them
    for expected in [
        "BAN QUẢN LÝ CÁC KCN TỈNH ĐẮK LẮK",
        "BÁO CÁO",
        "4.637,30",
        "Thu hút đầu tư tăng mạnh ở Đắk Lắk.",
        "Kính gửi: Khối thi đua",
    ]:
        assert expected in text, expected


def test_no_pdf_of_a_draft(client, report_a, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("reports:pdf", args=[report_a.pk]), follow=True)
    assert "Bản PDF được lập sau khi báo cáo đã được gửi" in response.content.decode()
    assert not Document.objects.exists()


def test_another_bloc_cannot_ask_for_the_report_pdf(client, report_a, staff_a, staff_b):
    _submitted(report_a, staff_a)
    client.force_login(staff_b)
    assert client.post(reverse("reports:pdf", args=[report_a.pk])).status_code == 403
    assert not Document.objects.exists()
