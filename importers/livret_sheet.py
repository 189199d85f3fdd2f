"""One student's sheet of the livret scolaire, after the national BTS model (R8)."""

import math
from decimal import Decimal

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from importers.report_records import (
    Distribution,
    Livret,
    LivretStudent,
    LivretUnitRow,
)
from importers.xlsx_style import (
    COUNT,
    DATE,
    GRADE,
    HEADER,
    LABEL,
    LINK,
    NOTE,
    STRONG_GRADE,
    SUBTITLE,
    TEXT,
    TITLE,
    WRAP,
    WRAPPED_LABEL,
    merge,
    put,
    put_box,
    put_row,
    set_widths,
    setup_page,
    sheet_reference,
)

#: Row of the two-line header of the units table, repeated on every printed page.
TABLE_HEADER_ROW = 6
FIRST_UNIT_ROW = TABLE_HEADER_ROW + 2
COLUMN_WIDTHS = (7, 30, 7, 7, 7, 7, 7, 7, 9, 9, 7, 7, 7, 7, 36, 36)
#: A 9-point line, and how many 9-point characters fit in one unit of width.
LINE_HEIGHT = 12
CHARS_PER_WIDTH = 1.1
#: 10 is the class mean on the profile scale (student ÷ class × 10).
PROFILE_REFERENCE = 10
SUMMARY_LINK_TEXT = "Retour à la synthèse"
JURY_STATEMENT = (
    "Le président du jury atteste que le livret scolaire de l'étudiant(e) "
    "a été examiné lors de la délibération du jury."
)
MERGES = (  # (first row, first column, last row, last column) of the header
    (TABLE_HEADER_ROW, 1, TABLE_HEADER_ROW + 1, 1),
    (TABLE_HEADER_ROW, 2, TABLE_HEADER_ROW + 1, 2),
    (TABLE_HEADER_ROW, 3, TABLE_HEADER_ROW, 5),
    (TABLE_HEADER_ROW, 6, TABLE_HEADER_ROW, 8),
    (TABLE_HEADER_ROW, 9, TABLE_HEADER_ROW + 1, 9),
    (TABLE_HEADER_ROW, 10, TABLE_HEADER_ROW, 13),
    (TABLE_HEADER_ROW, 14, TABLE_HEADER_ROW + 1, 14),
    (TABLE_HEADER_ROW, 15, TABLE_HEADER_ROW, 16),
)


def write_student_sheet(
    sheet: Worksheet, livret: Livret, student: LivretStudent, summary_title: str
) -> None:
    """Lay out a student's livret on an empty sheet."""
    set_widths(sheet, COLUMN_WIDTHS)
    _write_identity(sheet, livret, student, summary_title)
    _write_table_header(sheet, livret)
    last_unit_row = _write_units(sheet, livret, student)
    next_row = _write_absences_and_avis(sheet, livret, student, last_unit_row + 2)
    next_row = _write_jury_box(sheet, next_row + 1)
    _write_profile(sheet, livret, student, next_row + 1)
    setup_page(
        sheet,
        landscape=True,
        title_rows=f"{TABLE_HEADER_ROW}:{TABLE_HEADER_ROW + 1}",
    )


def _write_identity(
    sheet: Worksheet, livret: Livret, student: LivretStudent, summary_title: str
) -> None:
    put(sheet, 1, 1, f"Livret scolaire — {livret.diploma}", TITLE)
    link = put(sheet, 1, 15, SUMMARY_LINK_TEXT, LINK)
    link.hyperlink = Hyperlink(
        ref=link.coordinate, location=sheet_reference(summary_title)
    )
    identity = student.identity
    put_row(sheet, 3, ("Nom", identity.full_name), LABEL)
    put_row(sheet, 4, ("Classe", livret.cohort), LABEL)
    for row, label, value, style in (
        (3, "Né(e) le", identity.birth_date, DATE),
        (4, "INE", identity.ine, TEXT),
    ):
        put_row(sheet, row, (label, None), LABEL, first=3)
        put_row(sheet, row, (value, None, None), style, first=5)
        merge(sheet, row, 3, row, 4)
        merge(sheet, row, 5, row, 7)
    for row, label, value in (
        (3, "Centre", livret.centre),
        (4, "Session", livret.session),
    ):
        put(sheet, row, 9, label, LABEL)
        put_row(sheet, row, (value, None, None, None, None, None), TEXT, first=10)
        merge(sheet, row, 10, row, 15)


