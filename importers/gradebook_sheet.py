"""The gradebook sheet: written for trainers, read back with every error at once.

The service decides policy from what the reader returns: versions in the stamp
against current versions (Moodle's stale-sheet rule), scope of the students,
all-or-nothing commit.
"""

import io
from collections.abc import Sequence
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils.cell import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from importers.gradebook_layout import (
    FIRST_GRADE_COLUMN,
    HEADER_ROW,
    IDENTITY_HEADERS,
    INSTRUCTIONS,
    LEGEND_SHEET,
    NOTES_SHEET,
    grade_header,
    set_print_layout,
    write_legend,
)
from importers.gradebook_rows import GradebookRowReader
from importers.gradebook_stamp import NOT_CARNET, STAMP_SHEET, read_stamp, write_stamp
from importers.records import (
    GradebookImport,
    GradebookSheet,
    GradeCode,
    KnownStudent,
    RejectedFileError,
    SheetAssessment,
    errors_tuple,
    file_error,
)
from importers.safety import DEFAULT_LIMITS, ImportLimits, check_xlsx
from importers.tabular import MISSING_SHEET, Table, read_sheets
from importers.text import safe_text

_GREY = PatternFill("solid", fgColor="D9D9D9")
_YELLOW = PatternFill("solid", fgColor="FFF2CC")
_OPEN = Protection(locked=False)
_CENTRED = Alignment(horizontal="center")
_WIDTHS = {1: 11, 2: 14, 3: 22, 4: 18}


def write_gradebook_sheet(book: GradebookSheet) -> bytes:
    """Write the gradebook sheet of ``book`` and return the xlsx bytes."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = NOTES_SHEET
    _write_top(sheet, book)
    _write_rows(sheet, book)
    _protect(sheet, book)
    write_legend(workbook.create_sheet(LEGEND_SHEET), book.assessments)
    stamp = workbook.create_sheet(STAMP_SHEET)
    headers = (grade_header(a) for a in book.assessments)
    write_stamp(stamp, book, tuple(zip(_grade_columns(book), headers, strict=True)))
    stamp.sheet_state = "veryHidden"
    workbook.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _grade_columns(book: GradebookSheet) -> tuple[str, ...]:
    return tuple(
        get_column_letter(FIRST_GRADE_COLUMN + index + 1)
        for index in range(len(book.assessments))
    )


def _write_top(sheet: Worksheet, book: GradebookSheet) -> None:
    sheet["A1"] = safe_text(book.title)
    sheet["A1"].font = Font(bold=True, size=14)
    headers = [*IDENTITY_HEADERS, *(grade_header(a) for a in book.assessments)]
    sheet["A2"] = INSTRUCTIONS
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    sheet.row_dimensions[2].height = 48
    for index, text in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = _GREY if index <= FIRST_GRADE_COLUMN else _YELLOW
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(index, 16)
    sheet.row_dimensions[HEADER_ROW].height = 30
    set_print_layout(sheet, title_row=HEADER_ROW)
    sheet.freeze_panes = f"{get_column_letter(FIRST_GRADE_COLUMN + 1)}{HEADER_ROW + 1}"


def _write_rows(sheet: Worksheet, book: GradebookSheet) -> None:
    grades = {(g.student_id, g.assessment_id): g.value for g in book.grades}
    for offset, student in enumerate(book.students, start=1):
        row = HEADER_ROW + offset
        sheet.cell(row=row, column=1, value=student.id)
        sheet.cell(
            row=row, column=2, value=safe_text(student.ine) if student.ine else None
        )
        sheet.cell(row=row, column=3, value=safe_text(student.last_name))
        sheet.cell(row=row, column=4, value=safe_text(student.first_name))
        for index, assessment in enumerate(
            book.assessments, start=FIRST_GRADE_COLUMN + 1
        ):
            value = grades.get((student.id, assessment.id))
            cell = sheet.cell(row=row, column=index)
            cell.value = value.value if isinstance(value, GradeCode) else value
            cell.protection = _OPEN
            cell.fill = _YELLOW
            cell.alignment = _CENTRED


def _protect(sheet: Worksheet, book: GradebookSheet) -> None:
    last = HEADER_ROW + max(len(book.students), 1)
    for column, assessment in zip(_grade_columns(book), book.assessments, strict=True):
        top = f"{column}{HEADER_ROW + 1}"
        validation = DataValidation(
            type="custom",
            formula1=_validation_formula(top, assessment),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Note refusée",
            error=(
                f"Une note de 0 à {assessment.max_points} (deux décimales au plus) "
                "ou un code : ABS, ABJ, DISP, NN."
            ),
        )
        validation.add(f"{top}:{column}{last}")
        sheet.add_data_validation(validation)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening columns is harmless


def _validation_formula(cell: str, assessment: SheetAssessment) -> str:
    number = (
        f"AND(ISNUMBER({cell}),{cell}>=0,{cell}<={assessment.max_points},"
        f"ROUND({cell},2)={cell})"
    )
    codes = ",".join(f'{cell}="{code.value}"' for code in GradeCode)
    return f"OR({number},{codes})"


def read_gradebook_sheet(
    source: bytes | BinaryIO,
    filename: str,
    known: Sequence[KnownStudent],
    limits: ImportLimits = DEFAULT_LIMITS,
) -> GradebookImport:
    """Read a gradebook sheet: non-blank grades, the stamp and every error.

    Students are matched by Carnet id, else INE (never by name); ``known`` is
    every student the file may name. A rejected file gives one file error.
    """
    try:
        notes, stamp_table = _load(source, filename, limits)
        stamp, columns = read_stamp(stamp_table.rows)
    except RejectedFileError as rejected:
        return GradebookImport(errors=(file_error(rejected.message),))
    reader = GradebookRowReader(notes.sheet, stamp, columns, known)
    grades = tuple(reader.read(notes.rows))
    errors = errors_tuple([*notes.errors, *stamp_table.errors, *reader.errors])
    return GradebookImport(
        errors=errors, grades=grades, stamp=stamp, rows_read=reader.rows_read
    )


def _load(
    source: bytes | BinaryIO, filename: str, limits: ImportLimits
) -> tuple[Table, Table]:
    checked = check_xlsx(source, filename, limits)
    try:
        notes, stamp = read_sheets(checked, limits, (NOTES_SHEET, STAMP_SHEET))
    except RejectedFileError as rejected:
        missing = {MISSING_SHEET.format(title=t) for t in (NOTES_SHEET, STAMP_SHEET)}
        if rejected.message in missing:
            raise RejectedFileError(NOT_CARNET) from None
        raise
    return notes, stamp
