"""Uploads under arbitrary input: the Excel round-trip of a report (random bytes, truncated
workbooks, the portal's own template with any cell, sheet or header changed, huge cells) and
the attachments of reports and nominations (random bytes under PDF or Office names, empty and
oversize files, names with folders and path traversal, very long names). Never a server
error; a refused upload says why and writes nothing; an accepted file stays inside the
media folder under a safe name."""

import io
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import assume, event, example, given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from awards.models import NominationAttachment
from reports import excel
from reports.attachments import MAX_BYTES
from reports.models import Attachment, ReportValue, UnitReport, ValueChange
from tests.fuzz.strategies import fuzz, number_texts, rows

HEADER_ROW = 7  # the template's header row (five title lines, a blank, the header)
FIRST_DATA_ROW = HEADER_ROW + 1

cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    number_texts,
    st.text(max_size=60),
    st.sampled_from(["x" * 32_000, "=1/0", "=SUM(F8:F40)", "#N/A", "1e400", "-0"]),
    st.datetimes(),
)
# (what, row, column, value): a change to the template before it is uploaded.
edits = st.lists(
    st.one_of(
        st.tuples(
            st.just("cell"),
            st.integers(min_value=1, max_value=45),
            st.integers(min_value=1, max_value=9),
            cell_values,
        ),
        st.tuples(st.just("meta"), st.integers(1, 3), st.integers(1, 2), cell_values),
        st.tuples(
            st.sampled_from(
                ["drop meta", "drop sheet", "rename sheet", "add sheet", "only meta", "blank rows"]
            ),
            st.just(0),
            st.just(0),
            st.none(),
        ),
    ),
    max_size=8,
)
excel_names = st.sampled_from(
    [
        "bao-cao.xlsx",
        "BAO-CAO.XLSX",
        "bao cáo 2026.xlsx",
        "x.xls",
        "x",
        "../../x.xlsx",
        "a" * 300 + ".xlsx",
    ]
)


def _edited_template(report, changes) -> bytes:
    workbook = load_workbook(io.BytesIO(excel.build_template(report)))
    sheet, meta = workbook[excel.SHEET_TITLE], workbook[excel.META_SHEET_TITLE]
    for what, row, column, value in changes:
        try:
            if what == "cell" and sheet.title in workbook.sheetnames:
                sheet.cell(row=row, column=column, value=value)
            elif what == "meta" and meta.title in workbook.sheetnames:
                meta.cell(row=row, column=column, value=value)
            elif what == "drop meta" and len(workbook.sheetnames) > 1:
                if meta.title not in workbook.sheetnames:
                    continue
                workbook.remove(meta)
            elif what == "drop sheet" and len(workbook.sheetnames) > 1:
                workbook.remove(workbook[workbook.sheetnames[0]])
            elif what == "rename sheet":
                workbook[workbook.sheetnames[0]].title = "Sheet9"
            elif what == "add sheet":
                workbook.create_sheet("Khác", 0).append(["Mã chỉ tiêu", "Giá trị", 1])
            elif what == "only meta" and meta.title in workbook.sheetnames:
                for name in list(workbook.sheetnames):
                    if name != meta.title:
                        workbook.remove(workbook[name])
                meta.sheet_state = "visible"  # a workbook needs a visible sheet
            elif what == "blank rows" and sheet.title in workbook.sheetnames:
                sheet.insert_rows(1, amount=40)
        except (IllegalCharacterError, ValueError):
            continue  # openpyxl cannot write it, so no one can upload it
    # A workbook needs a visible sheet, and the active one must be visible.
    visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    if not visible:
        workbook.worksheets[0].sheet_state = "visible"
        visible = workbook.worksheets[:1]
    workbook.active = workbook.worksheets.index(visible[0])
    buffer = io.BytesIO()
    try:
        workbook.save(buffer)
    except (AttributeError, TypeError, ValueError, IndexError):
        return None  # a combination openpyxl cannot write: no one can upload it either
    return buffer.getvalue()