def _write_table_header(sheet: Worksheet, livret: Livret) -> None:
    top, sub = TABLE_HEADER_ROW, TABLE_HEADER_ROW + 1
    year_1, year_2 = livret.year_labels
    put_row(sheet, top, ("Unité", "Intitulé", f"1re année ({year_1})"), HEADER)
    put_row(sheet, top, (None, None), HEADER, first=4)
    put_row(sheet, top, (f"2e année ({year_2})", None, None), HEADER, first=6)
    put(sheet, top, 9, "Moyenne de l'étudiant", HEADER)
    put_row(sheet, top, ("Classe", None, None, None, "Rang"), HEADER, first=10)
    put_row(sheet, top, ("Appréciations des formateurs", None), HEADER, first=15)
    put_row(sheet, sub, (None, None, "S1", "S2", "Année", "S3", "S4", "Année"), HEADER)
    put_row(sheet, sub, (None, "Moyenne", "< 8", "8 à < 12", "≥ 12"), HEADER, first=9)
    put_row(sheet, sub, (None, "1re année", "2e année"), HEADER, first=14)
    for first_row, first_col, last_row, last_col in MERGES:
        merge(sheet, first_row, first_col, last_row, last_col)


def _write_units(sheet: Worksheet, livret: Livret, student: LivretStudent) -> int:
    """Write one row per unit of the règlement, in its order; return the last row."""
    rows = {row.unit_code: row for row in student.units}
    row_number = FIRST_UNIT_ROW - 1
    for row_number, unit in enumerate(livret.units, start=FIRST_UNIT_ROW):
        row = rows.get(unit.code, LivretUnitRow(unit_code=unit.code))
        put(sheet, row_number, 1, unit.code, LABEL)
        put(sheet, row_number, 2, unit.title, WRAPPED_LABEL)
        put_row(sheet, row_number, _averages(row), GRADE, first=3)
        put(sheet, row_number, 5, row.year_1.year, STRONG_GRADE)
        put(sheet, row_number, 8, row.year_2.year, STRONG_GRADE)
        put(sheet, row_number, 9, row.student_mean, STRONG_GRADE)
        put(sheet, row_number, 10, row.class_mean, GRADE)
        put_row(sheet, row_number, (*_counts(row.distribution), row.rank), COUNT, 11)
        put(sheet, row_number, 15, row.appreciation_year_1, WRAP)
        put(sheet, row_number, 16, row.appreciation_year_2, WRAP)
        sheet.row_dimensions[row_number].height = _height(
            (unit.title, 2),
            (row.appreciation_year_1, 15),
            (row.appreciation_year_2, 16),
        )
    return row_number


def _height(*texts: tuple[str, int]) -> float:
    """Estimate the height (points) a row needs for its wrapped texts."""
    lines = max(
        math.ceil(len(text) / (COLUMN_WIDTHS[column - 1] * CHARS_PER_WIDTH)) or 1
        for text, column in texts
    )
    return LINE_HEIGHT * lines + 2


def _counts(spread: Distribution | None) -> tuple[int | None, ...]:
    if spread is None:
        return (None, None, None)
    return (spread.below_8, spread.from_8_to_12, spread.from_12)


def _averages(row: LivretUnitRow) -> tuple[Decimal | None, ...]:
    first, second = row.year_1, row.year_2
    return (
        first.first_semester,
        first.second_semester,
        first.year,
        second.first_semester,
        second.second_semester,
        second.year,
    )


