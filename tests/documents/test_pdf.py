"""The PDF itself: Decree 30 layout, the embedded Tinos font, Vietnamese text that reads back."""

import datetime
import io
import unicodedata

import pytest
from django.template import loader
from django.template.loader_tags import BlockNode
from pypdf import PdfReader

from documents.models import Document
from documents.rendering import _url_fetcher
from documents.services import request_document
from documents.tasks import render_document
from documents.templatetags.document_layout import vn_date_line
from tests.documents.kinds import ROSTER
from tests.factories import MembershipFactory, MemberUnitFactory

A4 = (595.28, 841.89)  # points


@pytest.fixture
def long_roster(roster, world, bloc_leader, django_capture_on_commit_callbacks):
    """The roster of bloc X with 74 members (three pages), dated 06/01/2020 in Quy Nhơn."""
    for number in range(70):
        MembershipFactory(
            bloc=world.bloc_x,
            unit=MemberUnitFactory(name=f"Ban Quản lý các KCN tỉnh Số {number:02d}"),
            year=world.year,
        )
    with django_capture_on_commit_callbacks(execute=False):
        document = request_document(ROSTER, world.bloc_x, bloc_leader)
    Document.objects.filter(pk=document.pk).update(
        payload={**document.payload, "date": "2020-01-06", "place": "Quy Nhơn"}
    )
    render_document(document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.READY, document.error
    return document


@pytest.fixture
def pdf(long_roster):
    with long_roster.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def _fonts(reader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            yield str(font["/BaseFont"]), descriptor.get_object() if descriptor else {}


def test_every_font_is_embedded_and_is_tinos(pdf):
    fonts = dict(_fonts(pdf))
    assert fonts
    for name, descriptor in fonts.items():
        assert "Tinos" in name, name
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), name
    styles = {name.split("+", 1)[1] for name in fonts}
    # Regular text, bold (title, motto), italic (place and date): one font per face, each with
    # the Latin and the Vietnamese letters (the package's script files merged).
    assert {"Tinos", "Tinos-Bold", "Tinos-Italic"} <= styles


def test_each_face_is_one_font_with_every_vietnamese_letter():
    from fontTools.ttLib import TTFont

    from documents.rendering import _font_files

    letters = "AaĂăÂâĐđÊêÔôƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặỄễỆệỮữỰựỲỳỴỵỶỷỸỹ₫€"
    files = _font_files()
    assert set(files) == {(400, "normal"), (400, "italic"), (700, "normal"), (700, "italic")}
    for path in files.values():
        cmap = TTFont(path).getBestCmap()
        assert [letter for letter in letters if ord(letter) not in cmap] == [], path


def test_vietnamese_text_reads_back_exactly(pdf):
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert unicodedata.is_normalized("NFC", text)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quy Nhơn, ngày 06 tháng 01 năm 2020",
        "Số: 01/DS-KTĐ",
        "DANH SÁCH THÀNH VIÊN",
        "Khối trưởng",
        "KHỐI TRƯỞNG",
        "Quảng Ngãi",
        "Đắk Lắk",
        "Nơi nhận:",
        "Tổng cộng",
        "2.220",  # 74 members × 30 people, in Vietnamese notation
    ]:
        assert expected in text, expected


def test_pages_are_a4_and_the_table_header_repeats_on_every_page(long_roster, pdf):
    assert long_roster.page_count == len(pdf.pages) == 3
    for page in pdf.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4, abs=0.1
        )
        assert "STT Đơn vị thành viên Tỉnh, thành phố Loại hình Số người" in page.extract_text()


def _texts_in_top_margin(page):
    """Text drawn in the 20 mm top margin (WeasyPrint's y axis runs down, in CSS px)."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip() and tm[5] < 20 / 25.4 * 96:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return found


def test_page_numbers_are_centred_in_the_top_margin_from_page_two(pdf):
    assert _texts_in_top_margin(pdf.pages[0]) == []
    assert _texts_in_top_margin(pdf.pages[1]) == ["2"]
    assert _texts_in_top_margin(pdf.pages[2]) == ["3"]


def test_the_pdf_carries_the_documents_title(long_roster, pdf):
    assert pdf.metadata.title == long_roster.title


def test_the_base_template_has_the_decree_30_blocks():
    template = loader.get_template("documents/base_document.html").template
    names = {node.name for node in template.nodelist.get_nodes_by_type(BlockNode)}
    assert names == {
        "issuer",
        "number",
        "motto",
        "place_date",
        "title",
        "subtitle",
        "body",
        "signature",
        "recipients",
    }


@pytest.mark.parametrize(
    ("value", "line"),
    [
        (datetime.date(2020, 1, 6), "ngày 06 tháng 01 năm 2020"),
        ("2026-02-09", "ngày 09 tháng 02 năm 2026"),
        (datetime.date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (datetime.date(2025, 12, 25), "ngày 25 tháng 12 năm 2025"),
        # 23:30 on 31/12 in UTC is already New Year's Day in Vietnam.
        (datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC), "ngày 01 tháng 01 năm 2026"),
        ("", ""),
        (None, ""),
        ("không phải ngày", ""),
    ],
)
def test_the_vietnamese_date_line(value, line):
    assert vn_date_line(value) == line


@pytest.mark.parametrize(
    "url", ["http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "ftp://x/y"]
)
def test_documents_cannot_make_the_server_fetch_other_addresses(url):
    with pytest.raises(ValueError):
        _url_fetcher().fetch(url)
