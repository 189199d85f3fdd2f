"""The cohort gradebook: one sheet per subject, students × assessments."""

from openpyxl.worksheet.worksheet import Worksheet

from importers.report_records import CohortGradebook, GradebookSubject
from importers.xlsx_style import (
    DATE,
    GRADE,
    HEADER,
    LABEL,
    NOTE,
    PLAIN,
    STRONG_GRADE,
    TEXT,
    TITLE,
    CellValue,
    merge,
    new_workbook,
    put,
    put_row,
    set_widths,
    setup_page,
    sheet_title,
    to_bytes,
)

HEADER_ROW = 4
#: Under the titles: the date, the maximum and the coefficient of each assessment.
DETAIL_LABELS = ("Date", "Noté sur", "Coefficient")
FIRST_STUDENT_ROW = HEADER_ROW + len(DETAIL_LABELS) + 1
IDENTITY_HEADERS = ("Nom", "Prénom", "INE")
FIRST_MARK_COLUMN = len(IDENTITY_HEADERS) + 1
#: Beyond this many assessments the sheet is printed in landscape.
PORTRAIT_MAX_COLUMNS = 6
LEGEND = (
    "ABS : absence injustifiée · ABJ : absence justifiée · DISP : dispensé(e) · "
    "NN : non noté · cellule vide : pas de note. Moyenne sur 20."
)


def write_cohort_gradebook(gradebook: CohortGradebook) -> bytes:
    """Write the cohort gradebook as xlsx bytes, one sheet per subject."""
    workbook = new_workbook()
    for index, subject in enumerate(gradebook.subjects, start=1):
        title = sheet_title(index, f"{subject.subject} {subject.period}")
        _write_subject(workbook.create_sheet(title), gradebook, subject)
    return to_bytes(workbook)


def _write_subject(
    sheet: Worksheet, gradebook: CohortGradebook, subject: GradebookSubject
) -> None:
    put(sheet, 1, 1, f"Carnet de notes — {subject.subject} — {subject.period}", TITLE)
    exported = gradebook.exported_at.strftime("%d/%m/%Y %H:%M")
    line = f"{gradebook.centre} · {gradebook.cohort} · exporté le {exported}"
    put(sheet, 2, 1, line, PLAIN)
    _write_headers(sheet, subject)
    row = FIRST_STUDENT_ROW - 1
    for row, student in enumerate(subject.lines, start=FIRST_STUDENT_ROW):
        identity = student.identity
        names = (identity.last_name, identity.first_name, identity.ine)
        put_row(sheet, row, names, TEXT)
        put_row(sheet, row, student.marks, GRADE, FIRST_MARK_COLUMN)
        put(sheet, row, _average_column(subject), student.average, STRONG_GRADE)
    _write_class_row(sheet, row + 1, subject)
    put(sheet, row + 3, 1, LEGEND, NOTE)
    set_widths(sheet, (22, 18, 14, *(12 for _ in subject.columns), 10))
    sheet.freeze_panes = sheet.cell(
        row=FIRST_STUDENT_ROW, column=FIRST_MARK_COLUMN
    ).coordinate
    setup_page(
        sheet,
        landscape=len(subject.columns) > PORTRAIT_MAX_COLUMNS,
        title_rows=f"{HEADER_ROW}:{FIRST_STUDENT_ROW - 1}",
    )


def _average_column(subject: GradebookSubject) -> int:
    return FIRST_MARK_COLUMN + len(subject.columns)


def _write_headers(sheet: Worksheet, subject: GradebookSubject) -> None:
    columns = subject.columns
    titles = [column.title for column in columns]
    put_row(sheet, HEADER_ROW, (*IDENTITY_HEADERS, *titles, "Moyenne"), HEADER)
    details: tuple[tuple[list[CellValue], str], ...] = (
        ([c.taken_on for c in columns], DATE),
        ([c.max_points for c in columns], GRADE),
        ([c.coefficient for c in columns], GRADE),
    )
    average = _average_column(subject)
    for row, label, (values, style) in zip(
        range(HEADER_ROW + 1, FIRST_STUDENT_ROW), DETAIL_LABELS, details, strict=True
    ):
        put_row(sheet, row, (label, None, None), LABEL)
        merge(sheet, row, 1, row, 3)
        put_row(sheet, row, values, style, FIRST_MARK_COLUMN)
        put(sheet, row, average, "sur 20" if label == "Noté sur" else None, TEXT)


def _write_class_row(sheet: Worksheet, row: int, subject: GradebookSubject) -> None:
    put_row(sheet, row, ("Moyenne de la classe", None, None), LABEL)
    merge(sheet, row, 1, row, 3)
    put_row(sheet, row, subject.column_means, STRONG_GRADE, FIRST_MARK_COLUMN)
    put(sheet, row, _average_column(subject), subject.class_average, STRONG_GRADE)
