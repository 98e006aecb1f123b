"""Every dashboard table as XLSX or CSV: the same columns and rows as on the page."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from dashboards.data import Table
from documents.registry import ascii_slug

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")


def as_xlsx(table: Table, heading: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ascii_slug(table.key)[:31] or "bang"
    sheet["A1"] = heading
    sheet["A1"].font = Font(bold=True, size=12)
    for column, title in enumerate(table.columns, start=1):
        cell = sheet.cell(row=3, column=column, value=str(title))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[cell.column_letter].width = 40 if column == 1 else 16
    for position, row in enumerate(table.rows, start=4):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=position, column=column, value=value)
            places = table.decimals[column - 1] if column - 1 < len(table.decimals) else None
            if places is not None and value is not None and not isinstance(value, str):
                cell.number_format = "#,##0" if not places else "#,##0." + "0" * places
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark (Excel opens it with the diacritics right); numbers with
    a point, as a machine reads them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(c) for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def response(table: Table, file_format: str, name: str, heading: str) -> HttpResponse:
    if file_format == "csv":
        answer = HttpResponse(as_csv(table), content_type="text/csv; charset=utf-8")
    else:
        answer = HttpResponse(as_xlsx(table, heading), content_type=XLSX)
    answer["Content-Disposition"] = f'attachment; filename="{ascii_slug(name)}.{file_format}"'
    answer["Cache-Control"] = "private, no-store"
    return answer
