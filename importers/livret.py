"""The livret scolaire of a cohort: a summary sheet, then one sheet per student (R8)."""

from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from importers.livret_profile import profile_scale
from importers.livret_sheet import write_student_sheet
from importers.page_fit import fit_sheet
from importers.report_records import Livret, LivretStudent
from importers.xlsx_style import (
    GRADE,
    HEADER,
    LABEL,
    LINK,
    PLAIN,
    STRONG_GRADE,
    TEXT,
    TITLE,
    merge,
    new_workbook,
    put,
    put_row,
    set_widths,
    sheet_reference,
    sheet_title,
    to_bytes,
)

SUMMARY_TITLE = "Synthèse"
SUMMARY_HEADER_ROW = 4
#: Columns before the unit means on the summary sheet: N°, Nom, Prénom, INE.
IDENTITY_COLUMNS = 4
CLASS_MEAN_LABEL = "Moyenne de la classe"


def write_livret(livret: Livret) -> bytes:
    """Write the cohort's livret scolaire as xlsx bytes.

    The summary sheet comes first, then one sheet per student in the given order.
    """
    workbook = new_workbook()
    summary = workbook.create_sheet(SUMMARY_TITLE)
    titles = student_sheet_titles(livret)
    links = (SUMMARY_TITLE, profile_scale(livret))
    for title, student in zip(titles, livret.students, strict=True):
        write_student_sheet(workbook.create_sheet(title), livret, student, links)
    _write_summary(summary, livret, titles)
    return to_bytes(workbook)


def student_sheet_titles(livret: Livret) -> tuple[str, ...]:
    """Give the sheet name of each student, in the livret's order."""
    return tuple(
        sheet_title(index, student.identity.full_name)
        for index, student in enumerate(livret.students, start=1)
    )


def _write_summary(sheet: Worksheet, livret: Livret, titles: tuple[str, ...]) -> None:
    put(sheet, 1, 1, f"Livret scolaire — {livret.diploma} — synthèse", TITLE)
    put(
        sheet,
        2,
        1,
        f"{livret.centre} · {livret.cohort} · session {livret.session}",
        PLAIN,
    )
    codes = [unit.code for unit in livret.units]
    header = ["N°", "Nom", "Prénom", "INE", *codes, "Avis", "Fiche"]
    put_row(sheet, SUMMARY_HEADER_ROW, header, HEADER)
    row = SUMMARY_HEADER_ROW
    for row, (title, student) in enumerate(
        zip(titles, livret.students, strict=True), start=SUMMARY_HEADER_ROW + 1
    ):
        _write_summary_row(
            sheet, row, (row - SUMMARY_HEADER_ROW, title), student, codes
        )
    _write_class_means(sheet, row + 1, livret, codes)
    widths = (5, 20, 16, 12, *(6 for _ in codes), 20, 22)
    set_widths(sheet, widths)
    sheet.freeze_panes = f"C{SUMMARY_HEADER_ROW + 1}"
    fit_sheet(sheet, len(widths), f"{SUMMARY_HEADER_ROW}:{SUMMARY_HEADER_ROW}")


def _write_summary_row(
    sheet: Worksheet,
    row: int,
    numbered: tuple[int, str],
    student: LivretStudent,
    codes: list[str],
) -> None:
    number, title = numbered
    identity = student.identity
    put(sheet, row, 1, number, TEXT)
    put_row(
        sheet, row, (identity.last_name, identity.first_name, identity.ine), TEXT, 2
    )
    means = {unit.unit_code: unit.student_mean for unit in student.units}
    put_row(
        sheet, row, [means.get(code) for code in codes], GRADE, IDENTITY_COLUMNS + 1
    )
    column = IDENTITY_COLUMNS + len(codes) + 1
    put(sheet, row, column, student.avis, TEXT)
    link = put(sheet, row, column + 1, title, LINK)
    link.hyperlink = Hyperlink(ref=link.coordinate, location=sheet_reference(title))


def _write_class_means(
    sheet: Worksheet, row: int, livret: Livret, codes: list[str]
) -> None:
    """Write the class mean of each unit (the same on every student's rows)."""
    means = {
        unit.unit_code: unit.class_mean
        for student in reversed(livret.students)
        for unit in student.units
        if unit.class_mean is not None
    }
    put_row(sheet, row, (CLASS_MEAN_LABEL, None, None, None), LABEL)
    merge(sheet, row, 1, row, IDENTITY_COLUMNS)
    put_row(
        sheet,
        row,
        [means.get(code) for code in codes],
        STRONG_GRADE,
        IDENTITY_COLUMNS + 1,
    )
