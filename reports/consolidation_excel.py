"""The consolidated bloc report and the ministry summary as XLSX: the same tables as the PDF.

Figures are written as numbers with a number format, so Excel shows them in the reader's own
notation (1.234.567,89 on a Vietnamese system) and they can be added up again; a missing
figure is an empty cell, never 0.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

_HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _number(text: str):
    return Decimal(text) if text not in ("", None) else None


def _format(decimals: int) -> str:
    return "#,##0" if not decimals else "#,##0." + "0" * decimals


def _header(sheet, row: int, titles: list[str], widths: list[int] | None = None) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _HEADER_ALIGN
    for column, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _put(sheet, row: int, column: int, text: str, decimals: int, bold=False, fill=None):
    cell = sheet.cell(row=row, column=column, value=_number(text))
    cell.number_format = _format(decimals)
    if bold:
        cell.font = _BOLD
    if fill:
        cell.fill = fill
    return cell


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bloc_report_xlsx(report: dict) -> bytes:
    """Sheets: the indicator table (one row per member, then the bloc's figures), the members
    and their reports, and the explanations of warnings."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chi tieu"
    sheet["A1"] = (
        f"BÁO CÁO TỔNG HỢP {report['period_label'].upper()} {report['year']} — "
        f"KHỐI THI ĐUA {report['bloc'].upper()}"
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = (
        f"{report['accepted_count']}/{report['member_count']} đơn vị có báo cáo đã được duyệt."
    )
    indicators = [i for table in report["tables"] for i in table["indicators"]]
    cells = [[] for _member in report["members"]]
    totals = []
    for table in report["tables"]:
        for position, row in enumerate(table["rows"]):
            cells[position].extend(row["cells"])
        totals.extend(table["totals"])
    header_row = 4
    _header(
        sheet,
        header_row,
        ["TT", "Đơn vị", "Báo cáo"] + [f"{i['name']} ({i['unit']})" for i in indicators],
        [6, 40, 14] + [16] * len(indicators),
    )
    sheet.row_dimensions[header_row].height = 60
    row_number = header_row
    for position, member in enumerate(report["members"]):
        row_number += 1
        sheet.cell(row=row_number, column=1, value=position + 1)
        sheet.cell(row=row_number, column=2, value=member["name"])
        sheet.cell(row=row_number, column=3, value="Đã duyệt" if member["accepted"] else "Chưa có")
        for column, (indicator, cell) in enumerate(
            zip(indicators, cells[position], strict=True), start=4
        ):
            _put(sheet, row_number, column, cell["value"], indicator["decimals"])
    for label, key, percent in (
        ("Tổng cộng / bình quân", "value", False),
        ("Cùng kỳ năm trước", "last_year", False),
        ("Tăng, giảm so với cùng kỳ (%)", "growth", True),
        ("Chỉ tiêu đăng ký", "target", False),
        ("Tỷ lệ so với chỉ tiêu (%)", "of_target", True),
    ):
        row_number += 1
        sheet.cell(row=row_number, column=2, value=label).font = _BOLD
        for column, (indicator, total) in enumerate(zip(indicators, totals, strict=True), start=4):
            _put(
                sheet,
                row_number,
                column,
                total[key],
                1 if percent else indicator["decimals"],
                bold=True,
                fill=_TOTAL_FILL,
            )
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=4)

    members = workbook.create_sheet("Thanh phan")
    _header(
        members,
        1,
        ["TT", "Đơn vị", "Tỉnh, thành phố", "Số cán bộ", "Trạng thái báo cáo", "Sáp nhập"],
        [6, 45, 20, 12, 20, 45],
    )
    for position, member in enumerate(report["members"], start=1):
        members.append(
            [
                position,
                member["name"],
                member["province"],
                member["staff"],
                "Đã duyệt" if member["accepted"] else "Chưa được duyệt",
                "; ".join(member["predecessors"]),
            ]
        )

    explanations = workbook.create_sheet("Giai trinh")
    _header(
        explanations,
        1,
        ["Đơn vị", "Chỉ tiêu", "Đơn vị tính", "Giá trị", "Giải trình"],
        [30, 45, 14, 16, 70],
    )
    for position, item in enumerate(report["explanations"], start=2):
        explanations.cell(row=position, column=1, value=item["unit"])
        explanations.cell(row=position, column=2, value=item["indicator"])
        explanations.cell(row=position, column=3, value=item["unit_of_measure"])
        _put(explanations, position, 4, item["value"], item["decimals"])
        explanations.cell(row=position, column=5, value=item["explanation"]).alignment = _WRAP
    return _save(workbook)


def summary_xlsx(summary: dict) -> bytes:
    """The ministry summary: one row per bloc with its reporting status and key figures, then
    one sheet per bloc with its members."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tong hop"
    sheet["A1"] = f"TỔNG HỢP {summary['period_label'].upper()} {summary['year']} CÁC KHỐI THI ĐUA"
    sheet["A1"].font = Font(bold=True, size=13)
    indicators = summary["indicators"]
    _header(
        sheet,
        3,
        ["TT", "Khối thi đua", "Khối trưởng", "Thành viên", "Đã duyệt"]
        + [f"{i['name']} ({i['unit']})" for i in indicators],
        [6, 40, 35, 12, 12] + [16] * len(indicators),
    )
    sheet.row_dimensions[3].height = 60
    row_number = 3
    for position, bloc in enumerate(summary["blocs"], start=1):
        row_number += 1
        sheet.cell(row=row_number, column=1, value=position)
        sheet.cell(row=row_number, column=2, value=bloc["name"])
        sheet.cell(row=row_number, column=3, value=bloc["leader"])
        sheet.cell(row=row_number, column=4, value=bloc["member_count"])
        sheet.cell(row=row_number, column=5, value=bloc["accepted_count"])
        for column, (indicator, total) in enumerate(
            zip(indicators, bloc["totals"], strict=True), start=6
        ):
            _put(sheet, row_number, column, total["value"], indicator["decimals"])
    row_number += 1
    sheet.cell(row=row_number, column=2, value="Toàn quốc").font = _BOLD
    for column, (indicator, total) in enumerate(
        zip(indicators, summary["totals"], strict=True), start=6
    ):
        _put(sheet, row_number, column, total["value"], indicator["decimals"], True, _TOTAL_FILL)

    for bloc in summary["blocs"]:
        part = workbook.create_sheet(bloc["code"][:31])
        part["A1"] = f"Khối thi đua {bloc['name']}"
        part["A1"].font = _BOLD
        _header(
            part,
            3,
            ["TT", "Đơn vị", "Báo cáo"] + [f"{i['name']} ({i['unit']})" for i in indicators],
            [6, 40, 16] + [16] * len(indicators),
        )
        for position, member in enumerate(bloc["members"], start=1):
            row = 3 + position
            part.cell(row=row, column=1, value=position)
            part.cell(row=row, column=2, value=member["name"])
            part.cell(row=row, column=3, value=member["status_label"])
            for column, (indicator, value) in enumerate(
                zip(indicators, member["values"], strict=True), start=4
            ):
                _put(part, row, column, value, indicator["decimals"])
    return _save(workbook)
