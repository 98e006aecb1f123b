"""Excel round-trip of unit reports: a pre-filled template to download, its upload read back
row by row (all or nothing), and the bloc's values of a period as one sheet.

The template's header row is the file format: its titles are fixed Vietnamese words that the
upload looks for, whatever language the portal shows. A hidden sheet carries the report id and
version so that an upload can be matched to its report.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from blocs.models import Membership
from khoi_thi_dua.collation import sorted_by_province
from khoi_thi_dua.numbers import NumberFormatError, format_number, parse_number
from reports.models import Indicator, ReportingPeriod, ReportValue, UnitReport
from reports.services import ValueInput, last_year_values

SHEET_TITLE = "Bao cao"
META_SHEET_TITLE = "_portal"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

COL_CODE = "Mã chỉ tiêu"
COL_NAME = "Chỉ tiêu"
COL_UNIT = "Đơn vị tính"
COL_LAST_YEAR = "Cùng kỳ năm trước"
COL_TARGET = "Chỉ tiêu đăng ký"
COL_VALUE = "Giá trị"
COL_NOTE = "Ghi chú"
COLUMNS = (COL_CODE, COL_NAME, COL_UNIT, COL_LAST_YEAR, COL_TARGET, COL_VALUE, COL_NOTE)
COLUMN_WIDTHS = (30, 60, 16, 20, 20, 20, 40)
EDITABLE_COLUMNS = (COL_VALUE, COL_NOTE)

# The header is looked for in the first rows only; the title block sits above it.
HEADER_SEARCH_ROWS = 30
# Far more rows than any catalogue has; a bigger sheet is not a filled-in template.
MAX_DATA_ROWS = 1000
NOTE_MAX_LENGTH = ReportValue._meta.get_field("note").max_length
# Values are stored with six decimals and twenty digits.
STORED_LIMIT = Decimal("1e14")

_HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
_INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")


class ExcelFileError(Exception):
    """The upload as a whole cannot be used; str() says why, for the user."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    code: str
    reason: str


@dataclass
class ExcelImport:
    """What an upload holds: a value per indicator row, or the problems of its rows."""

    values: dict[int, ValueInput] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    version: int = 0  # the report's version when the template was downloaded

    @property
    def filled(self) -> int:
        return sum(1 for entered in self.values.values() if entered.value is not None)


def period_label(period: ReportingPeriod) -> str:
    if period.kind == ReportingPeriod.Kind.H1:
        return _("First half of %(year)s") % {"year": period.year}
    return _("Year %(year)s") % {"year": period.year}


def number_format(decimals: int) -> str:
    # Excel shows the separators of the reader's locale: 1.234,56 on a Vietnamese computer.
    return "#,##0." + "0" * decimals if decimals else "#,##0"


def _ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def template_filename(report: UnitReport) -> str:
    period = report.period
    return f"bao-cao-{period.kind.lower()}-{period.year}-{_ascii_slug(report.unit.code)}.xlsx"


def bloc_export_filename(period: ReportingPeriod) -> str:
    return f"bao-cao-khoi-{_ascii_slug(period.bloc.code)}-{period.kind.lower()}-{period.year}.xlsx"


def _as_cell_number(value: Decimal | None):
    # Decimal written in fixed notation ("100", not "1E+2"): exact, no float on the way out.
    return None if value is None else Decimal(f"{value.normalize():f}")


def _targets(report: UnitReport) -> dict[int, Decimal]:
    from pacts.models import RegistrationTarget

    return dict(
        RegistrationTarget.objects.filter(
            registration__pact__bloc_id=report.period.bloc_id,
            registration__pact__year=report.period.year,
            registration__unit_id=report.unit_id,
        ).values_list("indicator_id", "target")
    )


def _validation_for(indicator: Indicator) -> DataValidation:
    low, high = indicator.min_value, indicator.max_value
    if low is not None and high is not None:
        rule = {"operator": "between", "formula1": f"{low:f}", "formula2": f"{high:f}"}
        message = _("Enter a number from %(low)s to %(high)s.")
    elif low is not None:
        rule = {"operator": "greaterThanOrEqual", "formula1": f"{low:f}"}
        message = _("Enter a number of at least %(low)s.")
    elif high is not None:
        rule = {"operator": "lessThanOrEqual", "formula1": f"{high:f}"}
        message = _("Enter a number of at most %(high)s.")
    else:
        rule = {
            "operator": "between",
            "formula1": f"{-STORED_LIMIT:f}",
            "formula2": f"{STORED_LIMIT:f}",
        }
        message = _("Enter a number.")
    bounds = {"low": format_number(low), "high": format_number(high)}
    return DataValidation(
        type="decimal",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Not a valid value"),
        error=message % bounds,
        **rule,
    )


