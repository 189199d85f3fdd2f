"""One student's sheet of the livret scolaire, after the national BTS model (R8)."""

from decimal import Decimal

from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from importers.livret_profile import write_profile
from importers.page_fit import DEFAULT_ROW_HEIGHT, fit_sheet, text_height
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
    sheet_reference,
)

#: Row of the two-line header of the units table, repeated on every printed page.
TABLE_HEADER_ROW = 6
FIRST_UNIT_ROW = TABLE_HEADER_ROW + 2
#: Narrow enough that landscape A4 keeps 9-point text at ≥ 8 points (page_fit).
COLUMN_WIDTHS = (6, 17, 6, 6, 6, 6, 6, 6, 7, 7, 5, 5, 5, 5, 20, 20)
#: Blank rows between blocks are half a line high (one A4 page: page_fit).
SPACER_HEIGHT = 6
SUMMARY_LINK_TEXT = "Retour à la synthèse"
COMPLEMENTS_TITLE = "Éléments complémentaires (assiduité, motivation, engagement)"
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
    sheet: Worksheet,
    livret: Livret,
    student: LivretStudent,
    links: tuple[str, int],
) -> None:
    """Lay out a student's livret on an empty sheet, printable on A4 (R8).

    ``links`` are the summary sheet's title and the profile axis' top
    (``profile_scale``, computed once per livret).
    """
    summary_title, profile_top = links
    set_widths(sheet, COLUMN_WIDTHS)
    _write_identity(sheet, livret, student, summary_title)
    for spacer in (2, TABLE_HEADER_ROW - 1):
        sheet.row_dimensions[spacer].height = SPACER_HEIGHT
    _write_table_header(sheet, livret)
    top = _write_units(sheet, livret, student) + 2
    sheet.row_dimensions[top - 1].height = SPACER_HEIGHT
    next_row = _write_complements(sheet, livret, student, top)
    next_row = _write_avis(sheet, livret, student, next_row + 1)
    _write_jury_box(sheet, livret, next_row + 1)
    chart_bottom = write_profile(sheet, livret, student, (top, profile_top))
    fit_sheet(
        sheet,
        len(COLUMN_WIDTHS),
        f"{TABLE_HEADER_ROW}:{TABLE_HEADER_ROW + 1}",
        chart_bottom,
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
    put(sheet, top, 9, "Moyenne sur 2 ans", HEADER)
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
        sheet.row_dimensions[row_number].height = text_height(
            (unit.title, COLUMN_WIDTHS[1]),
            (row.appreciation_year_1, COLUMN_WIDTHS[14]),
            (row.appreciation_year_2, COLUMN_WIDTHS[15]),
        )
    return row_number


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


def _write_complements(
    sheet: Worksheet, livret: Livret, student: LivretStudent, top: int
) -> int:
    """Write the absences when Carnet holds them, else a box the team fills."""
    put(sheet, top, 1, COMPLEMENTS_TITLE, SUBTITLE)
    if not student.absences:
        put_box(sheet, (top + 1, 1), (1, 8), "")
        sheet.row_dimensions[top + 1].height = text_height(lines=3)
        return top + 1
    unit = livret.absence_unit
    header = ("Année", None, f"Justifiées ({unit})", None, f"Non justifiées ({unit})")
    put_row(sheet, top + 1, (*header, None), HEADER)
    for first, last in ((1, 2), (3, 4), (5, 6)):
        merge(sheet, top + 1, first, top + 1, last)
    row = top + 1
    for row, year in enumerate(student.absences, start=top + 2):
        put_row(sheet, row, (year.year_label, None), LABEL)
        put_row(sheet, row, (year.justified, None), COUNT, first=3)
        put_row(sheet, row, (year.unjustified, None), COUNT, first=5)
        for first, last in ((1, 2), (3, 4), (5, 6)):
            merge(sheet, row, first, row, last)
    return row


def _write_avis(
    sheet: Worksheet, livret: Livret, student: LivretStudent, top: int
) -> int:
    """Write the team's avis (R8) and its general appreciation; return the last row."""
    put(sheet, top, 1, "Avis de l'équipe pédagogique", SUBTITLE)
    options = len(livret.avis_options)
    for offset, option in enumerate(livret.avis_options, start=1):
        put(sheet, top + offset, 1, "X" if option == student.avis else None, COUNT)
        put_row(sheet, top + offset, (option, None), LABEL, first=2)
        merge(sheet, top + offset, 2, top + offset, 3)
    # The general appreciation stands beside the options, as tall as they are.
    put(sheet, top, 4, "Appréciation générale", SUBTITLE)
    put_box(sheet, (top + 1, 4), (options, 5), student.general_appreciation)
    needed = text_height((student.general_appreciation, sum(COLUMN_WIDTHS[3:8])))
    for offset in range(1, options + 1):
        sheet.row_dimensions[top + offset].height = max(
            DEFAULT_ROW_HEIGHT, needed / options
        )
    return top + options


def _write_jury_box(sheet: Worksheet, livret: Livret, top: int) -> None:
    """Write the box where the jury president attests the livret was examined."""
    put(sheet, top, 1, "Visa du président du jury", SUBTITLE)
    put_box(sheet, (top + 1, 1), (1, 8), JURY_STATEMENT)
    sheet.row_dimensions[top + 1].height = text_height(lines=2)
    _label(sheet, top + 2, 1, "Président(e)")
    put_row(sheet, top + 2, (livret.president or None, *(None,) * 5), TEXT, first=3)
    merge(sheet, top + 2, 3, top + 2, 8)
    _label(sheet, top + 3, 1, "Date")
    put_box(sheet, (top + 3, 3), (1, 2), "")
    _label(sheet, top + 3, 5, "Signature")
    put_box(sheet, (top + 3, 7), (1, 2), "")
    sheet.row_dimensions[top + 3].height = text_height(lines=2)


def _label(sheet: Worksheet, row: int, column: int, text: str) -> None:
    """Write a label over two merged columns."""
    put_row(sheet, row, (text, None), LABEL, first=column)
    merge(sheet, row, column, row, column + 1)