def _mangled_template(report, member: int, cut: float, noise: bytes) -> bytes:
    """The template with one of its XML parts cut short and followed by noise: a zip that
    opens, with a sheet, a style or the workbook itself broken inside."""
    source = zipfile.ZipFile(io.BytesIO(excel.build_template(report)))
    names = source.namelist()
    target = names[member % len(names)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            content = source.read(name)
            if name == target:
                content = content[: int(len(content) * cut)] + noise
            archive.writestr(name, content)
    return buffer.getvalue()


def _state(report):
    report.refresh_from_db()
    return (
        report.version,
        rows(ReportValue.objects.filter(report=report)),
        ValueChange.objects.filter(report=report).count(),
    )


def _says_why(response) -> bool:
    page = response.content.decode()
    return "alert alert-danger" in page or "invalid-feedback" in page


def _value_cell(value):
    return [("cell", FIRST_DATA_ROW, excel.COLUMNS.index(excel.COL_VALUE) + 1, value)]


@fuzz(60)
@example(
    source="edited", changes=_value_cell(float("nan")), member=0, cut=0, noise=b"", name="x.xlsx"
)
@example(
    source="edited", changes=_value_cell(float("inf")), member=0, cut=0, noise=b"", name="x.xlsx"
)
@example(source="edited", changes=_value_cell(-1e308), member=0, cut=0, noise=b"", name="x.xlsx")
@example(source="edited", changes=_value_cell(2**70), member=0, cut=0, noise=b"", name="x.xlsx")
@example(
    source="edited",
    changes=[("meta", 1, 2, float("inf"))],
    member=0,
    cut=0,
    noise=b"",
    name="x.xlsx",
)
@example(
    source="edited", changes=[("only meta", 0, 0, None)], member=0, cut=0, noise=b"", name="x.xlsx"
)
@given(
    source=st.sampled_from(["edited", "edited", "edited", "mangled", "truncated", "random"]),
    changes=edits,
    member=st.integers(min_value=0, max_value=20),
    cut=st.floats(min_value=0, max_value=1),
    noise=st.binary(max_size=3000),
    name=excel_names,
)
def test_excel_upload_answers_every_file_without_a_server_error(
    staff_client, report_a, source, changes, member, cut, noise, name
):
    client = staff_client
    UnitReport.objects.filter(pk=report_a.pk).update(status=UnitReport.Status.DRAFT)
    if source == "random":
        content = noise if noise[:2] != b"PK" else noise[2:]
    elif source == "mangled":
        content = _mangled_template(report_a, member, cut, noise)
    elif source == "truncated":
        content = excel.build_template(report_a)
        content = content[: int(len(content) * cut)]
    else:
        content = _edited_template(report_a, changes)
        assume(content is not None)
    before = _state(report_a)

    response = client.post(
        reverse("reports:excel_upload", args=[report_a.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code in (302, 400, 409), response.status_code
    event(f"Excel {source}: HTTP {response.status_code}")
    if response.status_code == 302:
        assert _state(report_a)[0] == before[0] + 1
    else:
        assert _says_why(response)
        assert _state(report_a) == before


attachment_names = st.one_of(
    st.sampled_from(
        [
            "giai-trinh.pdf",
            "so-lieu.xlsx",
            "thuyet-minh.docx",
            "../../../etc/passwd.pdf",
            "..\\..\\windows\\win.ini.pdf",
            "/tmp/evil.pdf",
            "a" * 300 + ".pdf",
            ".pdf",
            "tài liệu giải trình (bản cuối).PDF",
            "x.pdf.exe",
            "x.exe.pdf",
            "noextension",
            "anh.jpg",
            "anh.jpeg",
            "%00.pdf",
            "con.pdf",
        ]
    ),
    st.text(min_size=1, max_size=40).map(lambda s: s + st_suffix(s)),
)


def st_suffix(text: str) -> str:
    return (".pdf", ".docx", ".xlsx", ".jpg", "")[len(text) % 5]


contents = st.one_of(
    st.binary(max_size=4000),
    st.binary(max_size=2000).map(lambda b: b"%PDF-1.7\n" + b),
    st.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b),
    st.binary(max_size=2000).map(lambda b: b"\xff\xd8\xff\xe0" + b),  # a JPEG's start
    st.just(b""),
)


def _inside_media(path: str, settings) -> bool:
    return Path(path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


@fuzz(50)
@given(name=attachment_names, content=contents)
@example(name="giai-trinh.pdf", content=b"%PDF-1.7\n" + b"0" * MAX_BYTES)  # 10 MB and 9 bytes
@example(name="giai-trinh.pdf", content=b"")
def test_report_attachment_answers_every_file_without_a_server_error(
    staff_client, settings, report_a, name, content
):
    assume(name.strip("\x00"))
    client = staff_client
    before = rows(Attachment.objects.filter(report=report_a))

    response = client.post(
        reverse("reports:attach", args=[report_a.pk]), {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 302, response.status_code
    after = list(Attachment.objects.filter(report=report_a).order_by("pk"))
    page = client.get(response["Location"]).content.decode()
    if len(after) == len(before):
        event("attachment refused")
        assert "alert alert-danger" in page
        return
    event("attachment accepted")
    assert len(after) == len(before) + 1
    item = after[-1]
    assert item.size == len(content) <= MAX_BYTES
    assert _inside_media(item.file.path, settings)
    assert "/" not in item.original_name and "\\" not in item.original_name
    with item.file.open("rb") as stored:
        assert stored.read() == content


@fuzz(30)
@given(name=attachment_names, content=contents)
def test_nomination_attachment_answers_every_file_without_a_server_error(
    leader_client, settings, open_vote, name, content
):
    client = leader_client
    assume(name.strip("\x00"))
    from awards.models import Nomination

    nomination = Nomination.objects.filter(status=Nomination.Status.PROPOSED).first()
    if nomination is None:  # the open vote's candidates are no longer editable
        nomination = open_vote.candidates.first().nomination
        Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.PROPOSED)
    before = NominationAttachment.objects.count()

    response = client.post(
        reverse("awards:nomination_attach", args=[nomination.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code in (302, 403), response.status_code
    event(f"nomination attachment: HTTP {response.status_code}")
    if NominationAttachment.objects.count() > before:
        item = NominationAttachment.objects.latest("pk")
        assert _inside_media(item.file.path, settings)
        assert item.original_name.rsplit(".", 1)[-1].lower() in ("pdf", "docx")