def build_template(report: UnitReport) -> bytes:
    """The report as a workbook to fill in: only the Value and Note columns can be changed."""
    period = report.period
    indicators = list(Indicator.objects.in_force(period.year).order_by("display_order", "code"))
    current = {v.indicator_id: v for v in report.values.all()}
    previous = last_year_values(report)
    targets = _targets(report)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    title_lines = [
        _("Bloc: %(name)s") % {"name": period.bloc.name},
        _("Unit: %(name)s") % {"name": report.unit_name},
        _("Period: %(period)s") % {"period": period_label(period)},
        _("Deadline: %(date)s") % {"date": period.deadline.strftime("%d/%m/%Y")},
        _(
            "Fill in the columns “%(value)s” and “%(note)s” only, then upload the file on the "
            "report's page."
        )
        % {"value": COL_VALUE, "note": COL_NOTE},
    ]
    for line_number, line in enumerate(title_lines, start=1):
        cell = sheet.cell(row=line_number, column=1, value=line)
        cell.font = Font(bold=line_number <= 2, italic=line_number == len(title_lines))
    header_row = len(title_lines) + 2
    for column, (title, width) in enumerate(zip(COLUMNS, COLUMN_WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=header_row, column=column, value=title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width

    value_column = COLUMNS.index(COL_VALUE) + 1
    validations: dict[tuple, DataValidation] = {}
    for row, indicator in enumerate(indicators, start=header_row + 1):
        entered = current.get(indicator.pk)
        cells = (
            indicator.code,
            indicator.name,
            indicator.unit_of_measure,
            _as_cell_number(previous.get(indicator.pk)),
            _as_cell_number(targets.get(indicator.pk)),
            _as_cell_number(entered.value if entered else None),
            entered.note if entered else None,
        )
        for column, content in enumerate(cells, start=1):
            cell = sheet.cell(row=row, column=column, value=content)
            if COLUMNS[column - 1] in (COL_LAST_YEAR, COL_TARGET, COL_VALUE):
                cell.number_format = number_format(indicator.decimals)
            if COLUMNS[column - 1] in EDITABLE_COLUMNS:
                cell.protection = Protection(locked=False)
                cell.fill = _INPUT_FILL
            if COLUMNS[column - 1] in (COL_NAME, COL_NOTE):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        bounds = (indicator.min_value, indicator.max_value)
        if bounds not in validations:
            validations[bounds] = _validation_for(indicator)
            sheet.add_data_validation(validations[bounds])
        validations[bounds].add(f"{get_column_letter(value_column)}{row}")

    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    # Without a password: the lock guards against slips, not against people.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False

    meta = workbook.create_sheet(META_SHEET_TITLE)
    meta.append(["report_id", report.pk])
    meta.append(["version", report.version])
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _megabytes(size: int) -> str:
    # Rounded up: a file just over the limit must not read as "5 MB".
    megabytes = (Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"), rounding=ROUND_CEILING)
    return format_number(megabytes)


def check_upload(upload) -> None:
    """Refuse, before opening it, what cannot be a filled-in template."""
    if not upload.name.lower().endswith(".xlsx"):
        raise ExcelFileError(
            _("“%(name)s” is not an Excel workbook: upload the .xlsx file you downloaded.")
            % {"name": upload.name}
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise ExcelFileError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": _megabytes(upload.size), "limit": _megabytes(MAX_UPLOAD_BYTES)}
        )


def _normalized(text) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


# What a damaged file raises while openpyxl reads it: the zip, the XML parts inside it (read
# lazily, while the rows are iterated), their values.
_DAMAGED = (
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ParseError,
    KeyError,
    ValueError,
    TypeError,
    OSError,
)


def _unreadable() -> ExcelFileError:
    return ExcelFileError(
        _(
            "The file cannot be read as an Excel workbook. Open it in Excel, save it as "
            "“Excel Workbook (.xlsx)” and upload it again."
        )
    )


def _open(upload):
    upload.seek(0)
    if not zipfile.is_zipfile(upload):
        raise _unreadable()
    upload.seek(0)
    try:
        return load_workbook(upload, read_only=True, data_only=True)
    except _DAMAGED:
        raise _unreadable() from None


def _template_of(workbook) -> tuple[int, int]:
    """The report id and version the template was made for."""
    not_ours = ExcelFileError(
        _(
            "This workbook is not a report template of the portal. Download the template from "
            "the report's page, fill it in and upload it."
        )
    )
    if META_SHEET_TITLE not in workbook.sheetnames:
        raise not_ours
    found = {}
    for key, value, *_rest in workbook[META_SHEET_TITLE].iter_rows(
        max_row=10, max_col=2, values_only=True
    ):
        found[key] = value
    try:
        return int(found["report_id"]), int(found["version"])
    except (KeyError, TypeError, ValueError):
        raise not_ours from None


def _header(rows: list[tuple]) -> tuple[int, dict[str, int]]:
    """The header row's index in `rows` and the position of each known column."""
    wanted = {_normalized(title): title for title in COLUMNS}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        titles = [_normalized(cell) if cell is not None else "" for cell in row]
        if _normalized(COL_CODE) not in titles:
            continue
        positions, unknown, twice = {}, [], []
        for position, title in enumerate(titles):
            if not title:
                continue
            if title not in wanted:
                unknown.append(str(row[position]).strip())
            elif wanted[title] in positions:
                twice.append(wanted[title])
            else:
                positions[wanted[title]] = position
        missing = [title for title in COLUMNS if title not in positions]
        problems = []
        if missing:
            problems.append(
                _("Columns missing from the header row: %(columns)s.")
                % {"columns": ", ".join(f"“{t}”" for t in missing)}
            )
        if unknown:
            problems.append(
                _("Columns the template does not have: %(columns)s.")
                % {"columns": ", ".join(f"“{t}”" for t in unknown)}
            )
        if twice:
            problems.append(
                _("Columns that appear twice: %(columns)s.")
                % {"columns": ", ".join(f"“{t}”" for t in twice)}
            )
        if problems:
            problems.append(
                _("The header row must have exactly these columns: %(columns)s.")
                % {"columns": ", ".join(f"“{t}”" for t in COLUMNS)}
            )
            raise ExcelFileError(" ".join(problems))
        return index, positions
    raise ExcelFileError(
        _("No header row found: the sheet needs a row with the column titles %(columns)s.")
        % {"columns": ", ".join(f"“{t}”" for t in COLUMNS)}
    )


def _decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _read_value(cell, indicator: Indicator) -> Decimal | None:
    """The cell's number, or None when empty. Raises ValueError with the reason."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        raise ValueError(_("“%(text)s” is not a number.") % {"text": cell})
    if isinstance(cell, int):
        value = Decimal(cell)
    elif isinstance(cell, float):
        value = Decimal(repr(cell))
        # A formula's result carries binary noise (0.1 + 0.2); a typed number does not. (A
        # number too large to store is refused below; rounding it would overflow.)
        if value.is_finite() and abs(value) < STORED_LIMIT:
            rounded = value.quantize(Decimal(1).scaleb(-indicator.decimals), rounding=ROUND_HALF_UP)
            if abs(value - rounded) <= Decimal("1e-9") * max(Decimal(1), abs(value)):
                value = rounded
    elif isinstance(cell, Decimal):
        value = cell
    elif isinstance(cell, str):
        try:
            value = parse_number(cell)
        except NumberFormatError as exc:
            raise ValueError(str(exc)) from None
    else:
        raise ValueError(_("“%(text)s” is not a number.") % {"text": cell})
    if not value.is_finite() or abs(value) >= STORED_LIMIT:
        raise ValueError(_("The number is too large."))
    if _decimal_places(value) > indicator.decimals:
        if indicator.decimals == 0:
            raise ValueError(_("It must be a whole number."))
        raise ValueError(
            ngettext(
                "It can have at most %(count)s decimal place.",
                "It can have at most %(count)s decimal places.",
                indicator.decimals,
            )
            % {"count": indicator.decimals}
        )
    low, high = indicator.min_value, indicator.max_value
    if low is not None and value < low:
        if low == 0:
            raise ValueError(_("It cannot be negative."))
        raise ValueError(_("It cannot be below %(low)s.") % {"low": format_number(low)})
    if high is not None and value > high:
        raise ValueError(_("It cannot be above %(high)s.") % {"high": format_number(high)})
    try:
        return value.quantize(Decimal("0.000001"))
    except InvalidOperation:  # pragma: no cover - bounded by STORED_LIMIT above
        raise ValueError(_("The number is too large.")) from None


def read_upload(upload, report: UnitReport) -> ExcelImport:
    """Read a filled-in template of `report`: every row's value, or every row's problem.

    Raises ExcelFileError when the file as a whole cannot be used (type, size, another
    report's template, columns).
    """
    check_upload(upload)
    workbook = _open(upload)
    try:
        report_id, version = _template_of(workbook)
        if report_id != report.pk:
            raise ExcelFileError(
                _(
                    "This file is the template of another report. Download the template from "
                    "this report's page and enter the values there."
                )
            )
        names = [n for n in workbook.sheetnames if n != META_SHEET_TITLE]
        if not names:
            raise ExcelFileError(
                _(
                    "This workbook is not a report template of the portal. Download the template "
                    "from the report's page, fill it in and upload it."
                )
            )
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in names else workbook[names[0]]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(row)
            if len(rows) > HEADER_SEARCH_ROWS + MAX_DATA_ROWS:
                raise ExcelFileError(
                    _("The sheet has more than %(count)s rows; it is not a report template.")
                    % {"count": MAX_DATA_ROWS}
                )
    except _DAMAGED:
        raise _unreadable() from None
    finally:
        workbook.close()
    header_index, positions = _header(rows)

    indicators = {i.code: i for i in Indicator.objects.in_force(report.period.year)}
    result = ExcelImport(version=version)
    seen: dict[str, int] = {}
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        number = index + 1  # as Excel numbers its rows

        def cell(title, row=row):
            position = positions[title]
            return row[position] if position < len(row) else None

        code = str(cell(COL_CODE) or "").strip()
        value_cell, note_cell = cell(COL_VALUE), cell(COL_NOTE)
        if not code:
            if any(c not in (None, "") and str(c).strip() for c in (value_cell, note_cell)):
                result.problems.append(
                    RowProblem(number, "", _("A value or note without an indicator code."))
                )
            continue
        indicator = indicators.get(code)
        if indicator is None:
            result.problems.append(
                RowProblem(
                    number,
                    code,
                    _("No indicator of %(year)s has this code.") % {"year": report.period.year},
                )
            )
            continue
        if code in seen:
            result.problems.append(
                RowProblem(
                    number,
                    code,
                    _("The indicator is already on row %(row)s.") % {"row": seen[code]},
                )
            )
            continue
        seen[code] = number
        try:
            value = _read_value(value_cell, indicator)
        except ValueError as exc:
            result.problems.append(RowProblem(number, code, str(exc)))
            continue
        note = "" if note_cell is None else str(note_cell).strip()
        if len(note) > NOTE_MAX_LENGTH:
            result.problems.append(
                RowProblem(
                    number,
                    code,
                    _("The note is longer than %(count)s characters.") % {"count": NOTE_MAX_LENGTH},
                )
            )
            continue
        result.values[indicator.pk] = ValueInput(value=value, note=note)
    return result


def import_values(report: UnitReport, upload) -> ExcelImport:
    """The upload's values, with the explanations already written on the report kept."""
    result = read_upload(upload, report)
    if not result.problems:
        explanations = dict(
            report.values.filter(indicator_id__in=result.values).values_list(
                "indicator_id", "explanation"
            )
        )
        for indicator_id, entered in list(result.values.items()):
            if indicator_id in explanations:
                entered.explanation = explanations[indicator_id]
            elif entered.value is None and not entered.note:
                # An empty row for an indicator never filled in: nothing to store.
                del result.values[indicator_id]
    return result


def build_bloc_export(period: ReportingPeriod) -> bytes:
    """The values of every member unit of the period's bloc, one row per unit.

    A fixed number of queries, whatever the number of units.
    """
    units = sorted_by_province(
        m.unit
        for m in Membership.objects.filter(bloc_id=period.bloc_id, year=period.year).select_related(
            "unit"
        )
    )
    indicators = list(Indicator.objects.in_force(period.year).order_by("display_order", "code"))
    reports = {r.unit_id: r for r in UnitReport.objects.filter(period=period)}
    values: dict[tuple[int, int], Decimal] = {
        (unit_id, indicator_id): value
        for unit_id, indicator_id, value in ReportValue.objects.filter(
            report__period=period, value__isnull=False
        ).values_list("report__unit_id", "indicator_id", "value")
    }

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.cell(row=1, column=1, value=_("Bloc: %(name)s") % {"name": period.bloc.name}).font = Font(
        bold=True
    )
    sheet.cell(row=2, column=1, value=_("Period: %(period)s") % {"period": period_label(period)})
    header_row = 4
    fixed = [_("Member unit"), _("Province / city"), _("Report status")]
    headers = fixed + [f"{i.name} ({i.unit_of_measure})" for i in indicators]
    for column, title in enumerate(headers, start=1):
        cell = sheet.cell(row=header_row, column=column, value=title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        width = (40, 18, 16)[column - 1] if column <= len(fixed) else 18
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[header_row].height = 60
    for row, unit in enumerate(units, start=header_row + 1):
        report = reports.get(unit.pk)
        sheet.cell(row=row, column=1, value=report.unit_name if report else unit.name)
        sheet.cell(row=row, column=2, value=unit.province)
        sheet.cell(
            row=row,
            column=3,
            value=report.get_status_display() if report else _("Not started"),
        )
        for column, indicator in enumerate(indicators, start=len(fixed) + 1):
            cell = sheet.cell(
                row=row, column=column, value=_as_cell_number(values.get((unit.pk, indicator.pk)))
            )
            cell.number_format = number_format(indicator.decimals)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