def _write_absences_and_avis(
    sheet: Worksheet, livret: Livret, student: LivretStudent, top: int
) -> int:
    """Write absences (left), avis (middle), general appreciation (right)."""
    put(sheet, top, 1, f"Absences ({livret.absence_unit})", SUBTITLE)
    put_row(sheet, top + 1, ("Année", None, "Justifiées", "Non justifiées"), HEADER)
    merge(sheet, top + 1, 1, top + 1, 2)
    for offset, year in enumerate(student.absences, start=2):
        put_row(sheet, top + offset, (year.year_label, None), LABEL)
        merge(sheet, top + offset, 1, top + offset, 2)
        put_row(sheet, top + offset, (year.justified, year.unjustified), COUNT, first=3)
    put(sheet, top, 6, "Avis de l'équipe pédagogique", SUBTITLE)
    for offset, option in enumerate(livret.avis_options, start=1):
        put(sheet, top + offset, 6, "X" if option == student.avis else None, COUNT)
        put_row(sheet, top + offset, (option, None, None), LABEL, first=7)
        merge(sheet, top + offset, 7, top + offset, 9)
    put(sheet, top, 11, "Appréciation générale", SUBTITLE)
    put_box(sheet, (top + 1, 11), (3, 6), student.general_appreciation)
    used = max(len(student.absences) + 1, len(livret.avis_options), 3)
    return top + used + 1


def _write_jury_box(sheet: Worksheet, top: int) -> int:
    """Write the box where the jury president attests the livret was examined."""
    put(sheet, top, 1, "Examen du livret par le jury", SUBTITLE)
    put_box(sheet, (top + 1, 1), (3, 8), JURY_STATEMENT)
    put(sheet, top + 1, 10, "Date", LABEL)
    put_box(sheet, (top + 1, 11), (1, 3), "")
    put(sheet, top + 2, 10, "Signature", LABEL)
    put_box(sheet, (top + 2, 11), (2, 6), "")
    return top + 4


def _write_profile(
    sheet: Worksheet, livret: Livret, student: LivretStudent, top: int
) -> None:
    """Write the profile values and a bar chart of them with the line at 10."""
    put(
        sheet,
        top,
        1,
        "Profil (moyenne de l'étudiant ÷ moyenne de la classe × 10)",
        SUBTITLE,
    )
    header = top + 1
    put_row(sheet, header, ("Unité", "Profil de l'étudiant", "Classe"), HEADER)
    rows = {row.unit_code: row for row in student.units}
    last = header
    for last, unit in enumerate(livret.units, start=header + 1):
        row = rows.get(unit.code)
        put(sheet, last, 1, unit.code, LABEL)
        put(sheet, last, 2, row.profile if row else None, GRADE)
        put(sheet, last, 3, PROFILE_REFERENCE, COUNT)
    put(sheet, last + 1, 1, "10 = moyenne de la classe dans l'unité.", NOTE)
    sheet.add_chart(_profile_chart(sheet, header, last), f"E{header}")


def _profile_chart(sheet: Worksheet, header: int, last: int) -> BarChart:
    categories = Reference(sheet, min_col=1, min_row=header + 1, max_row=last)
    bars = BarChart()
    bars.type = "col"
    bars.title = "Profil de l'étudiant"
    bars.add_data(
        Reference(sheet, min_col=2, min_row=header, max_row=last), titles_from_data=True
    )
    bars.set_categories(categories)
    line = LineChart()
    line.add_data(
        Reference(sheet, min_col=3, min_row=header, max_row=last), titles_from_data=True
    )
    line.set_categories(categories)
    bars += line
    bars.y_axis.title = "Indice (classe = 10)"
    bars.y_axis.scaling.min = 0
    bars.x_axis.delete = False
    bars.y_axis.delete = False
    bars.legend.position = "b"
    line.series[0].graphicalProperties.line.solidFill = "C00000"
    line.series[0].smooth = False
    bars.varyColors = False
    line.varyColors = False
    bars.width, bars.height = 18, 7
    return bars
