"""The signed pact as a PDF: requested from its page, rendered once, readable in Vietnamese."""

import io
import unicodedata
from decimal import Decimal

from django.urls import reverse
from pypdf import PdfReader

from documents.models import Document
from pacts import services
from pacts.models import Pact, Registration, RegistrationTarget
from reports.models import Indicator

S = Pact.Status


def _signed_pact(make_pact, member_leaders, world):
    pact = make_pact(status=S.OPEN)
    registration = Registration.objects.create(pact=pact, unit=world.unit_a)
    RegistrationTarget.objects.create(
        registration=registration,
        indicator=Indicator.objects.get(code="INV_FDI_CAPITAL_NEW"),
        target=Decimal("4637.3"),
    )
    for leader in member_leaders:
        services.sign(pact, leader)
    pact.refresh_from_db()
    assert pact.status == S.SIGNED
    return pact


def _text(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def test_member_gets_the_signed_pact_pdf_and_it_reads_back_in_vietnamese(
    client, make_pact, member_leaders, world, staff_a, django_capture_on_commit_callbacks
):
    pact = _signed_pact(make_pact, member_leaders, world)
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pacts:pdf", args=[pact.pk]))
    document = Document.objects.get()
    assert response["Location"] == reverse("documents:detail", args=[document.pk])
    assert document.status == Document.Status.READY, document.error
    text = _text(document)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIAO ƯỚC THI ĐUA NĂM",
        "01/GƯ-KTĐ",
        "Quy Nhơn, ngày",
        "Ban Quản lý các KCN tỉnh Đắk Lắk",
        "4.637,30",
        "Thu hút đầu tư",
        "Đặng Văn Lâm",
        "KHỐI TRƯỞNG",
        "Nơi nhận:",
    ]:
        assert expected in text, expected
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_an_unchanged_pact_is_not_rendered_again_and_a_change_makes_a_new_version(
    client, make_pact, member_leaders, world, bloc_leader, django_capture_on_commit_callbacks
):
    pact = _signed_pact(make_pact, member_leaders, world)
    client.force_login(bloc_leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pacts:pdf", args=[pact.pk]))
        client.post(reverse("pacts:pdf", args=[pact.pk]))
    assert Document.objects.count() == 1
    first = Document.objects.get()
    # Archiving changes nothing the document shows: still the same file.
    services.change_status(pact, S.ARCHIVED, by=bloc_leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pacts:pdf", args=[pact.pk]))
    assert Document.objects.count() == 1

    assert first.status == Document.Status.READY


def test_a_changed_pact_gets_a_new_version_and_the_old_one_stays(
    client, make_pact, member_leaders, world, bloc_leader, django_capture_on_commit_callbacks
):
    pact = _signed_pact(make_pact, member_leaders, world)
    client.force_login(bloc_leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pacts:pdf", args=[pact.pk]))
    services.change_status(pact, S.DRAFT, by=bloc_leader, reason="Sửa điều khoản")
    pact.clauses.update(text="Điều khoản đã sửa.")
    services.change_status(pact, S.OPEN, by=bloc_leader)
    for leader in member_leaders:
        services.sign(pact, leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pacts:pdf", args=[pact.pk]))
    versions = list(Document.objects.order_by("version"))
    assert [d.version for d in versions] == [1, 2]
    assert "Điều khoản đã sửa." in _text(versions[1])
    assert "Điều khoản đã sửa." not in _text(versions[0])
    assert client.get(reverse("documents:download", args=[versions[0].pk])).status_code == 200


def test_no_pdf_before_the_pact_is_signed(client, make_pact, bloc_leader):
    pact = make_pact(status=S.OPEN)
    client.force_login(bloc_leader)
    response = client.post(reverse("pacts:pdf", args=[pact.pk]), follow=True)
    assert "Bản PDF được lập sau khi giao ước đã ký" in response.content.decode()
    assert not Document.objects.exists()


def test_another_bloc_cannot_request_or_download_the_pact_pdf(
    client, make_pact, member_leaders, world, staff_a, staff_b, django_capture_on_commit_callbacks
):
    pact = _signed_pact(make_pact, member_leaders, world)
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pacts:pdf", args=[pact.pk]))
    document = Document.objects.get()
    client.force_login(staff_b)
    assert client.post(reverse("pacts:pdf", args=[pact.pk])).status_code == 403
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 403
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 403
    client.logout()
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 302
