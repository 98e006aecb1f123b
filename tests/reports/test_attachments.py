"""Attachments of a report: PDF, DOCX and XLSX only, checked by content and size."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Attachment


def _office(part: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.parametrize(
    "upload",
    [
        lambda: SimpleUploadedFile("giai-trinh.pdf", b"%PDF-1.7\n..."),
        lambda: _office("word/document.xml", "thuyet-minh.docx"),
        lambda: _office("xl/workbook.xml", "so-lieu.xlsx"),
    ],
)
def test_staff_attach_pdf_docx_and_xlsx_and_readers_download_them(
    client, report_a, staff_a, bloc_leader, upload
):
    client.force_login(staff_a)
    file = upload()
    response = client.post(
        reverse("reports:attach", args=[report_a.pk]), {"file": file}, follow=True
    )
    item = Attachment.objects.get(report=report_a)
    assert f"“{file.name}” đã được đính kèm" in response.content.decode()
    client.force_login(bloc_leader)
    download = client.get(reverse("reports:attachment", args=[report_a.pk, item.pk]))
    assert download.status_code == 200
    assert file.name in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ", "Chỉ được đính kèm tệp PDF"),
        ("gia.pdf", b"<html>not a pdf</html>", "không phải tệp PDF thật"),
        ("gia.docx", b"PK\x03\x04 broken", "không phải tệp DOCX thật"),
    ],
)
def test_other_files_are_refused_with_a_reason(client, report_a, staff_a, name, content, message):
    client.force_login(staff_a)
    response = client.post(
        reverse("reports:attach", args=[report_a.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused(client, report_a, staff_a):
    client.force_login(staff_a)
    big = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(
        reverse("reports:attach", args=[report_a.pk]), {"file": big}, follow=True
    )
    assert "giới hạn là 10 MB" in response.content.decode()
    assert not Attachment.objects.exists()


def test_only_the_units_staff_attach_and_remove(client, report_a, staff_a, staff_b, bloc_leader):
    client.force_login(staff_a)
    client.post(
        reverse("reports:attach", args=[report_a.pk]),
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )
    item = Attachment.objects.get()
    for outsider in (staff_b, bloc_leader):
        client.force_login(outsider)
        assert (
            client.post(
                reverse("reports:attach", args=[report_a.pk]),
                {"file": SimpleUploadedFile("b.pdf", b"%PDF-1.4")},
            ).status_code
            == 403
        )
        assert (
            client.post(reverse("reports:detach", args=[report_a.pk, item.pk])).status_code == 403
        )
    client.force_login(staff_b)
    assert client.get(reverse("reports:attachment", args=[report_a.pk, item.pk])).status_code == 403
    client.force_login(staff_a)
    client.post(reverse("reports:detach", args=[report_a.pk, item.pk]))
    assert not Attachment.objects.exists()
